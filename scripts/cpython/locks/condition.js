// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_locks.py, class ConditionTests
// (3.13). `async with cond` is cond.run(fn); asyncio.timeout/wait_for are
// timeout/waitFor. RuntimeError for misuse is InvalidStateError (API.md §3).
// Not ported: test_ambiguous_loops (no event-loop binding in shieldjs).
const { test, run, eq, assert, deepEq, throws, rejects } = require("../../lib/check.js");
const { nWaiters, timeout, waitFor, raises } = require("./lib/compat.js");

test("ConditionTests.test_wait", async () => {
  const cond = new Condition();
  const result = [];
  const c = (n) => async () => {
    await cond.acquire();
    if (await cond.wait()) result.push(n);
    return true;
  };
  const t1 = createTask(c(1));
  const t2 = createTask(c(2));
  const t3 = createTask(c(3));
  await sleep(0);
  eq(result.join(), "");
  assert(!cond.locked());

  eq(await cond.acquire(), true);
  cond.notify();
  await sleep(0);
  eq(result.join(), "");
  assert(cond.locked());

  cond.release();
  await sleep(0);
  eq(result.join(), "1");
  assert(cond.locked());

  cond.notify(2);
  await sleep(0);
  eq(result.join(), "1");
  assert(cond.locked());

  cond.release();
  await sleep(0);
  eq(result.join(), "1,2");
  assert(cond.locked());

  cond.release();
  await sleep(0);
  eq(result.join(), "1,2,3");
  assert(cond.locked());

  for (const t of [t1, t2, t3]) {
    assert(t.done());
    eq(t.result(), true);
  }
});

test("ConditionTests.test_wait_cancel", async () => {
  const cond = new Condition();
  await cond.acquire();
  const wait = createTask(() => cond.wait());
  setImmediate(() => wait.cancel());
  await rejects(wait, CancelledError);
  eq(nWaiters(cond), 0);
  assert(cond.locked());
});

test("ConditionTests.test_wait_cancel_contested", async () => {
  const cond = new Condition();
  await cond.acquire();
  assert(cond.locked());
  const waitTask = createTask(() => cond.wait());
  await sleep(0);
  assert(!cond.locked());

  // Notify, but contest the lock before cancelling.
  await cond.acquire();
  assert(cond.locked());
  cond.notify();
  setImmediate(() => waitTask.cancel());
  setImmediate(() => cond.release());
  try {
    await waitTask;
  } catch (e) {
    // Should not happen, since no cancellation points.
    if (!(e instanceof CancelledError)) throw e;
  }
  assert(cond.locked());
});

test("ConditionTests.test_wait_cancel_after_notify", async () => {
  // bpo-32841
  let waited = false;
  const cond = new Condition();
  const waiter = createTask(() => cond.run(async () => {
    waited = true; // make sure this area was reached
    await cond.wait();
  }));
  await sleep(0); // start waiting
  await cond.acquire();
  cond.notify();
  await sleep(0); // get to acquire()
  waiter.cancel();
  await sleep(0); // activate cancellation
  cond.release();
  await sleep(0); // cancellation should occur
  assert(waiter.cancelled());
  assert(waited);
});

test("ConditionTests.test_wait_unacquired", async () => {
  const cond = new Condition();
  await rejects(cond.wait(), InvalidStateError);
});

test("ConditionTests.test_wait_for", async () => {
  const cond = new Condition();
  let presult = false;
  const predicate = () => presult;
  const result = [];
  const t = createTask(async () => {
    await cond.acquire();
    if (await cond.waitFor(predicate)) {
      result.push(1);
      cond.release();
    }
    return true;
  });
  await sleep(0);
  eq(result.join(), "");

  await cond.acquire();
  cond.notify();
  cond.release();
  await sleep(0);
  eq(result.join(), "");

  presult = true;
  await cond.acquire();
  cond.notify();
  cond.release();
  await sleep(0);
  eq(result.join(), "1");
  assert(t.done());
  eq(t.result(), true);
});

test("ConditionTests.test_wait_for_unacquired", async () => {
  const cond = new Condition();
  // The predicate can return true immediately.
  deepEq(await cond.waitFor(() => [1, 2, 3]), [1, 2, 3]);
  await rejects(cond.waitFor(() => false), InvalidStateError);
});

test("ConditionTests.test_notify", async () => {
  const cond = new Condition();
  const result = [];
  const c = (n) => async () => {
    await cond.acquire();
    if (await cond.wait()) {
      result.push(n);
      cond.release();
    }
    return true;
  };
  const t1 = createTask(c(1));
  const t2 = createTask(c(2));
  const t3 = createTask(c(3));
  await sleep(0);
  eq(result.join(), "");

  await cond.acquire();
  cond.notify(1);
  cond.release();
  await sleep(0);
  eq(result.join(), "1");

  await cond.acquire();
  cond.notify(1);
  cond.notify(2048);
  cond.release();
  await sleep(0);
  eq(result.join(), "1,2,3");
  for (const t of [t1, t2, t3]) {
    assert(t.done());
    eq(t.result(), true);
  }
});

test("ConditionTests.test_notify_all", async () => {
  const cond = new Condition();
  const result = [];
  const c = (n) => async () => {
    await cond.acquire();
    if (await cond.wait()) {
      result.push(n);
      cond.release();
    }
    return true;
  };
  const t1 = createTask(c(1));
  const t2 = createTask(c(2));
  await sleep(0);
  eq(result.join(), "");
  await cond.acquire();
  cond.notifyAll();
  cond.release();
  await sleep(0);
  eq(result.join(), "1,2");
  for (const t of [t1, t2]) {
    assert(t.done());
    eq(t.result(), true);
  }
});

test("ConditionTests.test_notify_unacquired", () => {
  const cond = new Condition();
  throws(() => cond.notify(), InvalidStateError);
});

test("ConditionTests.test_notify_all_unacquired", () => {
  const cond = new Condition();
  throws(() => cond.notifyAll(), InvalidStateError);
});

test("ConditionTests.test_repr", async () => {
  const cond = new Condition();
  assert(String(cond).includes("unlocked"), String(cond));
  await cond.acquire();
  assert(String(cond).includes("locked"), String(cond));
  cond.release();
  const w1 = createTask(() => cond.run(() => cond.wait()));
  await sleep(0);
  assert(String(cond).includes("waiters:1"), String(cond));
  const w2 = createTask(() => cond.run(() => cond.wait()));
  await sleep(0);
  assert(String(cond).includes("waiters:2"), String(cond));
  await cond.acquire();
  cond.notifyAll();
  cond.release();
  await w1;
  await w2;
  eq(String(cond), "[Condition unlocked]");
});

test("ConditionTests.test_context_manager", async () => {
  const cond = new Condition();
  assert(!cond.locked());
  await cond.run(() => assert(cond.locked()));
  assert(!cond.locked());
});

test("ConditionTests.test_explicit_lock", async () => {
  async function f(lock, cond) {
    if (!lock) lock = new Lock();
    if (!cond) cond = new Condition(lock);
    assert(cond.lock === lock);
    assert(!lock.locked());
    assert(!cond.locked());
    await cond.run(() => {
      assert(lock.locked());
      assert(cond.locked());
    });
    assert(!lock.locked());
    assert(!cond.locked());
    await lock.run(() => {
      assert(lock.locked());
      assert(cond.locked());
    });
    assert(!lock.locked());
    assert(!cond.locked());
  }
  // All should work in the same way.
  await f();
  await f(new Lock());
  const lock = new Lock();
  await f(lock, new Condition(lock));
});

test("ConditionTests.test_timeout_in_block", async () => {
  const condition = new Condition();
  await condition.run(async () => {
    await raises(() => waitFor(condition.wait(), 500), TimeoutError);
    assert(condition.locked());
  });
});

test("ConditionTests.test_cancelled_error_wakeup", async () => {
  // A CancelledError received while awaiting the wakeup is re-raised
  // unmodified.
  const wake = false;
  let raised = null;
  const cond = new Condition();
  const task = createTask(() => cond.run(async () => {
    raised = await raises(() => cond.waitFor(() => wake), CancelledError);
    throw raised;
  }));
  await sleep(0);
  // The task is waiting on the condition; cancel it there.
  task.cancel("foo");
  const err = await rejects(task, CancelledError);
  eq(err.message, "foo");
  assert(err === raised, "the same exception instance");
});

test("ConditionTests.test_cancelled_error_re_aquire", async () => {
  // A CancelledError received while re-acquiring the lock is re-raised
  // unmodified.
  let wake = false;
  let raised = null;
  const cond = new Condition();
  const task = createTask(() => cond.run(async () => {
    raised = await raises(() => cond.waitFor(() => wake), CancelledError);
    throw raised;
  }));
  await sleep(0);
  // The task is waiting on the condition.
  await cond.acquire();
  wake = true;
  cond.notify();
  await sleep(0);
  // The task is now trying to re-acquire the lock; cancel it there.
  task.cancel("foo");
  cond.release();
  const err = await rejects(task, CancelledError);
  eq(err.message, "foo");
  assert(err === raised, "the same exception instance");
});

test("ConditionTests.test_cancelled_wakeup", async () => {
  // A task cancelled at the "same" time as it is woken by notify() does not
  // lose the wakeup (cancel while awaiting the initial wakeup).
  const condition = new Condition();
  let state = 0;
  const consumer = () => condition.run(async () => {
    for (;;) {
      await condition.waitFor(() => state !== 0);
      if (state < 0) return;
      state -= 1;
    }
  });
  const c = [createTask(consumer), createTask(consumer)];
  await sleep(0);
  await condition.run(async () => {
    // Produce one item and wake up one consumer.
    state += 1;
    condition.notify(1);
    // Cancel it while it is waiting to run.
    c[0].cancel();
    // Now wait for the item to be consumed: if it is not, the notify was
    // lost to the cancel.
    try {
      await timeout(10, () => condition.waitFor(() => state === 0));
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
    eq(state, 0);
    state = -1;
    condition.notifyAll();
  });
  await c[1];
  await rejects(c[0], CancelledError);
});

test("ConditionTests.test_cancelled_wakeup_relock", async () => {
  // Same, with the cancel arriving while the woken task re-acquires the lock.
  const condition = new Condition();
  let state = 0;
  const consumer = () => condition.run(async () => {
    for (;;) {
      await condition.waitFor(() => state !== 0);
      if (state < 0) return;
      state -= 1;
    }
  });
  const c = [createTask(consumer), createTask(consumer)];
  await sleep(0);
  await condition.run(async () => {
    state += 1;
    condition.notify(1);
    // Let the target wake up and settle on re-acquiring the lock.
    await sleep(0);
    c[0].cancel();
    try {
      await timeout(10, () => condition.waitFor(() => state === 0));
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
    eq(state, 0);
    state = -1;
    condition.notifyAll();
  });
  await c[1];
  await rejects(c[0], CancelledError);
});

await run();
