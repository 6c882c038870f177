"use strict";
// Waiting on several things at once: gather, wait and asCompleted, with
// asyncio's semantics (Python 3.13), translated to JavaScript: milliseconds,
// camelCase, RangeError where asyncio raises ValueError.
//
// Everything here is built on done callbacks rather than awaits, so one
// gather or wait costs one shared callback, not a closure per child.

const {
  now, callAt, ensureFuture, isFuture, cancelledError, TimeoutError, Future,
  setCancelHandler, failWith,
} = require("internal");
const { typeName, checkIterable, checkMs, cancelErrorOf } = require("./waitutil");

const FIRST_COMPLETED = "FIRST_COMPLETED";
const FIRST_EXCEPTION = "FIRST_EXCEPTION";
const ALL_COMPLETED = "ALL_COMPLETED";

// ---------------------------------------------------------------- gather

// gather(aws, {returnExceptions}) is asyncio.gather. Its future is a plain
// Future whose cancel() is replaced (asyncio's _GatheringFuture): cancelling
// it, directly or by cancelling a task that awaits it, cancels every child;
// it then fails with a CancelledError once the children are done, while its
// own cancelled() stays false.
function gather(aws, options) {
  checkIterable(aws, "gather");
  const returnExceptions = !!(options && options.returnExceptions);
  const args = Array.isArray(aws) ? aws : Array.from(aws);
  const n = args.length;
  const children = new Array(n);
  const alreadyDone = [];
  let nfuts = 0;
  let nfinished = 0;
  let cancelRequested = false;
  let cancelMsg = "";
  let outer = null;
  // True until outer exists (a later input may make gather throw while an
  // earlier one already has our callback) and once it is settled.
  let outerDone = true;

  // One callback for every child of this gather.
  function onChildDone(fut) {
    nfinished++;
    // exception() also marks a failure retrieved: once gather is done, what
    // the other children do is no longer anybody's business.
    let exc;
    let cancelled = false;
    try {
      exc = fut.exception();
    } catch (e) {
      exc = e;
      cancelled = true;
    }
    if (outerDone) return;
    if (!returnExceptions && (cancelled || exc !== null)) {
      outerDone = true;
      if (cancelled) failWith(outer, exc);
      else if (!outer.done()) outer.setException(exc);
      return;
    }
    if (nfinished !== nfuts) return;
    outerDone = true;
    const results = new Array(n);
    if (returnExceptions) {
      for (let i = 0; i < n; i++) {
        try {
          results[i] = children[i].result();
        } catch (e) {
          results[i] = e;
        }
      }
    } else {
      // Every child succeeded, or outer would be done already.
      for (let i = 0; i < n; i++) results[i] = children[i].result();
    }
    if (cancelRequested) {
      // Cancelled, but every child ignored it: still fail as cancelled.
      failWith(outer, cancelledError(cancelMsg));
    } else if (!outer.done()) {
      outer.setResult(results);
    }
  }

  function add(i, fut) {
    nfuts++;
    if (fut.done()) alreadyDone.push(fut);
    else fut.addDoneCallback(onChildDone);
    children[i] = fut;
  }
  if (new Set(args).size === n) {
    for (let i = 0; i < n; i++) add(i, ensureFuture(args[i]));
  } else {
    // The same awaitable twice is one child whose result is repeated.
    const argToFut = new Map();
    for (let i = 0; i < n; i++) {
      const fut = argToFut.get(args[i]);
      if (fut !== undefined) {
        children[i] = fut;
      } else {
        const f = ensureFuture(args[i]);
        argToFut.set(args[i], f);
        add(i, f);
      }
    }
  }
  outer = new Future();
  if (nfuts === 0) {
    outer.setResult([]);
    return outer;
  }
  outerDone = false;
  setCancelHandler(outer, (msg) => {
    if (outer.done()) return false;
    let ret = false;
    for (let i = 0; i < n; i++) {
      if (children[i].cancel(msg)) ret = true;
    }
    if (ret) {
      // If every child ignores the cancellation, outer still fails with
      // CancelledError when they are done.
      cancelRequested = true;
      cancelMsg = msg;
    }
    return ret;
  });
  for (let i = 0; i < alreadyDone.length; i++) onChildDone(alreadyDone[i]);
  return outer;
}

// ------------------------------------------------------------------ wait

// wait(aws, {timeout, returnWhen}) is asyncio.wait: it resolves to
// {done, pending}, two Sets of the given Tasks and Futures, and cancels
// nothing, not even on timeout. Like asyncio (which refuses coroutines),
// it takes only Tasks and Futures: a promise or function would come back
// as a wrapper the caller does not hold; wrap it with createTask() first.
async function wait(aws, options) {
  checkIterable(aws, "wait");
  const fs = new Set(aws);
  if (fs.size === 0) throw new RangeError("Set of Tasks/Futures is empty.");
  const timeout = checkMs(options ? options.timeout : null, "wait", "timeout");
  const returnWhen = options && options.returnWhen != null ? options.returnWhen : ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new RangeError(`Invalid returnWhen value: ${String(returnWhen)}`);
  }
  for (const f of fs) {
    if (!isFuture(f)) {
      throw new TypeError(`wait() takes Tasks and Futures, got ${typeName(f)}; wrap promises and functions with createTask()`);
    }
  }
  const waiter = new Future();
  let handle = null;
  let counter = fs.size;
  const release = () => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  const onCompletion = (f) => {
    counter--;
    if (counter <= 0 || returnWhen === FIRST_COMPLETED ||
        (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)) {
      if (handle !== null) handle.cancel();
      release();
    }
  };
  if (timeout !== null) handle = callAt(now() + timeout, release);
  for (const f of fs) f.addDoneCallback(onCompletion);
  const done = new Set();
  const pending = new Set();
  try {
    await waiter;
  } finally {
    if (handle !== null) handle.cancel();
    for (const f of fs) {
      if (f.done()) {
        done.add(f); // its callbacks are spent: nothing to remove
      } else {
        f.removeDoneCallback(onCompletion);
        pending.add(f);
      }
    }
  }
  return { done, pending };
}

// ----------------------------------------------------------- asCompleted

// Settles slot with the outcome of the finished future f.
function settleFrom(slot, f) {
  if (slot.done()) return; // the caller gave up on this slot (cancelled it)
  if (f.cancelled()) {
    failWith(slot, cancelErrorOf(f));
    return;
  }
  const e = f.exception();
  if (e !== null) slot.setException(e);
  else slot.setResult(f.result());
}

// asCompleted(aws, {timeout}) is asyncio.as_completed used as a plain
// iterator, made eager: it returns one Future per distinct input, in
// completion order; the i-th settles with the outcome of the i-th input to
// finish. When the timeout expires, the ones still waiting fail with
// TimeoutError (and the inputs keep running). Functions become tasks.
function asCompleted(aws, options) {
  checkIterable(aws, "asCompleted");
  const timeout = checkMs(options ? options.timeout : null, "asCompleted", "timeout");
  const todo = new Set();
  for (const aw of new Set(aws)) todo.add(ensureFuture(aw));
  const n = todo.size;
  const slots = new Array(n);
  for (let i = 0; i < n; i++) slots[i] = new Future();
  let next = 0;
  let handle = null;
  const onCompletion = (f) => {
    if (!todo.delete(f)) return; // the timeout came first
    settleFrom(slots[next++], f);
    if (todo.size === 0 && handle !== null) handle.cancel();
  };
  for (const f of todo) f.addDoneCallback(onCompletion);
  if (n > 0 && timeout !== null) {
    handle = callAt(now() + timeout, () => {
      for (const f of todo) {
        f.removeDoneCallback(onCompletion);
        const slot = slots[next++];
        if (!slot.done()) {
          slot.setException(new TimeoutError());
          // Whoever stops at the first TimeoutError need not await the rest.
          slot.exception();
        }
      }
      todo.clear();
    });
  }
  return slots;
}

module.exports = {
  gather, wait, asCompleted, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED,
};
