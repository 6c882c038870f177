// createTask never runs its function synchronously; a task cancelled before
// its first step ends cancelled without running its body.
const t = createTask(async () => { console.log("body ran (wrong)"); });
console.log(`cancel() -> ${t.cancel()}; done=${t.done()}`);
try { await t; } catch (e) { console.log(`await -> ${e.name}`); }
console.log(`cancelled=${t.cancelled()} done=${t.done()} cancel again -> ${t.cancel()}`);
