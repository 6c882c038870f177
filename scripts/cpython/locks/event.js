// flags: --virtual-time
// Port of CPython Lib/test/test_asyncio/test_locks.py, class EventTests (3.13).
const { test, run, eq, assert, rejects } = require("../../lib/check.js");
const { nWaiters } = require("./lib/compat.js");

test("EventTests.test_repr", async () => {
  const ev = new Event();
  assert(String(ev).endsWith("[Event unset]"), String(ev));
  ev.set();
  assert(String(ev).endsWith("[Event set]"), String(ev));
  ev.clear();
  const t = createTask(() => ev.wait());
  await sleep(0);
  assert(String(ev).includes("waiters:1"), String(ev));
  ev.set();
  await t;
  eq(String(ev), "[Event set]");
});

test("EventTests.test_wait", async () => {
  const ev = new Event();
  assert(!ev.isSet());
  const result = [];
  const c = (n) => async () => {
    if (await ev.wait()) result.push(n);
  };
  const t1 = createTask(c(1));
  const t2 = createTask(c(2));
  await sleep(0);
  eq(result.join(), "");
  const t3 = createTask(c(3));
  ev.set();
  await sleep(0);
  eq(result.join(), "3,1,2");
  for (const t of [t1, t2, t3]) {
    assert(t.done());
    eq(t.result(), undefined);
  }
});

test("EventTests.test_wait_on_set", async () => {
  const ev = new Event();
  ev.set();
  eq(await ev.wait(), true);
});

test("EventTests.test_wait_cancel", async () => {
  const ev = new Event();
  const wait = createTask(() => ev.wait());
  setImmediate(() => wait.cancel());
  await rejects(wait, CancelledError);
  eq(nWaiters(ev), 0);
});

test("EventTests.test_clear", () => {
  const ev = new Event();
  assert(!ev.isSet());
  ev.set();
  assert(ev.isSet());
  ev.clear();
  assert(!ev.isSet());
});

test("EventTests.test_clear_with_waiters", async () => {
  const ev = new Event();
  const result = [];
  const t = createTask(async () => {
    if (await ev.wait()) result.push(1);
    return true;
  });
  await sleep(0);
  eq(result.join(), "");
  ev.set();
  ev.clear();
  assert(!ev.isSet());
  ev.set();
  ev.set();
  eq(nWaiters(ev), 1);
  await sleep(0);
  eq(result.join(), "1");
  eq(nWaiters(ev), 0);
  assert(t.done());
  eq(t.result(), true);
});

await run();
