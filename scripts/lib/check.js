// check.js — the small test runner the conformance scripts use.
//
// Each test runs as its own task, one after another, so a test's
// cancellations and timeouts cannot reach the next one. The runner prints
// "ok - name" or "not ok - name" with the error, then "N passed, N failed",
// and sets a non-zero exit status when anything failed.
"use strict";

const tests = [];

function test(name, fn) {
  tests.push({ name, fn });
}

async function run() {
  let passed = 0, failed = 0;
  for (const t of tests) {
    try {
      await createTask(t.fn, { name: t.name });
      console.log(`ok - ${t.name}`);
      passed++;
    } catch (e) {
      console.log(`not ok - ${t.name}`);
      console.log("  " + String((e && e.stack) || e).split("\n").join("\n  "));
      failed++;
    }
  }
  const leftover = allTasks().filter((t) => t !== currentTask());
  if (leftover.length) {
    console.log(`not ok - tasks left running: ${leftover.map((t) => t.getName()).join(", ")}`);
    failed++;
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
}

class AssertionError extends Error {}
AssertionError.prototype.name = "AssertionError";

function show(v) {
  try { return typeof v === "string" ? JSON.stringify(v) : String(v); } catch { return "<unprintable>"; }
}

function assert(cond, msg) {
  if (!cond) throw new AssertionError(msg || "assertion failed");
}

function eq(actual, expected, msg) {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${msg ? msg + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
  }
}

function deepEq(actual, expected, msg) {
  const a = JSON.stringify(actual), b = JSON.stringify(expected);
  if (a !== b) throw new AssertionError(`${msg ? msg + ": " : ""}expected ${b}, got ${a}`);
}

// throws(fn, Class) calls fn and checks that it throws an instance of Class.
function throws(fn, Class, msg) {
  try {
    fn();
  } catch (e) {
    if (Class && !(e instanceof Class)) throw new AssertionError(`${msg ? msg + ": " : ""}expected ${Class.name}, got ${show(e)}`);
    return e;
  }
  throw new AssertionError(`${msg ? msg + ": " : ""}expected ${Class ? Class.name : "an exception"}, nothing was thrown`);
}

// rejects(aw, Class) awaits aw and checks that it fails with an instance of Class.
async function rejects(aw, Class, msg) {
  try {
    await aw;
  } catch (e) {
    if (Class && !(e instanceof Class)) throw new AssertionError(`${msg ? msg + ": " : ""}expected ${Class.name}, got ${show(e)}`);
    return e;
  }
  throw new AssertionError(`${msg ? msg + ": " : ""}expected ${Class ? Class.name : "a rejection"}, it resolved`);
}

module.exports = { test, run, assert, eq, deepEq, throws, rejects, AssertionError };
