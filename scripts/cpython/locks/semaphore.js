// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_locks.py, class SemaphoreTests
// (3.13). ValueError is RangeError (API.md §3); `async with sem` is
// sem.run(fn); sem._value is the internal permit count, as in CPython.
const { test, run, eq, assert, throws, rejects } = require("../../lib/check.js");
const { nWaiters, gather, taskGroup, waitFor } = require("./lib/compat.js");

test("SemaphoreTests.test_initial_value_zero", () => {
  const sem = new Semaphore(0);
  assert(sem.locked());
});

test("SemaphoreTests.test_repr", async () => {
  const sem = new Semaphore();
  assert(String(sem).endsWith("[Semaphore unlocked, value:1]"), String(sem));
  await sem.acquire();
  assert(String(sem).endsWith("[Semaphore locked]"), String(sem));
  assert(!String(sem).includes("waiters"));
  const t1 = createTask(() => sem.acquire());
  await sleep(0);
  assert(String(sem).includes("waiters:1"), String(sem));
  const t2 = createTask(() => sem.acquire());
  await sleep(0);
  assert(String(sem).includes("waiters:2"), String(sem));
  sem.release();
  sem.release();
  await t1;
  await t2;
  eq(String(sem), "[Semaphore locked]");
});

test("SemaphoreTests.test_semaphore", async () => {
  const sem = new Semaphore();
  eq(sem._value, 1);
  eq(await sem, sem); // not a thenable: awaiting it does not acquire
  assert(!sem.locked());
  eq(sem._value, 1);
});

test("SemaphoreTests.test_semaphore_value", () => {
  throws(() => new Semaphore(-1), RangeError);
});

test("SemaphoreTests.test_acquire", async () => {
  const sem = new Semaphore(3);
  const result = [];
  eq(await sem.acquire(), true);
  eq(await sem.acquire(), true);
  assert(!sem.locked());
  const c = (n) => async () => {
    await sem.acquire();
    result.push(n);
    return true;
  };
  const t1 = createTask(c(1));
  const t2 = createTask(c(2));
  const t3 = createTask(c(3));
  await sleep(0);
  eq(result.join(), "1");
  assert(sem.locked());
  eq(nWaiters(sem), 2);
  eq(sem._value, 0);

  const t4 = createTask(c(4));
  sem.release();
  sem.release();
  eq(sem._value, 0);
  await sleep(0);
  eq(sem._value, 0);
  eq(result.length, 3);
  assert(sem.locked());
  eq(nWaiters(sem), 1);
  eq(sem._value, 0);

  assert(t1.done());
  eq(t1.result(), true);
  const raceTasks = [t2, t3, t4];
  eq(raceTasks.filter((t) => t.done() && t.result()).length, 2);
  // Clean up the locked semaphore.
  sem.release();
  await gather(raceTasks);
});

test("SemaphoreTests.test_acquire_cancel", async () => {
  const sem = new Semaphore();
  await sem.acquire();
  const acquire = createTask(() => sem.acquire());
  setImmediate(() => acquire.cancel());
  await rejects(acquire, CancelledError);
  eq(nWaiters(sem), 0);
});

test("SemaphoreTests.test_acquire_cancel_before_awoken", async () => {
  const sem = new Semaphore(0);
  const t1 = createTask(() => sem.acquire());
  const t2 = createTask(() => sem.acquire());
  const t3 = createTask(() => sem.acquire());
  const t4 = createTask(() => sem.acquire());
  await sleep(0);
  t1.cancel();
  t2.cancel();
  sem.release();
  await sleep(0);
  await sleep(0);
  eq([t3, t4].filter((t) => t.done()).length, 1);
  assert(t3.done());
  assert(!t4.done());
  t3.cancel();
  t4.cancel();
  await sleep(0);
});

test("SemaphoreTests.test_acquire_hang", async () => {
  const sem = new Semaphore(0);
  const t1 = createTask(() => sem.acquire());
  const t2 = createTask(() => sem.acquire());
  await sleep(0);
  t1.cancel();
  sem.release();
  await sleep(0);
  await sleep(0);
  assert(sem.locked());
  assert(t2.done());
});

test("SemaphoreTests.test_acquire_no_hang", async () => {
  const sem = new Semaphore(1);
  let t2;
  const t1 = createTask(async () => {
    await sem.run(() => sleep(0));
    t2.cancel();
  });
  t2 = createTask(() => sem.run(() => assert(false, "must not run")));
  const [r1, r2] = await gather([t1, t2], { returnExceptions: true });
  eq(r1, undefined);
  assert(r2 instanceof CancelledError);
  await waitFor(sem.acquire(), 1000);
});

test("SemaphoreTests.test_release_not_acquired", () => {
  const sem = new BoundedSemaphore();
  throws(() => sem.release(), RangeError);
});

test("SemaphoreTests.test_release_no_waiters", async () => {
  const sem = new Semaphore();
  await sem.acquire();
  assert(sem.locked());
  sem.release();
  assert(!sem.locked());
});

test("SemaphoreTests.test_acquire_fifo_order", async () => {
  const sem = new Semaphore(1);
  const result = [];
  const coro = (tag) => async () => {
    await sem.acquire();
    result.push(`${tag}_1`);
    await sleep(10);
    sem.release();
    await sem.acquire();
    result.push(`${tag}_2`);
    await sleep(10);
    sem.release();
  };
  await taskGroup(async (tg) => {
    tg.createTask(coro("c1"));
    tg.createTask(coro("c2"));
    tg.createTask(coro("c3"));
  });
  eq(result.join(), "c1_1,c2_1,c3_1,c1_2,c2_2,c3_2");
});

test("SemaphoreTests.test_acquire_fifo_order_2", async () => {
  const sem = new Semaphore(1);
  const result = [];
  const t1 = createTask(async () => {
    await sem.acquire();
    result.push(1);
    return true;
  });
  const t2 = createTask(async () => {
    await sem.acquire();
    result.push(2);
    sem.release();
    await sem.acquire();
    result.push(4);
    return true;
  });
  const t3 = createTask(async () => {
    await sem.acquire();
    result.push(3);
    return true;
  });
  await sleep(0);
  sem.release();
  sem.release();
  await gather([t1, t2, t3]);
  eq(result.join(), "1,2,3,4");
});

test("SemaphoreTests.test_acquire_fifo_order_3", async () => {
  const sem = new Semaphore(0);
  const result = [];
  const c = (n) => async () => {
    await sem.acquire();
    result.push(n);
    return true;
  };
  const t1 = createTask(c(1));
  const t2 = createTask(c(2));
  const t3 = createTask(c(3));
  await sleep(0);
  t1.cancel();
  await sleep(0);
  sem.release();
  sem.release();
  await gather([t1, t2, t3], { returnExceptions: true });
  eq(result.join(), "2,3");
});

test("SemaphoreTests.test_acquire_fifo_order_4", async () => {
  // A successful acquire() wakes up several tasks that were queued behind
  // it because of the FIFO rule.
  const sem = new Semaphore(0);
  const result = [];
  let t4 = null;
  const c4 = async () => {
    result.push(4);
    return true;
  };
  const t1 = createTask(async () => {
    // The first task waits at once; c2 wakes it up.
    eq(sem._value, 0);
    await sem.acquire();
    // All waiting tasks have been woken by now.
    eq(sem._value, 0);
    // A fourth task: it runs after c3, not c2.
    t4 = createTask(c4);
    result.push(1);
    return true;
  });
  const t2 = createTask(async () => {
    // Release three times, for c1, c2 and c3.
    sem.release();
    sem.release();
    sem.release();
    eq(sem._value, 2);
    // Locked, because c1 has not woken up yet.
    assert(sem.locked());
    await sem.acquire();
    result.push(2);
    return true;
  });
  const t3 = createTask(async () => {
    await sem.acquire();
    assert(sem.locked());
    result.push(3);
    return true;
  });
  await sleep(0);
  // Three tasks are in the queue, the first has not woken up yet.
  eq(sem._value, 2);
  eq(nWaiters(sem), 3);
  await sleep(0);
  await gather([t1, t2, t3, t4]);
  eq(result.join(), "1,2,3,4");
});

await run();
