// An await on a promise that never settles is still a cancellation point.
const t = createTask(async () => {
  try {
    await new Promise(() => {});
  } finally {
    console.log("finally after cancel");
  }
});
await sleep(0);
t.cancel();
try { await t; } catch (e) { console.log(`${e.name}; cancelled=${t.cancelled()}`); }
