// flags: --virtual-time
// A queue under load with cancellation everywhere: many producers and
// consumers, consumers and producers cancelled at random moments (also in
// the window between being woken and resuming), replacements started. No
// item may be lost or delivered twice, and no waiter may be left behind.
const { test, run, eq, assert } = require("../../lib/check.js");

const { rng } = require("./lib/rng.js");

async function stress(QClass, seed, maxsize) {
  const rand = rng(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const q = new QClass(maxsize);
  const PRODUCERS = 20, PER_PRODUCER = 100, CONSUMERS = 12;
  const putOk = new Set(); // items whose put() returned
  const got = new Map(); // item -> times received
  const next = new Array(PRODUCERS).fill(0); // next index per producer
  let cancelledGets = 0, cancelledPuts = 0;

  const producers = new Map(), consumers = new Set();
  function startProducer(p) {
    const t = createTask(async () => {
      while (next[p] < PER_PRODUCER) {
        const item = p * PER_PRODUCER + next[p];
        try {
          await q.put(item);
        } catch (e) {
          if (e instanceof CancelledError) cancelledPuts++;
          throw e;
        }
        putOk.add(item);
        next[p]++;
        // Producers rarely pause: a free slot left by a lost wakeup would
        // otherwise be filled at once by a put that does not wait.
        if (rand() < 0.05) await sleep(Math.floor(rand() * 3));
      }
    });
    producers.set(p, t);
    t.addDoneCallback(() => { if (producers.get(p) === t) producers.delete(p); });
  }
  function startConsumer() {
    const t = createTask(async () => {
      for (;;) {
        let item;
        try {
          item = await q.get();
        } catch (e) {
          if (e instanceof CancelledError) cancelledGets++;
          throw e;
        }
        got.set(item, (got.get(item) || 0) + 1);
        q.taskDone();
        if (rand() < 0.3) await sleep(Math.floor(rand() * 3));
      }
    });
    consumers.add(t);
    t.addDoneCallback(() => consumers.delete(t));
  }
  for (let p = 0; p < PRODUCERS; p++) startProducer(p);
  for (let c = 0; c < CONSUMERS; c++) startConsumer();

  // Chaos: cancel consumers and producers at random, sometimes right after
  // a putNowait/getNowait that woke one of them, and start replacements.
  const chaos = createTask(async () => {
    for (let round = 0; round < 400; round++) {
      await sleep(Math.floor(rand() * 2));
      const r = rand();
      if (r < 0.35 && consumers.size) {
        pick([...consumers]).cancel();
        startConsumer();
      } else if (r < 0.55 && producers.size) {
        const [p, t] = pick([...producers]);
        t.cancel();
        producers.delete(p);
        await sleep(0);
        startProducer(p);
      } else if (r < 0.75 && consumers.size && !q.full()) {
        // Put an extra item and cancel a consumer in the same step: if the
        // woken getter is the one cancelled, it must pass the wakeup on.
        const item = -1 - round;
        q.putNowait(item);
        putOk.add(item);
        // Cancel about a third of the consumers; replacements come later,
        // so that they do not hide a lost wakeup from the monitor.
        for (const t of [...consumers]) {
          if (rand() < 0.3) {
            t.cancel();
            setTimeout(startConsumer, 3);
          }
        }
      } else if (r < 0.9 && producers.size && !q.empty() && q.full()) {
        // Take an item and cancel a producer in the same step.
        const item = q.getNowait();
        got.set(item, (got.get(item) || 0) + 1);
        q.taskDone();
        // Cancel about a third of the producers, restart them later.
        const stopped = [];
        for (const [p, t] of [...producers]) {
          if (rand() < 0.3) {
            t.cancel();
            producers.delete(p);
            stopped.push(p);
          }
        }
        await sleep(3);
        for (const p of stopped) startProducer(p);
      }
    }
  });
  // Liveness: whenever the loop is idle (the monitor wakes at half
  // milliseconds, when nothing else is scheduled), an item may not sit in
  // the queue while a getter waits, nor a slot stay free while a putter
  // waits: that would be a lost wakeup.
  let violations = 0, checks = 0;
  const monitor = createTask(async () => {
    await sleep(0.5);
    for (;;) {
      checks++;
      if (q.qsize() > 0 && q._getters.size > 0) violations++;
      if (!q.full() && q._putters.size > 0) violations++;
      await sleep(1);
    }
  });
  await chaos;
  await sleep(5); // the last replacements start
  // Let the producers finish, then wait until every item was handled.
  while (producers.size) await sleep(5);
  await q.join();
  for (const t of [...consumers]) t.cancel();
  while (consumers.size) await sleep(0);
  monitor.cancel();
  eq(violations, 0, `lost wakeups seen by the monitor (${checks} checks)`);

  eq(q.qsize(), 0, "queue drained");
  let dup = 0;
  for (const [, n] of got) if (n !== 1) dup++;
  eq(dup, 0, "items delivered more than once");
  const lost = [...putOk].filter((x) => !got.has(x));
  eq(lost.length, 0, `items lost (${lost.slice(0, 5)})`);
  eq(got.size, putOk.size, "nothing received that was not put");
  for (let p = 0; p < PRODUCERS; p++) eq(next[p], PER_PRODUCER, `producer ${p} finished`);
  eq(q._getters.size, 0, "getters left behind");
  eq(q._putters.size, 0, "putters left behind");
  assert(cancelledGets > 20 && (maxsize === 0 || cancelledPuts > 5), `enough cancellations (${cancelledGets} gets, ${cancelledPuts} puts)`);
}

test("fifo_bounded", () => stress(Queue, 1, 5));
test("fifo_unbounded", () => stress(Queue, 2, 0));
test("fifo_maxsize_1", () => stress(Queue, 3, 1));
test("lifo_bounded", () => stress(LifoQueue, 4, 3));
test("priority_bounded", () => stress(PriorityQueue, 5, 4));

// The exact 3.13 race: two getters wait, an item arrives and the woken
// getter is cancelled before it resumes; the other getter gets the item.
test("woken_getter_cancelled_passes_item_on", async () => {
  const q = new Queue();
  const g1 = createTask(() => q.get());
  const g2 = createTask(() => q.get());
  await sleep(0);
  q.putNowait("x");
  g1.cancel();
  eq(await g2, "x");
  assert(g1.cancelled());
  eq(q.qsize(), 0);
  eq(q._getters.size, 0);
});

test("woken_putter_cancelled_passes_slot_on", async () => {
  const q = new Queue(1);
  q.putNowait("a");
  const p1 = createTask(() => q.put("b"));
  const p2 = createTask(() => q.put("c"));
  await sleep(0);
  eq(q.getNowait(), "a"); // wakes p1
  p1.cancel();
  await p2;
  assert(p1.cancelled());
  eq(q.getNowait(), "c");
  eq(q._putters.size, 0);
});

// Cancelling a getter that was never woken leaves nothing behind, even by
// the thousand (removal from the middle of the waiter list is O(1)).
test("many_cancelled_getters", async () => {
  const q = new Queue();
  const tasks = [];
  for (let i = 0; i < 5000; i++) tasks.push(createTask(() => q.get()));
  await sleep(0);
  eq(q._getters.size, 5000);
  for (let i = 0; i < tasks.length; i += 2) tasks[i].cancel();
  await sleep(0);
  eq(q._getters.size, 2500);
  for (let i = 0; i < 2500; i++) q.putNowait(i);
  const got = [];
  for (let i = 1; i < tasks.length; i += 2) got.push(await tasks[i]);
  eq(got.join(), Array.from({ length: 2500 }, (_, i) => i).join(), "FIFO among getters");
  eq(q._getters.size, 0);
});

await run();
