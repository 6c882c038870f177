// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_queues.py,
// _QueueShutdownTestMixin run for Queue, LifoQueue and PriorityQueue
// (QueueShutdownTests, LifoQueueShutdownTests, PriorityQueueShutdownTests).
// shutdown(immediate=X) is shutdown({immediate: X}); ValueError from
// task_done() is InvalidStateError.
const { test, run, eq, assert, throws, rejects } = require("../../lib/check.js");
const { raises } = require("../locks/lib/compat.js");

for (const QClass of [Queue, LifoQueue, PriorityQueue]) {
  const prefix = `${QClass.name}ShutdownTests`;

  test(`${prefix}.test_format`, () => {
    const q = new QClass();
    q.shutdown();
    eq(String(q), `[${QClass.name} maxsize:0, size:0, shutdown]`);
  });

  test(`${prefix}.test_shutdown_empty`, async () => {
    // An empty queue, with a get() task pending before the shutdown.
    const q = new QClass();
    const getTask = createTask(() => q.get());
    await sleep(0);
    q.shutdown({ immediate: false }); // unfinished tasks: 0 -> 0
    eq(q.qsize(), 0);
    // join() finishes.
    await q.join();
    // The get() task is finished, with QueueShutDown.
    await sleep(0);
    assert(getTask.done());
    await rejects(getTask, QueueShutDown);
    // put() and get() fail with QueueShutDown.
    await raises(() => q.put("data"), QueueShutDown);
    throws(() => q.putNowait("data"), QueueShutDown);
    await raises(() => q.get(), QueueShutDown);
    throws(() => q.getNowait(), QueueShutDown);
  });

  test(`${prefix}.test_shutdown_nonempty`, async () => {
    // A full queue with one item, and join() and put() tasks.
    const q = new QClass({ maxsize: 1 });
    q.putNowait("data");
    const joinTask = createTask(() => q.join());
    const putTask = createTask(() => q.put("data2"));
    // The put() task is not finished.
    await sleep(0);
    assert(!putTask.done());
    q.shutdown({ immediate: false }); // unfinished tasks: 1 -> 1
    eq(q.qsize(), 1);
    // The put() task is finished, with QueueShutDown.
    await sleep(0);
    assert(putTask.done());
    await rejects(putTask, QueueShutDown);
    // get() still returns the queued item.
    eq(await q.get(), "data");
    // The join() task is not finished.
    await sleep(0);
    assert(!joinTask.done());
    await raises(() => q.put("data"), QueueShutDown);
    throws(() => q.putNowait("data"), QueueShutDown);
    await raises(() => q.get(), QueueShutDown);
    throws(() => q.getNowait(), QueueShutDown);
    // One unfinished task: mark it done and join() returns.
    q.taskDone();
    await sleep(0);
    assert(joinTask.done());
    await joinTask;
    throws(() => q.taskDone(), InvalidStateError, "Didn't appear to mark all tasks done");
  });

  test(`${prefix}.test_shutdown_immediate`, async () => {
    // A queue with one item, and a join() task.
    const q = new QClass();
    q.putNowait("data");
    const joinTask = createTask(() => q.join());
    q.shutdown({ immediate: true }); // unfinished tasks: 1 -> 0
    eq(q.qsize(), 0);
    // The join() task finished.
    await sleep(0);
    assert(joinTask.done());
    await joinTask;
    await raises(() => q.put("data"), QueueShutDown);
    throws(() => q.putNowait("data"), QueueShutDown);
    await raises(() => q.get(), QueueShutDown);
    throws(() => q.getNowait(), QueueShutDown);
    // No unfinished tasks are left.
    throws(() => q.taskDone(), InvalidStateError, "Didn't appear to mark all tasks done");
  });

  test(`${prefix}.test_shutdown_immediate_with_unfinished`, async () => {
    // A queue with two items (one taken), and a join() task.
    const q = new QClass();
    q.putNowait("data");
    q.putNowait("data");
    const joinTask = createTask(() => q.join());
    eq(await q.get(), "data");
    q.shutdown({ immediate: true }); // unfinished tasks: 2 -> 1
    eq(q.qsize(), 0);
    // The join() task is not finished.
    await sleep(0);
    assert(!joinTask.done());
    await raises(() => q.put("data"), QueueShutDown);
    throws(() => q.putNowait("data"), QueueShutDown);
    await raises(() => q.get(), QueueShutDown);
    throws(() => q.getNowait(), QueueShutDown);
    // One unfinished task.
    q.taskDone();
    throws(() => q.taskDone(), InvalidStateError, "Didn't appear to mark all tasks done");
    // The join() task finished.
    await sleep(0);
    assert(joinTask.done());
    await joinTask;
  });
}

await run();
