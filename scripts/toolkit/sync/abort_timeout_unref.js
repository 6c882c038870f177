// flags: --virtual-time
// The timer of AbortSignal.timeout() does not keep the program alive (as in
// Node): the run ends when the main task does, without the abort firing.
const s = AbortSignal.timeout(60000);
s.onabort = () => console.log("must not fire");
const t = AbortSignal.timeout(5);
t.onabort = () => console.log(`fires while the program runs: ${t.reason.name}`);
await sleep(10);
console.log("done");
