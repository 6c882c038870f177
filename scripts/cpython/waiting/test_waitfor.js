// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_waitfor.py (3.13).
// Seconds are milliseconds; time.monotonic() and loop.time() are now().
// A coroutine object passed to wait_for is the promise of an async function
// called in the same task (its awaits take the cancellation, and waitFor
// waits for it); a coroutine that must not start is a function, which
// waitFor(fn, 0) turns into a task that is cancelled before it starts.
const { test, run, eq, assert, rejects } = require("../../lib/check.js");
const { callSoon, callLater, raises } = require("./lib/util.js");

// The following value can be used as a very small timeout: it passes the
// check "timeout > 0" but has almost no effect.
const EPSILON = 0.1;

// SlowTask runs for TASK_TIMEOUT, ignoring cancel requests.
class SlowTask {
  constructor() {
    this.exited = false;
  }
  async run() {
    const exitAt = now() + SlowTask.TASK_TIMEOUT;
    for (;;) {
      const toSleep = exitAt - now();
      if (toSleep <= 0) break;
      try {
        await sleep(toSleep);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
    }
    this.exited = true;
  }
}
SlowTask.TASK_TIMEOUT = 200;

test("test_asyncio_wait_for_cancelled", async () => {
  const t = new SlowTask();
  const waitForTask = createTask(() => waitFor(t.run(), SlowTask.TASK_TIMEOUT * 2));
  await sleep(0);
  waitForTask.cancel();
  await wait([waitForTask]);
  assert(t.exited, "the slow task ran to its end");
});

test("test_asyncio_wait_for_timeout", async () => {
  const t = new SlowTask();
  try {
    await waitFor(t.run(), SlowTask.TASK_TIMEOUT / 2);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
  }
  assert(t.exited, "the slow task ran to its end");
});

test("test_wait_for_timeout_less_then_0_or_0_future_done", async () => {
  const fut = new Future();
  fut.setResult("done");
  const t0 = now();
  const ret = await waitFor(fut, 0);
  const t1 = now();
  eq(ret, "done");
  assert(fut.done(), "done");
  assert(t1 - t0 < 100, "took no time");
});

test("test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started", async () => {
  let fooStarted = false;
  async function foo() {
    fooStarted = true;
  }
  const t0 = now();
  await raises(() => waitFor(foo, 0), TimeoutError);
  const t1 = now();
  eq(fooStarted, false);
  assert(t1 - t0 < 100, "took no time");
});

test("test_wait_for_timeout_less_then_0_or_0", async () => {
  for (const timeoutMs of [0, -1]) {
    let fooRunning = null;
    const started = new Future();
    async function foo() {
      fooRunning = true;
      started.setResult(null);
      try {
        await sleep(10000);
      } finally {
        fooRunning = false;
      }
      return "done";
    }
    const fut = createTask(foo);
    await started;
    const t0 = now();
    await raises(() => waitFor(fut, timeoutMs), TimeoutError);
    const t1 = now();
    assert(fut.done(), "done");
    // it should have been cancelled due to the timeout
    assert(fut.cancelled(), "cancelled");
    eq(fooRunning, false);
    assert(t1 - t0 < 100, "took no time");
  }
});

test("test_wait_for", async () => {
  let fooRunning = null;
  async function foo() {
    fooRunning = true;
    try {
      await sleep(10000);
    } finally {
      fooRunning = false;
    }
    return "done";
  }
  const fut = createTask(foo);
  const t0 = now();
  await raises(() => waitFor(fut, 100), TimeoutError);
  const t1 = now();
  assert(fut.done(), "done");
  // it should have been cancelled due to the timeout
  assert(fut.cancelled(), "cancelled");
  assert(t1 - t0 < 500, "elapsed");
  eq(fooRunning, false);
});

test("test_wait_for_blocking", async () => {
  async function coro() {
    return "done";
  }
  eq(await waitFor(coro(), null), "done");
});

test("test_wait_for_race_condition", async () => {
  const fut = new Future();
  const task = waitFor(fut, 200);
  callLater(100, () => fut.setResult("ok"));
  eq(await task, "ok");
});

test("test_wait_for_cancellation_race_condition", async () => {
  async function inner() {
    await rejects(sleep(1000), CancelledError);
    return 1;
  }
  eq(await waitFor(inner(), 10), 1);
});

test("test_wait_for_waits_for_task_cancellation", async () => {
  let taskDone = false;
  async function inner() {
    try {
      await sleep(10000);
    } catch (e) {
      if (e instanceof CancelledError) {
        await sleep(EPSILON);
      }
      throw e;
    } finally {
      taskDone = true;
    }
  }
  const innerTask = createTask(inner);
  const e = await raises(() => waitFor(innerTask, EPSILON), TimeoutError);
  assert(taskDone, "the task finished before waitFor returned");
  assert(e.cause instanceof CancelledError, "cause is the CancelledError");
});

test("test_wait_for_waits_for_task_cancellation_w_timeout_0", async () => {
  let taskDone = false;
  async function foo() {
    async function inner() {
      try {
        await sleep(10000);
      } catch (e) {
        if (e instanceof CancelledError) {
          await sleep(EPSILON);
        }
        throw e;
      } finally {
        taskDone = true;
      }
    }
    const innerTask = createTask(inner);
    await sleep(EPSILON);
    await waitFor(innerTask, 0);
  }
  const e = await raises(foo, TimeoutError);
  assert(taskDone, "the task finished before waitFor returned");
  assert(e.cause instanceof CancelledError, "cause is the CancelledError");
});

test("test_wait_for_reraises_exception_during_cancellation", async () => {
  class FooException extends Error {}
  async function foo() {
    async function inner() {
      try {
        await sleep(200);
      } finally {
        throw new FooException();
      }
    }
    const innerTask = createTask(inner);
    await waitFor(innerTask, EPSILON);
  }
  await raises(foo, FooException);
});

test("test_wait_for_self_cancellation", async () => {
  async function inner() {
    try {
      await sleep(300);
    } catch (e) {
      try {
        await sleep(300);
      } catch (e2) {
        await sleep(300);
      }
    }
    return 42;
  }
  const innerTask = createTask(inner);
  // Test that waitFor itself is properly cancellable even when the initial
  // task holds up the initial cancellation.
  const task = createTask(() => waitFor(innerTask, 100));
  task.cancel();
  await rejects(task, CancelledError);
  eq(await innerTask, 42);
});

async function testCancelWaitFor(timeoutMs) {
  async function blockingCoroutine() {
    const fut = new Future();
    // Block: fut result is never set
    await fut;
  }
  const task = createTask(blockingCoroutine);
  const w = createTask(() => waitFor(task, timeoutMs));
  callSoon(() => w.cancel());
  await rejects(w, CancelledError);
  // Python issue #23219: cancelling the wait must also cancel the task
  assert(task.cancelled(), "the task is cancelled");
}

test("test_cancel_blocking_wait_for", async () => {
  await testCancelWaitFor(null);
});

test("test_cancel_wait_for", async () => {
  await testCancelWaitFor(60000);
});

test("test_wait_for_cancel_suppressed", async () => {
  // See https://github.com/python/cpython/issues/84849
  async function return42() {
    try {
      await sleep(10000);
    } catch (e) {
      if (e instanceof CancelledError) return 42;
      throw e;
    }
  }
  eq(await waitFor(return42(), 100), 42);
  eq(currentTask().cancelling(), 0, "cancelling() after the timeout");
});

test("test_wait_for_issue86296", async () => {
  // See https://github.com/python/cpython/issues/86296
  async function inner() {}
  let reachedEnd = false;
  async function waitForCoro() {
    await waitFor(inner(), 100);
    await sleep(1000);
    reachedEnd = true;
  }
  const task = createTask(waitForCoro);
  await sleep(0);
  assert(!task.done(), "done early");
  task.cancel();
  await rejects(task, CancelledError);
  assert(!reachedEnd, "reached the end");
});

await run();
