// Helpers for the ports of CPython's asyncio tests of gather, wait,
// as_completed, wait_for, timeouts and TaskGroup.
"use strict";

// runBriefly() is test_utils.run_briefly(loop): one turn of the loop.
function runBriefly() {
  return sleep(0);
}

// runLoop() is GatherTestsBase._run_loop: turn the loop until nothing that
// was made ready by the test is left (done callbacks scheduling others).
async function runLoop(turns = 10) {
  for (let i = 0; i < turns; i++) await sleep(0);
}

// mockCallback() is test_utils.MockCallback: a done callback that records
// its calls.
function mockCallback() {
  const cb = (...args) => {
    cb.calls.push(args);
  };
  cb.calls = [];
  Object.defineProperty(cb, "called", { get: () => cb.calls.length > 0 });
  return cb;
}

// errorTypes(eg) is get_error_types: the set of class names in an
// AggregateError (ExceptionGroup).
function errorTypes(eg) {
  return [...new Set(eg.errors.map((e) => (e && e.constructor ? e.constructor.name : typeof e)))].sort();
}

// busy(ms) keeps the loop busy for ms of real time (time.sleep in a
// coroutine); only meaningful on the real clock.
function busy(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {}
}

// callSoon(fn) is loop.call_soon(fn): fn runs from the ready queue.
function callSoon(fn, ...args) {
  const f = new Future();
  f.setResult(undefined);
  f.addDoneCallback(() => fn(...args));
}

// callLater(ms, fn) is loop.call_later(s, fn).
function callLater(ms, fn, ...args) {
  return setTimeout(fn, ms, ...args);
}

// raises(fn, Class) is `with self.assertRaises(Class): await fn()`: fn is
// called inside the await, so the awaitable is made there, as in the
// CPython tests; an exception of another class propagates unchanged, as
// through assertRaises. (check.js's rejects(promise) awaits a promise made
// before its own await; when that promise's work runs in this same task,
// the host treats the promise as independent work and a cancellation also
// lands on rejects' own await, which is not what these cases test.)
async function raises(fn, Class) {
  try {
    await fn();
  } catch (e) {
    if (Class && !(e instanceof Class)) throw e;
    return e;
  }
  throw new Error(`expected ${Class ? Class.name : "an exception"}, nothing was thrown`);
}

class MyExc extends Error {}
MyExc.prototype.name = "MyExc";

module.exports = { raises, runBriefly, runLoop, mockCallback, errorTypes, busy, callSoon, callLater, MyExc };
