// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13): Task
// cancellation. test_utils.run_briefly(loop) is `await sleep(0)`;
// loop.call_soon is callSoon; loop.call_later(s, fn) is setTimeout(fn, ms);
// run_until_complete(t) is `await t` in the test's own task.
const { test, run, eq, assert, rejects } = require("../../lib/check.js");
const { callSoon } = require("./lib/util.js");

test("test_cancel", async () => {
  const t = createTask(async () => {
    await sleep(10000);
    return 12;
  });
  callSoon(() => t.cancel());
  await rejects(t, CancelledError);
  assert(t.done(), "done");
  assert(t.cancelled(), "cancelled");
  assert(!t.cancel(), "cancel() on a done task returns false");
});

test("test_cancel_yield", async () => {
  const t = createTask(async () => {
    await sleep(0);
    await sleep(0);
    return 12;
  });
  await sleep(0); // start coro
  t.cancel();
  await rejects(t, CancelledError);
  assert(t.done(), "done");
  assert(t.cancelled(), "cancelled");
  assert(!t.cancel(), "cancel() on a done task returns false");
});

test("test_cancel_inner_future", async () => {
  const f = new Future();
  const t = createTask(async () => {
    await f;
    return 12;
  });
  await sleep(0); // start task
  f.cancel();
  await rejects(t, CancelledError);
  assert(f.cancelled(), "f cancelled");
  assert(t.cancelled(), "t cancelled");
});

test("test_cancel_both_task_and_inner_future", async () => {
  const f = new Future();
  const t = createTask(async () => {
    await f;
    return 12;
  });
  await sleep(0);
  f.cancel();
  t.cancel();
  await rejects(t, CancelledError);
  assert(t.done(), "t done");
  assert(f.cancelled(), "f cancelled");
  assert(t.cancelled(), "t cancelled");
});

test("test_cancel_task_catching", async () => {
  const fut1 = new Future();
  const fut2 = new Future();
  const t = createTask(async () => {
    await fut1;
    try {
      await fut2;
    } catch (e) {
      if (e instanceof CancelledError) return 42;
      throw e;
    }
  });
  await sleep(0);
  // (CPython also checks t._fut_waiter is fut1, then fut2: private state.)
  fut1.setResult(null);
  await sleep(0);
  t.cancel();
  assert(fut2.cancelled(), "fut2 cancelled at once");
  eq(await t, 42);
  assert(!t.cancelled(), "t not cancelled");
});

test("test_cancel_task_ignoring", async () => {
  const fut1 = new Future();
  const fut2 = new Future();
  const fut3 = new Future();
  const t = createTask(async () => {
    await fut1;
    try {
      await fut2;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    }
    const res = await fut3;
    return res;
  });
  await sleep(0);
  fut1.setResult(null);
  await sleep(0);
  t.cancel();
  assert(fut2.cancelled(), "fut2 cancelled at once");
  await sleep(0);
  fut3.setResult(42);
  eq(await t, 42);
  assert(!fut3.cancelled(), "fut3 not cancelled");
  assert(!t.cancelled(), "t not cancelled");
});

test("test_cancel_current_task", async () => {
  let late = false;
  const sentinel = setTimeout(() => { late = true; }, 50);
  const t = createTask(async () => {
    t.cancel();
    // (CPython checks t._must_cancel here: private state.)
    // The sleep should be cancelled immediately.
    await sleep(100000);
    return 12;
  });
  assert(!t.cancelled(), "not cancelled before it ran");
  await rejects(t, CancelledError);
  clearTimeout(sentinel);
  assert(!late, "the sleep was cancelled immediately");
  assert(t.done(), "done");
  assert(t.cancelled(), "cancelled");
  assert(!t.cancel(), "cancel() on a done task returns false");
});

test("test_cancel_at_end", async () => {
  // coroutine end right after task is cancelled
  const t = createTask(async () => {
    t.cancel();
    return 12;
  });
  assert(!t.cancelled(), "not cancelled before it ran");
  await rejects(t, CancelledError);
  assert(t.done(), "done");
  assert(t.cancelled(), "cancelled");
  assert(!t.cancel(), "cancel() on a done task returns false");
});

test("test_cancel_awaited_task", async () => {
  // A task cancels itself while running, then blocks on a nested task:
  // the nested task (and what it waits on) is cancelled at once (bpo-34872).
  let task = null, nestedTask = null;
  const fut = new Future();
  async function nested() {
    await fut;
  }
  async function coro() {
    // Create a sub-task and wait for it to run.
    nestedTask = createTask(nested);
    await sleep(0);
    // Request the current task to be cancelled.
    task.cancel();
    // Block on the nested task, which should be immediately cancelled.
    await nestedTask;
  }
  task = createTask(coro);
  await rejects(task, CancelledError);
  assert(task.cancelled(), "task cancelled");
  assert(nestedTask.cancelled(), "nested task cancelled");
  assert(fut.cancelled(), "fut cancelled");
});

test("test_task_cancel_sleeping_task", async () => {
  let late = false;
  const sentinel = setTimeout(() => { late = true; }, 200);
  async function doit() {
    const sleeper = createTask(async () => { await sleep(5000000); });
    setTimeout(() => sleeper.cancel(), 100);
    try {
      await sleeper;
    } catch (e) {
      if (e instanceof CancelledError) return "cancelled";
      throw e;
    }
    return "slept in";
  }
  eq(await createTask(doit), "cancelled");
  // CPython: loop.time() is 0.1 s here.
  assert(!late, "finished at the cancel, not later");
  clearTimeout(sentinel);
});

test("test_task_cancel_waiter_future", async () => {
  const fut = new Future();
  const task = createTask(async () => {
    await fut;
  });
  await sleep(0);
  task.cancel();
  await sleep(0);
  await rejects(task, CancelledError);
  // (CPython checks task._fut_waiter before and after: private state.)
  assert(fut.cancelled(), "the future the task waited on is cancelled");
});

// Some thorough tests for cancellation propagation through coroutines.

test("test_yield_future_passes_cancel", async () => {
  // Cancelling outer() cancels inner() cancels waiter.
  let proof = 0;
  const waiter = new Future();
  async function inner() {
    try {
      await waiter;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      proof += 1;
      throw e;
    }
    throw new Error("got past sleep() in inner()");
  }
  async function outer() {
    try {
      await inner();
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      proof += 100; // Expect this path.
      return;
    }
    proof += 10;
  }
  const f = createTask(outer);
  await sleep(0);
  f.cancel();
  await f;
  eq(proof, 101);
  assert(waiter.cancelled(), "waiter cancelled");
});

test("test_baseexception_during_cancel", async () => {
  // CPython raises SystemExit from the except clause; JS has no
  // BaseException, so any error thrown while handling the cancellation
  // stands for it: the task fails with it and is not cancelled.
  async function sleeper() {
    await sleep(10000);
  }
  const baseExc = new Error("SystemExit");
  async function notmuch() {
    try {
      await sleeper();
    } catch (e) {
      if (e instanceof CancelledError) throw baseExc;
      throw e;
    }
  }
  const task = createTask(notmuch);
  await sleep(0);
  task.cancel();
  assert(!task.done(), "not done right after cancel()");
  await sleep(0);
  assert(task.done(), "done after one loop turn");
  assert(!task.cancelled(), "not cancelled");
  eq(task.exception(), baseExc);
});

await run();
