// flags: --virtual-time
// `await shield(t)` inside a task that gets cancelled: the task receives
// CancelledError at that await, while t runs on and completes.
const t = createTask(async () => {
  await sleep(100);
  console.log("t completed");
  return "result";
});
const outer = createTask(async () => {
  try {
    await shield(t);
    console.log("not reached");
  } catch (e) {
    console.log(`outer got ${e.name}`);
    throw e;
  }
});
await sleep(10);
outer.cancel();
try { await outer; } catch (e) { console.log(`main sees outer ${e.name}`); }
console.log(`t: ${await t}, cancelled=${t.cancelled()}; outer cancelled=${outer.cancelled()}`);
