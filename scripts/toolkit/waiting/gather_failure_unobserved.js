// flags: --virtual-time
// exit: 1
// stderr: Future exception was never retrieved
// stderr: Error: nobody looks at me
// A gather that fails and is never awaited is reported like any Future
// whose exception nobody retrieved; the child's own failure counts as
// retrieved by gather.
gather([createTask(async () => {
  await sleep(1);
  throw new Error("nobody looks at me");
})]);
await sleep(10);
console.log("main done");
