// flags: --virtual-time
// exit: 1
// stderr: Future exception was never retrieved
// stderr: boom
// stderr: MemoryError
// Ported from CPython test_futures.py (3.13): test_tb_logger_exception_unretrieved
// and test_future_exception_never_retrieved. A future whose exception nobody
// retrieves is reported ("Future exception was never retrieved" and the
// error) and the run exits 1.
const { test, run } = require("../../lib/check.js");

test("test_tb_logger_exception_unretrieved", async () => {
  let fut = new Future();
  fut.setException(new Error("boom"));
  fut = null;
  await sleep(0);
});

test("test_future_exception_never_retrieved", async () => {
  class MemoryError extends Error {}
  MemoryError.prototype.name = "MemoryError";
  let future = new Future();
  future.setException(new MemoryError());
  future = null;
  await sleep(0);
});

await run();
