// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_tasks.py (3.13): task
// basics, creation, names. createTask(fn) takes the function where asyncio
// takes a coroutine object.
const { test, run, eq, assert, throws, rejects } = require("../../lib/check.js");

test("test_task_awaits_on_itself", async () => {
  let task = null;
  task = createTask(async () => {
    await task;
  });
  const e = await rejects(task, Error);
  assert(/Task cannot await on itself/.test(e.message), `message: ${e.message}`);
  assert(!task.cancelled(), "failed, not cancelled");
});

test("test_task_class", async () => {
  const t = createTask(async () => "ok");
  await t;
  assert(t.done(), "done");
  eq(t.result(), "ok");
  // (CPython also checks t._loop / t.get_loop(): there is one loop here.)
});

test("test_task_basics", async () => {
  async function inner1() {
    return 42;
  }
  async function inner2() {
    return 1000;
  }
  async function outer() {
    const a = await inner1();
    const b = await inner2();
    return a + b;
  }
  eq(await createTask(outer), 1042);
});

test("test_exception_chaining_after_await", async () => {
  // Awaiting a failing task inside a catch block rethrows the task's own
  // error. (CPython also checks that it is chained to the error being
  // handled through the implicit __context__, which JS does not have.)
  class KeyError extends Error {}
  class ValueError extends Error {}
  async function raiseError() {
    throw new ValueError();
  }
  async function body() {
    try {
      throw new KeyError("3");
    } catch {
      const task = createTask(raiseError);
      try {
        await task;
      } catch (exc) {
        assert(exc instanceof ValueError, "the task's ValueError");
        return "checked";
      }
    }
    return "not reached";
  }
  eq(await createTask(body), "checked");
});

test("test_task_set_methods", async () => {
  const task = createTask(async () => "ko");
  const e1 = throws(() => task.setResult("ok"), Error);
  assert(/not support setResult/.test(e1.message), `setResult message: ${e1.message}`);
  const e2 = throws(() => task.setException(new Error()), Error);
  assert(/not support setException/.test(e2.message), `setException message: ${e2.message}`);
  eq(await task, "ko");
});

test("test_step_result_future", async () => {
  // If the coroutine awaits a future, the task waits on this future.
  // (CPython spies on the Future subclass's add_done_callback; here the
  // observable part: the task stays pending until the future is set, and
  // resumes one loop turn after.)
  const fut = new Future();
  let result = null;
  const t = createTask(async () => {
    result = await fut;
  });
  await sleep(0);
  assert(!t.done(), "waiting on fut");
  const res = {};
  fut.setResult(res);
  await sleep(0);
  eq(result, res);
  assert(t.done(), "done");
  eq(t.result(), undefined);
});

test("test_exception_traceback", async () => {
  // See http://bugs.python.org/issue28843: the exception of a failed task
  // keeps its traceback (its stack, in JS).
  async function foo() {
    throw new RangeError("1 / 0");
  }
  const task = createTask(foo);
  await sleep(0); // skip one loop iteration
  const e = task.exception();
  assert(e instanceof RangeError, "the task's exception");
  assert(typeof e.stack === "string" && e.stack.includes("foo"), `stack: ${e.stack}`);
});

test("test_create_task_with_noncoroutine", async () => {
  const before = allTasks().length;
  for (let i = 0; i < 2; i++) {
    const e = throws(() => createTask(123), TypeError);
    assert(/123/.test(e.message), `message names the argument: ${e.message}`);
  }
  eq(allTasks().length, before, "no task was created");
});

test("test_create_task_with_async_function", async () => {
  async function coro() {}
  for (let i = 0; i < 2; i++) {
    const task = createTask(coro);
    assert(task instanceof Task, "instanceof Task");
    await task;
  }
});

test("test_create_task_with_asynclike_function", async () => {
  // CoroLikeObject (an awaitable that is not a coroutine) is a thenable.
  for (let i = 0; i < 2; i++) {
    const task = createTask({ then(resolve) { resolve(42); } });
    assert(task instanceof Task, "instanceof Task");
    eq(await task, 42);
  }
});

test("test_bare_create_task", async () => {
  async function inner() {
    return 1;
  }
  async function coro() {
    const task = createTask(inner);
    assert(task instanceof Task, "instanceof Task");
    const ret = await task;
    eq(ret, 1);
  }
  await createTask(coro);
});

test("test_bare_create_named_task", async () => {
  async function coroNoop() {}
  async function coro() {
    const task = createTask(coroNoop, { name: "No-op" });
    eq(task.getName(), "No-op");
    await task;
  }
  await createTask(coro);
});

test("test_task_set_name_pylong", async () => {
  // A non-string name is converted to a string.
  const t = createTask(async () => 123, { name: 987654321 });
  eq(t.getName(), "987654321");
  t.setName(123456789);
  eq(t.getName(), "123456789");
  await t;
});

test("test_task_repr_name_not_str", async () => {
  // (The repr part is skipped; the name part: setName stringifies.)
  const t = createTask(async () => 123);
  const name = [6];
  t.setName(name);
  eq(t.getName(), String(name));
  await t;
});

test("test_task_repr_autogenerated", async () => {
  // (The repr part is skipped; the name part: unnamed tasks are named
  // Task-<n> with increasing n.)
  const t1 = createTask(async () => 123);
  const t2 = createTask(async () => 123);
  const m1 = /^Task-(\d+)$/.exec(t1.getName());
  const m2 = /^Task-(\d+)$/.exec(t2.getName());
  assert(m1 && m2, `names: ${t1.getName()}, ${t2.getName()}`);
  assert(Number(m1[1]) < Number(m2[1]), "monotonically increasing numbers");
  await t1;
  await t2;
});

// GenericTaskTests.test_future_subclass
test("test_future_subclass", async () => {
  assert(Object.getPrototypeOf(Task.prototype) === Future.prototype, "Task extends Future");
  const t = createTask(async () => {});
  assert(t instanceof Future && t instanceof Promise, "a Task is a Future and a Promise");
  await t;
});

await run();
