// compat.js — helpers for the ported CPython tests.
"use strict";

// asyncio.gather / wait_for / timeout / TaskGroup.
const { gather, timeout, waitFor, taskGroup } = require("shieldjs");

// nWaiters reads the waiter count from a primitive's description
// ("Lock [locked, waiters:2]"), the counterpart of len(x._waiters).
function nWaiters(x) {
  const m = /waiters:(\d+)/.exec(String(x));
  return m ? Number(m[1]) : 0;
}

// raises(fn, Class) awaits fn() and returns the error it fails with. Unlike
// check.js's rejects(promise), the promise is made inside the await, so the
// await is not a leaf of its own: a cancel reaches the awaits inside fn, as
// `with self.assertRaises(...): await f()` does in Python.
async function raises(fn, Class) {
  try {
    await fn();
  } catch (e) {
    if (Class && !(e instanceof Class)) throw new Error(`expected ${Class.name}, got ${e && e.name}: ${e && e.message}`);
    return e;
  }
  throw new Error(`expected ${Class ? Class.name : "an exception"}, nothing was thrown`);
}

module.exports = { gather, timeout, waitFor, taskGroup, nWaiters, raises };
