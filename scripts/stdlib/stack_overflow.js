// A stack overflow is a RangeError: a task whose code overflows fails with
// it, and whoever awaits the task can catch it.
const { test, run, eq, rejects } = require("../lib/check.js");

function recurse() {
  return recurse() + 1;
}

test("in a task", async () => {
  const e = await rejects(createTask(() => recurse()), RangeError);
  eq(e.message, "Maximum call stack size exceeded");
});

test("in a task, after an await", async () => {
  await rejects(createTask(async () => { await sleep(1); recurse(); }), RangeError);
  eq(await createTask(async () => { await sleep(1); return "fine"; }), "fine");
});

await run();
