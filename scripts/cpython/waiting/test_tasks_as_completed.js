// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13):
// as_completed(). asCompleted returns an array of promises (Futures), the
// i-th settling with the i-th completion (API §3), the counterpart of
// as_completed's plain iterator; the async-iterator variants of the tests
// are the same cases here. Coroutines are functions (they become tasks).
const { test, run, eq, assert, deepEq, throws, rejects } = require("../../lib/check.js");

test("test_as_completed", async () => {
  const t0 = now();
  const completed = new Set();
  const sleeper = (dt, x) => async () => {
    await sleep(dt);
    completed.add(x);
    return x;
  };
  const values = [];
  for (const f of asCompleted([sleeper(10, "b"), sleeper(150, "c"), sleeper(10, "a")])) {
    values.push(await f);
  }
  eq(now() - t0, 150, "elapsed");
  assert(values.slice(0, 2).includes("a"), "a among the first two");
  assert(values.slice(0, 2).includes("b"), "b among the first two");
  eq(values[2], "c");
});

test("test_as_completed_with_timeout", async () => {
  const t0 = now();
  const a = createTask(() => sleep(100, "a"));
  const b = createTask(() => sleep(150, "b"));
  const values = [];
  for (const f of asCompleted([a, b], { timeout: 120 })) {
    try {
      values.push([1, await f]);
    } catch (e) {
      values.push([2, e]);
    }
  }
  eq(values.length, 2);
  deepEq(values[0], [1, "a"]);
  eq(values[1][0], 2);
  assert(values[1][1] instanceof TimeoutError, "a TimeoutError");
  eq(now() - t0, 120, "elapsed");
  // move forward to close generator
  await wait([a, b]);
  assert(!b.cancelled(), "the timeout cancels nothing");
});

test("test_as_completed_with_unused_timeout", async () => {
  const t0 = now();
  for (const f of asCompleted([() => sleep(10, "a")], { timeout: 1000 })) {
    eq(await f, "a");
  }
  eq(now() - t0, 10, "elapsed");
  // The timeout was disarmed: nothing keeps the loop busy until 1000.
  await sleep(0);
});

test("test_as_completed_resume_iterator", async () => {
  const coro = (i) => async () => i;
  const it = asCompleted([coro(0), coro(1), coro(2), coro(3)])[Symbol.iterator]();
  const collected = [];
  let iterations = 0;
  for (const f of { [Symbol.iterator]: () => it }) {
    collected.push(await f);
    if (++iterations === 2) break;
  }
  eq(collected.length, 2);
  // Resume the same iterator.
  for (let r = it.next(); !r.done; r = it.next()) collected.push(await r.value);
  deepEq(collected.sort(), [0, 1, 2, 3]);
});

test("test_as_completed_reverse_wait", async () => {
  // asyncio hands the first completion to whichever awaitable is awaited
  // first; here the i-th promise settles with the i-th completion
  // (API §3), so awaiting futs[1] first waits for the second one.
  const t0 = now();
  const futs = asCompleted([() => sleep(50, "a"), () => sleep(100, "b")]);
  eq(futs.length, 2);
  const y = await futs[1];
  eq(y, "b");
  eq(now() - t0, 100, "elapsed");
  const x = await futs[0];
  eq(x, "a");
  eq(now() - t0, 100, "elapsed");
});

test("test_as_completed_concurrent", async () => {
  // More than one promise from asCompleted can be awaited concurrently.
  const futs = asCompleted([() => sleep(50, "a"), () => sleep(50, "b")]);
  eq(futs.length, 2);
  const { done } = await wait(futs);
  deepEq([...done].map((f) => f.result()).sort(), ["a", "b"]);
});

test("test_as_completed_duplicate_coroutines", async () => {
  const coro = (s) => async () => s;
  const c = coro("ham");
  const result = [];
  for (const f of asCompleted([c, c, coro("spam")])) result.push(await f);
  eq(result.length, 2);
  deepEq(result.sort(), ["ham", "spam"]);
});

test("test_as_completed_coroutine_use_running_loop", async () => {
  const futs = asCompleted([async () => 42]);
  eq(futs.length, 1);
  eq(await futs[0], 42);
});

test("test_as_completed_invalid_args", async () => {
  // as_completed() expects a list of futures, not a future instance
  throws(() => asCompleted(new Future()), TypeError);
  throws(() => asCompleted(async () => {}), TypeError);
});

test("test_as_completed_errors_and_cancellation", async () => {
  const boom = new Error("boom");
  const fail = createTask(async () => {
    await sleep(10);
    throw boom;
  });
  const victim = createTask(() => sleep(1000));
  const futs = asCompleted([fail, victim, () => sleep(30, "ok")]);
  setTimeout(() => victim.cancel("stop"), 20);
  eq(await rejects(futs[0], Error), boom);
  const e = await rejects(futs[1], CancelledError);
  eq(e.message, "stop");
  eq(await futs[2], "ok");
  deepEq(asCompleted([]), []);
});

await run();
