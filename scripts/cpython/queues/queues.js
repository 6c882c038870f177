// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_queues.py (3.13):
// QueueBasicTests, QueueGetTests, QueuePutTests, LifoQueueTests,
// PriorityQueueTests. The Queue*JoinTests and Queue*ShutdownTests mixins are
// in join.js and shutdown.js.
// Not ported: test_generic_alias (Queue[int] is Python typing);
// test_repr and test_str are one test here (test_repr_or_str), since a
// JavaScript object has no separate repr().
const { test, run, eq, assert, throws, rejects } = require("../../lib/check.js");
const { taskGroup, waitFor, raises } = require("../locks/lib/compat.js");

const nGetters = (q) => q._getters.size;
const nPutters = (q) => q._putters.size;

test("QueueBasicTests.test_repr_or_str", async () => {
  let q = new Queue();
  assert(String(q).startsWith("[Queue"), String(q));
  // getters
  q = new Queue();
  let getter;
  await taskGroup(async (tg) => {
    getter = tg.createTask(() => q.get());
    await sleep(0);
    assert(String(q).includes("getters:1"), String(q));
    q.putNowait(0);
  });
  eq(await getter, 0);
  // putters
  q = new Queue(1);
  let putter;
  await taskGroup(async (tg) => {
    q.putNowait(1);
    putter = tg.createTask(() => q.put(2));
    await sleep(0);
    assert(String(q).includes("putters:1"), String(q));
    q.getNowait();
  });
  assert(putter.done());
  q = new Queue();
  q.putNowait(1);
  assert(String(q).includes("size:1"), String(q));
});

test("QueueBasicTests.test_empty", async () => {
  const q = new Queue();
  assert(q.empty());
  await q.put(1);
  assert(!q.empty());
  eq(await q.get(), 1);
  assert(q.empty());
});

test("QueueBasicTests.test_full", async () => {
  let q = new Queue();
  assert(!q.full());
  q = new Queue({ maxsize: 1 });
  await q.put(1);
  assert(q.full());
});

test("QueueBasicTests.test_order", async () => {
  const q = new Queue();
  for (const i of [1, 3, 2]) await q.put(i);
  const items = [];
  for (let i = 0; i < 3; i++) items.push(await q.get());
  eq(items.join(), "1,3,2");
});

test("QueueBasicTests.test_maxsize", async () => {
  const q = new Queue({ maxsize: 2 });
  eq(q.maxsize, 2);
  const haveBeenPut = [];
  const t = createTask(async () => {
    for (let i = 0; i < 3; i++) {
      await q.put(i);
      haveBeenPut.push(i);
    }
    return true;
  });
  for (let i = 0; i < 2; i++) await sleep(0);
  // The putter is blocked after putting two items.
  eq(haveBeenPut.join(), "0,1");
  eq(await q.get(), 0);
  // Let the putter resume and put the last item.
  await sleep(0);
  eq(haveBeenPut.join(), "0,1,2");
  eq(await q.get(), 1);
  eq(await q.get(), 2);
  assert(t.done());
  eq(t.result(), true);
});

test("QueueGetTests.test_blocking_get", async () => {
  const q = new Queue();
  q.putNowait(1);
  eq(await q.get(), 1);
});

test("QueueGetTests.test_get_with_putters", async () => {
  const q = new Queue(1);
  await q.put(1);
  const waiter = new Future();
  q._putters.push(waiter);
  eq(await q.get(), 1);
  assert(waiter.done());
  eq(waiter.result(), undefined);
});

test("QueueGetTests.test_blocking_get_wait", async () => {
  const q = new Queue();
  const started = new Event();
  let finished = false;
  const task = createTask(async () => {
    started.set();
    const res = await q.get();
    finished = true;
    return res;
  });
  await started.wait();
  assert(!finished);
  setTimeout(() => q.putNowait(1), 10);
  const res = await task;
  assert(finished);
  eq(res, 1);
});

test("QueueGetTests.test_nonblocking_get", () => {
  const q = new Queue();
  q.putNowait(1);
  eq(q.getNowait(), 1);
});

test("QueueGetTests.test_nonblocking_get_exception", () => {
  const q = new Queue();
  throws(() => q.getNowait(), QueueEmpty);
});

test("QueueGetTests.test_get_cancelled_race", async () => {
  const q = new Queue();
  const t1 = createTask(() => q.get());
  const t2 = createTask(() => q.get());
  await sleep(0);
  t1.cancel();
  await sleep(0);
  assert(t1.done());
  await q.put("a");
  await sleep(0);
  eq(await t2, "a");
});

test("QueueGetTests.test_get_with_waiting_putters", async () => {
  const q = new Queue({ maxsize: 1 });
  const p1 = createTask(() => q.put("a"));
  const p2 = createTask(() => q.put("b"));
  eq(await q.get(), "a");
  eq(await q.get(), "b");
  await p1;
  await p2;
});

test("QueueGetTests.test_why_are_getters_waiting", async () => {
  const consumer = async (queue, n) => {
    for (let i = 0; i < n; i++) await queue.get();
  };
  const producer = async (queue, n) => {
    for (let i = 0; i < n; i++) await queue.put(i);
  };
  const q = new Queue(1);
  await taskGroup(async (tg) => {
    tg.createTask(() => producer(q, 5));
    tg.createTask(() => consumer(q, 5));
  });
});

test("QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters", async () => {
  const queue = new Queue({ maxsize: 5 });
  await raises(() => waitFor(queue.get(), 100), TimeoutError);
  eq(nGetters(queue), 0);
});

test("QueuePutTests.test_blocking_put", async () => {
  const q = new Queue();
  // No maxsize, won't block.
  await q.put(1);
  eq(await q.get(), 1);
});

test("QueuePutTests.test_blocking_put_wait", async () => {
  const q = new Queue({ maxsize: 1 });
  const started = new Event();
  let finished = false;
  setTimeout(() => q.getNowait(), 10);
  const task = createTask(async () => {
    started.set();
    await q.put(1);
    await q.put(2);
    finished = true;
  });
  await started.wait();
  assert(!finished);
  await task;
  assert(finished);
});

test("QueuePutTests.test_nonblocking_put", () => {
  const q = new Queue();
  q.putNowait(1);
  eq(q.getNowait(), 1);
});

test("QueuePutTests.test_get_cancel_drop_one_pending_reader", async () => {
  const q = new Queue();
  let reader = createTask(() => q.get());
  await sleep(0);
  q.putNowait(1);
  q.putNowait(2);
  reader.cancel();
  try {
    await reader;
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    // Try again.
    reader = createTask(() => q.get());
    await reader;
  }
  // 2 would mean that 1 was dropped.
  eq(reader.result(), 1);
});

test("QueuePutTests.test_get_cancel_drop_many_pending_readers", async () => {
  const q = new Queue();
  let reader1, reader2, reader3;
  await taskGroup(async (tg) => {
    reader1 = tg.createTask(() => q.get());
    reader2 = tg.createTask(() => q.get());
    reader3 = tg.createTask(() => q.get());
    await sleep(0);
    q.putNowait(1);
    q.putNowait(2);
    reader1.cancel();
    await rejects(reader1, CancelledError);
    await reader3;
  });
  // Which reader gets which item is not specified.
  eq([reader2.result(), reader3.result()].sort().join(), "1,2");
});

test("QueuePutTests.test_put_cancel_drop", async () => {
  const q = new Queue(1);
  q.putNowait(1);
  // Putting a second item has to block (maxsize 1).
  let writer = createTask(() => q.put(2));
  await sleep(0);
  eq(q.getNowait(), 1);
  writer.cancel();
  try {
    await writer;
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    // Try again.
    writer = createTask(() => q.put(2));
    await writer;
  }
  eq(q.getNowait(), 2);
  eq(q.qsize(), 0);
});

test("QueuePutTests.test_nonblocking_put_exception", () => {
  const q = new Queue({ maxsize: 1 });
  q.putNowait(1);
  throws(() => q.putNowait(2), QueueFull);
});

test("QueuePutTests.test_float_maxsize", async () => {
  let q = new Queue({ maxsize: 1.3 });
  q.putNowait(1);
  q.putNowait(2);
  assert(q.full());
  throws(() => q.putNowait(3), QueueFull);
  q = new Queue({ maxsize: 1.3 });
  await q.put(1);
  await q.put(2);
  assert(q.full());
});

test("QueuePutTests.test_put_cancelled", async () => {
  const q = new Queue();
  const t = createTask(async () => {
    await q.put(1);
    return true;
  });
  eq(await q.get(), 1);
  assert(t.done());
  eq(t.result(), true);
});

test("QueuePutTests.test_put_cancelled_race", async () => {
  const q = new Queue({ maxsize: 1 });
  const putA = createTask(() => q.put("a"));
  const putB = createTask(() => q.put("b"));
  const putC = createTask(() => q.put("X"));
  await sleep(0);
  assert(putA.done());
  assert(!putB.done());
  putC.cancel();
  await sleep(0);
  assert(putC.done());
  eq(q.getNowait(), "a");
  await sleep(0);
  eq(q.getNowait(), "b");
  await putB;
});

test("QueuePutTests.test_put_with_waiting_getters", async () => {
  const q = new Queue();
  const t = createTask(() => q.get());
  await sleep(0);
  await q.put("a");
  eq(await t, "a");
});

test("QueuePutTests.test_why_are_putters_waiting", async () => {
  const queue = new Queue(2);
  const putter = (item) => () => queue.put(item);
  const getter = async () => {
    await sleep(0);
    const num = queue.qsize();
    for (let i = 0; i < num; i++) queue.getNowait();
  };
  await taskGroup(async (tg) => {
    tg.createTask(getter);
    tg.createTask(putter(0));
    tg.createTask(putter(1));
    tg.createTask(putter(2));
    tg.createTask(putter(3));
  });
});

test("QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters", async () => {
  // A full queue, and a task waiting for room.
  const queue = new Queue({ maxsize: 1 });
  queue.putNowait(1);
  const putTask = createTask(() => queue.put(1));
  await sleep(0);
  // Cancelling the task removes its putter.
  eq(nPutters(queue), 1);
  putTask.cancel();
  await rejects(putTask, CancelledError);
  eq(nPutters(queue), 0);
});

test("QueuePutTests.test_cancelled_put_silence_value_error_exception", async () => {
  const queue = new Queue(1);
  queue.putNowait(1);
  const putTask = createTask(() => queue.put(1));
  await sleep(0);
  // getNowait() takes putTask's future out of the putters;
  queue.getNowait();
  // cancelling must not trip over its absence.
  putTask.cancel();
  await rejects(putTask, CancelledError);
});

test("LifoQueueTests.test_order", async () => {
  const q = new LifoQueue();
  for (const i of [1, 3, 2]) await q.put(i);
  const items = [];
  for (let i = 0; i < 3; i++) items.push(await q.get());
  eq(items.join(), "2,3,1");
});

test("PriorityQueueTests.test_order", async () => {
  const q = new PriorityQueue();
  for (const i of [1, 3, 2]) await q.put(i);
  const items = [];
  for (let i = 0; i < 3; i++) items.push(await q.get());
  eq(items.join(), "1,2,3");
});

await run();
