// flags: --virtual-time
// cancelling() counts pending cancel requests; uncancel() takes one back,
// which is how timeouts tell their own cancellation from an outside one.
const t = createTask(async () => {
  const me = currentTask();
  try {
    await sleep(100);
  } catch (e) {
    console.log(`caught ${e.name}, cancelling=${me.cancelling()}`);
    console.log(`uncancel -> ${me.uncancel()}`);
  }
  await sleep(10);
  console.log("kept running after uncancel");
  return "ok";
});
await sleep(1);
console.log(`cancel -> ${t.cancel()}, cancelling=${t.cancelling()}`);
console.log(`second cancel -> ${t.cancel()}, cancelling=${t.cancelling()}`);
const r = await t.catch((e) => e.name);
console.log(`result=${r} cancelled=${t.cancelled()}`);
