// flags: --virtual-time
// Ported from CPython test_futures.py (3.13) test_tb_logger_not_called_after_cancel:
// asyncio's Future.cancel() clears the "log the unretrieved exception" flag
// before it checks the state, so calling cancel() on a future that already
// failed (it returns false) counts as handling its exception: nothing is
// logged. Here: no "exception was never retrieved" report, exit 0.
const { test, run, assert } = require("../../lib/check.js");

test("test_tb_logger_not_called_after_cancel", async () => {
  const fut = new Future();
  fut.setException(new Error("set, then cancel() called"));
  assert(!fut.cancel(), "cancel() on a done future returns false");
});

await run();
