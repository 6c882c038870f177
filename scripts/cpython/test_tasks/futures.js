// flags: --virtual-time
// Ported from CPython Lib/test/test_asyncio/test_futures.py (3.13),
// BaseFutureTests: Future state, result(), exception(), cancel() and
// InvalidStateError. Python's None is null here; `exception()` of a future
// with a result is null (or undefined).
//
// The test_tb_logger_* cases that expect *no* "exception was never
// retrieved" report are here too: any report makes this script exit 1.
const { test, run, eq, assert, throws } = require("../../lib/check.js");

test("test_initial_state", async () => {
  const f = new Future();
  assert(!f.cancelled(), "not cancelled");
  assert(!f.done(), "not done");
  f.cancel();
  assert(f.cancelled(), "cancelled");
});

test("test_cancel", async () => {
  const f = new Future();
  assert(f.cancel(), "cancel() returns true");
  assert(f.cancelled(), "cancelled");
  assert(f.done(), "done");
  throws(() => f.result(), CancelledError, "result()");
  throws(() => f.exception(), CancelledError, "exception()");
  throws(() => f.setResult(null), InvalidStateError, "setResult()");
  throws(() => f.setException(null), InvalidStateError, "setException()");
  assert(!f.cancel(), "second cancel() returns false");
});

test("test_result", async () => {
  const f = new Future();
  throws(() => f.result(), InvalidStateError, "result() while pending");

  f.setResult(42);
  assert(!f.cancelled(), "not cancelled");
  assert(f.done(), "done");
  eq(f.result(), 42);
  assert(f.exception() == null, "exception() is null");
  throws(() => f.setResult(null), InvalidStateError, "setResult() again");
  throws(() => f.setException(null), InvalidStateError, "setException() after setResult()");
  assert(!f.cancel(), "cancel() on a done future returns false");
});

test("test_exception", async () => {
  const exc = new Error("RuntimeError");
  const f = new Future();
  throws(() => f.exception(), InvalidStateError, "exception() while pending");
  // (The StopIteration sub-case is Python-only.)

  f.setException(exc);
  assert(!f.cancelled(), "not cancelled");
  assert(f.done(), "done");
  const thrown = throws(() => f.result(), Error, "result()");
  eq(thrown, exc, "result() throws the exception itself");
  eq(f.exception(), exc);
  throws(() => f.setResult(null), InvalidStateError, "setResult() after setException()");
  throws(() => f.setException(null), InvalidStateError, "setException() again");
  assert(!f.cancel(), "cancel() on a done future returns false");
});

// --- unretrieved-exception logging: none of these may be reported ---

test("test_tb_logger_abandoned", async () => {
  // A pending future nobody settles is not a failure.
  new Future();
});

test("test_tb_logger_result_unretrieved", async () => {
  const fut = new Future();
  fut.setResult(42);
});

test("test_tb_logger_result_retrieved", async () => {
  const fut = new Future();
  fut.setResult(42);
  fut.result();
});

test("test_tb_logger_exception_retrieved", async () => {
  const fut = new Future();
  fut.setException(new Error("boom"));
  fut.exception();
});

test("test_tb_logger_exception_result_retrieved", async () => {
  const fut = new Future();
  fut.setException(new Error("boom"));
  throws(() => fut.result(), Error);
});

await run();
