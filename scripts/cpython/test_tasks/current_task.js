// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13):
// current_task(). The script itself runs as the main task, so there is no
// "outside any task" here; CPython's `current_task() is None` checks outside
// the loop become "it is the test's own task, not the one that finished".
const { test, run, assert, eq } = require("../../lib/check.js");

test("test_current_task", async () => {
  const me = currentTask();
  assert(me !== null, "the test body runs in a task");
  let task = null;
  async function coro() {
    assert(currentTask() === task, "currentTask() is the task");
    await sleep(0);
    assert(currentTask() === task, "currentTask() is still the task after an await");
  }
  task = createTask(coro);
  await task;
  assert(currentTask() === me, "back in the test's task");
});

test("test_current_task_with_interleaving_tasks", async () => {
  const me = currentTask();
  const fut1 = new Future();
  const fut2 = new Future();
  let task1 = null, task2 = null;

  async function coro1() {
    assert(currentTask() === task1, "task1 at start");
    await fut1;
    assert(currentTask() === task1, "task1 after await fut1");
    fut2.setResult(true);
  }
  async function coro2() {
    assert(currentTask() === task2, "task2 at start");
    fut1.setResult(true);
    await fut2;
    assert(currentTask() === task2, "task2 after await fut2");
  }
  task1 = createTask(coro1);
  task2 = createTask(coro2);
  // asyncio.wait((task1, task2))
  await task1;
  await task2;
  assert(currentTask() === me, "back in the test's task");
});

// test_sleep_zero: sleep(0, value) yields exactly one loop turn, so a
// callback scheduled with call_soon before it has run when it returns.
test("test_sleep_zero", async () => {
  const { callSoon } = require("./lib/util.js");
  let result = 0;
  const incResult = (num) => { result += num; };
  callSoon(incResult, 1);
  eq(result, 0);
  const num = await sleep(0, 10);
  eq(result, 1); // inc'ed by callSoon
  incResult(num); // num should be 10
  eq(result, 11);
});

await run();
