// flags: --virtual-time
// exit: 1
// stderr: Future exception was never retrieved
// stderr: inner failed under two cancelled shields
// Ported from CPython test_tasks.py (3.13) test_shield_duplicate_log_once:
// two shields around the same inner, both cancelled; the inner then fails.
// The failure is reported once (CPython: the exception handler is called
// once). The harness only checks that stderr contains the report; that it
// appears exactly once was checked by hand.
const { test, run, assert } = require("../../lib/check.js");

test("test_shield_duplicate_log_once", async () => {
  const inner = new Future();
  let outer = shield(inner);
  await sleep(0);
  outer.cancel();
  await sleep(0);
  outer = shield(inner);
  await sleep(0);
  outer.cancel();
  await sleep(0);
  inner.setException(new Error("inner failed under two cancelled shields"));
  await sleep(0);
  assert(outer.cancelled(), "outer cancelled");
});

await run();
