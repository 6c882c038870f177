"use strict";
// Synchronisation primitives with asyncio 3.13 semantics: Event, Lock,
// Semaphore, BoundedSemaphore, Condition and Barrier.
//
// Every wait parks the task on a Future of its own (`await fut`), so the
// await hook makes it a real cancellation point: task.cancel() cancels that
// future and the task gets CancelledError there. The code then repairs the
// primitive's state exactly as asyncio does, so a waiter that is cancelled
// after being woken passes its wakeup (or its permit) on and nothing leaks.
//
// Waiters live in an intrusive doubly linked list: push, shift and removal
// of a cancelled waiter from the middle are all O(1).

const natives = require("internal");
const { Future, InvalidStateError, isCancelledError } = natives;

// Fast paths return these shared, already-settled promises: awaiting one
// costs a microtask, with no promise or async frame allocated per call.
const RESOLVED_TRUE = Promise.resolve(true);
const RESOLVED_UNDEFINED = Promise.resolve(undefined);

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

// ---------------------------------------------------------------------------
// Waiter list

// A node is {fut, prev, next, list, woken}. list is the Waiters it is linked
// into, or null once removed; woken says a primitive handed it a wakeup and
// counted it (Semaphore and Condition count woken waiters that have not run
// yet, which asyncio keeps in its deque until they do).
class Waiters {
  constructor() {
    this.head = null;
    this.tail = null;
    this.size = 0;
  }

  push(fut) {
    const node = { fut, prev: this.tail, next: null, list: this, woken: false };
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.size++;
    return node;
  }

  // remove unlinks node; removing a node twice is harmless.
  remove(node) {
    if (node.list !== this) return false;
    const { prev, next } = node;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    node.prev = node.next = null;
    node.list = null;
    this.size--;
    return true;
  }

  shift() {
    const node = this.head;
    if (node !== null) this.remove(node);
    return node;
  }
}

// wakeNext pops waiters until one whose future is still pending, and
// resolves that one with value. It reports whether it woke someone.
function wakeNext(waiters, value) {
  for (let node = waiters.head; node !== null; node = waiters.head) {
    waiters.remove(node);
    if (!node.fut.done()) {
      node.fut.setResult(value);
      return true;
    }
  }
  return false;
}

function checkFunction(fn, who) {
  if (typeof fn !== "function") throw new TypeError(`${who} expects a function`);
}

// describe sets up the inspect-friendly state of a class: instances show as
// `Name [state]` in console.log and `[Name state]` from String().
function describe(C) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
  Object.defineProperty(C.prototype, "toString", {
    value: function toString() { return `[${this.constructor.name} ${this._describe()}]`; },
    writable: true, configurable: true,
  });
  Object.defineProperty(C.prototype, inspectCustom, {
    value: function inspect() { return `${this.constructor.name} [${this._describe()}]`; },
    writable: true, configurable: true,
  });
}

function waitersSuffix(n) {
  return n > 0 ? `, waiters:${n}` : "";
}

// ---------------------------------------------------------------------------
// Event

class Event {
  constructor() {
    this._value = false;
    this._waiters = new Waiters();
  }

  isSet() {
    return this._value;
  }

  // set wakes every task waiting; later wait() calls return at once.
  set() {
    if (this._value) return;
    this._value = true;
    for (let n = this._waiters.head; n !== null; n = n.next) {
      if (!n.fut.done()) n.fut.setResult(true);
    }
  }

  clear() {
    this._value = false;
  }

  wait() {
    return this._value ? RESOLVED_TRUE : this._wait();
  }

  async _wait() {
    const fut = new Future();
    const node = this._waiters.push(fut);
    try {
      await fut;
      return true;
    } finally {
      this._waiters.remove(node);
    }
  }

  _describe() {
    return (this._value ? "set" : "unset") + waitersSuffix(this._waiters.size);
  }
}
describe(Event);

// ---------------------------------------------------------------------------
// Lock

class Lock {
  constructor() {
    this._locked = false;
    this._waiters = new Waiters();
  }

  locked() {
    return this._locked;
  }

  acquire() {
    // Fair: a newcomer takes the lock only if nobody (still interested) is
    // queued, so it never barges ahead of a woken waiter. With a cancel
    // pending, the caller's await would throw after the lock was taken and
    // leak it, so the request waits on a Future and takes the cancel there.
    if (!this._locked && this._allCancelled()) {
      this._locked = true;
      return RESOLVED_TRUE;
    }
    return this._acquire();
  }

  async _acquire() {
    const fut = new Future();
    const node = this._waiters.push(fut);
    try {
      try {
        await fut;
      } finally {
        this._waiters.remove(node);
      }
    } catch (e) {
      // Cancelled, possibly after release() had already woken us: if the
      // lock is free, make sure the next waiter runs.
      if (!this._locked) this._wakeUpFirst();
      throw e;
    }
    this._locked = true;
    return true;
  }

  release() {
    if (!this._locked) throw new InvalidStateError("Lock is not acquired.");
    this._locked = false;
    this._wakeUpFirst();
  }

  // run(fn) holds the lock while fn runs (async with lock).
  async run(fn) {
    checkFunction(fn, "Lock.run");
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  _allCancelled() {
    for (let n = this._waiters.head; n !== null; n = n.next) {
      if (!n.fut.cancelled()) return false;
    }
    return true;
  }

  // _wakeUpFirst wakes the waiter at the head, unless it has been woken (or
  // cancelled) already: that one will take the lock or pass it on.
  _wakeUpFirst() {
    const n = this._waiters.head;
    if (n !== null && !n.fut.done()) n.fut.setResult(true);
  }

  _describe() {
    return (this._locked ? "locked" : "unlocked") + waitersSuffix(this._waiters.size);
  }
}
describe(Lock);

// ---------------------------------------------------------------------------
// Semaphore, BoundedSemaphore

class Semaphore {
  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError("Semaphore initial value must be an integer >= 0");
    }
    this._value = value;
    this._waiters = new Waiters(); // waiters not woken yet
    this._woken = 0; // woken waiters that have not resumed yet
  }

  // locked reports whether acquire() would wait: no permit, or others are
  // queued ahead (FIFO).
  locked() {
    if (this._value === 0 || this._woken > 0) return true;
    const w = this._waiters;
    for (let n = w.head; n !== null; n = w.head) {
      if (!n.fut.cancelled()) return true;
      w.remove(n); // a cancelled waiter: it only has to clean up
    }
    return false;
  }

  acquire() {
    if (!this.locked()) {
      this._value--;
      return RESOLVED_TRUE;
    }
    return this._acquire();
  }

  async _acquire() {
    const fut = new Future();
    const node = this._waiters.push(fut);
    try {
      try {
        await fut;
      } finally {
        if (node.woken) this._woken--;
        else this._waiters.remove(node);
      }
    } catch (e) {
      // Woken with a permit but cancelled before resuming: give it back.
      if (fut.done() && !fut.cancelled()) this._value++;
      throw e;
    } finally {
      // Others may have queued behind us while permits were free.
      while (this._value > 0) {
        if (!this._wakeUpNext()) break;
      }
    }
    return true;
  }

  release() {
    this._value++;
    this._wakeUpNext();
  }

  async run(fn) {
    checkFunction(fn, `${this.constructor.name}.run`);
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  // _wakeUpNext hands a permit to the first waiter still pending.
  _wakeUpNext() {
    const w = this._waiters;
    for (let n = w.head; n !== null; n = w.head) {
      w.remove(n);
      if (!n.fut.done()) {
        this._value--;
        n.woken = true;
        this._woken++;
        n.fut.setResult(true);
        return true;
      }
    }
    return false;
  }

  _describe() {
    const s = this.locked() ? "locked" : `unlocked, value:${this._value}`;
    return s + waitersSuffix(this._waiters.size + this._woken);
  }
}
describe(Semaphore);

class BoundedSemaphore extends Semaphore {
  constructor(value = 1) {
    super(value);
    this._bound = value;
  }

  release() {
    if (this._value >= this._bound) throw new RangeError("BoundedSemaphore released too many times");
    super.release();
  }
}
describe(BoundedSemaphore);

// ---------------------------------------------------------------------------
// Condition

class Condition {
  constructor(lock) {
    if (lock === undefined || lock === null) lock = new Lock();
    else if (typeof lock.acquire !== "function" || typeof lock.release !== "function" || typeof lock.locked !== "function") {
      throw new TypeError("Condition expects a Lock");
    }
    this._lock = lock;
    this._waiters = new Waiters(); // waiters not notified yet
    this._woken = 0; // notified waiters that have not resumed yet
  }

  get lock() {
    return this._lock;
  }

  locked() {
    return this._lock.locked();
  }

  acquire() {
    return this._lock.acquire();
  }

  release() {
    return this._lock.release();
  }

  async run(fn) {
    checkFunction(fn, "Condition.run");
    await this._lock.acquire();
    try {
      return await fn();
    } finally {
      this._lock.release();
    }
  }

  // wait releases the lock, waits to be notified, and takes the lock again
  // before returning, even when cancelled (then re-throws the error).
  async wait() {
    if (!this._lock.locked()) throw new InvalidStateError("cannot wait on un-acquired lock");
    const fut = new Future();
    this._lock.release();
    try {
      try {
        const node = this._waiters.push(fut);
        try {
          await fut;
          return true;
        } finally {
          if (node.woken) this._woken--;
          else this._waiters.remove(node);
        }
      } finally {
        let err = null;
        for (;;) {
          try {
            await this._lock.acquire();
            break;
          } catch (e) {
            if (!isCancelledError(e)) throw e;
            err = e;
          }
        }
        if (err !== null) throw err;
      }
    } catch (e) {
      // We may have been notified before the error: pass the notification
      // on (a spurious wakeup is allowed, a lost one is not).
      this._notify(1);
      throw e;
    }
  }

  async waitFor(predicate) {
    checkFunction(predicate, "Condition.waitFor");
    let result = predicate();
    while (!result) {
      await this.wait();
      result = predicate();
    }
    return result;
  }

  notify(n = 1) {
    if (!this._lock.locked()) throw new InvalidStateError("cannot notify on un-acquired lock");
    this._notify(n);
  }

  notifyAll() {
    if (!this._lock.locked()) throw new InvalidStateError("cannot notify on un-acquired lock");
    this._notify(Infinity);
  }

  _notify(n) {
    const w = this._waiters;
    let idx = 0;
    for (let node = w.head; node !== null && idx < n; node = w.head) {
      w.remove(node);
      if (!node.fut.done()) {
        idx++;
        node.woken = true;
        this._woken++;
        node.fut.setResult(false);
      }
    }
  }

  _describe() {
    return (this.locked() ? "locked" : "unlocked") + waitersSuffix(this._waiters.size + this._woken);
  }
}
describe(Condition);

// ---------------------------------------------------------------------------
// Barrier

class BrokenBarrierError extends Error {
  constructor(message = "", options) {
    super(message, options);
  }
}
Object.defineProperty(BrokenBarrierError.prototype, "name", { value: "BrokenBarrierError", writable: true, configurable: true });

const FILLING = "filling";
const DRAINING = "draining";
const RESETTING = "resetting";
const BROKEN = "broken";

class Barrier {
  constructor(parties) {
    if (!Number.isInteger(parties) || parties < 1) throw new RangeError("parties must be an integer >= 1");
    this._cond = new Condition();
    this._parties = parties;
    this._state = FILLING;
    this._count = 0; // tasks inside wait()
  }

  get parties() {
    return this._parties;
  }

  get nWaiting() {
    return this._state === FILLING ? this._count : 0;
  }

  get broken() {
    return this._state === BROKEN;
  }

  // wait resolves to this task's index (0 .. parties-1) once `parties`
  // tasks are waiting; BrokenBarrierError if the barrier is reset or aborted.
  async wait() {
    const cond = this._cond;
    await cond.acquire();
    try {
      await this._block();
      try {
        const index = this._count++;
        if (index + 1 === this._parties) this._release();
        else await this._wait();
        return index;
      } finally {
        this._count--;
        this._exit();
      }
    } finally {
      cond.release();
    }
  }

  async run(fn) {
    checkFunction(fn, "Barrier.run");
    const index = await this.wait();
    return await fn(index);
  }

  // reset puts the barrier back to its initial state; tasks waiting get
  // BrokenBarrierError.
  async reset() {
    const cond = this._cond;
    await cond.acquire();
    try {
      if (this._count > 0) {
        if (this._state !== RESETTING) this._state = RESETTING;
      } else {
        this._state = FILLING;
      }
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  // abort breaks the barrier: current and future wait() calls fail with
  // BrokenBarrierError until reset().
  async abort() {
    const cond = this._cond;
    await cond.acquire();
    try {
      this._state = BROKEN;
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  // _block waits while the barrier drains or resets.
  async _block() {
    await this._cond.waitFor(() => this._state !== DRAINING && this._state !== RESETTING);
    if (this._state === BROKEN) throw new BrokenBarrierError("Barrier aborted");
  }

  _release() {
    this._state = DRAINING;
    this._cond.notifyAll();
  }

  async _wait() {
    await this._cond.waitFor(() => this._state !== FILLING);
    if (this._state === BROKEN || this._state === RESETTING) {
      throw new BrokenBarrierError("Abort or reset of barrier");
    }
  }

  _exit() {
    if (this._count === 0) {
      if (this._state === RESETTING || this._state === DRAINING) this._state = FILLING;
      this._cond.notifyAll();
    }
  }

  _describe() {
    let s = this._state;
    if (s !== BROKEN) s += `, waiters:${this.nWaiting}/${this._parties}`;
    return s;
  }
}
describe(Barrier);

module.exports = { Event, Lock, Semaphore, BoundedSemaphore, Condition, Barrier, BrokenBarrierError };

// Shared with queues.js; not enumerable, so not a global.
Object.defineProperty(module.exports, "_internal", {
  value: { Waiters, wakeNext, describe, inspectCustom, RESOLVED_UNDEFINED },
});
