// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_queues.py, _QueueJoinTestMixin
// run for Queue, LifoQueue and PriorityQueue (QueueJoinTests,
// LifoQueueJoinTests, PriorityQueueJoinTests). ValueError from task_done()
// is InvalidStateError (API.md §3); _format() is the description String(q).
const { test, run, eq, assert, throws } = require("../../lib/check.js");
const { taskGroup } = require("../locks/lib/compat.js");

for (const QClass of [Queue, LifoQueue, PriorityQueue]) {
  const prefix = `${QClass.name}JoinTests`;

  test(`${prefix}.test_task_done_underflow`, () => {
    const q = new QClass();
    throws(() => q.taskDone(), InvalidStateError);
  });

  test(`${prefix}.test_task_done`, async () => {
    const q = new QClass();
    for (let i = 0; i < 100; i++) q.putNowait(i);
    let accumulator = 0;
    // Two workers take items and mark each done; join() returns once all
    // items are processed.
    let running = true;
    const worker = async () => {
      while (running) {
        const item = await q.get();
        accumulator += item;
        q.taskDone();
      }
    };
    await taskGroup(async (tg) => {
      const tasks = [tg.createTask(worker), tg.createTask(worker)];
      await q.join();
      eq(accumulator, (99 * 100) / 2);
      // Let the workers finish.
      running = false;
      for (let i = 0; i < tasks.length; i++) q.putNowait(0);
    });
  });

  test(`${prefix}.test_join_empty_queue`, async () => {
    const q = new QClass();
    // join() on an empty queue returns at once (twice for insurance).
    await q.join();
    await q.join();
  });

  test(`${prefix}.test_format`, () => {
    const q = new QClass();
    eq(String(q), `[${QClass.name} maxsize:0, size:0]`);
    q._unfinishedTasks = 2;
    eq(String(q), `[${QClass.name} maxsize:0, size:0, tasks:2]`);
  });
}

await run();
