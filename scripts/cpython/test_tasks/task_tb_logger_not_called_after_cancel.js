// flags: --virtual-time
// Ported from CPython test_tasks.py (3.13) test_tb_logger_not_called_after_cancel:
// a task fails, nobody retrieves its exception, then someone calls cancel()
// on it (which returns false). asyncio's Task.cancel() clears the "log the
// unretrieved exception" flag first, so nothing is logged. Here: no "Task
// exception was never retrieved" report, exit 0.
const { test, run, assert } = require("../../lib/check.js");

test("test_tb_logger_not_called_after_cancel", async () => {
  async function coro() {
    throw new TypeError("failed, then cancel() called");
  }
  let task = createTask(coro);
  await sleep(50);
  assert(!task.cancel(), "cancel() on a done task returns false");
  task = null;
});

await run();
