// flags: --virtual-time
// cancel(msg) puts msg into the CancelledError that the task sees, and the
// task's result()/exception() raise that same error.
const t = createTask(async () => {
  try { await sleep(100); } catch (e) { console.log(`inside: ${JSON.stringify(e.message)}`); throw e; }
});
await sleep(1);
t.cancel("shutting down");
try { await t; } catch (e) { console.log(`awaited: ${e.name}: ${e.message}`); }
try { t.result(); } catch (e) { console.log(`result(): ${e.message}`); }
try { t.exception(); } catch (e) { console.log(`exception(): ${e.message}`); }
const u = createTask(() => sleep(100));
await sleep(1);
u.cancel();
try { await u; } catch (e) { console.log(`no message: ${JSON.stringify(e.message)}`); }
