// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_taskgroups.py (3.13).
// `async with TaskGroup() as g: body` is `await taskGroup(async (g) => body)`;
// g.create_task(coro()) is g.createTask(fn); ExceptionGroup is
// AggregateError and get_error_types(eg) the sorted class names of
// eg.errors; ZeroDivisionError (1 / 0) is a RangeError; RuntimeError is
// InvalidStateError; `except* E` is a catch of the AggregateError.
const { test, run, eq, assert, deepEq } = require("../../lib/check.js");
const { raises, errorTypes, MyExc } = require("./lib/util.js");

const zeroDivision = () => {
  throw new RangeError("division by zero");
};

test("test_taskgroup_01", async () => {
  async function foo1() {
    await sleep(100);
    return 42;
  }
  async function foo2() {
    await sleep(200);
    return 11;
  }
  let t1, t2;
  await taskGroup(async (g) => {
    t1 = g.createTask(foo1);
    t2 = g.createTask(foo2);
  });
  eq(t1.result(), 42);
  eq(t2.result(), 11);
});

test("test_taskgroup_02", async () => {
  async function foo1() {
    await sleep(100);
    return 42;
  }
  async function foo2() {
    await sleep(200);
    return 11;
  }
  let t1, t2;
  await taskGroup(async (g) => {
    t1 = g.createTask(foo1);
    await sleep(150);
    t2 = g.createTask(foo2);
  });
  eq(t1.result(), 42);
  eq(t2.result(), 11);
});

test("test_taskgroup_03", async () => {
  async function foo1() {
    await sleep(1000);
    return 42;
  }
  async function foo2() {
    await sleep(200);
    return 11;
  }
  let t1, t2;
  await taskGroup(async (g) => {
    t1 = g.createTask(foo1);
    await sleep(150);
    // cancel t1 explicitly, i.e. everything should continue
    // working as expected.
    t1.cancel();
    t2 = g.createTask(foo2);
  });
  assert(t1.cancelled(), "t1 cancelled");
  eq(t2.result(), 11);
});

test("test_taskgroup_04", async () => {
  let NUM = 0;
  let t2Cancel = false;
  let t2 = null;
  async function foo1() {
    await sleep(100);
    zeroDivision();
  }
  async function foo2() {
    try {
      await sleep(1000);
    } catch (e) {
      if (e instanceof CancelledError) t2Cancel = true;
      throw e;
    }
    NUM += 1;
  }
  async function runner() {
    await taskGroup(async (g) => {
      g.createTask(foo1);
      t2 = g.createTask(foo2);
    });
    NUM += 10;
  }
  const eg = await raises(() => createTask(runner), AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
  eq(NUM, 0);
  assert(t2Cancel, "t2 saw CancelledError");
  assert(t2.cancelled(), "t2 cancelled");
});

test("test_cancel_children_on_child_error", async () => {
  // When a child task raises an error, the rest of the children are
  // cancelled and the errors are gathered into an EG.
  let NUM = 0;
  let t2Cancel = false;
  let runnerCancel = false;
  async function foo1() {
    await sleep(100);
    zeroDivision();
  }
  async function foo2() {
    try {
      await sleep(5000);
    } catch (e) {
      if (e instanceof CancelledError) t2Cancel = true;
      throw e;
    }
    NUM += 1;
  }
  async function runner() {
    await taskGroup(async (g) => {
      g.createTask(foo1);
      g.createTask(foo1);
      g.createTask(foo1);
      g.createTask(foo2);
      try {
        await sleep(10000);
      } catch (e) {
        if (e instanceof CancelledError) runnerCancel = true;
        throw e;
      }
    });
    NUM += 10;
  }
  const eg = await raises(() => createTask(runner), AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
  eq(NUM, 0);
  assert(t2Cancel, "t2 saw CancelledError");
  assert(runnerCancel, "the body saw CancelledError");
});

test("test_cancellation", async () => {
  let NUM = 0;
  async function foo() {
    try {
      await sleep(5000);
    } catch (e) {
      if (e instanceof CancelledError) NUM += 1;
      throw e;
    }
  }
  async function runner() {
    await taskGroup(async (g) => {
      for (let i = 0; i < 5; i++) g.createTask(foo);
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel("test");
  const e = await raises(() => r, CancelledError);
  eq(e.message, "test");
  eq(NUM, 5);
});

test("test_taskgroup_07", async () => {
  let NUM = 0;
  async function foo() {
    try {
      await sleep(5000);
    } catch (e) {
      if (e instanceof CancelledError) NUM += 1;
      throw e;
    }
  }
  async function runner() {
    await taskGroup(async (g) => {
      for (let i = 0; i < 5; i++) g.createTask(foo);
      try {
        await sleep(10000);
      } catch (e) {
        if (e instanceof CancelledError) NUM += 10;
        throw e;
      }
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  await raises(() => r, CancelledError);
  eq(NUM, 15);
});

test("test_taskgroup_08", async () => {
  async function foo() {
    try {
      await sleep(10000);
    } finally {
      zeroDivision();
    }
  }
  async function runner() {
    await taskGroup(async (g) => {
      for (let i = 0; i < 5; i++) g.createTask(foo);
      await sleep(10000);
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
});

test("test_taskgroup_09", async () => {
  let t1 = null, t2 = null;
  async function foo1() {
    await sleep(1000);
    return 42;
  }
  async function foo2() {
    await sleep(2000);
    return 11;
  }
  async function runner() {
    await taskGroup(async (g) => {
      t1 = g.createTask(foo1);
      t2 = g.createTask(foo2);
      await sleep(100);
      zeroDivision();
    });
  }
  const eg = await raises(runner, AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
  assert(t1.cancelled(), "t1 cancelled");
  assert(t2.cancelled(), "t2 cancelled");
});

test("test_taskgroup_10", async () => {
  let t1 = null, t2 = null;
  async function foo1() {
    await sleep(1000);
    return 42;
  }
  async function foo2() {
    await sleep(2000);
    return 11;
  }
  async function runner() {
    await taskGroup(async (g) => {
      t1 = g.createTask(foo1);
      t2 = g.createTask(foo2);
      zeroDivision();
    });
  }
  const eg = await raises(runner, AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
  assert(t1.cancelled(), "t1 cancelled");
  assert(t2.cancelled(), "t2 cancelled");
});

test("test_taskgroup_11", async () => {
  async function foo() {
    try {
      await sleep(10000);
    } finally {
      zeroDivision();
    }
  }
  async function runner() {
    await taskGroup(async () => {
      await taskGroup(async (g2) => {
        for (let i = 0; i < 5; i++) g2.createTask(foo);
        await sleep(10000);
      });
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["AggregateError"]);
  deepEq(errorTypes(eg.errors[0]), ["RangeError"]);
});

test("test_taskgroup_12", async () => {
  async function foo() {
    try {
      await sleep(10000);
    } finally {
      zeroDivision();
    }
  }
  async function runner() {
    await taskGroup(async (g1) => {
      g1.createTask(() => sleep(10000));
      await taskGroup(async (g2) => {
        for (let i = 0; i < 5; i++) g2.createTask(foo);
        await sleep(10000);
      });
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["AggregateError"]);
  deepEq(errorTypes(eg.errors[0]), ["RangeError"]);
});

test("test_taskgroup_13", async () => {
  async function crashAfter(t) {
    await sleep(t);
    throw new MyExc(String(t));
  }
  async function runner() {
    await taskGroup(async (g1) => {
      g1.createTask(() => crashAfter(100));
      await taskGroup(async (g2) => {
        g2.createTask(() => crashAfter(10000));
      });
    });
  }
  const r = createTask(runner);
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["MyExc"]);
});

test("test_taskgroup_14", async () => {
  async function crashAfter(t) {
    await sleep(t);
    throw new MyExc(String(t));
  }
  async function runner() {
    await taskGroup(async (g1) => {
      g1.createTask(() => crashAfter(10000));
      await taskGroup(async (g2) => {
        g2.createTask(() => crashAfter(100));
      });
    });
  }
  const r = createTask(runner);
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["AggregateError"]);
  deepEq(errorTypes(eg.errors[0]), ["MyExc"]);
});

test("test_taskgroup_15", async () => {
  async function crashSoon() {
    await sleep(300);
    zeroDivision();
  }
  async function runner() {
    await taskGroup(async (g1) => {
      g1.createTask(crashSoon);
      try {
        await sleep(10000);
      } catch (e) {
        if (e instanceof CancelledError) await sleep(500);
        throw e;
      }
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
});

test("test_taskgroup_16", async () => {
  async function crashSoon() {
    await sleep(300);
    zeroDivision();
  }
  async function nestedRunner() {
    await taskGroup(async (g1) => {
      g1.createTask(crashSoon);
      try {
        await sleep(10000);
      } catch (e) {
        if (e instanceof CancelledError) await sleep(500);
        throw e;
      }
    });
  }
  async function runner() {
    const t = createTask(nestedRunner);
    await t;
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
});

test("test_taskgroup_17", async () => {
  let NUM = 0;
  async function runner() {
    await taskGroup(async () => {
      try {
        await sleep(10000);
      } catch (e) {
        if (e instanceof CancelledError) NUM += 10;
        throw e;
      }
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  await raises(() => r, CancelledError);
  eq(NUM, 10);
});

test("test_taskgroup_18", async () => {
  let NUM = 0;
  async function runner() {
    await taskGroup(async () => {
      try {
        await sleep(10000);
      } catch (e) {
        if (e instanceof CancelledError) {
          NUM += 10;
          // This isn't a good idea, but we have to support this weird case.
          throw new MyExc("instead");
        }
        throw e;
      }
    });
  }
  const r = createTask(runner);
  await sleep(100);
  assert(!r.done(), "done early");
  r.cancel();
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["MyExc"]);
  eq(NUM, 10);
});

test("test_taskgroup_19", async () => {
  async function crashSoon() {
    await sleep(100);
    zeroDivision();
  }
  async function nested() {
    try {
      await sleep(10000);
    } finally {
      throw new MyExc("nested");
    }
  }
  async function runner() {
    await taskGroup(async (g) => {
      g.createTask(crashSoon);
      await nested();
    });
  }
  const r = createTask(runner);
  const eg = await raises(() => r, AggregateError);
  deepEq(errorTypes(eg), ["MyExc", "RangeError"]);
});

test("test_taskgroup_22", async () => {
  async function foo1() {
    await sleep(1000);
    return 42;
  }
  async function foo2() {
    await sleep(2000);
    return 11;
  }
  async function runner() {
    await taskGroup(async (g) => {
      g.createTask(foo1);
      g.createTask(foo2);
    });
  }
  const r = createTask(runner);
  await sleep(50);
  r.cancel();
  await raises(() => r, CancelledError);
});

test("test_taskgroup_23", async () => {
  async function doJob(delay) {
    await sleep(delay);
  }
  await taskGroup(async (g) => {
    for (let count = 0; count < 10; count++) {
      await sleep(100);
      g.createTask(() => doJob(300));
      if (count === 5) assert(g._tasks.size < 5, "finished children leave the group");
    }
    await sleep(1350);
    eq(g._tasks.size, 0);
  });
});

test("test_taskgroup_24", async () => {
  async function root(g) {
    await sleep(100);
    g.createTask(() => coro1(100));
    g.createTask(() => coro1(200));
  }
  async function coro1(delay) {
    await sleep(delay);
  }
  async function runner() {
    await taskGroup(async (g) => {
      g.createTask(() => root(g));
    });
  }
  await runner();
});

test("test_taskgroup_25", async () => {
  let nhydras = 0;
  async function hydra(g) {
    nhydras += 1;
    await sleep(10);
    g.createTask(() => hydra(g));
    g.createTask(() => hydra(g));
  }
  async function hercules() {
    while (nhydras < 10) await sleep(15);
    zeroDivision();
  }
  async function runner() {
    await taskGroup(async (g) => {
      g.createTask(() => hydra(g));
      g.createTask(hercules);
    });
  }
  const eg = await raises(runner, AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
  assert(nhydras >= 10, `nhydras ${nhydras}`);
});

test("test_taskgroup_task_name", async () => {
  async function coro() {
    await sleep(0);
  }
  await taskGroup(async (g) => {
    const t = g.createTask(coro, { name: "yolo" });
    eq(t.getName(), "yolo");
  });
});

test("test_taskgroup_no_create_task_after_failure", async () => {
  async function coro1() {
    await sleep(1);
    zeroDivision();
  }
  let refused = null;
  async function coro2(g) {
    try {
      await sleep(1000);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      try {
        g.createTask(coro1);
      } catch (e2) {
        refused = e2;
      }
    }
  }
  const eg = await raises(() => taskGroup(async (g) => {
    g.createTask(coro1);
    g.createTask(() => coro2(g));
  }), AggregateError);
  deepEq(errorTypes(eg), ["RangeError"]);
  assert(refused instanceof InvalidStateError, `createTask refused: ${refused}`);
  assert(/shutting down/.test(refused.message), refused.message);
});

test("test_taskgroup_context_manager_exit_raises", async () => {
  // See https://github.com/python/cpython/issues/95289
  class CustomException extends Error {}
  async function raiseExc() {
    throw new CustomException();
  }
  async function main() {
    const task = currentTask();
    try {
      await taskGroup(async (tg) => {
        // The `async with database()` whose exit raises.
        try {
          tg.createTask(raiseExc);
          await sleep(1000);
        } finally {
          throw new CustomException();
        }
      });
    } catch (err) {
      if (!(err instanceof AggregateError)) throw err;
      eq(task.cancelling(), 0);
      eq(err.errors.length, 2);
      assert(err.errors.every((e) => e instanceof CustomException), "both are CustomException");
      return;
    }
    throw new Error("CustomException not raised");
  }
  await createTask(main);
});

test("test_taskgroup_finished", async () => {
  let tg;
  await taskGroup(async (g) => {
    tg = g;
  });
  let ran = false;
  const e = await raises(() => tg.createTask(async () => {
    ran = true;
  }), InvalidStateError);
  assert(/is finished/.test(e.message), e.message);
  await sleep(0);
  // The function was never called (the coroutine was closed).
  assert(!ran, "the function ran");
});

test("test_taskgroup_without_parent_task", async () => {
  // A timer callback whose task is done runs outside any task.
  const result = new Future();
  await createTask(async () => {
    setTimeout(() => {
      taskGroup(async () => {}).then(
        () => result.setResult("resolved"),
        (e) => result.setResult(e),
      );
    }, 1);
  });
  const e = await result;
  assert(e instanceof InvalidStateError, String(e));
  assert(/parent task/.test(e.message), e.message);
});

test("test_coro_closed_when_tg_closed", async () => {
  async function runCoroAfterTgCloses() {
    let tg;
    await taskGroup(async (g) => {
      tg = g;
    });
    const e = await raises(() => tg.createTask(() => sleep(0)), InvalidStateError);
    assert(/is finished/.test(e.message), e.message);
  }
  await runCoroAfterTgCloses();
});

test("test_cancelling_level_preserved", async () => {
  async function raiseAfter(t, E) {
    await sleep(t);
    throw new E();
  }
  try {
    await taskGroup(async (tg) => {
      tg.createTask(() => raiseAfter(0, MyExc));
    });
  } catch (e) {
    if (!(e instanceof AggregateError)) throw e;
  }
  eq(currentTask().cancelling(), 0);
});

test("test_nested_groups_both_cancelled", async () => {
  class ValueErr extends Error {}
  async function raiseAfter(t, E) {
    await sleep(t);
    throw new E();
  }
  try {
    await taskGroup(async (outerTg) => {
      try {
        await taskGroup(async (innerTg) => {
          innerTg.createTask(() => raiseAfter(0, MyExc));
          outerTg.createTask(() => raiseAfter(0, ValueErr));
        });
        throw new Error("MyExc not raised");
      } catch (e) {
        if (!(e instanceof AggregateError) || !(e.errors[0] instanceof MyExc)) throw e;
      }
      eq(currentTask().cancelling(), 1);
    });
    throw new Error("ValueErr not raised");
  } catch (e) {
    if (!(e instanceof AggregateError) || !(e.errors[0] instanceof ValueErr)) throw e;
  }
  eq(currentTask().cancelling(), 0);
});

test("test_error_and_cancel", async () => {
  const event = new Event();
  async function raiseError() {
    event.set();
    await sleep(0);
    throw new MyExc("runtime");
  }
  async function inner() {
    try {
      await taskGroup(async (tg) => {
        tg.createTask(raiseError);
        await sleep(1000);
        throw new Error("Sleep in group should have been cancelled");
      });
    } catch (e) {
      if (!(e instanceof AggregateError)) throw e;
      eq(currentTask().cancelling(), 1);
    }
    eq(currentTask().cancelling(), 1);
    await sleep(1000);
    throw new Error("Sleep after group should have been cancelled");
  }
  async function outer() {
    const t = createTask(inner);
    await event.wait();
    eq(t.cancelling(), 0);
    t.cancel();
    eq(t.cancelling(), 1);
    await raises(() => t, CancelledError);
    assert(t.cancelled(), "cancelled");
  }
  await outer();
});

test("test_exception_refcycles_propagate_cancellation_error", async () => {
  // The reference-cycle checks do not apply; what is kept is the outcome:
  // a timeout around a group turns the body's CancelledError into a
  // TimeoutError whose cause is that CancelledError.
  const e = await raises(() => timeout(-1000, () => taskGroup(async () => {
    await sleep(0);
  })), TimeoutError);
  assert(e.cause instanceof CancelledError, "cause is the CancelledError");
});

test("test_name", async () => {
  let name = null;
  async function asyncfn() {
    name = currentTask().getName();
  }
  await taskGroup(async (tg) => {
    tg.createTask(asyncfn, { name: "example name" });
  });
  eq(name, "example name");
});

test("test_cancels_task_if_created_during_creation", async () => {
  // regression test for gh-128550
  let ran = false;
  let exc = null;
  try {
    await taskGroup(async (tg) => {
      async function thirdTask() {
        throw new MyExc("third task failed");
      }
      async function secondTask() {
        tg.createTask(thirdTask);
        await raises(async () => {
          await sleep(0); // eager tasks cancel here
          await sleep(0); // lazy tasks cancel here
        }, CancelledError);
        ran = true;
      }
      tg.createTask(secondTask);
    });
  } catch (e) {
    if (!(e instanceof AggregateError)) throw e;
    exc = e.errors[0];
  }
  assert(ran, "second task ran to its end");
  assert(exc instanceof MyExc, String(exc));
});

test("test_cancellation_does_not_leak_out_of_tg", async () => {
  async function throwError() {
    throw new MyExc();
  }
  try {
    await taskGroup(async (tg) => {
      tg.createTask(throwError);
    });
    throw new Error("should have raised one MyExc in group");
  } catch (e) {
    if (!(e instanceof AggregateError)) throw e;
  }
  // if this test fails this current task will be cancelled outside the
  // task group; we yield to the event loop with sleep(0) so that
  // cancellation happens here and the error is more understandable
  await sleep(0);
});

test("test_taskgroup_body_result_and_message", async () => {
  // shieldjs: taskGroup resolves to the body's result; the AggregateError's
  // message counts the failures as ExceptionGroup's str() does.
  eq(await taskGroup(async (tg) => {
    tg.createTask(() => sleep(10));
    return "body";
  }), "body");
  const eg = await raises(() => taskGroup(async (tg) => {
    tg.createTask(async () => zeroDivision());
    tg.createTask(async () => zeroDivision());
    await sleep(10);
  }), AggregateError);
  eq(eg.message, "unhandled errors in a TaskGroup (2 sub-exceptions)");
});

await run();
