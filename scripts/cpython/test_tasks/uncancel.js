// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13):
// cancelling() / uncancel(). Seconds become milliseconds; loop.call_later is
// setTimeout and its handle's cancel() is clearTimeout.
const { test, run, eq, assert, rejects } = require("../../lib/check.js");

test("test_cancelling", async () => {
  const t = createTask(async () => {
    await sleep(10000);
  });
  assert(!t.cancelling(), "cancelling() is 0 at first");
  assert(t.cancel(), "cancel() returns true");
  assert(t.cancelling(), "cancelling() after cancel()");
  // CPython: a second cancel() also returns true (the early return was
  // commented out of Task.cancel()).
  assert(t.cancel(), "second cancel() returns true");
  await rejects(t, CancelledError);
});

test("test_uncancel_basic", async () => {
  const t = createTask(async () => {
    try {
      await sleep(10000);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      currentTask().uncancel();
      await sleep(10000);
    }
  });
  await sleep(10);

  // Cancel first sleep
  assert(t.cancel(), "cancel()");
  eq(t.cancelling(), 1);
  assert(!t.cancelled(), "task is still not complete");
  await sleep(10);

  // after .uncancel()
  eq(t.cancelling(), 0);
  assert(!t.cancelled(), "task is still not complete");

  // Cancel second sleep
  assert(t.cancel(), "cancel() again");
  eq(t.cancelling(), 1);
  assert(!t.cancelled(), "task is still not complete");
  await rejects(t, CancelledError);
  assert(t.cancelled(), "finally, task complete");
  assert(t.done(), "done");

  // uncancel is no longer effective after the task is complete
  t.uncancel();
  assert(t.cancelled(), "still cancelled");
  assert(t.done(), "still done");
});

test("test_uncancel_structured_blocks", async () => {
  // This recreates, by hand, what timeout(ms, fn) does:
  //
  //   try {
  //     await timeout(1000, async () => {
  //       await makeRequest();          // structured block affected by the timeout
  //       await makeAnotherRequest();
  //     });
  //   } catch (e) { if (!(e instanceof TimeoutError)) throw e; }
  //   await unrelatedCode();            // outer code not affected by the timeout
  async function makeRequestWithTimeout({ sleepMs, timeoutMs }) {
    const task = currentTask();
    let timedOut = false;
    let structuredBlockFinished = false;
    let outerCodeReached = false;

    function onTimeout() {
      timedOut = true;
      task.cancel();
    }

    const timeoutHandle = setTimeout(onTimeout, timeoutMs);
    try {
      let exc = null;
      try {
        // Structured block affected by the timeout
        await sleep(sleepMs);
        structuredBlockFinished = true;
      } catch (e) {
        exc = e;
        throw e;
      } finally {
        clearTimeout(timeoutHandle);
        // The five rules of uncancellation (see CPython's comment): in a
        // finally block; only if our timeout fired; uncancel() because we
        // called cancel(); only convert when the count went down to 0; only
        // convert a CancelledError. The stimulus (the timer) is unscheduled.
        if (timedOut && task.uncancel() === 0 && exc instanceof CancelledError) {
          throw new TimeoutError();
        }
      }
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      assert(timedOut, "timed out");
    }

    // Outer code not affected by the timeout:
    outerCodeReached = true;
    await sleep(0);
    return [timedOut, structuredBlockFinished, outerCodeReached];
  }

  // Test which timed out.
  const t1 = createTask(() => makeRequestWithTimeout({ sleepMs: 10000, timeoutMs: 100 }));
  let [timedOut, structuredBlockFinished, outerCodeReached] = await t1;
  assert(timedOut, "t1 timed out");
  assert(!structuredBlockFinished, "t1's block was cancelled");
  assert(outerCodeReached, "t1 got uncancelled after leaving the block and continued");
  eq(t1.cancelling(), 0, "no pending cancellation of t1");

  // Test which did not time out.
  const t2 = createTask(() => makeRequestWithTimeout({ sleepMs: 0, timeoutMs: 10000 }));
  [timedOut, structuredBlockFinished, outerCodeReached] = await t2;
  assert(!timedOut, "t2 did not time out");
  assert(structuredBlockFinished, "t2's block finished");
  assert(outerCodeReached, "t2 reached the outer code");
  eq(t2.cancelling(), 0);
});

test("test_uncancel_resets_must_cancel", async () => {
  const fut = new Future();
  const task = createTask(async () => {
    await fut;
    return 42;
  });
  await sleep(0); // get task waiting for fut
  fut.setResult(null); // make task runnable
  task.cancel(); // enter cancelled state
  eq(task.cancelling(), 1);
  // (CPython checks task._must_cancel is true, then false: private state.)
  task.uncancel(); // undo cancellation
  eq(task.cancelling(), 0);
  eq(await task, 42);
});

await run();
