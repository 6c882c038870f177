// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13): the
// asyncio.shield tests. test_utils.run_briefly(loop) is `await sleep(0)`.
const { test, run, eq, assert, rejects } = require("../../lib/check.js");

test("test_shield_result", async () => {
  const inner = new Future();
  const outer = shield(inner);
  inner.setResult(42);
  eq(await outer, 42);
});

test("test_shield_exception", async () => {
  const inner = new Future();
  const outer = shield(inner);
  await sleep(0);
  const exc = new Error("expected");
  inner.setException(exc);
  await sleep(0);
  eq(outer.exception(), exc);
});

test("test_shield_cancel_inner", async () => {
  const inner = new Future();
  const outer = shield(inner);
  await sleep(0);
  inner.cancel();
  await sleep(0);
  assert(outer.cancelled(), "outer cancelled");
});

test("test_shield_cancel_outer", async () => {
  const inner = new Future();
  const outer = shield(inner);
  await sleep(0);
  outer.cancel();
  await sleep(0);
  assert(outer.cancelled(), "outer cancelled");
  // (CPython also checks that outer._callbacks is empty: private state.)
  assert(!inner.cancelled(), "inner is not cancelled");
  assert(!inner.done(), "inner still pending");
});

// An inner that succeeds after its outer was cancelled is no failure: the
// loop's exception handler is not called, i.e. the script exits 0.
test("test_shield_cancel_outer_result", async () => {
  const inner = new Future();
  const outer = shield(inner);
  await sleep(0);
  outer.cancel();
  await sleep(0);
  inner.setResult(1);
  await sleep(0);
  assert(outer.cancelled(), "outer cancelled");
  eq(inner.result(), 1);
});

test("test_shield_shortcut", async () => {
  const fut = new Future();
  fut.setResult(42);
  // asyncio.shield returns an inner that is already done as it is.
  const sh = shield(fut);
  eq(sh, fut, "shield(done future) returns it");
  eq(await sh, 42);
});

test("test_shield_effect", async () => {
  // Cancelling outer() does not affect inner().
  let proof = 0;
  const waiter = new Future();
  async function inner() {
    await waiter;
    proof += 1;
  }
  async function outer() {
    await shield(inner); // a function is scheduled as a new task
    proof += 100;
  }
  const f = createTask(outer);
  await sleep(0);
  f.cancel();
  await rejects(f, CancelledError);
  waiter.setResult(null);
  await sleep(0);
  eq(proof, 1);
});

// test_shield_coroutine_use_running_loop: shield(coro()) called inside a
// running task schedules the coroutine as a task and follows it.
test("test_shield_coroutine_use_running_loop", async () => {
  async function coro() {
    return 42;
  }
  const outer = await createTask(async () => ({ outer: shield(coro) }));
  eq(await outer.outer, 42);
});

await run();
