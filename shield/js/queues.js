"use strict";
// Queue, PriorityQueue and LifoQueue with asyncio 3.13 semantics, including
// shutdown(). A getter or putter parks on a Future of its own; when it is
// cancelled after having been woken, it wakes the next one in line, so a
// cancelled consumer loses no item and leaves no waiter behind.

const natives = require("internal");
const { Future, InvalidStateError } = natives;
const { Event, _internal } = require("./locks");
const { Waiters, wakeNext, describe, RESOLVED_UNDEFINED } = _internal;

class QueueEmpty extends Error {
  constructor(message = "Queue is empty", options) {
    super(message, options);
  }
}
class QueueFull extends Error {
  constructor(message = "Queue is full", options) {
    super(message, options);
  }
}
class QueueShutDown extends Error {
  constructor(message = "Queue is shut down", options) {
    super(message, options);
  }
}
for (const C of [QueueEmpty, QueueFull, QueueShutDown]) {
  Object.defineProperty(C.prototype, "name", { value: C.name, writable: true, configurable: true });
}

// Ring is a FIFO of items in a power-of-two ring buffer: push and shift are
// O(1) without Array.prototype.shift's copying.
class Ring {
  constructor() {
    this.buf = new Array(16);
    this.mask = 15;
    this.head = 0;
    this.length = 0;
  }

  push(x) {
    if (this.length > this.mask) this._grow();
    this.buf[(this.head + this.length) & this.mask] = x;
    this.length++;
  }

  shift() {
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    // Give memory back after a burst, at a quarter full.
    if (this.mask > 1023 && this.length < this.mask >> 2) this._resize((this.mask + 1) >> 1);
    return x;
  }

  _grow() {
    this._resize((this.mask + 1) * 2);
  }

  _resize(size) {
    const old = this.buf, n = this.length;
    const buf = new Array(size);
    for (let i = 0; i < n; i++) buf[i] = old[(this.head + i) & this.mask];
    this.buf = buf;
    this.mask = size - 1;
    this.head = 0;
  }
}

function maxsizeOf(arg) {
  if (arg !== null && typeof arg === "object") arg = arg.maxsize;
  if (arg === undefined || arg === null) return 0;
  if (typeof arg !== "number" || Number.isNaN(arg)) throw new TypeError("Queue maxsize must be a number");
  return arg;
}

class Queue {
  // new Queue(maxsize) or new Queue({maxsize}); 0 or less means unbounded.
  constructor(maxsize) {
    this._maxsize = maxsizeOf(maxsize);
    this._getters = new Waiters();
    this._putters = new Waiters();
    this._unfinishedTasks = 0;
    this._finished = new Event();
    this._finished.set();
    this._isShutdown = false;
    this._init(this._maxsize);
  }

  // The storage hooks; subclasses override these four.
  _init() {
    this._queue = new Ring();
  }

  _put(item) {
    this._queue.push(item);
  }

  _get() {
    return this._queue.shift();
  }

  qsize() {
    return this._queue.length;
  }

  get maxsize() {
    return this._maxsize;
  }

  empty() {
    return this.qsize() === 0;
  }

  full() {
    return this._maxsize > 0 && this.qsize() >= this._maxsize;
  }

  // put waits for a free slot, then adds item. The fast path (room, no
  // cancel pending that the caller's await would deliver after the item
  // went in) needs no async frame.
  put(item) {
    if ((this._maxsize <= 0 || this.qsize() < this._maxsize)) {
      try {
        this.putNowait(item);
      } catch (e) {
        return Promise.reject(e);
      }
      return RESOLVED_UNDEFINED;
    }
    return this._putWait(item);
  }

  async _putWait(item) {
    // With room in the queue we are here because a cancel is pending: park
    // once all the same, so that the cancel lands before the item goes in.
    let park = !this.full();
    while (park || this.full()) {
      park = false;
      if (this._isShutdown) throw new QueueShutDown();
      const putter = new Future();
      const node = this._putters.push(putter);
      try {
        await putter;
      } catch (e) {
        putter.cancel(); // in case it is still pending
        this._putters.remove(node);
        // Woken by a get but unable to take the slot: wake the next putter.
        if (!this.full() && !putter.cancelled()) wakeNext(this._putters, undefined);
        throw e;
      }
    }
    this.putNowait(item);
  }

  putNowait(item) {
    if (this._isShutdown) throw new QueueShutDown();
    if (this._maxsize > 0 && this.qsize() >= this._maxsize) throw new QueueFull();
    this._put(item);
    this._unfinishedTasks++;
    this._finished._value = false; // _finished.clear()
    if (this._getters.head !== null) wakeNext(this._getters, undefined);
  }

  // get waits for an item and removes it.
  get() {
    if (this.qsize() !== 0) {
      try {
        return Promise.resolve(this.getNowait());
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return this._getWait();
  }

  async _getWait() {
    // With an item available we are here because a cancel is pending: park
    // once all the same, so that the cancel lands before an item is taken.
    let park = !this.empty();
    while (park || this.empty()) {
      park = false;
      if (this._isShutdown && this.empty()) throw new QueueShutDown();
      const getter = new Future();
      const node = this._getters.push(getter);
      try {
        await getter;
      } catch (e) {
        getter.cancel(); // in case it is still pending
        this._getters.remove(node);
        // Woken by a put but unable to take the item: wake the next getter.
        if (!this.empty() && !getter.cancelled()) wakeNext(this._getters, undefined);
        throw e;
      }
    }
    return this.getNowait();
  }

  getNowait() {
    if (this.qsize() === 0) {
      if (this._isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    if (this._putters.head !== null) wakeNext(this._putters, undefined);
    return item;
  }

  // taskDone tells the queue that an item taken with get() is processed.
  taskDone() {
    if (this._unfinishedTasks <= 0) throw new InvalidStateError("taskDone() called too many times");
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  // join waits until every item put has been taken and marked done.
  join() {
    return this._unfinishedTasks === 0 ? RESOLVED_UNDEFINED : this._join();
  }

  async _join() {
    await this._finished.wait();
  }

  // shutdown makes put() fail with QueueShutDown and get() fail once the
  // queue is empty (at once with {immediate: true}, which also drops the
  // items and marks them done). Blocked callers are woken to fail.
  shutdown(options) {
    const immediate = options === true || !!(options && options.immediate);
    this._isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this._unfinishedTasks > 0) this._unfinishedTasks--;
      }
      if (this._unfinishedTasks === 0) this._finished.set();
    }
    for (let n = this._getters.shift(); n !== null; n = this._getters.shift()) {
      if (!n.fut.done()) n.fut.setResult(undefined);
    }
    for (let n = this._putters.shift(); n !== null; n = this._putters.shift()) {
      if (!n.fut.done()) n.fut.setResult(undefined);
    }
  }

  _describe() {
    let s = `maxsize:${this._maxsize}, size:${this.qsize()}`;
    if (this._getters.size) s += `, getters:${this._getters.size}`;
    if (this._putters.size) s += `, putters:${this._putters.size}`;
    if (this._unfinishedTasks) s += `, tasks:${this._unfinishedTasks}`;
    if (this._isShutdown) s += ", shutdown";
    return s;
  }
}
describe(Queue);

class LifoQueue extends Queue {
  _init() {
    this._queue = [];
  }

  _put(item) {
    this._queue.push(item);
  }

  _get() {
    return this._queue.pop();
  }

  qsize() {
    return this._queue.length;
  }
}
describe(LifoQueue);

// rank orders values of different kinds, so that compare is a total order
// even for mixed entries (Python would raise TypeError there).
function rank(x) {
  switch (typeof x) {
    case "undefined": return 0;
    case "boolean": return 2;
    case "number": case "bigint": return 3;
    case "string": return 4;
    case "object": return x === null ? 1 : Array.isArray(x) ? 5 : 6;
    default: return 6;
  }
}

// compare orders priority-queue entries the way Python orders them:
// numbers (and bigints) numerically, strings by code unit, arrays element by
// element like tuples (a shorter prefix first); other objects by
// JavaScript's < on their primitive value (Dates by time). Values of
// different kinds order by kind: undefined, null, booleans, numbers,
// strings, arrays, objects.
function compare(a, b) {
  if (a === b) return 0;
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra === 5) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : b < a ? 1 : 0;
}

// PriorityQueue returns the smallest item first: a binary heap with
// Python's heapq algorithm, so equal priorities come out in the same order
// as in Python. Put [priority, data] pairs to attach data.
class PriorityQueue extends Queue {
  _init() {
    this._queue = [];
  }

  _put(item) {
    const h = this._queue;
    h.push(item);
    siftDown(h, 0, h.length - 1);
  }

  _get() {
    const h = this._queue;
    const last = h.pop();
    if (h.length === 0) return last;
    const top = h[0];
    h[0] = last;
    siftUp(h, 0);
    return top;
  }

  qsize() {
    return this._queue.length;
  }
}
describe(PriorityQueue);

// siftDown moves h[pos] up towards start until its parent is not larger.
function siftDown(h, start, pos) {
  const item = h[pos];
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = h[parentPos];
    if (compare(item, parent) < 0) {
      h[pos] = parent;
      pos = parentPos;
      continue;
    }
    break;
  }
  h[pos] = item;
}

// siftUp moves the smaller child up until a leaf is reached, then settles
// h[pos]'s original item there with siftDown (heapq's bottom-up variant).
function siftUp(h, pos) {
  const end = h.length;
  const start = pos;
  const item = h[pos];
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(compare(h[child], h[right]) < 0)) child = right;
    h[pos] = h[child];
    pos = child;
    child = 2 * pos + 1;
  }
  h[pos] = item;
  siftDown(h, start, pos);
}

module.exports = { Queue, PriorityQueue, LifoQueue, QueueEmpty, QueueFull, QueueShutDown };
