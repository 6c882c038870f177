// The worked example from Python's asyncio.shield documentation, translated.
//
// A task sleeps for two seconds; meanwhile a second task cancels the *shield*
// around it. The shield is cancelled, the task it protects is not: it still
// finishes, and the main task, which awaits the real task, sees it complete.
//
// Run it:  shieldjs run scripts/shield_example.js

async function coro() {
  console.log("Task started...");
  await sleep(2000);
  console.log("finished sleeping");
}

async function cancelIt(someTask) {
  await sleep(500);
  someTask.cancel();
  console.log("cancellation done");
}

const realTask = createTask(coro);
const shielded = shield(realTask);
// cancel the shield in the background while we wait
createTask(() => cancelIt(shielded));
await realTask;

console.assert(!realTask.cancelled(), "the real task must not be cancelled");
console.assert(shielded.cancelled(), "the shield must be cancelled");
if (realTask.cancelled() || !shielded.cancelled()) process.exitCode = 1;
