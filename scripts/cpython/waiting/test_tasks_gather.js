// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13): gather().
// FutureGatherTests pass Futures; CoroutineGatherTests pass coroutines,
// which in JavaScript are functions (gather makes them tasks). `*args` is
// an array; return_exceptions is {returnExceptions}. _run_loop is runLoop().
const { test, run, eq, assert, deepEq, throws, rejects } = require("../../lib/check.js");
const { runBriefly, runLoop, mockCallback } = require("./lib/util.js");

const newFutures = (n) => Array.from({ length: n }, () => new Future());
const variants = {
  futures: (...futs) => futs,
  coroutines: (...futs) => futs.map((fut) => async () => await fut),
};

for (const [kind, wrap] of Object.entries(variants)) {
  async function checkSuccess(options) {
    const [a, b, c] = newFutures(3);
    const fut = gather(wrap(a, b, c), options);
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    b.setResult(1);
    a.setResult(2);
    await runLoop();
    eq(cb.called, false, "callback called early");
    assert(!fut.done(), "done early");
    c.setResult(3);
    await runLoop();
    eq(cb.calls.length, 1, "callback calls");
    eq(cb.calls[0][0], fut, "callback argument");
    deepEq(fut.result(), [2, 1, 3]);
  }

  test(`test_success (${kind})`, async () => {
    await checkSuccess();
    await checkSuccess({ returnExceptions: false });
  });

  test(`test_result_exception_success (${kind})`, async () => {
    await checkSuccess({ returnExceptions: true });
  });

  test(`test_one_exception (${kind})`, async () => {
    const [a, b, c, d, e] = newFutures(5);
    const fut = gather(wrap(a, b, c, d, e));
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    const exc = new RangeError("zero division");
    a.setResult(1);
    b.setException(exc);
    await runLoop();
    assert(fut.done(), "done");
    eq(cb.calls.length, 1, "callback calls");
    eq(fut.exception(), exc);
    // Does nothing
    c.setResult(3);
    d.cancel();
    e.setException(new Error("runtime"));
    e.exception();
    await runLoop();
  });

  test(`test_return_exceptions (${kind})`, async () => {
    const [a, b, c, d] = newFutures(4);
    const fut = gather(wrap(a, b, c, d), { returnExceptions: true });
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    const exc = new RangeError("zero division");
    const exc2 = new Error("runtime");
    b.setResult(1);
    c.setException(exc);
    a.setResult(3);
    await runLoop();
    assert(!fut.done(), "done early");
    d.setException(exc2);
    await runLoop();
    assert(fut.done(), "done");
    eq(cb.calls.length, 1, "callback calls");
    const res = fut.result();
    eq(res.length, 4);
    eq(res[0], 3);
    eq(res[1], 1);
    eq(res[2], exc);
    eq(res[3], exc2);
  });
}

test("test_constructor_empty_sequence_use_running_loop", async () => {
  const fut = gather([]);
  assert(fut instanceof Future, "a Future");
  await runLoop();
  assert(fut.done(), "done");
  deepEq(fut.result(), []);
});

test("test_constructor_homogenous_futures", async () => {
  const children = newFutures(3);
  let fut = gather(children);
  await runLoop();
  assert(!fut.done(), "done");
  fut = gather(children);
  await runLoop();
  assert(!fut.done(), "done");
  children.forEach((c, i) => c.setResult(i));
  deepEq(await fut, [0, 1, 2]);
});

test("test_one_cancellation", async () => {
  const [a, b, c, d, e] = newFutures(5);
  const fut = gather([a, b, c, d, e]);
  const cb = mockCallback();
  fut.addDoneCallback(cb);
  a.setResult(1);
  b.cancel();
  await runLoop();
  assert(fut.done(), "done");
  eq(cb.calls.length, 1, "callback calls");
  assert(!fut.cancelled(), "gather's own cancelled() stays false");
  assert(fut.exception() instanceof CancelledError, "exception is a CancelledError");
  // Does nothing
  c.setResult(3);
  d.cancel();
  e.setException(new Error("runtime"));
  e.exception();
});

test("test_result_exception_one_cancellation", async () => {
  const [a, b, c, d, e, f] = newFutures(6);
  const fut = gather([a, b, c, d, e, f], { returnExceptions: true });
  const cb = mockCallback();
  fut.addDoneCallback(cb);
  a.setResult(1);
  const zde = new RangeError("zero division");
  b.setException(zde);
  c.cancel();
  await runLoop();
  assert(!fut.done(), "done early");
  d.setResult(3);
  e.cancel();
  const rte = new Error("runtime");
  f.setException(rte);
  const res = await fut;
  assert(res[2] instanceof CancelledError, "res[2] is a CancelledError");
  assert(res[4] instanceof CancelledError, "res[4] is a CancelledError");
  res[2] = res[4] = null;
  eq(res.length, 6);
  [1, zde, null, 3, null, rte].forEach((v, i) => eq(res[i], v, `res[${i}]`));
  await runLoop();
  eq(cb.calls.length, 1, "callback calls");
});

test("test_constructor_use_running_loop", async () => {
  const coro = async () => "abc";
  const fut = gather([coro, coro]);
  deepEq(await fut, ["abc", "abc"]);
});

test("test_duplicate_coroutines", async () => {
  // A coroutine object is one awaitable: in JavaScript, the same function.
  const coro = (s) => async () => s;
  const c = coro("abc");
  const fut = gather([c, c, coro("def"), c]);
  await runLoop();
  deepEq(fut.result(), ["abc", "abc", "def", "abc"]);
});

test("test_duplicate_futures_and_promises", async () => {
  // asyncio de-duplicates by identity: one child, its result repeated.
  const f = new Future();
  const p = sleep(5, "p");
  const fut = gather([f, p, f, p]);
  f.setResult("f");
  deepEq(await fut, ["f", "p", "f", "p"]);
});

test("test_cancellation_broadcast", async () => {
  // Cancelling outer() cancels all children.
  let proof = 0;
  const waiter = new Future();
  async function inner() {
    await waiter;
    proof += 1;
  }
  const child1 = createTask(inner);
  const child2 = createTask(inner);
  let gatherer = null;
  async function outer() {
    gatherer = gather([child1, child2]);
    await gatherer;
    proof += 100;
  }
  const f = createTask(outer);
  await runBriefly();
  assert(f.cancel(), "cancel() returns true");
  await rejects(f, CancelledError);
  assert(!gatherer.cancel(), "gatherer.cancel() after the fact");
  assert(waiter.cancelled(), "waiter cancelled");
  assert(child1.cancelled(), "child1 cancelled");
  assert(child2.cancelled(), "child2 cancelled");
  await runBriefly();
  eq(proof, 0);
});

test("test_exception_marking", async () => {
  // The second failure, after gather has already failed, is marked
  // retrieved: no "exception was never retrieved" report.
  async function inner(f) {
    await f;
    throw new Error("should not be ignored");
  }
  const a = new Future();
  const b = new Future();
  const f = createTask(async () => {
    await gather([() => inner(a), () => inner(b)]);
  });
  await runBriefly();
  a.setResult(null);
  await runBriefly();
  b.setResult(null);
  await runLoop();
  assert(f.exception() instanceof Error, "outer failed");
  eq(f.exception().message, "should not be ignored");
});

test("test_issue46672", async () => {
  const c = async () => "abc";
  throws(() => gather([c, {}]), TypeError);
  await runLoop();
});

test("test_cancel_gather_1", async () => {
  // A gathering future refuses to be cancelled once all children are done.
  const fut = new Future();
  // ensure_future(gather_future) is the gathering future itself.
  const gatherTask = gather([async () => await fut]);
  await runBriefly();
  let cancelResult = null;
  fut.addDoneCallback(() => {
    cancelResult = gatherTask.cancel();
  });
  fut.setResult(42);
  // At this point the task should complete.
  await gatherTask.catch(() => {});
  // Python issue #26923: asyncio.gather drops cancellation
  eq(cancelResult, false, "cancel() result");
  assert(!gatherTask.cancelled(), "gather task cancelled");
  deepEq(gatherTask.result(), [42]);
});

test("test_cancel_gather_2", async () => {
  for (const [args, expected] of [[[], ""], [[null], ""], [["my message"], "my message"], [[5], "5"]]) {
    async function body() {
      let time = 0;
      for (;;) {
        time += 50;
        await gather([sleep(50)], { returnExceptions: true });
        if (time > 1000) return;
      }
    }
    const qwe = createTask(body);
    await sleep(200);
    qwe.cancel(...args);
    const e = await rejects(qwe, CancelledError, "gather() must propagate the CancelledError to its caller");
    eq(e.message, expected, "message");
    assert(qwe.cancelled(), "task cancelled");
  }
});

test("test_shield_gather", async () => {
  const child1 = new Future();
  const child2 = new Future();
  const parent = gather([child1, child2]);
  const outer = shield(parent);
  await runBriefly();
  outer.cancel();
  await runBriefly();
  assert(outer.cancelled(), "outer cancelled");
  child1.setResult(1);
  child2.setResult(2);
  await runLoop();
  deepEq(parent.result(), [1, 2]);
});

test("test_gather_shield", async () => {
  const child1 = new Future();
  const child2 = new Future();
  const inner1 = shield(child1);
  const inner2 = shield(child2);
  const parent = gather([inner1, inner2]);
  await runBriefly();
  parent.cancel();
  // This should cancel inner1 and inner2 but not child1 and child2.
  await runLoop();
  assert(parent.exception() instanceof CancelledError, "parent failed with CancelledError");
  assert(!parent.cancelled(), "parent not cancelled()");
  assert(inner1.cancelled(), "inner1 cancelled");
  assert(inner2.cancelled(), "inner2 cancelled");
  assert(!child1.done() && !child2.done(), "children untouched");
  child1.setResult(1);
  child2.setResult(2);
  await runBriefly();
});

test("test_task_del_collect", async () => {
  const tasks = [];
  for (let i = 0; i < 100; i++) tasks.push(createTask(async () => ({ i })));
  const res = await gather(tasks);
  eq(res.length, 100);
  eq(res[99].i, 99);
});

test("test_context_3", async () => {
  // Run 100 tasks in parallel (the contextvars checks do not apply: the
  // point kept is gather over many tasks interleaving their sleeps).
  let seed = 7;
  const rand = (lo, hi) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return lo + (seed / 2147483648) * (hi - lo);
  };
  async function sub(num) {
    for (let i = 0; i < 10; i++) {
      const mine = currentTask();
      await sleep(rand(1, 50));
      eq(currentTask(), mine, "still in its own task");
    }
    return num;
  }
  const tasks = [];
  for (let i = 0; i < 100; i++) tasks.push(createTask(() => sub(i)));
  const res = await gather(tasks);
  deepEq(res, Array.from({ length: 100 }, (_, i) => i));
});

await run();
