"use strict";
// timeout, timeoutAt and waitFor: asyncio.timeout / timeout_at / wait_for
// (Python 3.13), in milliseconds on the loop's monotonic clock, now().
//
// A timeout never runs its function in another task: on expiry it cancels
// the task that called it, and turns the CancelledError that comes out of
// the function into a TimeoutError. It tells its own cancellation from one
// that came from outside with the task's cancelling()/uncancel() count, so
// nested timeouts and outside cancels compose as in asyncio.

const {
  now, callSoon, callAt, ensureFuture, isFuture, isCancelledError, TimeoutError,
  InvalidStateError, Future, currentTask, suspendedAwaits,
} = require("internal");
const { checkMs, isThenable } = require("./waitutil");

const CREATED = "created";
const ENTERED = "active";
const EXPIRING = "expiring";
const EXPIRED = "expired";
const EXITED = "finished";

// A Timeout is the handle a timeout's function receives (asyncio.Timeout).
class Timeout {
  constructor(when) {
    this._state = CREATED;
    this._when = when;
    this._handle = null;
    this._task = null;
    this._cancelling = 0;
  }

  // when() is the deadline on the now() clock, or null for none.
  when() {
    return this._when;
  }

  // reschedule(when) moves the deadline to when, a point on the now()
  // clock (like asyncio's reschedule), or removes it with null.
  reschedule(when) {
    if (this._state !== ENTERED) {
      if (this._state === CREATED) throw new InvalidStateError("Timeout has not been entered");
      throw new InvalidStateError(`Cannot change state of ${this._state} Timeout`);
    }
    when = checkMs(when, "reschedule", "the deadline");
    this._when = when;
    if (this._handle !== null) {
      this._handle.cancel();
      this._handle = null;
    }
    if (when === null) return;
    if (when <= now()) {
      // Already due: expire on the next loop turn, as asyncio's call_soon.
      const h = new SoonHandle(this);
      callSoon(h.fire);
      this._handle = h;
    } else {
      this._handle = callAt(when, () => this._onTimeout());
    }
  }

  // expired() reports whether the deadline was reached.
  expired() {
    return this._state === EXPIRING || this._state === EXPIRED;
  }

  toString() {
    if (this._state === ENTERED) {
      return `<Timeout [${this._state}] when=${this._when === null ? "null" : this._when}>`;
    }
    return `<Timeout [${this._state}]>`;
  }

  _enter(task) {
    this._state = ENTERED;
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
  }

  // _exit runs when the function has finished; failed/err say how. It
  // returns what the timeout must throw (err itself, or a TimeoutError).
  _exit(failed, err) {
    if (this._handle !== null) {
      this._handle.cancel();
      this._handle = null;
    }
    if (this._state === EXPIRING) {
      this._state = EXPIRED;
      // uncancel() must be called whatever happened: the cancel was ours.
      // Only when no other cancel request is pending is the
      // CancelledError ours to turn into a TimeoutError.
      if (this._task.uncancel() <= this._cancelling && failed && isCancelledError(err)) {
        return new TimeoutError("", { cause: err });
      }
    } else if (this._state === ENTERED) {
      this._state = EXITED;
    }
    return err;
  }

  _onTimeout() {
    if (this._state !== ENTERED) return;
    this._handle = null;
    this._task.cancel();
    this._state = EXPIRING;
  }
}
Object.defineProperty(Timeout.prototype, Symbol.toStringTag, { value: "Timeout" });

// A SoonHandle is a cancellable callSoon for a deadline already past.
class SoonHandle {
  constructor(cm) {
    this.cancelled = false;
    this.fire = () => {
      if (!this.cancelled) cm._onTimeout();
    };
  }
  cancel() {
    this.cancelled = true;
  }
}

// timeoutAt(deadlineMs, fn) runs fn(cm) in the current task with a deadline
// on the now() clock (null: none) and resolves to what fn returns.
function timeoutAt(deadline, fn) {
  deadline = checkMs(deadline, "timeoutAt", "the deadline");
  if (typeof fn !== "function") throw new TypeError("timeoutAt expects a function as its second argument");
  const cm = new Timeout(deadline);
  return runWithin(cm, fn, cm, "timeoutAt");
}

// timeout(ms, fn) is timeoutAt(now() + ms, fn); null/undefined: no deadline.
function timeout(ms, fn) {
  ms = checkMs(ms, "timeout", "the delay");
  if (typeof fn !== "function") throw new TypeError("timeout expects a function as its second argument");
  const cm = new Timeout(ms === null ? null : now() + ms);
  return runWithin(cm, fn, cm, "timeout");
}

// runWithin enters cm in the current task, waits for fn(arg) (or for fn
// itself when it is not a function) and exits cm with the outcome.
//
// Where the cancellation lands decides what the timeout waits for, as in
// asyncio, where the coroutine under the timeout runs in the task:
// - a Task or Future is awaited: cancelling the task cancels it, and the
//   timeout waits until it has finished;
// - a promise whose work is itself suspended in this task (an async
//   function called by fn or passed to waitFor) is followed without an
//   await of our own, so the cancellation lands at that work's awaits, and
//   we wait for it to handle it: its CancelledError comes out of the
//   promise (or its result, if it swallows the cancellation);
// - any other promise (settled by a timer, an event...) cannot be
//   cancelled, so our own await on it is where the cancellation lands.
function runWithin(cm, fn, arg, who) {
  const task = currentTask();
  if (task === null) return Promise.reject(new InvalidStateError(`${who}() must be called inside a task`));
  cm._enter(task);
  let p;
  try {
    p = typeof fn === "function" ? fn(arg) : fn;
  } catch (e) {
    return Promise.reject(cm._exit(true, e));
  }
  if (!isThenable(p)) {
    cm._exit(false, undefined);
    return Promise.resolve(p);
  }
  if (isFuture(p)) return awaitWithin(cm, p, task);
  p = Promise.resolve(p); // a foreign thenable becomes a promise we can await
  if (suspendedAwaits(task) > (ownAwaits.get(task) || 0)) {
    return p.then(
      (v) => {
        cm._exit(false, undefined);
        return v;
      },
      (e) => {
        throw cm._exit(true, e);
      },
    );
  }
  return awaitWithin(cm, p, task);
}

// awaitWithin is runWithin's own await, on a Task or Future (a leaf whose
// cancellation cancels it) or on a promise settled outside the task.
async function awaitWithin(cm, p, task) {
  const own = !isFuture(p);
  if (own) ownAwaits.set(task, (ownAwaits.get(task) || 0) + 1);
  let result;
  try {
    result = await p;
  } catch (e) {
    throw cm._exit(true, e);
  } finally {
    if (own) {
      const n = ownAwaits.get(task) - 1;
      if (n === 0) ownAwaits.delete(task);
      else ownAwaits.set(task, n);
    }
  }
  cm._exit(false, undefined);
  return result;
}

// ownAwaits counts, per task, the awaits runWithin itself is suspended on
// for plain promises, so that several timeouts running side by side in one
// task (Promise.all of waitFor calls) are not taken for work in the task.
const ownAwaits = new WeakMap();

// cancelAndWait cancels fut and waits until it is done, however long its
// cleanup takes (asyncio's _cancel_and_wait).
async function cancelAndWait(fut) {
  const waiter = new Future();
  const release = () => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  fut.addDoneCallback(release);
  try {
    fut.cancel();
    await waiter;
  } finally {
    fut.removeDoneCallback(release);
  }
}

// waitForNow is waitFor with a timeout <= 0: cancel at once (unless aw is
// already done), wait for the cancellation to complete, and throw
// TimeoutError unless aw finished anyway.
async function waitForNow(aw) {
  const fut = ensureFuture(aw);
  if (fut.done()) return fut.result();
  await cancelAndWait(fut);
  try {
    return fut.result();
  } catch (e) {
    if (isCancelledError(e)) throw new TimeoutError("", { cause: e });
    throw e;
  }
}

// waitFor(aw, ms) is asyncio.wait_for, that is timeout(ms, () => aw): on
// expiry an awaited Task or Future is cancelled and waited for, and the
// TimeoutError thrown has the CancelledError as its cause; if aw ignores
// the cancellation and returns, waitFor returns its result. A function is
// called in the current task, as a coroutine is awaited. ms <= 0 cancels
// at once (a function then becomes a task that never starts);
// null/undefined waits without limit.
function waitFor(aw, ms) {
  ms = checkMs(ms, "waitFor", "the timeout");
  if (ms === null) {
    let v = aw;
    if (typeof aw === "function") {
      try {
        v = aw();
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return isThenable(v) ? v : Promise.resolve(v);
  }
  if (ms <= 0) return waitForNow(aw);
  return runWithin(new Timeout(now() + ms), aw, undefined, "waitFor");
}

module.exports = { timeout, timeoutAt, waitFor, now };
