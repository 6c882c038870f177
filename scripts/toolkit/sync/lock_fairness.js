// flags: --virtual-time
// Lock fairness under cancellation: waiters acquire in FIFO order, a
// newcomer never barges ahead of a woken waiter, a waiter cancelled after
// being woken passes the lock on, and random cancellation never leaves the
// lock free while someone waits, nor lets two tasks hold it.
const { test, run, eq, assert, deepEq } = require("../../lib/check.js");
const { rng } = require("./lib/rng.js");

async function chaos(seed, N) {
  const rand = rng(seed);
  const lock = new Lock();
  const order = []; // ids in the order they acquired
  let inside = 0, maxInside = 0, cancelledWaiting = 0, cancelledHolding = 0;
  await lock.acquire();
  const tasks = [];
  for (let id = 0; id < N; id++) {
    tasks.push(createTask(async () => {
      try {
        await lock.acquire();
      } catch (e) {
        cancelledWaiting++;
        throw e;
      }
      try {
        order.push(id);
        inside++;
        maxInside = Math.max(maxInside, inside);
        const hold = Math.floor(rand() * 3);
        for (let i = 0; i < hold; i++) await (rand() < 0.5 ? sleep(0) : sleep(1));
      } catch (e) {
        cancelledHolding++;
        throw e;
      } finally {
        inside--;
        lock.release();
      }
    }));
  }
  await sleep(0); // every task is queued, in id order
  eq(lock._waiters.size, N);

  // Liveness: whenever the loop is idle, a free lock has no waiters.
  let violations = 0;
  const monitor = createTask(async () => {
    await sleep(0.5);
    for (;;) {
      if (!lock.locked() && lock._waiters.size > 0) violations++;
      await sleep(1);
    }
  });

  lock.release();
  // Cancel random tasks, often right after a release woke someone.
  while (tasks.some((t) => !t.done())) {
    const live = tasks.filter((t) => !t.done());
    const r = rand();
    if (r < 0.3) live[Math.floor(rand() * live.length)].cancel();
    else if (r < 0.5) live[0].cancel(); // the head: woken, or holding
    await (rand() < 0.5 ? sleep(0) : sleep(1));
  }
  monitor.cancel();
  eq(violations, 0, "lock left free while tasks waited");
  eq(maxInside, 1, "two holders at once");
  for (let i = 1; i < order.length; i++) assert(order[i - 1] < order[i], `FIFO order broken: ${order}`);
  assert(!lock.locked());
  eq(lock._waiters.size, 0);
  eq(order.length + cancelledWaiting, N, "every task either acquired or was cancelled waiting");
  assert(cancelledWaiting > N / 30 && cancelledHolding > N / 100, `enough cancellations (${cancelledWaiting} waiting, ${cancelledHolding} holding)`);
}

test("fifo_under_random_cancellation_1", () => chaos(11, 300));
test("fifo_under_random_cancellation_2", () => chaos(12, 300));
test("fifo_under_random_cancellation_3", () => chaos(13, 50));

test("newcomer_does_not_barge_ahead_of_woken_waiter", async () => {
  const lock = new Lock();
  const order = [];
  await lock.acquire();
  const w = createTask(async () => { await lock.acquire(); order.push("w"); lock.release(); });
  await sleep(0);
  lock.release(); // w is woken but has not run
  assert(!lock.locked());
  const n = createTask(async () => { await lock.acquire(); order.push("n"); lock.release(); });
  // Even an acquire made right now, in this step, queues behind w.
  const me = lock.acquire().then(() => { order.push("me"); lock.release(); });
  await w;
  await n;
  await me;
  deepEq(order, ["w", "me", "n"]);
});

test("woken_waiter_cancelled_passes_lock_on", async () => {
  const lock = new Lock();
  await lock.acquire();
  const a = createTask(() => lock.acquire());
  const b = createTask(() => lock.acquire());
  await sleep(0);
  lock.release(); // wakes a
  a.cancel(); // before a resumes
  await b;
  assert(a.cancelled());
  assert(lock.locked()); // held by b
  lock.release();
  eq(lock._waiters.size, 0);
});

test("all_waiters_cancelled_newcomer_takes_free_lock", async () => {
  const lock = new Lock();
  await lock.acquire();
  const ws = [createTask(() => lock.acquire()), createTask(() => lock.acquire())];
  await sleep(0);
  for (const w of ws) w.cancel();
  lock.release();
  // Both waiters are cancelled, not yet cleaned up: a newcomer does not
  // have to queue behind them.
  eq(await lock.acquire(), true);
  for (const w of ws) {
    try { await w; } catch (e) { assert(e instanceof CancelledError); }
  }
  assert(lock.locked());
  lock.release();
  eq(lock._waiters.size, 0);
});

test("run_cancelled_waiting_or_holding", async () => {
  const lock = new Lock();
  await lock.acquire();
  let ran = false;
  const waiting = createTask(() => lock.run(() => { ran = true; }));
  await sleep(0);
  waiting.cancel();
  try { await waiting; } catch (e) { assert(e instanceof CancelledError); }
  assert(!ran);
  assert(lock.locked(), "a cancelled run() must not release a lock it never held");
  lock.release();
  const holding = createTask(() => lock.run(() => sleep(100)));
  await sleep(1);
  assert(lock.locked());
  holding.cancel();
  try { await holding; } catch (e) { assert(e instanceof CancelledError); }
  assert(!lock.locked(), "run() releases when fn is cancelled");
});

await run();
