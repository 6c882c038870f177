// Helpers shared by the ports of CPython's test_tasks.py / test_futures.py.
"use strict";

// callSoon(fn, ...args) is asyncio's loop.call_soon: fn runs from the loop's
// ready queue, behind everything already there. A done callback on a Future
// that is already done is exactly that (API §3: done callbacks are
// scheduled, never run inline).
function callSoon(fn, ...args) {
  const f = new Future();
  f.setResult(undefined);
  f.addDoneCallback(() => fn(...args));
}

// waitDone(fut) stands for `await asyncio.wait([fut])`: it waits until fut is
// done and never throws (the outcome stays in fut).
function waitDone(fut) {
  return new Promise((resolve) => fut.addDoneCallback(() => resolve()));
}

// fullStack(e) is what a JS user sees of a failure: its stack and the stacks
// of its causes (Python prints the traceback and the __context__ chain).
function fullStack(e) {
  let out = "";
  for (let i = 0; e && i < 10; i++, e = e.cause) {
    out += (i ? "\nCaused by: " : "") + String((e && e.stack) || e);
  }
  return out;
}

// lineOf(new Error()) is the line the Error was created on.
function lineOf(err) {
  const m = /:(\d+):\d+/.exec(String(err.stack).split("\n")[1] || "");
  return m ? Number(m[1]) : -1;
}

module.exports = { callSoon, waitDone, fullStack, lineOf };
