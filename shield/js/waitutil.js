"use strict";
// Helpers shared by waiting.js, timeouts.js and taskgroup.js; not exported
// to scripts.

const { cancelledError } = require("internal");

function typeName(v) {
  if (v === null) return "null";
  if (typeof v !== "object" && typeof v !== "function") return typeof v;
  const c = v.constructor;
  return (c && c.name) || "object";
}

function isThenable(v) {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";
}

// checkIterable rejects what asyncio rejects with "expect a list of futures":
// a single awaitable, or anything that cannot be iterated.
function checkIterable(aws, who) {
  if (aws == null || typeof aws === "string" || isThenable(aws) || typeof aws[Symbol.iterator] !== "function") {
    throw new TypeError(`${who}() expects an iterable of awaitables, not ${typeName(aws)}`);
  }
}

// checkMs validates a duration or deadline: null/undefined mean "none".
function checkMs(ms, who, what) {
  if (ms == null) return null;
  if (typeof ms !== "number" || ms !== ms) {
    throw new TypeError(`${who}: ${what} must be a number of milliseconds or null, got ${typeName(ms)}`);
  }
  return ms;
}

// cancelErrorOf returns the CancelledError a cancelled future holds.
function cancelErrorOf(fut) {
  try {
    fut.result();
  } catch (e) {
    return e;
  }
  return cancelledError("");
}

module.exports = { typeName, isThenable, checkIterable, checkMs, cancelErrorOf };
