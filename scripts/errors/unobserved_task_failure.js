// exit: 1
// stderr: Task exception was never retrieved (doomed)
// stderr: Error: inner failure
// A task that fails while nobody awaits it is reported when the run ends.
createTask(async () => { throw new Error("inner failure"); }, { name: "doomed" });
await sleep(5);
console.log("main done");
