// flags: --virtual-time
// A gather that is cancelled fails with CancelledError (its cancelled()
// stays false, as in asyncio), but a cancellation is never an unhandled
// failure: nobody awaits this one and the run still exits 0.
const g = gather([sleep(100), createTask(() => sleep(100))]);
await sleep(1);
console.log(`cancel -> ${g.cancel()}`);
await sleep(1);
console.log(`done=${g.done()} cancelled=${g.cancelled()} exception=${g.exception().name}`);
