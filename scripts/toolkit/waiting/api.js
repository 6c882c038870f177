// flags: --virtual-time
// The waiting toolkit's surface (API §2 "Waiting and time", §3): names,
// argument checks, gather's cancellation details, asCompleted's timeout.
const { test, run, eq, assert, deepEq, throws, rejects } = require("../../lib/check.js");

test("exports and constants", async () => {
  const sj = require("shieldjs");
  for (const name of ["gather", "wait", "waitFor", "timeout", "timeoutAt", "asCompleted", "taskGroup", "now"]) {
    eq(typeof sj[name], "function", name);
    eq(sj[name], globalThis[name], `${name} is also a global`);
  }
  eq(FIRST_COMPLETED, "FIRST_COMPLETED");
  eq(FIRST_EXCEPTION, "FIRST_EXCEPTION");
  eq(ALL_COMPLETED, "ALL_COMPLETED");
  const t0 = now();
  await sleep(25);
  eq(now() - t0, 25, "now() is the loop clock in ms");
});

test("argument checks", async () => {
  throws(() => gather(sleep(1)), TypeError);
  throws(() => gather([1]), TypeError);
  throws(() => timeout(10), TypeError);
  throws(() => timeout("10", () => {}), TypeError);
  throws(() => timeoutAt(NaN, () => {}), TypeError);
  throws(() => waitFor(sleep(1), "soon"), TypeError);
  throws(() => asCompleted(null), TypeError);
  await rejects(wait([]), RangeError);
  await rejects(wait(new Set()), RangeError);
  const t = createTask(() => sleep(1));
  await rejects(wait([t], { returnWhen: "SOMETIME" }), RangeError);
  await rejects(wait([t], { timeout: "1s" }), TypeError);
  await t;
});

test("gather takes Tasks, Futures, promises, thenables and functions", async () => {
  const f = new Future();
  setTimeout(() => f.setResult("future"), 5);
  const res = await gather([
    createTask(() => sleep(3, "task")),
    f,
    sleep(1, "sleep"),
    Promise.resolve("promise"),
    { then: (resolve) => resolve("thenable") },
    async () => "function",
  ]);
  deepEq(res, ["task", "future", "sleep", "promise", "thenable", "function"]);
});

test("gather.cancel(msg) cancels every child with msg; gather is not cancelled()", async () => {
  const a = createTask(() => sleep(1000));
  const b = createTask(() => sleep(1000));
  const g = gather([a, b]);
  await sleep(0);
  eq(g.cancel("enough"), true);
  const e = await rejects(g, CancelledError);
  eq(e.message, "enough");
  assert(!g.cancelled(), "gather's cancelled() stays false");
  assert(g.done(), "done");
  eq(g.exception(), e, "exception() is the CancelledError");
  await sleep(0);
  assert(a.cancelled() && b.cancelled(), "children cancelled");
  eq(g.cancel(), false, "cancel() once done");
});

test("gather(returnExceptions) cancelled: still fails with CancelledError", async () => {
  const a = createTask(() => sleep(1000));
  const g = gather([a, () => sleep(5, "x")], { returnExceptions: true });
  await sleep(0);
  g.cancel();
  await rejects(g, CancelledError);
  assert(!g.cancelled(), "not cancelled()");
});

test("gather cancelled while its children ignore it: fails with CancelledError", async () => {
  const stubborn = async () => {
    try {
      await sleep(1000);
    } catch (e) {
      return "ignored";
    }
  };
  const g = gather([stubborn, stubborn]);
  await sleep(0);
  eq(g.cancel("please"), true);
  const e = await rejects(g, CancelledError);
  eq(e.message, "please");
});

test("cancelling the task awaiting gather waits for the children", async () => {
  const log = [];
  const child = (name) => async () => {
    try {
      await sleep(1000);
    } finally {
      await sleep(5);
      log.push(`${name} cleaned up`);
    }
  };
  let g;
  const t = createTask(async () => {
    g = gather([child("a"), child("b")], { returnExceptions: true });
    await g;
  });
  await sleep(1);
  t.cancel("stop");
  const e = await rejects(t, CancelledError);
  eq(e.message, "stop");
  deepEq(log, ["a cleaned up", "b cleaned up"]);
  assert(!g.cancelled(), "gather not cancelled()");
});

test("gather keeps input order and is O(n) over many children", async () => {
  const n = 20000;
  const fns = [];
  for (let i = 0; i < n; i++) fns.push(sleep(n - i, i));
  const res = await gather(fns);
  eq(res.length, n);
  for (let i = 0; i < n; i += 997) eq(res[i], i);
});

test("asCompleted: remaining promises fail with TimeoutError, inputs keep running", async () => {
  const a = createTask(() => sleep(10, "a"));
  const b = createTask(() => sleep(100, "b"));
  const futs = asCompleted([a, b], { timeout: 50 });
  eq(await futs[0], "a");
  await rejects(futs[1], TimeoutError);
  eq(await b, "b");
});

test("asCompleted: stopping at the first TimeoutError leaves nothing unhandled", async () => {
  const tasks = [1, 2, 3].map((i) => createTask(() => sleep(100 * i)));
  try {
    for (const p of asCompleted(tasks, { timeout: 10 })) await p;
  } catch (e) {
    assert(e instanceof TimeoutError, String(e));
  }
  await wait(tasks);
});

test("timeout and waitFor resolve to the function's result", async () => {
  eq(await timeout(100, () => 5), 5);
  eq(await timeout(100, async () => { await sleep(1); return 6; }), 6);
  eq(await timeoutAt(now() + 100, () => sleep(1, 7)), 7);
  eq(await waitFor(sleep(1, 8), 100), 8);
  eq(await waitFor(() => sleep(1, 9), 100), 9);
});

test("waitFor and timeout around gather: the timeout cancels the children", async () => {
  const a = createTask(() => sleep(1000));
  const b = createTask(() => sleep(1000));
  try {
    await waitFor(gather([a, b]), 10);
    throw new Error("no TimeoutError");
  } catch (e) {
    assert(e instanceof TimeoutError, String(e));
  }
  assert(a.cancelled() && b.cancelled(), "children cancelled");
  const c = createTask(() => sleep(1000));
  try {
    await timeout(10, () => gather([c], { returnExceptions: true }));
    throw new Error("no TimeoutError");
  } catch (e) {
    assert(e instanceof TimeoutError, String(e));
  }
  assert(c.cancelled(), "child cancelled");
  eq(currentTask().cancelling(), 0);
});

test("timeout's handle: when(), reschedule(), expired()", async () => {
  const t0 = now();
  await rejects(createTask(() => timeout(100, async (cm) => {
    eq(cm.when(), t0 + 100);
    assert(!cm.expired(), "not yet");
    cm.reschedule(now() + 10);
    eq(cm.when(), t0 + 10);
    await sleep(1000);
  })), TimeoutError);
  eq(now() - t0, 10);
});

await run();
