// flags: --virtual-time
// A cancel requested while a task runs is delivered, as in asyncio, at the
// next await where the task really suspends. An operation whose fast path
// completes at once (acquiring a free lock, getting an available item)
// takes effect; the cancel then lands at the next suspension, or the task
// ends cancelled if its body returns first. Whatever the path, nothing
// leaks: no lock left held, no permit used up, no waiter left behind.
const { test, run, eq, assert } = require("../../lib/check.js");

// cancelled(fn) runs fn in a task that has cancelled itself first, and
// checks that the task ends cancelled with the message "pending".
async function cancelled(fn) {
  const t = createTask(async () => {
    currentTask().cancel("pending");
    return await fn();
  });
  try {
    await t;
  } catch (e) {
    assert(e instanceof CancelledError, String(e));
    eq(e.message, "pending");
    return;
  }
  assert(false, "the task was not cancelled");
}

test("lock_acquire_fast_path_then_cancel_in_critical_section", async () => {
  const lock = new Lock();
  let inside = false;
  await cancelled(async () => {
    await lock.acquire();
    inside = true;
    try { await sleep(1); } finally { lock.release(); }
  });
  assert(inside, "a free lock is acquired without suspending");
  assert(!lock.locked(), "lock leaked");
  eq(lock._waiters.size, 0);
});

test("lock_run", async () => {
  const lock = new Lock();
  let ran = false;
  await cancelled(() => lock.run(() => { ran = true; }));
  assert(ran, "run() with a free lock does not suspend");
  assert(!lock.locked());
});

test("lock_acquire_with_other_waiters", async () => {
  // The lock is held: acquire really suspends, so it takes the cancel.
  const lock = new Lock();
  await lock.acquire();
  const other = createTask(() => lock.run(() => "other"));
  await sleep(0);
  await cancelled(() => lock.acquire());
  lock.release();
  eq(await other, "other");
  assert(!lock.locked());
  eq(lock._waiters.size, 0);
});

test("semaphore_acquire", async () => {
  const sem = new Semaphore(2);
  await cancelled(async () => {
    await sem.acquire();
    sem.release();
  });
  eq(sem._value, 2, "permit leaked");
  await cancelled(() => sem.run(() => sleep(1)));
  eq(sem._value, 2);
  eq(sem._waiters.size, 0);
});

test("queue_get_fast_path", async () => {
  // As in asyncio: the available item is taken, and the task, whose body
  // then returns with the request still pending, ends cancelled.
  const q = new Queue();
  q.putNowait("a");
  let got;
  await cancelled(async () => { got = await q.get(); });
  eq(got, "a");
  eq(q.qsize(), 0);
  eq(q._getters.size, 0);
});

test("queue_get_suspending_loses_nothing", async () => {
  const q = new Queue();
  await cancelled(() => q.get());
  q.putNowait("b");
  eq(q.qsize(), 1, "item lost");
  eq(q._getters.size, 0);
  eq(q.getNowait(), "b");
});

test("queue_put", async () => {
  const q = new Queue(3);
  await cancelled(() => q.put("x"));
  eq(q.qsize(), 1, "a put with room completes");
  const full = new Queue(1);
  full.putNowait("first");
  await cancelled(() => full.put("second"));
  eq(full.qsize(), 1, "a put that had to wait and was cancelled inserted nothing");
  eq(full._putters.size, 0);
});

test("condition_wait_reacquires", async () => {
  const cond = new Condition();
  let lockedAfter;
  const t = createTask(() => cond.run(async () => {
    currentTask().cancel("pending");
    try {
      await cond.wait();
    } finally {
      lockedAfter = cond.locked();
    }
  }));
  try { await t; } catch (e) { assert(e instanceof CancelledError); }
  eq(lockedAfter, true, "wait() re-acquired the lock before re-raising");
  assert(!cond.locked());
  eq(cond._waiters.size, 0);
});

test("event_wait", async () => {
  const ev = new Event();
  ev.set();
  await cancelled(() => ev.wait());
  eq(ev._waiters.size, 0);
  const unset = new Event();
  await cancelled(() => unset.wait());
  eq(unset._waiters.size, 0, "a cancelled waiter is removed");
});

test("cancel_from_abort_listener", async () => {
  // The usual way a cancel becomes pending: code the task runs cancels it.
  const q = new Queue();
  const ac = new AbortController();
  const t = createTask(async () => {
    ac.signal.addEventListener("abort", () => currentTask().cancel());
    ac.abort();
    return await q.get();
  });
  try { await t; } catch (e) { assert(e instanceof CancelledError); }
  q.putNowait(1);
  eq(q.qsize(), 1);
  eq(q._getters.size, 0);
});

await run();
