// Ported from CPython Lib/test/test_asyncio/test_timeouts.py (3.13): the two
// cases that keep the loop busy with time.sleep(). They run on the real
// clock (a virtual clock does not move while JavaScript runs); busy(ms)
// spins for ms of wall time.
const { test, run, assert } = require("../../lib/check.js");
const { raises, busy } = require("./lib/util.js");

test("test_nested_timeouts_concurrent", async () => {
  await raises(() => timeout(2, async () => {
    await raises(() => timeout(100, async () => {
      // Pretend we crunch some numbers.
      busy(10);
      await sleep(1000);
    }), TimeoutError);
  }), TimeoutError);
});

test("test_nested_timeouts_loop_busy", async () => {
  // After the inner timeout is an expensive operation which should be
  // stopped by the outer timeout.
  const t0 = now();
  await raises(() => timeout(100, async () => { // (1)
    await raises(() => timeout(10, async () => { // (2)
      // Pretend the loop is busy for a while.
      busy(100);
      await sleep(1000);
    }), TimeoutError);
    // TimeoutError was caught by (2)
    await sleep(10000); // This sleep should be interrupted by (1)
  }), TimeoutError);
  const t1 = now();
  assert(t0 <= t1 && t1 <= t0 + 1000, `elapsed ${t1 - t0}ms`);
});

await run();
