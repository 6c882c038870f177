// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_futures.py (3.13),
// BaseFutureDoneCallbackTests: addDoneCallback / removeDoneCallback.
// run_briefly() is `await sleep(0)`. Done callbacks are scheduled on the
// loop, never run inline, so the bag is still empty right after setResult.
const { test, run, eq, deepEq } = require("../../lib/check.js");

// A callback function that appends thing to bag.
function makeCallback(bag, thing) {
  return function bagAppender(future) {
    bag.push(thing);
  };
}

test("test_callbacks_remove_first_callback", async () => {
  const bag = [];
  const f = new Future();
  const cb1 = makeCallback(bag, 42);
  const cb2 = makeCallback(bag, 17);
  const cb3 = makeCallback(bag, 100);
  f.addDoneCallback(cb1);
  f.addDoneCallback(cb2);
  f.addDoneCallback(cb3);
  f.removeDoneCallback(cb1);
  f.removeDoneCallback(cb1);
  deepEq(bag, []);
  f.setResult("foo");
  deepEq(bag, [], "not run inline");
  await sleep(0);
  deepEq(bag, [17, 100]);
  eq(f.result(), "foo");
});

test("test_callbacks_remove_first_and_second_callback", async () => {
  const bag = [];
  const f = new Future();
  const cb1 = makeCallback(bag, 42);
  const cb2 = makeCallback(bag, 17);
  const cb3 = makeCallback(bag, 100);
  f.addDoneCallback(cb1);
  f.addDoneCallback(cb2);
  f.addDoneCallback(cb3);
  f.removeDoneCallback(cb1);
  f.removeDoneCallback(cb2);
  f.removeDoneCallback(cb1);
  deepEq(bag, []);
  f.setResult("foo");
  await sleep(0);
  deepEq(bag, [100]);
  eq(f.result(), "foo");
});

test("test_callbacks_remove_third_callback", async () => {
  const bag = [];
  const f = new Future();
  const cb1 = makeCallback(bag, 42);
  const cb2 = makeCallback(bag, 17);
  const cb3 = makeCallback(bag, 100);
  f.addDoneCallback(cb1);
  f.addDoneCallback(cb2);
  f.addDoneCallback(cb3);
  f.removeDoneCallback(cb3);
  f.removeDoneCallback(cb3);
  deepEq(bag, []);
  f.setResult("foo");
  await sleep(0);
  deepEq(bag, [42, 17]);
  eq(f.result(), "foo");
});

test("test_callbacks_invoked_on_set_result", async () => {
  const bag = [];
  const f = new Future();
  f.addDoneCallback(makeCallback(bag, 42));
  f.addDoneCallback(makeCallback(bag, 17));
  deepEq(bag, []);
  f.setResult("foo");
  deepEq(bag, [], "not run inline");
  await sleep(0);
  deepEq(bag, [42, 17]);
  eq(f.result(), "foo");
});

test("test_callbacks_invoked_on_set_exception", async () => {
  const bag = [];
  const f = new Future();
  f.addDoneCallback(makeCallback(bag, 100));
  deepEq(bag, []);
  const exc = new Error("RuntimeError");
  f.setException(exc);
  deepEq(bag, [], "not run inline");
  await sleep(0);
  deepEq(bag, [100]);
  eq(f.exception(), exc);
});

test("test_remove_done_callback", async () => {
  const bag = [];
  const f = new Future();
  const cb1 = makeCallback(bag, 1);
  const cb2 = makeCallback(bag, 2);
  const cb3 = makeCallback(bag, 3);

  // Add one cb1 and one cb2.
  f.addDoneCallback(cb1);
  f.addDoneCallback(cb2);

  // One instance of cb2 removed. Now there's only one cb1.
  eq(f.removeDoneCallback(cb2), 1);

  // Never had any cb3 in there.
  eq(f.removeDoneCallback(cb3), 0);

  // After this there will be 6 instances of cb1 and one of cb2.
  f.addDoneCallback(cb2);
  for (let i = 0; i < 5; i++) f.addDoneCallback(cb1);

  // Remove all instances of cb1. One cb2 remains.
  eq(f.removeDoneCallback(cb1), 6);

  deepEq(bag, []);
  f.setResult("foo");
  await sleep(0);
  deepEq(bag, [2]);
  eq(f.result(), "foo");
});

test("test_schedule_callbacks_list_mutation_1", async () => {
  // see http://bugs.python.org/issue28963: a callback that removes other
  // callbacks while the callbacks are being scheduled.
  const calls = [];
  const str = () => calls.push("str");
  const mut = (f) => {
    calls.push("mut");
    f.removeDoneCallback(str);
  };
  const fut = new Future();
  fut.addDoneCallback(mut);
  fut.addDoneCallback(str);
  fut.addDoneCallback(str);
  fut.setResult(1);
  await sleep(0);
  // In asyncio the callbacks are all scheduled by set_result, so removing
  // one afterwards does not unschedule it.
  deepEq(calls, ["mut", "str", "str"]);
});

await run();
