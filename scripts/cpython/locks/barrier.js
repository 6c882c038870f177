// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_locks.py, class BarrierTests
// (3.13). `async with barrier as i` is barrier.run((i) => ...); ValueError
// is RangeError; n_waiting is nWaiting; barrier._count is the internal count
// of tasks inside wait(), as in CPython.
const { test, run, eq, assert, deepEq, throws } = require("../../lib/check.js");
const { gather } = require("./lib/compat.js");

const N = 5;

function makeTasks(n, coro) {
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(createTask(coro));
  return tasks;
}

async function gatherTasks(n, coro) {
  const tasks = makeTasks(n, coro);
  const res = await gather(tasks);
  return [res, tasks];
}

const range = (n) => Array.from({ length: n }, (_, i) => i);
const sorted = (a) => [...a].sort((x, y) => x - y);
const repr = (b) => String(b);

test("BarrierTests.test_barrier", async () => {
  const barrier = new Barrier(N);
  assert(repr(barrier).includes("filling"));
  eq(await barrier, barrier); // not a thenable
  assert(repr(barrier).includes("filling"));
});

test("BarrierTests.test_repr", async () => {
  const barrier = new Barrier(N);
  eq(repr(barrier), `[Barrier filling, waiters:0/${N}]`);
  const waiters = [];
  const wait = () => barrier.wait();
  const incr = 2;
  for (let i = 0; i < incr; i++) waiters.push(createTask(wait));
  await sleep(0);
  assert(repr(barrier).includes(`waiters:${incr}/${N}`), repr(barrier));
  assert(repr(barrier).includes("filling"));

  // Create the missing waiters.
  for (let i = 0, n = barrier.parties - barrier.nWaiting; i < n; i++) waiters.push(createTask(wait));
  await sleep(0);
  assert(repr(barrier).includes("draining"), repr(barrier));

  // Add some waiters, then reset.
  for (let i = 0; i < incr; i++) waiters.push(createTask(wait));
  await sleep(0);
  await barrier.reset();
  assert(repr(barrier).includes("resetting"), repr(barrier));

  // Add some waiters again, then abort.
  for (let i = 0; i < incr; i++) waiters.push(createTask(wait));
  await sleep(0);
  await barrier.abort();
  eq(repr(barrier), "[Barrier broken]");
  assert(barrier.broken);

  // Collect the failures.
  await gather(waiters, { returnExceptions: true });
});

test("BarrierTests.test_barrier_parties", () => {
  throws(() => new Barrier(0), RangeError);
  throws(() => new Barrier(-4), RangeError);
  assert(new Barrier(N) instanceof Barrier);
});

test("BarrierTests.test_context_manager", async () => {
  const n = 3;
  const barrier = new Barrier(n);
  const results = [];
  await gatherTasks(n, () => barrier.run((i) => { results.push(i); }));
  deepEq(sorted(results), range(n));
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_filling_one_task", async () => {
  const barrier = new Barrier(1);
  const ret = await barrier.run(() => true);
  assert(ret);
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_filling_one_task_twice", async () => {
  const barrier = new Barrier(1);
  const t1 = createTask(() => barrier.wait());
  await sleep(0);
  eq(barrier.nWaiting, 0);
  const t2 = createTask(() => barrier.wait());
  await sleep(0);
  eq(t1.result(), t2.result());
  eq(t1.done(), t2.done());
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_filling_task_by_task", async () => {
  const n = 3;
  const barrier = new Barrier(n);
  const t1 = createTask(() => barrier.wait());
  await sleep(0);
  eq(barrier.nWaiting, 1);
  assert(repr(barrier).includes("filling"));
  const t2 = createTask(() => barrier.wait());
  await sleep(0);
  eq(barrier.nWaiting, 2);
  assert(repr(barrier).includes("filling"));
  const t3 = createTask(() => barrier.wait());
  await sleep(0);
  await gather([t1, t2, t3]);
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_filling_tasks_wait_twice", async () => {
  const barrier = new Barrier(N);
  const results = [];
  await gatherTasks(N, () => barrier.run(async () => {
    results.push(true);
    await barrier.run(() => { results.push(false); });
  }));
  eq(results.length, N * 2);
  eq(results.filter((x) => x === true).length, N);
  eq(results.filter((x) => x === false).length, N);
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_filling_tasks_check_return_value", async () => {
  const barrier = new Barrier(N);
  const results1 = [], results2 = [];
  const [res] = await gatherTasks(N, () => barrier.run(async () => {
    results1.push(true);
    return barrier.run((i) => {
      results2.push(true);
      return i;
    });
  }));
  eq(results1.length, N);
  eq(results2.length, N);
  deepEq(sorted(res), range(N));
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_draining_state", async () => {
  const barrier = new Barrier(N);
  const results = [];
  await gatherTasks(N, () => barrier.run(() => {
    // The state changes to filling when the last task leaves.
    results.push(repr(barrier).includes("draining"));
  }));
  eq(results.length, N);
  eq(results[N - 1], false);
  assert(results.slice(0, N - 1).every((x) => x));
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_blocking_tasks_while_draining", async () => {
  const rewait = 2;
  const barrier = new Barrier(N);
  const barrierNowaiting = new Barrier(N - rewait);
  let rewaitN = rewait;
  await gatherTasks(N, async () => {
    // First wait.
    await barrier.wait();
    if (rewaitN > 0) {
      rewaitN -= 1;
      // Wait again, only for the rewait tasks.
      await barrier.wait();
    } else {
      // Wait for the end of the draining state,
      await barrierNowaiting.wait();
      // then for the other waiting tasks.
      await barrier.wait();
    }
  });
  // Success means barrierNowaiting was waited for exactly N-rewait times.
});

test("BarrierTests.test_filling_tasks_cancel_one", async () => {
  const n = 3;
  const barrier = new Barrier(n);
  const results = [];
  const coro = async () => {
    await barrier.wait();
    results.push(true);
  };
  const t1 = createTask(coro);
  await sleep(0);
  eq(barrier.nWaiting, 1);
  const t2 = createTask(coro);
  await sleep(0);
  eq(barrier.nWaiting, 2);
  t1.cancel();
  await sleep(0);
  eq(barrier.nWaiting, 1);
  try {
    await t1;
    assert(false, "t1 was not cancelled");
  } catch (e) {
    assert(e instanceof CancelledError, String(e));
  }
  assert(t1.cancelled());
  const t3 = createTask(coro);
  await sleep(0);
  eq(barrier.nWaiting, 2);
  const t4 = createTask(coro);
  await gather([t2, t3, t4]);
  eq(results.length, n);
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_reset_barrier", async () => {
  const barrier = new Barrier(1);
  createTask(() => barrier.reset());
  await sleep(0);
  eq(barrier.nWaiting, 0);
  assert(!barrier.broken);
});

test("BarrierTests.test_reset_barrier_while_tasks_waiting", async () => {
  const barrier = new Barrier(N);
  const results = [];
  const coro = async () => {
    try {
      await barrier.wait();
    } catch (e) {
      if (!(e instanceof BrokenBarrierError)) throw e;
      results.push(true);
    }
  };
  // N-1 tasks waiting on a barrier with N parties.
  const tasks = makeTasks(N - 1, coro);
  await sleep(0);
  // Reset the barrier.
  createTask(() => barrier.reset());
  await gather(tasks);
  eq(results.length, N - 1);
  eq(barrier.nWaiting, 0);
  assert(!repr(barrier).includes("resetting"));
  assert(!barrier.broken);
});

test("BarrierTests.test_reset_barrier_when_tasks_half_draining", async () => {
  const barrier = new Barrier(N);
  const results1 = [];
  const restOfTasks = N >> 1;
  await gatherTasks(N, async () => {
    try {
      await barrier.wait();
    } catch (e) {
      if (!(e instanceof BrokenBarrierError)) throw e;
      // Tasks still waiting are caught here.
      results1.push(true);
      return;
    }
    // A drained task, outside the barrier.
    if (restOfTasks === barrier._count) await barrier.reset();
  });
  deepEq(results1, Array(restOfTasks).fill(true));
  eq(barrier.nWaiting, 0);
  assert(!repr(barrier).includes("resetting"));
  assert(!barrier.broken);
});

test("BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking", async () => {
  const barrier = new Barrier(N);
  const results1 = [], results2 = [];
  const blockingTasks = N >> 1;
  let count = 0;
  await gatherTasks(N, async () => {
    try {
      await barrier.wait();
    } catch (e) {
      if (!(e instanceof BrokenBarrierError)) throw e;
      // Tasks still waiting are caught here,
      results1.push(true);
      // and wait again until the parties are reached.
      await barrier.wait();
      return;
    }
    count += 1;
    if (count > blockingTasks) {
      // Reset now: BrokenBarrierError for the waiting tasks,
      await barrier.reset();
      // then wait until the parties are reached.
      await barrier.wait();
    } else {
      try {
        await barrier.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        // Not reached: blocked tasks go on waiting.
        results2.push(true);
      }
    }
  });
  deepEq(results1, Array(blockingTasks).fill(true));
  deepEq(results2, []);
  eq(barrier.nWaiting, 0);
  assert(!repr(barrier).includes("resetting"));
  assert(!barrier.broken);
});

test("BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again", async () => {
  const barrier = new Barrier(N);
  const results1 = [], results2 = [];
  const coro1 = async () => {
    try {
      await barrier.wait();
    } catch (e) {
      if (!(e instanceof BrokenBarrierError)) throw e;
      results1.push(true);
    } finally {
      await barrier.wait();
      results2.push(true);
    }
  };
  const coro2 = () => barrier.run(() => { results2.push(true); });
  const tasks = makeTasks(N - 1, coro1);
  // Reset the barrier: the N-1 waiting tasks get BrokenBarrierError.
  createTask(() => barrier.reset());
  await sleep(0);
  // Complete the waiting tasks in their `finally`.
  const last = createTask(coro2);
  await gather(tasks);
  await last;
  assert(!barrier.broken);
  eq(results1.length, N - 1);
  eq(results2.length, N);
  eq(barrier.nWaiting, 0);
});

test("BarrierTests.test_reset_barrier_while_tasks_draining", async () => {
  const barrier = new Barrier(N);
  const results1 = [], results2 = [], results3 = [];
  let count = 0;
  await gatherTasks(N, async () => {
    await barrier.wait();
    count += 1;
    if (count === N) {
      // The last task out of the barrier.
      await barrier.reset();
      // Wait here until the parties are reached.
      await barrier.wait();
    } else {
      try {
        // Second wait.
        await barrier.wait();
        // N-1 tasks get here.
        results1.push(true);
      } catch (e) {
        // Never reached.
        results2.push(true);
      }
    }
    // Pass the barrier once more: this last wait must complete.
    await barrier.wait();
    results3.push(true);
  });
  assert(!barrier.broken);
  eq(results1.length, N - 1);
  eq(results2.length, 0);
  eq(results3.length, N);
  eq(barrier.nWaiting, 0);
});

test("BarrierTests.test_abort_barrier", async () => {
  const barrier = new Barrier(1);
  createTask(() => barrier.abort());
  await sleep(0);
  eq(barrier.nWaiting, 0);
  assert(barrier.broken);
});

test("BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking", async () => {
  const barrier = new Barrier(N);
  const results1 = [], results2 = [];
  const blockingTasks = N >> 1;
  let count = 0;
  await gatherTasks(N, async () => {
    try {
      await barrier.wait();
    } catch (e) {
      if (!(e instanceof BrokenBarrierError)) throw e;
      // Tasks waiting to drain are caught here.
      results1.push(true);
      return;
    }
    count += 1;
    if (count > blockingTasks) {
      // Abort now: BrokenBarrierError for every task.
      await barrier.abort();
    } else {
      try {
        await barrier.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        // Blocked tasks (already drained) are caught here.
        results2.push(true);
      }
    }
  });
  assert(barrier.broken);
  deepEq(results1, Array(blockingTasks).fill(true));
  deepEq(results2, Array(N - blockingTasks - 1).fill(true));
  eq(barrier.nWaiting, 0);
  assert(!repr(barrier).includes("resetting"));
});

test("BarrierTests.test_abort_barrier_when_exception", async () => {
  // From threading.Barrier's lock_tests.test_reset.
  const barrier = new Barrier(N);
  const results1 = [], results2 = [];
  class Boom extends Error {}
  await gatherTasks(N, async () => {
    try {
      await barrier.run((i) => {
        if (i === N >> 1) throw new Boom();
      });
      await barrier.run(() => { results1.push(true); });
    } catch (e) {
      if (e instanceof BrokenBarrierError) results2.push(true);
      else if (e instanceof Boom) await barrier.abort();
      else throw e;
    }
  });
  assert(barrier.broken);
  eq(results1.length, 0);
  eq(results2.length, N - 1);
  eq(barrier.nWaiting, 0);
});

test("BarrierTests.test_abort_barrier_when_exception_then_resetting", async () => {
  // From threading.Barrier's lock_tests.test_abort_and_reset.
  const barrier1 = new Barrier(N);
  const barrier2 = new Barrier(N);
  const results1 = [], results2 = [], results3 = [];
  class Boom extends Error {}
  await gatherTasks(N, async () => {
    try {
      const i = await barrier1.wait();
      if (i === N >> 1) throw new Boom();
      await barrier1.wait();
      results1.push(true);
    } catch (e) {
      if (e instanceof BrokenBarrierError) results2.push(true);
      else if (e instanceof Boom) await barrier1.abort();
      else throw e;
    }
    // Synchronise, reset the barrier, synchronise again: everyone has left
    // it before the reset and nobody enters it before the reset is done.
    const i = await barrier2.wait();
    if (i === N >> 1) await barrier1.reset();
    await barrier2.wait();
    await barrier1.wait();
    results3.push(true);
  });
  assert(!barrier1.broken);
  eq(results1.length, 0);
  eq(results2.length, N - 1);
  eq(results3.length, N);
  eq(barrier1.nWaiting, 0);
});

await run();
