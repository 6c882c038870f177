// flags: --virtual-time
// shieldjs's own cases for the waiting toolkit: shield inside task groups
// and timeouts, nested timeouts, and cancellation from outside while a
// timeout runs.
const { test, run, eq, assert, deepEq } = require("../../lib/check.js");
const { raises } = require("../../cpython/waiting/lib/util.js");

test("shield inside a task group: the child is cancelled, the shielded work finishes", async () => {
  const log = [];
  let inner;
  const eg = await raises(() => taskGroup(async (tg) => {
    inner = createTask(async () => {
      await sleep(100);
      log.push(`inner done at ${now()}`);
      return "saved";
    });
    tg.createTask(async () => {
      try {
        await shield(inner);
      } catch (e) {
        log.push(`child got ${e.name}`);
        throw e;
      }
    });
    tg.createTask(async () => {
      await sleep(10);
      throw new Error("sibling failed");
    });
    await sleep(1000);
  }), AggregateError);
  eq(eg.errors.length, 1);
  eq(eg.errors[0].message, "sibling failed");
  assert(!inner.done(), "the shielded task is still running");
  eq(await inner, "saved");
  deepEq(log, ["child got CancelledError", `inner done at ${now()}`]);
  eq(currentTask().cancelling(), 0, "the group took its cancel back");
});

test("shield inside a task group: cancelling the parent spares the shielded work", async () => {
  let inner;
  const parent = createTask(() => taskGroup(async (tg) => {
    inner = createTask(() => sleep(50, "done"));
    tg.createTask(() => shield(inner));
    await sleep(1000);
  }));
  await sleep(10);
  parent.cancel();
  await raises(() => parent, CancelledError);
  assert(parent.cancelled(), "the parent is cancelled");
  assert(!inner.cancelled(), "the shielded task is not");
  eq(await inner, "done");
});

test("a timeout around a shield: TimeoutError, the work goes on", async () => {
  const work = createTask(() => sleep(100, "result"));
  const t0 = now();
  const e = await raises(() => timeout(10, () => shield(work)), TimeoutError);
  eq(now() - t0, 10, "the timeout fired on time");
  assert(e.cause instanceof CancelledError, "cause is the CancelledError");
  assert(!work.done(), "the shielded work is still running");
  eq(await work, "result");
  eq(now() - t0, 100);
  eq(currentTask().cancelling(), 0);
});

test("waitFor of a shield: same as timeout", async () => {
  const work = createTask(() => sleep(100, "result"));
  await raises(() => waitFor(shield(work), 10), TimeoutError);
  eq(await work, "result");
});

test("nested timeouts: the inner one expires first and is handled inside", async () => {
  const log = [];
  const t0 = now();
  const r = await timeout(100, async (outer) => {
    try {
      await timeout(10, () => sleep(1000));
    } catch (e) {
      log.push(`inner ${e.name} at ${now() - t0}`);
    }
    await sleep(20);
    log.push(`outer still running, expired=${outer.expired()}`);
    return "outer result";
  });
  eq(r, "outer result");
  deepEq(log, ["inner TimeoutError at 10", "outer still running, expired=false"]);
  eq(currentTask().cancelling(), 0);
});

test("nested timeouts: the outer one expires first; the inner sees CancelledError", async () => {
  const seen = [];
  const e = await raises(() => timeout(10, async () => {
    try {
      await timeout(100, () => sleep(1000));
    } catch (err) {
      seen.push(err.name);
      throw err;
    }
  }), TimeoutError);
  deepEq(seen, ["CancelledError"]);
  assert(e.cause instanceof CancelledError, "cause");
  eq(currentTask().cancelling(), 0);
});

test("nested timeouts: rescheduling the inner past the outer", async () => {
  const t0 = now();
  let inner;
  await raises(() => timeout(50, () => timeout(10, async (cm) => {
    inner = cm;
    cm.reschedule(now() + 1000);
    await sleep(2000);
  })), TimeoutError);
  eq(now() - t0, 50, "the outer deadline won");
  assert(!inner.expired(), "the inner did not expire");
});

test("outside cancel during a timeout: CancelledError, not TimeoutError", async () => {
  let cm;
  const t = createTask(() => timeout(1000, async (c) => {
    cm = c;
    await sleep(10000);
  }));
  await sleep(10);
  t.cancel("from outside");
  const e = await raises(() => t, CancelledError);
  eq(e.message, "from outside");
  assert(t.cancelled(), "the task is cancelled");
  assert(!cm.expired(), "the timeout did not expire");
  eq(t.cancelling(), 1, "the outside request is still counted");
});

test("outside cancel and expiry together: the outside cancel wins", async () => {
  // The timer and the outside cancel land in the same loop turn: the
  // timeout uncancels its own request, one remains, so the CancelledError
  // is not the timeout's to convert.
  let cm;
  const t = createTask(() => timeout(10, async (c) => {
    cm = c;
    await sleep(10000);
  }));
  setTimeout(() => t.cancel("outside"), 10);
  await raises(() => t, CancelledError);
  assert(cm.expired(), "the timeout expired too");
  assert(t.cancelled(), "the task ends cancelled");
});

test("outside cancel while the timeout's function cleans up after expiry", async () => {
  const t = createTask(() => timeout(10, async () => {
    try {
      await sleep(10000);
    } finally {
      await sleep(5); // cleanup, during which the outside cancel arrives
    }
  }));
  await sleep(12);
  t.cancel();
  await raises(() => t, CancelledError);
  assert(t.cancelled(), "cancelled");
});

test("a timeout whose function swallows the cancellation returns its result", async () => {
  let cm;
  const r = await timeout(10, async (c) => {
    cm = c;
    try {
      await sleep(1000);
    } catch (e) {
      return "swallowed";
    }
  });
  eq(r, "swallowed");
  assert(cm.expired(), "expired");
  eq(currentTask().cancelling(), 0);
});

test("timeout around a task group: the group's children are cancelled", async () => {
  const children = [];
  await raises(() => timeout(20, () => taskGroup(async (tg) => {
    for (let i = 0; i < 3; i++) children.push(tg.createTask(() => sleep(1000)));
    await sleep(1000);
  })), TimeoutError);
  assert(children.every((c) => c.cancelled()), "children cancelled");
  eq(currentTask().cancelling(), 0);
});

test("waitFor on a promise settled elsewhere times out", async () => {
  const t0 = now();
  let resolveIt;
  const p = new Promise((resolve) => { resolveIt = resolve; });
  await raises(() => waitFor(p, 10), TimeoutError);
  eq(now() - t0, 10);
  resolveIt();
  await sleep(0);
});

test("two waitFor side by side in one task (Promise.all)", async () => {
  const slow = new Promise((resolve) => setTimeout(resolve, 500, "slow"));
  const fast = new Promise((resolve) => setTimeout(resolve, 5, "fast"));
  const t0 = now();
  const e = await raises(() => Promise.all([waitFor(slow, 20), waitFor(fast, 100)]), TimeoutError);
  assert(e instanceof TimeoutError, "TimeoutError");
  eq(now() - t0, 20);
  await slow;
});

test("waitFor of an async function called in the task waits for its cleanup", async () => {
  const log = [];
  async function work() {
    try {
      await sleep(1000);
    } finally {
      await sleep(7);
      log.push(`cleaned up at ${now() - t0}`);
    }
  }
  const t0 = now();
  await raises(() => waitFor(work(), 10), TimeoutError);
  log.push(`waitFor threw at ${now() - t0}`);
  deepEq(log, ["cleaned up at 17", "waitFor threw at 17"]);
});

test("waitFor with no deadline is a plain await", async () => {
  eq(await waitFor(sleep(5, "x"), null), "x");
  eq(await waitFor(async () => "fn", undefined), "fn");
});

await run();
