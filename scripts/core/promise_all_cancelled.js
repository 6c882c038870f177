// flags: --virtual-time
// A task suspended in `await Promise.all([a(), b()])` is suspended at two
// awaits at once; cancelling it delivers CancelledError at each of them.
async function a() {
  try { await sleep(1000); } catch (e) { console.log(`a: ${e.name}`); throw e; }
}
async function b() {
  try { await new Promise(() => {}); } catch (e) { console.log(`b: ${e.name}`); throw e; }
}
const t = createTask(async () => { await Promise.all([a(), b()]); });
await sleep(10);
t.cancel();
try { await t; } catch (e) { console.log(`t: ${e.name}, cancelled=${t.cancelled()}`); }
