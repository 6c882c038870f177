// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13): cancel(msg)
// and the CancelledError it produces. `await asyncio.wait([task])` is
// waitDone(task); CancelledError.args is .message in JS (always a string:
// no message is "", and a non-string message is converted, as Error does).
const { test, run, eq, assert, rejects } = require("../../lib/check.js");
const { callSoon, waitDone } = require("./lib/util.js");

// (cancel arguments, expected message) — CPython's cases: (), (None,),
// ('my message',), (5,).
const cases = [
  [[], ""],
  [[null], ""],
  [["my message"], "my message"],
  [[5], "5"],
];

test("test_task_cancel_message_getter", async () => {
  // (CPython also reads the private t._cancel_message.)
  const t = createTask(async () => {});
  t.cancel("my message");
  const e = await rejects(t, CancelledError);
  eq(e.message, "my message");
});

test("test_cancel_with_message_then_future_result", async () => {
  for (const [args, expected] of cases) {
    async function coro() {
      const task = createTask(async () => { await sleep(10000); });
      await sleep(0);
      task.cancel(...args);
      await waitDone(task);
      task.result();
    }
    const task = createTask(coro);
    const exc = await rejects(task, CancelledError, `cancel(${args.map(String)})`);
    eq(exc.message, expected, `cancel(${args.map(String)})`);
    assert(task.cancelled(), "the task that re-raised it is cancelled");
  }
});

test("test_cancel_with_message_then_future_exception", async () => {
  for (const [args, expected] of cases) {
    async function coro() {
      const task = createTask(async () => { await sleep(10000); });
      await sleep(0);
      task.cancel(...args);
      await waitDone(task);
      task.exception();
    }
    const task = createTask(coro);
    const exc = await rejects(task, CancelledError, `cancel(${args.map(String)})`);
    eq(exc.message, expected, `cancel(${args.map(String)})`);
  }
});

test("test_cancellation_exception_context", async () => {
  // `raise ValueError("cancelled") from ex` is `throw new Error(..., {cause})`.
  const fut = new Future();
  async function sleeper() {
    fut.setResult(null);
    await sleep(10000);
  }
  async function coro() {
    const innerTask = createTask(sleeper);
    await fut;
    callSoon(() => innerTask.cancel("msg"));
    try {
      await innerTask;
    } catch (ex) {
      if (ex instanceof CancelledError) throw new Error("cancelled", { cause: ex });
      throw ex;
    }
  }
  const task = createTask(coro);
  const exc = await rejects(task, Error);
  assert(!(exc instanceof CancelledError), "a plain Error, not a CancelledError");
  eq(exc.message, "cancelled");
  assert(exc.cause instanceof CancelledError, "cause is the CancelledError");
  eq(exc.cause.message, "msg");
  assert(!task.cancelled(), "task failed, not cancelled");
});

test("test_cancel_with_message_before_starting_task", async () => {
  async function coro() {
    const task = createTask(async () => { await sleep(10000); });
    // We deliberately leave out the sleep here.
    task.cancel("my message");
    await waitDone(task);
    task.exception();
  }
  const task = createTask(coro);
  const exc = await rejects(task, CancelledError);
  eq(exc.message, "my message");
});

test("test_future_cancel_message_getter", async () => {
  // From test_futures.py; (the private f._cancel_message is not read).
  const f = new Future();
  f.cancel("my message");
  const e = await rejects(f, CancelledError);
  eq(e.message, "my message");
});

await run();
