// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_locks.py, class LockTests (3.13).
// Not ported: test_lock_doesnt_accept_loop_parameter (no loop argument).
// len(lock._waiters) reads as nWaiters(lock), from the lock's description.
const { test, run, eq, assert, throws, rejects } = require("../../lib/check.js");
const { nWaiters } = require("./lib/compat.js");

test("LockTests.test_repr", async () => {
  const lock = new Lock();
  assert(String(lock).endsWith("[Lock unlocked]"), String(lock));
  await lock.acquire();
  assert(String(lock).endsWith("[Lock locked]"), String(lock));
  const t = createTask(() => lock.acquire());
  await sleep(0);
  eq(String(lock), "[Lock locked, waiters:1]");
  lock.release();
  await t;
  eq(String(lock), "[Lock locked]");
});

// `await lock` is not an acquire: a Lock is not a thenable.
test("LockTests.test_lock", async () => {
  const lock = new Lock();
  eq(await lock, lock);
  assert(!lock.locked());
});

test("LockTests.test_lock_by_with_statement", async () => {
  const primitives = [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()];
  for (const lock of primitives) {
    await sleep(10);
    assert(!lock.locked());
    eq(await lock, lock);
    assert(!lock.locked());
  }
});

test("LockTests.test_acquire", async () => {
  const lock = new Lock();
  const result = [];
  eq(await lock.acquire(), true);
  const c = (n) => async () => {
    if (await lock.acquire()) result.push(n);
    return true;
  };
  const t1 = createTask(c(1));
  const t2 = createTask(c(2));
  await sleep(0);
  eq(result.join(), "");
  lock.release();
  await sleep(0);
  eq(result.join(), "1");
  await sleep(0);
  eq(result.join(), "1");
  const t3 = createTask(c(3));
  lock.release();
  await sleep(0);
  eq(result.join(), "1,2");
  lock.release();
  await sleep(0);
  eq(result.join(), "1,2,3");
  for (const t of [t1, t2, t3]) {
    assert(t.done());
    eq(t.result(), true);
  }
});

test("LockTests.test_acquire_cancel", async () => {
  const lock = new Lock();
  assert(await lock.acquire());
  const task = createTask(() => lock.acquire());
  setImmediate(() => task.cancel());
  await rejects(task, CancelledError);
  eq(nWaiters(lock), 0);
});

test("LockTests.test_cancel_race", async () => {
  // A holds the lock, B and C wait; B is cancelled while A releases:
  // the release must move on to C.
  const lock = new Lock();
  async function lockit(name, blocker) {
    await lock.acquire();
    try {
      if (blocker) await blocker;
    } finally {
      lock.release();
    }
  }
  const fa = new Future();
  const ta = createTask(() => lockit("A", fa));
  await sleep(0);
  assert(lock.locked());
  const tb = createTask(() => lockit("B", null));
  await sleep(0);
  eq(nWaiters(lock), 1);
  const tc = createTask(() => lockit("C", null));
  await sleep(0);
  eq(nWaiters(lock), 2);

  fa.setResult(null);
  tb.cancel();
  assert(lock._waiters.head.fut.cancelled());
  await sleep(0);
  assert(!lock.locked());
  assert(ta.done());
  assert(tb.cancelled());
  await tc;
});

test("LockTests.test_cancel_release_race", async () => {
  // bpo-32734: acquire, queue three, cancel the first waiter and release:
  // only one of the others may take the lock.
  const lock = new Lock();
  let lockCount = 0, callCount = 0;
  async function lockit() {
    callCount++;
    await lock.acquire();
    lockCount++;
  }
  await lock.acquire();
  const t1 = createTask(lockit);
  const t2 = createTask(lockit);
  const t3 = createTask(lockit);
  await sleep(0);
  setImmediate(() => {
    t1.cancel();
    lock.release();
  });
  await rejects(t1, CancelledError);
  eq(lockCount, 1);
  eq(callCount, 3);
  assert(t1.cancelled() && t2.done());
  t3.cancel();
  await sleep(0);
  assert(t3.cancelled());
});

test("LockTests.test_finished_waiter_cancelled", async () => {
  const lock = new Lock();
  await lock.acquire();
  assert(lock.locked());
  const tb = createTask(() => lock.acquire());
  await sleep(0);
  eq(nWaiters(lock), 1);
  // A second waiter; wake the first and cancel it: the second must run.
  const tc = createTask(() => lock.acquire());
  tb.cancel();
  lock.release();
  await sleep(0);
  assert(lock.locked());
  assert(tb.cancelled());
  await tc;
});

test("LockTests.test_release_not_acquired", () => {
  const lock = new Lock();
  throws(() => lock.release(), InvalidStateError);
});

test("LockTests.test_release_no_waiters", async () => {
  const lock = new Lock();
  await lock.acquire();
  assert(lock.locked());
  lock.release();
  assert(!lock.locked());
});

test("LockTests.test_context_manager", async () => {
  const lock = new Lock();
  assert(!lock.locked());
  await lock.run(() => {
    assert(lock.locked());
  });
  assert(!lock.locked());
});

// Beyond CPython: run() returns fn's result and releases when fn throws.
test("lock_run_result_and_throw", async () => {
  const lock = new Lock();
  eq(await lock.run(async () => { await sleep(1); return 42; }), 42);
  await rejects(lock.run(async () => { throw new RangeError("x"); }), RangeError);
  assert(!lock.locked());
  await rejects(lock.run(5), TypeError);
  assert(!lock.locked());
});

await run();
