// flags: --virtual-time
// A callee that catches CancelledError and returns lets its caller carry on,
// exactly as in asyncio; cancelling() still counts the request.
async function fetchWithFallback() {
  try {
    await sleep(1000);
    return "fresh";
  } catch (e) {
    console.log(`callee swallowed ${e.name}`);
    return "cached";
  }
}
const t = createTask(async () => {
  const v = await fetchWithFallback();
  console.log(`caller continues with ${v}`);
  await sleep(5);
  return v;
});
await sleep(1);
t.cancel();
console.log(`result=${await t} cancelled=${t.cancelled()} cancelling=${t.cancelling()}`);
