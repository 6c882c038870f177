// flags: --virtual-time
// Without shield, cancelling the awaiting task cancels the task it awaits,
// as asyncio cancels the future a task waits on.
const t = createTask(async () => {
  try { await sleep(100); } finally { console.log("t finally runs"); }
  console.log("not reached");
});
const outer = createTask(async () => { await t; });
await sleep(10);
outer.cancel();
try { await outer; } catch (e) { console.log(`outer: ${e.name}`); }
console.log(`t cancelled=${t.cancelled()} outer cancelled=${outer.cancelled()}`);
