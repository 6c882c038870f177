// flags: --virtual-time
// Semaphore permit accounting under cancellation: random cancels (also of
// a waiter woken with a permit but not yet resumed) never leak a permit,
// never let more than `value` tasks in, never leave a permit free while a
// task waits, and keep FIFO order.
const { test, run, eq, assert, throws } = require("../../lib/check.js");
const { rng } = require("./lib/rng.js");

async function chaos(SemClass, seed, permits, N) {
  const rand = rng(seed);
  const sem = new SemClass(permits);
  let inside = 0, maxInside = 0, acquired = 0, cancelledWaiting = 0, cancelledHolding = 0;
  const order = [];
  const tasks = [];
  // Hold every permit while the tasks queue up.
  for (let i = 0; i < permits; i++) await sem.acquire();
  for (let id = 0; id < N; id++) {
    const viaRun = id % 2 === 0;
    const body = async () => {
      order.push(id);
      acquired++;
      inside++;
      maxInside = Math.max(maxInside, inside);
      try {
        const hold = Math.floor(rand() * 3);
        for (let i = 0; i < hold; i++) await (rand() < 0.5 ? sleep(0) : sleep(1));
      } catch (e) {
        cancelledHolding++;
        throw e;
      } finally {
        inside--;
      }
    };
    tasks.push(createTask(async () => {
      let entered = false;
      try {
        if (viaRun) return await sem.run(() => { entered = true; return body(); });
        await sem.acquire();
        entered = true;
        try {
          await body();
        } finally {
          sem.release();
        }
      } catch (e) {
        if (!entered) cancelledWaiting++;
        throw e;
      }
    }));
  }
  await sleep(0);
  eq(sem._waiters.size, N);

  let violations = 0;
  const monitor = createTask(async () => {
    await sleep(0.5);
    for (;;) {
      if (sem._value > 0 && sem._waiters.size > 0) violations++;
      await sleep(1);
    }
  });

  for (let i = 0; i < permits; i++) sem.release();
  while (tasks.some((t) => !t.done())) {
    const live = tasks.filter((t) => !t.done());
    const r = rand();
    if (r < 0.4) live[Math.floor(rand() * live.length)].cancel();
    else if (r < 0.7) live[Math.floor(rand() * Math.min(live.length, permits + 1))].cancel(); // near the head
    await (rand() < 0.5 ? sleep(0) : sleep(1));
  }
  monitor.cancel();
  eq(violations, 0, "a permit was free while tasks waited");
  assert(maxInside <= permits, `${maxInside} tasks inside a Semaphore(${permits})`);
  eq(maxInside, permits, "the semaphore was used to capacity");
  eq(sem._value, permits, "permits leaked or duplicated");
  eq(sem._waiters.size, 0);
  eq(sem._woken, 0);
  assert(!sem.locked());
  for (let i = 1; i < order.length; i++) assert(order[i - 1] < order[i], `FIFO order broken: ${order}`);
  eq(acquired + cancelledWaiting, N);
  assert(cancelledWaiting > N / 50 && cancelledHolding > N / 100, `enough cancellations (${cancelledWaiting} waiting, ${cancelledHolding} holding)`);
}

test("semaphore_3", () => chaos(Semaphore, 21, 3, 300));
test("semaphore_1", () => chaos(Semaphore, 22, 1, 200));
test("semaphore_10", () => chaos(Semaphore, 23, 10, 400));
test("bounded_semaphore_4", () => chaos(BoundedSemaphore, 24, 4, 300));

test("woken_waiter_cancelled_returns_permit", async () => {
  const sem = new Semaphore(0);
  const a = createTask(() => sem.acquire());
  const b = createTask(() => sem.acquire());
  await sleep(0);
  sem.release(); // the permit goes to a
  eq(sem._value, 0);
  a.cancel(); // before a resumes
  await b; // so b gets it
  assert(a.cancelled());
  eq(sem._value, 0);
  sem.release();
  eq(sem._value, 1);
  assert(!sem.locked());
});

test("woken_waiters_all_cancelled_permits_come_back", async () => {
  const sem = new BoundedSemaphore(3);
  for (let i = 0; i < 3; i++) await sem.acquire();
  const ws = [];
  for (let i = 0; i < 5; i++) ws.push(createTask(() => sem.acquire()));
  await sleep(0);
  sem.release();
  sem.release();
  sem.release(); // three woken
  for (const w of ws) w.cancel();
  for (const w of ws) {
    try { await w; } catch (e) { assert(e instanceof CancelledError); }
  }
  eq(sem._value, 3);
  assert(!sem.locked());
  throws(() => sem.release(), RangeError);
});

test("over_release_bounded", async () => {
  const sem = new BoundedSemaphore(2);
  throws(() => sem.release(), RangeError);
  await sem.acquire();
  sem.release();
  throws(() => sem.release(), RangeError);
  eq(sem._value, 2);
});

test("semaphore_argument_checks", () => {
  throws(() => new Semaphore(-1), RangeError);
  throws(() => new Semaphore(NaN), RangeError);
  throws(() => new Semaphore("3"), RangeError);
  eq(new Semaphore()._value, 1);
  eq(new Semaphore(0).locked(), true);
});

await run();
