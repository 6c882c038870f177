"use strict";
// AbortController and AbortSignal as the web defines them (abort, timeout,
// any, throwIfAborted, onabort, add/removeEventListener), and task.signal:
// an AbortSignal per task, aborted with a CancelledError when cancellation
// of the task is requested.
//
// The global name `Event` belongs to asyncio's Event, so the event object
// handed to listeners is an internal class, not a DOM Event global.

const natives = require("internal");

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const kCreate = Symbol("AbortSignal.create");

function makeDOMError(message, name, code) {
  if (typeof globalThis.DOMException === "function") {
    try {
      return new globalThis.DOMException(message, name);
    } catch (_) {
      // fall through to the plain error
    }
  }
  const e = name === "TimeoutError" ? new natives.TimeoutError(message) : new Error(message);
  Object.defineProperty(e, "name", { value: name, writable: true, configurable: true });
  Object.defineProperty(e, "code", { value: code, writable: true, configurable: true });
  return e;
}

function abortError() {
  return makeDOMError("This operation was aborted", "AbortError", 20);
}

function timeoutError() {
  return makeDOMError("The operation was aborted due to timeout", "TimeoutError", 23);
}

// report hands an exception thrown by a listener to the host as uncaught,
// without stopping the other listeners (as browsers and Node do).
function report(e) {
  natives.callSoon(() => {
    throw e;
  });
}

// The event object passed to listeners.
class SignalEvent {
  constructor(type, target) {
    this.type = type;
    this.target = target;
    this.currentTarget = target;
    this.srcElement = target;
    this.eventPhase = 2; // AT_TARGET
    this.bubbles = false;
    this.cancelable = false;
    this.composed = false;
    this.defaultPrevented = false;
    this.isTrusted = true;
    this.returnValue = true;
    this.cancelBubble = false;
    this.timeStamp = natives.now();
    this._stop = false;
  }

  stopImmediatePropagation() {
    this._stop = true;
    this.cancelBubble = true;
  }

  stopPropagation() {
    this.cancelBubble = true;
  }

  preventDefault() {}

  composedPath() {
    return this.eventPhase === 0 ? [] : [this.currentTarget];
  }

  [inspectCustom]() {
    return `Event { type: '${this.type}' }`;
  }
}
Object.defineProperty(SignalEvent.prototype, Symbol.toStringTag, { value: "Event", configurable: true });
Object.defineProperty(SignalEvent, "name", { value: "Event" });

function captureOf(options) {
  if (typeof options === "boolean") return options;
  return !!(options && options.capture);
}

class AbortSignal {
  constructor(token) {
    if (token !== kCreate) throw new TypeError("Illegal constructor");
    this._aborted = false;
    this._reason = undefined;
    this._listeners = null; // type -> [{callback, capture, once, removed, handler}]
    this._onabort = null; // the entry of the onabort handler, if set
    this._dependent = false; // made by AbortSignal.any
    this._sources = null; // Set of source signals (for a dependent signal)
    this._dependents = null; // Set of dependent signals
  }

  get aborted() {
    return this._aborted;
  }

  get reason() {
    return this._reason;
  }

  throwIfAborted() {
    if (this._aborted) throw this._reason;
  }

  get onabort() {
    return this._onabort === null ? null : this._onabort.handler;
  }

  set onabort(fn) {
    if (typeof fn !== "function" && (fn === null || typeof fn !== "object")) fn = null;
    if (fn === null) {
      if (this._onabort !== null) {
        this._removeEntry("abort", this._onabort);
        this._onabort = null;
      }
      return;
    }
    if (this._onabort !== null) {
      this._onabort.handler = fn; // keeps its place among the listeners
      return;
    }
    const entry = { callback: null, capture: false, once: false, removed: false, handler: fn };
    this._onabort = entry;
    this._entries("abort").push(entry);
  }

  addEventListener(type, callback, options) {
    if (callback === null || callback === undefined) return;
    if (typeof callback !== "function" && typeof callback !== "object") {
      throw new TypeError("The \"listener\" argument must be a function or an object with handleEvent");
    }
    type = String(type);
    const capture = captureOf(options);
    const once = !!(options && typeof options === "object" && options.once);
    const stop = options && typeof options === "object" ? options.signal : undefined;
    if (stop !== undefined && !(stop instanceof AbortSignal)) {
      throw new TypeError("The \"options.signal\" property must be an AbortSignal");
    }
    if (stop && stop._aborted) return;
    const list = this._entries(type);
    for (const e of list) {
      if (!e.removed && e.callback === callback && e.capture === capture) return;
    }
    const entry = { callback, capture, once, removed: false, handler: null };
    list.push(entry);
    if (stop) {
      stop.addEventListener("abort", () => this._removeEntry(type, entry), { once: true });
    }
  }

  removeEventListener(type, callback, options) {
    if (this._listeners === null) return;
    type = String(type);
    const capture = captureOf(options);
    const list = this._listeners.get(type);
    if (!list) return;
    for (const e of list) {
      if (!e.removed && e.callback === callback && e.capture === capture) {
        this._removeEntry(type, e);
        return;
      }
    }
  }

  dispatchEvent(event) {
    if (event === null || typeof event !== "object" || typeof event.type !== "string") {
      throw new TypeError("The \"event\" argument must be an Event");
    }
    this._fire(event);
    return !event.defaultPrevented;
  }

  _entries(type) {
    if (this._listeners === null) this._listeners = new Map();
    let list = this._listeners.get(type);
    if (!list) {
      list = [];
      this._listeners.set(type, list);
    }
    return list;
  }

  _removeEntry(type, entry) {
    entry.removed = true;
    const list = this._listeners && this._listeners.get(type);
    if (!list) return;
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
  }

  _fire(event) {
    const list = this._listeners && this._listeners.get(event.type);
    if (!list || list.length === 0) return;
    for (const entry of list.slice()) {
      if (entry.removed) continue;
      if (entry.once) this._removeEntry(event.type, entry);
      try {
        if (entry.handler !== null) {
          // An event handler (onabort) is called only if it is callable.
          if (typeof entry.handler === "function") entry.handler.call(this, event);
        } else if (typeof entry.callback === "function") {
          entry.callback.call(this, event);
        } else if (typeof entry.callback.handleEvent === "function") {
          entry.callback.handleEvent(event);
        }
      } catch (e) {
        report(e);
      }
      if (event._stop) break;
    }
  }

  static abort(reason) {
    const s = new AbortSignal(kCreate);
    s._aborted = true;
    s._reason = reason === undefined ? abortError() : reason;
    return s;
  }

  // timeout returns a signal that aborts with a TimeoutError after ms; its
  // timer does not keep the program alive.
  static timeout(ms) {
    if (typeof ms !== "number") throw new TypeError("The \"delay\" argument must be of type number");
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("The \"delay\" argument must be a finite number >= 0");
    const s = new AbortSignal(kCreate);
    const h = natives.callAt(natives.now() + Math.trunc(ms), () => signalAbort(s, timeoutError()));
    h.unref();
    return s;
  }

  // any returns a signal aborted as soon as one of signals is, with its
  // reason.
  static any(signals) {
    if (signals === null || signals === undefined || typeof signals[Symbol.iterator] !== "function") {
      throw new TypeError("The \"signals\" argument must be an iterable of AbortSignals");
    }
    const list = [...signals];
    for (const s of list) {
      if (!(s instanceof AbortSignal)) throw new TypeError("The \"signals\" argument must be an iterable of AbortSignals");
    }
    const result = new AbortSignal(kCreate);
    for (const s of list) {
      if (s._aborted) {
        result._aborted = true;
        result._reason = s._reason;
        return result;
      }
    }
    result._dependent = true;
    result._sources = new Set();
    const link = (source) => {
      result._sources.add(source);
      if (source._dependents === null) source._dependents = new Set();
      source._dependents.add(result);
    };
    for (const s of list) {
      if (!s._dependent) link(s);
      else for (const src of s._sources) link(src);
    }
    return result;
  }

  [inspectCustom]() {
    return `AbortSignal { aborted: ${this._aborted} }`;
  }
}
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: "AbortSignal", configurable: true });

// signalAbort is the standard's "signal abort": set the reason, abort the
// dependent signals with the same reason, then fire the abort events.
function signalAbort(signal, reason) {
  if (signal._aborted) return;
  signal._aborted = true;
  signal._reason = reason === undefined ? abortError() : reason;
  unlink(signal);
  const deps = [];
  if (signal._dependents !== null) {
    for (const d of signal._dependents) {
      if (d._aborted) continue;
      d._aborted = true;
      d._reason = signal._reason;
      deps.push(d);
    }
    signal._dependents = null;
  }
  fireAbort(signal);
  for (const d of deps) {
    unlink(d);
    fireAbort(d);
  }
}

function fireAbort(signal) {
  const event = new SignalEvent("abort", signal);
  signal._fire(event);
  // After dispatch, as in the DOM.
  event.eventPhase = 0;
  event.currentTarget = null;
}

// unlink drops an aborted dependent signal from its sources, so that a
// long-lived signal does not keep every AbortSignal.any() made from it.
function unlink(signal) {
  if (signal._sources === null) return;
  for (const src of signal._sources) {
    if (src._dependents !== null) src._dependents.delete(signal);
  }
  signal._sources = null;
}

class AbortController {
  constructor() {
    this._signal = new AbortSignal(kCreate);
  }

  get signal() {
    return this._signal;
  }

  abort(reason) {
    signalAbort(this._signal, reason);
  }

  [inspectCustom]() {
    return `AbortController { signal: AbortSignal { aborted: ${this._signal._aborted} } }`;
  }
}
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: "AbortController", configurable: true });

// task.signal: one AbortSignal per task, made on first use.
const taskSignals = new WeakMap();

function taskSignal(task) {
  let s = taskSignals.get(task);
  if (s !== undefined) return s;
  s = new AbortSignal(kCreate);
  taskSignals.set(task, s);
  if (task.done()) {
    if (task.cancelled()) {
      let reason;
      try {
        task.exception();
      } catch (e) {
        reason = e;
      }
      s._aborted = true;
      s._reason = reason;
    }
  } else if (task.cancelling() > 0) {
    s._aborted = true;
    s._reason = natives.cancelledError("");
  } else {
    natives.onCancelRequest(task, (msg) => signalAbort(s, natives.cancelledError(msg)));
  }
  return s;
}

Object.defineProperty(natives.Task.prototype, "signal", {
  get() {
    if (!natives.isFuture(this) || !(this instanceof natives.Task)) return undefined;
    return taskSignal(this);
  },
  enumerable: false,
  configurable: true,
});

module.exports = { AbortController, AbortSignal };
