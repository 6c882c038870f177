// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13): wait().
// Seconds are milliseconds here (0.1 -> 100); loop.time() is now(), measured
// from the start of each test; the test loop's advance_time(10) at the end
// of a case is simply waiting for what is left (time is virtual).
const { test, run, eq, assert, deepEq, rejects } = require("../../lib/check.js");
const { runBriefly } = require("./lib/util.js");

const sameSet = (a, b, msg) => {
  eq(a.size, b.length, `${msg} size`);
  for (const x of b) assert(a.has(x), `${msg} lacks an element`);
};

test("test_wait", async () => {
  const t0 = now();
  const a = createTask(() => sleep(100));
  const b = createTask(() => sleep(150));
  async function foo() {
    const { done, pending } = await wait([b, a]);
    sameSet(done, [a, b], "done");
    sameSet(pending, [], "pending");
    return 42;
  }
  eq(await createTask(foo), 42);
  eq(now() - t0, 150, "elapsed");
  // Doing it again should take no time and exercise a different path.
  eq(await createTask(foo), 42);
  eq(now() - t0, 150, "elapsed");
});

test("test_wait_duplicate_coroutines", async () => {
  const coro = async (s) => s;
  const c = createTask(() => coro("test"));
  const { done, pending } = await createTask(() => wait([c, c, createTask(() => coro("spam"))]));
  eq(pending.size, 0, "pending");
  deepEq([...done].map((f) => f.result()).sort(), ["spam", "test"]);
});

test("test_wait_errors", async () => {
  await rejects(wait(new Set()), RangeError);
  // -1 is an invalid returnWhen value
  const sleeper = createTask(() => sleep(10000));
  await rejects(wait([sleeper], { returnWhen: -1 }), RangeError);
  sleeper.cancel();
  await wait([sleeper]);
});

test("test_wait_first_completed", async () => {
  const t0 = now();
  const a = createTask(() => sleep(10000));
  const b = createTask(() => sleep(100));
  const task = createTask(() => wait([b, a], { returnWhen: FIRST_COMPLETED }));
  const { done, pending } = await task;
  sameSet(done, [b], "done");
  sameSet(pending, [a], "pending");
  assert(!a.done(), "a done");
  assert(b.done(), "b done");
  eq(b.result(), undefined);
  eq(now() - t0, 100, "elapsed");
  // move forward to close generator
  await wait([a, b]);
});

test("test_wait_really_done", async () => {
  // there is possibility that some tasks in the pending list
  // became done but their callbacks haven't all been called yet
  async function coro1() {
    await sleep(0);
  }
  async function coro2() {
    await sleep(0);
    await sleep(0);
  }
  const a = createTask(coro1);
  const b = createTask(coro2);
  const task = createTask(() => wait([b, a], { returnWhen: FIRST_COMPLETED }));
  const { done } = await task;
  sameSet(done, [a, b], "done");
  assert(a.done(), "a done");
  eq(a.result(), undefined);
  assert(b.done(), "b done");
  eq(b.result(), undefined);
});

test("test_wait_first_exception", async () => {
  const t0 = now();
  // first_exception, task already has exception
  const a = createTask(() => sleep(10000));
  async function exc() {
    throw new RangeError("err");
  }
  const b = createTask(exc);
  const task = createTask(() => wait([b, a], { returnWhen: FIRST_EXCEPTION }));
  const { done, pending } = await task;
  sameSet(done, [b], "done");
  sameSet(pending, [a], "pending");
  eq(now() - t0, 0, "elapsed");
  // move forward to close generator
  await wait([a, b]);
});

test("test_wait_first_exception_in_wait", async () => {
  const t0 = now();
  // first_exception, exception during waiting
  const a = createTask(() => sleep(10000));
  async function exc() {
    await sleep(10);
    throw new RangeError("err");
  }
  const b = createTask(exc);
  const { done, pending } = await wait([b, a], { returnWhen: FIRST_EXCEPTION });
  sameSet(done, [b], "done");
  sameSet(pending, [a], "pending");
  eq(now() - t0, 10, "elapsed");
  // move forward to close generator
  await wait([a, b]);
});

test("test_wait_with_exception", async () => {
  const t0 = now();
  const a = createTask(() => sleep(100));
  async function sleeper() {
    await sleep(150);
    throw new RangeError("really");
  }
  const b = createTask(sleeper);
  async function foo() {
    const { done, pending } = await wait([b, a]);
    eq(done.size, 2, "done size");
    eq(pending.size, 0, "pending size");
    const errors = [...done].filter((f) => f.exception() !== null);
    eq(errors.length, 1, "errors");
  }
  await createTask(foo);
  eq(now() - t0, 150, "elapsed");
  await createTask(foo);
  eq(now() - t0, 150, "elapsed");
});

test("test_wait_with_timeout", async () => {
  const t0 = now();
  const a = createTask(() => sleep(100));
  const b = createTask(() => sleep(150));
  async function foo() {
    const { done, pending } = await wait([b, a], { timeout: 110 });
    sameSet(done, [a], "done");
    sameSet(pending, [b], "pending");
  }
  await createTask(foo);
  eq(now() - t0, 110, "elapsed");
  // move forward to close generator
  await wait([a, b]);
});

test("test_wait_concurrent_complete", async () => {
  const t0 = now();
  const a = createTask(() => sleep(100));
  const b = createTask(() => sleep(150));
  // run_until_complete(wait(...)) runs wait in a task of its own, which
  // starts after a and b: their timers come first at the same deadline.
  const { done, pending } = await createTask(() => wait([b, a], { timeout: 100 }));
  sameSet(done, [a], "done");
  sameSet(pending, [b], "pending");
  eq(now() - t0, 100, "elapsed");
  // move forward to close generator
  await wait([a, b]);
});

test("test_wait_with_iterator_of_tasks", async () => {
  const t0 = now();
  const a = createTask(() => sleep(100));
  const b = createTask(() => sleep(150));
  async function foo() {
    const { done, pending } = await wait([b, a][Symbol.iterator]());
    sameSet(done, [a, b], "done");
    sameSet(pending, [], "pending");
    return 42;
  }
  eq(await createTask(foo), 42);
  eq(now() - t0, 150, "elapsed");
});

test("test_wait_generator", async () => {
  const func = async (a) => a;
  function* tasks() {
    for (let i = 0; i < 10; i++) yield createTask(() => func(i));
  }
  const { done, pending } = await wait(tasks(), { returnWhen: ALL_COMPLETED });
  eq(done.size, 10, "done");
  eq(pending.size, 0, "pending");
});

test("test_wait_invalid_args", async () => {
  const fut = new Future();
  // wait() expects a list of futures, not a future instance
  await rejects(wait(fut), TypeError);
  // ... nor a coroutine (a function here)
  await rejects(wait(async () => {}), TypeError);
  // wait() expects at least a future
  await rejects(wait([]), RangeError);
});

test("test_wait_coroutines_forbidden", async () => {
  // asyncio 3.11+: "Passing coroutines is forbidden, use tasks explicitly."
  // Functions and plain promises would come back as wrappers the caller
  // does not hold, so wait() refuses them the same way.
  await rejects(wait([async () => {}]), TypeError);
  await rejects(wait([Promise.resolve(1)]), TypeError);
});

test("test_yield_wait_does_not_shield_cancel", async () => {
  // Cancelling outer() makes wait() return early, leaves inner() running.
  let proof = 0;
  const waiter = new Future();
  async function inner() {
    await waiter;
    proof += 1;
  }
  async function outer() {
    await wait([createTask(inner)]);
    proof += 100;
  }
  const f = createTask(outer);
  await runBriefly();
  f.cancel();
  await rejects(f, CancelledError);
  waiter.setResult(null);
  await runBriefly();
  await runBriefly();
  eq(proof, 1);
});

test("test_current_task_with_interleaving_tasks", async () => {
  const fut1 = new Future();
  const fut2 = new Future();
  async function coro1() {
    assert(currentTask() === task1, "in task1");
    await fut1;
    assert(currentTask() === task1, "in task1");
    fut2.setResult(true);
  }
  async function coro2() {
    assert(currentTask() === task2, "in task2");
    fut1.setResult(true);
    await fut2;
    assert(currentTask() === task2, "in task2");
  }
  const task1 = createTask(coro1);
  const task2 = createTask(coro2);
  await wait([task1, task2]);
  task1.result();
  task2.result();
});

test("test_cancel_with_message_then_future_result", async () => {
  for (const [args, expected] of [[[], ""], [[null], ""], [["my message"], "my message"], [[5], "5"]]) {
    async function coro() {
      const task = createTask(() => sleep(10000));
      await sleep(0);
      task.cancel(...args);
      await wait([task]);
      task.result();
    }
    const e = await rejects(createTask(coro), CancelledError);
    eq(e.message, expected, "message");
  }
});

test("test_cancel_with_message_then_future_exception", async () => {
  for (const [args, expected] of [[[], ""], [[null], ""], [["my message"], "my message"], [[5], "5"]]) {
    async function coro() {
      const task = createTask(() => sleep(10000));
      await sleep(0);
      task.cancel(...args);
      await wait([task]);
      task.exception();
    }
    const e = await rejects(createTask(coro), CancelledError);
    eq(e.message, expected, "message");
  }
});

test("test_cancel_with_message_before_starting_task", async () => {
  async function coro() {
    const task = createTask(() => sleep(10000));
    // We deliberately leave out the sleep here.
    task.cancel("my message");
    await wait([task]);
    task.exception();
  }
  const e = await rejects(createTask(coro), CancelledError);
  eq(e.message, "my message");
});

test("test_wait_does_not_cancel_on_timeout", async () => {
  const t = createTask(() => sleep(50, "late"));
  const { done, pending } = await wait([t], { timeout: 10 });
  eq(done.size, 0, "done");
  assert(pending.has(t) && !t.cancelled(), "still running");
  eq(await t, "late");
});

await run();
