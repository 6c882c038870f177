// flags: --virtual-time
// exit: 1
// stderr: Future exception was never retrieved
// stderr: shielded inner failed after its outer was cancelled
// Ported from CPython test_tasks.py (3.13) test_shield_cancel_outer_exception:
// an inner that fails after the shield around it was cancelled has nobody
// left to observe its exception, so the loop's exception handler is called
// once. Here that is the unobserved-failure report on stderr and exit 1.
const { test, run, assert } = require("../../lib/check.js");

test("test_shield_cancel_outer_exception", async () => {
  const inner = new Future();
  const outer = shield(inner);
  await sleep(0);
  outer.cancel();
  await sleep(0);
  inner.setException(new Error("shielded inner failed after its outer was cancelled"));
  await sleep(0);
  assert(outer.cancelled(), "outer cancelled");
});

await run();
