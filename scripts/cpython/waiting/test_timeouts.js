// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_timeouts.py (3.13).
// `async with asyncio.timeout(s) as cm: body` is
// `await timeout(ms, async (cm) => { body })`; `assertRaises(E)` around it
// is raises(() => ..., E); loop.time() is now(); RuntimeError is
// InvalidStateError; repr(cm) is String(cm).
const { test, run, eq, assert } = require("../../lib/check.js");
const { raises, MyExc } = require("./lib/util.js");

test("test_timeout_basic", async () => {
  let cm;
  await raises(() => timeout(10, async (c) => {
    cm = c;
    await sleep(10000);
  }), TimeoutError);
  assert(cm.expired(), "expired");
});

test("test_timeout_at_basic", async () => {
  let cm;
  const deadline = now() + 10;
  await raises(() => timeoutAt(deadline, async (c) => {
    cm = c;
    await sleep(10000);
  }), TimeoutError);
  assert(cm.expired(), "expired");
  eq(cm.when(), deadline);
});

test("test_nested_timeouts", async () => {
  let cancelled = false;
  let cm1, cm2;
  const deadline = now() + 10;
  await raises(() => timeoutAt(deadline, async (c1) => {
    cm1 = c1;
    // Only the topmost timeout should throw TimeoutError.
    try {
      await timeoutAt(deadline, async (c2) => {
        cm2 = c2;
        await sleep(10000);
      });
    } catch (e) {
      if (e instanceof CancelledError) cancelled = true;
      throw e;
    }
  }), TimeoutError);
  assert(cancelled, "the inner timeout let the CancelledError through");
  assert(cm1.expired(), "cm1 expired");
  assert(cm2.expired(), "cm2 expired");
});

test("test_waiter_cancelled", async () => {
  let cancelled = false;
  await raises(() => timeout(10, async () => {
    try {
      await sleep(10000);
    } catch (e) {
      if (e instanceof CancelledError) cancelled = true;
      throw e;
    }
  }), TimeoutError);
  assert(cancelled, "the body saw CancelledError");
});

test("test_timeout_not_called", async () => {
  let cm;
  await timeout(10000, async (c) => {
    cm = c;
    await sleep(10);
  });
  const t1 = now();
  assert(!cm.expired(), "expired");
  assert(cm.when() > t1, "when() is in the future");
});

test("test_timeout_disabled", async () => {
  let cm;
  await timeout(null, async (c) => {
    cm = c;
    await sleep(10);
  });
  assert(!cm.expired(), "expired");
  eq(cm.when(), null);
});

test("test_timeout_at_disabled", async () => {
  let cm;
  await timeoutAt(null, async (c) => {
    cm = c;
    await sleep(10);
  });
  assert(!cm.expired(), "expired");
  eq(cm.when(), null);
});

test("test_timeout_zero", async () => {
  let cm;
  const t0 = now();
  await raises(() => timeout(0, async (c) => {
    cm = c;
    await sleep(10000);
  }), TimeoutError);
  const t1 = now();
  assert(cm.expired(), "expired");
  assert(t0 <= cm.when() && cm.when() <= t1, "when() within the test");
});

test("test_timeout_zero_sleep_zero", async () => {
  let cm;
  const t0 = now();
  await raises(() => timeout(0, async (c) => {
    cm = c;
    await sleep(0);
  }), TimeoutError);
  const t1 = now();
  assert(cm.expired(), "expired");
  assert(t0 <= cm.when() && cm.when() <= t1, "when() within the test");
});

test("test_timeout_in_the_past_sleep_zero", async () => {
  let cm;
  const t0 = now();
  await raises(() => timeout(-11000, async (c) => {
    cm = c;
    await sleep(0);
  }), TimeoutError);
  const t1 = now();
  assert(cm.expired(), "expired");
  assert(t0 >= cm.when() && cm.when() <= t1, "when() in the past");
});

test("test_foreign_exception_passed", async () => {
  let cm;
  await raises(() => timeout(10, async (c) => {
    cm = c;
    throw new MyExc("key");
  }), MyExc);
  assert(!cm.expired(), "expired");
});

test("test_foreign_exception_on_timeout", async () => {
  async function crash() {
    try {
      await sleep(1000);
    } finally {
      throw new RangeError("division by zero");
    }
  }
  await raises(() => timeout(10, crash), RangeError);
});

test("test_foreign_cancel_doesnt_timeout_if_not_expired", async () => {
  let cm;
  await raises(() => timeout(10000, async (c) => {
    cm = c;
    currentTask().cancel();
    await sleep(10000);
  }), CancelledError);
  assert(!cm.expired(), "expired");
});

test("test_outer_task_is_not_cancelled", async () => {
  async function outer() {
    await raises(() => timeout(1, () => sleep(10000)), TimeoutError);
  }
  const task = createTask(outer);
  await task;
  assert(!task.cancelled(), "cancelled");
  assert(task.done(), "done");
});

test("test_reschedule", async () => {
  const fut = new Future();
  const deadline1 = now() + 10000;
  const deadline2 = deadline1 + 20000;
  async function f() {
    await timeoutAt(deadline1, async (cm) => {
      fut.setResult(cm);
      await sleep(50000);
    });
  }
  const task = createTask(f);
  const cm = await fut;
  eq(cm.when(), deadline1);
  cm.reschedule(deadline2);
  eq(cm.when(), deadline2);
  cm.reschedule(null);
  eq(cm.when(), null);
  task.cancel();
  await raises(() => task, CancelledError);
  assert(!cm.expired(), "expired");
});

test("test_repr_active", async () => {
  await timeout(10000, async (cm) => {
    assert(/^<Timeout \[active\] when=\d+(\.\d*)?>$/.test(String(cm)), String(cm));
  });
});

test("test_repr_expired", async () => {
  let cm;
  await raises(() => timeout(10, async (c) => {
    cm = c;
    await sleep(10000);
  }), TimeoutError);
  eq(String(cm), "<Timeout [expired]>");
});

test("test_repr_finished", async () => {
  let cm;
  await timeout(10000, async (c) => {
    cm = c;
    await sleep(0);
  });
  eq(String(cm), "<Timeout [finished]>");
});

test("test_repr_disabled", async () => {
  await timeout(null, async (cm) => {
    eq(String(cm), "<Timeout [active] when=null>");
  });
});

test("test_nested_timeout_in_finally", async () => {
  await raises(() => timeout(10, async () => {
    try {
      await sleep(1000);
    } finally {
      await raises(() => timeout(10, () => sleep(10000)), TimeoutError);
    }
  }), TimeoutError);
});

test("test_timeout_after_cancellation", async () => {
  try {
    currentTask().cancel();
    await sleep(1000); // work which will be cancelled
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
  } finally {
    await raises(() => timeout(0, () => sleep(1000)), TimeoutError); // some cleanup
  }
});

test("test_cancel_in_timeout_after_cancellation", async () => {
  try {
    currentTask().cancel();
    await sleep(1000); // work which will be cancelled
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
  } finally {
    await raises(() => timeout(1000, async () => {
      currentTask().cancel();
      await sleep(2000); // some cleanup
    }), CancelledError);
  }
});

test("test_timeout_exception_cause", async () => {
  const e = await raises(() => timeout(0, () => sleep(1000)), TimeoutError);
  assert(e.cause instanceof CancelledError, "cause is the CancelledError");
});

test("test_timeout_finished", async () => {
  let cm;
  await timeout(10, async (c) => {
    cm = c;
  });
  const e = await raises(() => cm.reschedule(20), InvalidStateError);
  assert(/finished/.test(e.message), e.message);
});

test("test_timeout_without_task", async () => {
  // A timer callback runs in the task that scheduled it; once that task is
  // done, there is no current task.
  const result = new Future();
  await createTask(async () => {
    setTimeout(() => {
      eq(currentTask(), null, "no current task");
      timeout(10, () => sleep(0)).then(
        () => result.setResult("resolved"),
        (e) => result.setResult(e),
      );
    }, 1);
  });
  const e = await result;
  assert(e instanceof InvalidStateError, String(e));
  assert(/task/.test(e.message), e.message);
});

test("test_timeout_taskgroup", async () => {
  async function task() {
    try {
      await sleep(2000); // interrupted after 10ms
    } finally {
      throw new RangeError("crash in cleanup");
    }
  }
  const eg = await raises(() => timeout(10, () => taskGroup(async (tg) => {
    tg.createTask(task);
    try {
      throw new MyExc("value");
    } finally {
      await sleep(1000);
    }
  })), AggregateError);
  eq(eg.errors.length, 1);
  assert(eg.errors[0] instanceof RangeError, "the child's error");
  eq(currentTask().cancelling(), 0, "no cancellation left behind");
  await sleep(0);
});

await run();
