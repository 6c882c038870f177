// flags: --virtual-time
// exit: 1
// stderr: Uncaught Error: listener failed
// A listener that throws is reported as an uncaught exception (the run
// fails), but the other listeners still run, as in browsers and Node.
const ac = new AbortController();
ac.signal.addEventListener("abort", () => console.log("first"));
ac.signal.addEventListener("abort", () => { throw new Error("listener failed"); });
ac.signal.addEventListener("abort", () => console.log("third"));
ac.abort();
console.log("abort() returned");
await sleep(1);
