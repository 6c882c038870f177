"use strict";
// The web and Node standards that are plain code over a few Go natives:
// TextEncoder, TextDecoder, structuredClone, util and events.

const natives = require("internal");

const ObjectToString = Object.prototype.toString;
const tagOf = (v) => ObjectToString.call(v);
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

// ---- TextEncoder / TextDecoder -------------------------------------------

class TextEncoder {
  get encoding() {
    return "utf-8";
  }

  encode(input = "") {
    return natives.encode(`${input}`);
  }

  encodeInto(source, destination) {
    if (!(destination instanceof Uint8Array)) {
      throw new TypeError('The "dest" argument must be an instance of Uint8Array.');
    }
    return natives.encodeInto(`${source}`, destination);
  }

  [inspectCustom]() {
    return "TextEncoder { encoding: 'utf-8' }";
  }
}
Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, { value: "TextEncoder", configurable: true });

const decoderState = new WeakMap();

function decoderOf(self) {
  const d = decoderState.get(self);
  if (d === undefined) throw new TypeError("Value of \"this\" must be of type TextDecoder");
  return d;
}

class TextDecoder {
  constructor(label = "utf-8", options = {}) {
    if (options === null || (typeof options !== "object" && typeof options !== "function")) options = {};
    const fatal = !!options.fatal;
    const ignoreBOM = !!options.ignoreBOM;
    decoderState.set(this, natives.newDecoder(`${label}`, fatal, ignoreBOM));
  }

  get encoding() {
    return natives.decoderInfo(decoderOf(this)).encoding;
  }

  get fatal() {
    return natives.decoderInfo(decoderOf(this)).fatal;
  }

  get ignoreBOM() {
    return natives.decoderInfo(decoderOf(this)).ignoreBOM;
  }

  decode(input = undefined, options = undefined) {
    const stream = !!(options && options.stream);
    return natives.decode(decoderOf(this), input, stream);
  }
}
Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { value: "TextDecoder", configurable: true });

// ---- structuredClone -----------------------------------------------------

function dataCloneError(message) {
  if (typeof globalThis.DOMException === "function") {
    try {
      return new globalThis.DOMException(message, "DataCloneError");
    } catch (_) {
      // fall through
    }
  }
  const e = new Error(message);
  Object.defineProperty(e, "name", { value: "DataCloneError", writable: true, configurable: true });
  Object.defineProperty(e, "code", { value: 25, writable: true, configurable: true });
  return e;
}

const errorConstructors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
const typedArrayTags = new Set([
  "[object Int8Array]", "[object Uint8Array]", "[object Uint8ClampedArray]", "[object Int16Array]",
  "[object Uint16Array]", "[object Int32Array]", "[object Uint32Array]", "[object Float32Array]",
  "[object Float64Array]", "[object BigInt64Array]", "[object BigUint64Array]",
]);
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArrayProto, Symbol.toStringTag).get;
const typedArrayConstructors = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};
const MapForEach = Map.prototype.forEach;
const SetForEach = Set.prototype.forEach;
const ArrayBufferSlice = ArrayBuffer.prototype.slice;

function structuredClone(value, options = undefined) {
  if (arguments.length === 0) {
    const e = new TypeError('The "value" argument must be specified');
    e.code = "ERR_MISSING_ARGS";
    throw e;
  }
  const memory = new Map();
  const clone = (v) => {
    if (typeof v === "symbol") throw dataCloneError(`${String(v)} could not be cloned.`);
    if (typeof v === "function") throw dataCloneError(`${String(v)} could not be cloned.`);
    if (v === null || typeof v !== "object") return v;
    if (memory.has(v)) return memory.get(v);
    const tag = tagOf(v);
    let out;
    switch (tag) {
      case "[object Array]": {
        out = new Array(v.length);
        memory.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      case "[object Date]":
        out = new Date(Date.prototype.getTime.call(v));
        break;
      case "[object RegExp]":
        out = new RegExp(v.source, v.flags);
        break;
      case "[object Boolean]":
      case "[object Number]":
      case "[object String]":
      case "[object BigInt]":
        out = Object(v.valueOf());
        break;
      case "[object Map]":
        out = new Map();
        memory.set(v, out);
        MapForEach.call(v, (val, key) => out.set(clone(key), clone(val)));
        return out;
      case "[object Set]":
        out = new Set();
        memory.set(v, out);
        SetForEach.call(v, (val) => out.add(clone(val)));
        return out;
      case "[object ArrayBuffer]":
        out = ArrayBufferSlice.call(v, 0);
        break;
      case "[object DataView]":
        out = new DataView(clone(v.buffer), v.byteOffset, v.byteLength);
        break;
      case "[object Error]": {
        const name = v.name;
        const C = Object.prototype.hasOwnProperty.call(errorConstructors, name) ? errorConstructors[name] : Error;
        out = new C(v.message === undefined ? "" : `${v.message}`);
        memory.set(v, out);
        if (typeof v.stack === "string") {
          Object.defineProperty(out, "stack", { value: v.stack, writable: true, configurable: true });
        }
        if (Object.prototype.hasOwnProperty.call(v, "cause")) {
          Object.defineProperty(out, "cause", { value: clone(v.cause), writable: true, configurable: true });
        }
        return out;
      }
      default:
        if (typedArrayTags.has(tag) && typedArrayTag.call(v) !== undefined) {
          const C = typedArrayConstructors[typedArrayTag.call(v)];
          out = new C(clone(v.buffer), v.byteOffset, v.length);
          break;
        }
        if (tag !== "[object Object]" || v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
          const name = (v.constructor && v.constructor.name) || tag.slice(8, -1);
          throw dataCloneError(`#<${name}> could not be cloned.`);
        }
        out = {};
        memory.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
    }
    memory.set(v, out);
    return out;
  };
  if (options !== undefined && options !== null && options.transfer !== undefined) {
    if (!Array.isArray(options.transfer)) throw new TypeError("The \"options.transfer\" property must be an array");
    if (options.transfer.length > 0) throw dataCloneError("Transferring objects is not supported");
  }
  return clone(value);
}

// ---- util ----------------------------------------------------------------

const kCustomPromisify = Symbol.for("nodejs.util.promisify.custom");

function promisify(original) {
  if (typeof original !== "function") {
    const e = new TypeError('The "original" argument must be of type function');
    e.code = "ERR_INVALID_ARG_TYPE";
    throw e;
  }
  if (original[kCustomPromisify]) {
    const fn = original[kCustomPromisify];
    if (typeof fn !== "function") throw new TypeError('The "util.promisify.custom" argument must be of type function');
    return Object.defineProperty(fn, kCustomPromisify, { value: fn, configurable: true });
  }
  function fn(...args) {
    return new Promise((resolve, reject) => {
      Reflect.apply(original, this, [...args, (err, ...values) => {
        if (err) return reject(err);
        resolve(values[0]);
      }]);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisify, { value: fn, configurable: true });
  return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = kCustomPromisify;

function callbackify(original) {
  if (typeof original !== "function") throw new TypeError('The "original" argument must be of type function');
  return function (...args) {
    const cb = args.pop();
    if (typeof cb !== "function") throw new TypeError('The last argument must be of type function');
    Reflect.apply(original, this, args).then(
      (v) => natives.nextTick(() => cb(null, v)),
      (e) => {
        if (!e) {
          const wrapped = new Error("Promise was rejected with a falsy value");
          wrapped.reason = e;
          e = wrapped;
        }
        natives.nextTick(() => cb(e));
      },
    );
  };
}

function inherits(ctor, superCtor) {
  if (typeof ctor !== "function") throw new TypeError('The "ctor" argument must be of type function');
  if (typeof superCtor !== "function") throw new TypeError('The "superCtor" argument must be of type function');
  Object.defineProperty(ctor, "super_", { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

function deprecate(fn, msg) {
  let warned = false;
  return function (...args) {
    if (!warned) {
      warned = true;
      natives.warn(`DeprecationWarning: ${msg}`);
    }
    return new.target ? Reflect.construct(fn, args, new.target) : Reflect.apply(fn, this, args);
  };
}

function inspect(value, opts = undefined) {
  if (typeof opts !== "object" || opts === null) opts = {};
  return natives.inspect(value, opts);
}
inspect.custom = inspectCustom;

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

const types = {
  isPromise: (v) => v instanceof Promise,
  isDate: (v) => tagOf(v) === "[object Date]",
  isRegExp: (v) => tagOf(v) === "[object RegExp]",
  isMap: (v) => tagOf(v) === "[object Map]",
  isSet: (v) => tagOf(v) === "[object Set]",
  isWeakMap: (v) => tagOf(v) === "[object WeakMap]",
  isWeakSet: (v) => tagOf(v) === "[object WeakSet]",
  isArrayBuffer: (v) => tagOf(v) === "[object ArrayBuffer]",
  isAnyArrayBuffer: (v) => tagOf(v) === "[object ArrayBuffer]" || tagOf(v) === "[object SharedArrayBuffer]",
  isDataView: (v) => tagOf(v) === "[object DataView]",
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isTypedArray: (v) => ArrayBuffer.isView(v) && typedArrayTag.call(v) !== undefined,
  isUint8Array: (v) => ArrayBuffer.isView(v) && typedArrayTag.call(v) === "Uint8Array",
  isNativeError: (v) => tagOf(v) === "[object Error]",
  isAsyncFunction: (v) => v instanceof AsyncFunction,
  isGeneratorFunction: (v) => v instanceof GeneratorFunction,
  isBoxedPrimitive: (v) => v !== null && typeof v === "object" &&
    ["[object Boolean]", "[object Number]", "[object String]", "[object BigInt]", "[object Symbol]"].includes(tagOf(v)),
};

function isDeepStrictEqual(a, b) {
  return deepEqual(a, b, new Map());
}

function deepEqual(a, b, seen) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const tag = tagOf(a);
  if (tag !== tagOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  switch (tag) {
    case "[object Date]":
      return Object.is(a.getTime(), b.getTime());
    case "[object RegExp]":
      return a.source === b.source && a.flags === b.flags;
    case "[object Map]":
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k), seen)) return false;
      return true;
    case "[object Set]":
      if (a.size !== b.size) return false;
      for (const v of a) if (!b.has(v)) return false;
      return true;
  }
  if (ArrayBuffer.isView(a)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k], seen)) return false;
  }
  return true;
}

const util = {
  format: (...args) => natives.format(args),
  formatWithOptions: (opts, ...args) => natives.format(args, opts),
  inspect,
  promisify,
  callbackify,
  inherits,
  deprecate,
  isDeepStrictEqual,
  types,
  isArray: Array.isArray,
  TextEncoder,
  TextDecoder,
};

// ---- events --------------------------------------------------------------

const kCapture = Symbol("kCapture");

function checkListener(listener) {
  if (typeof listener !== "function") {
    const e = new TypeError(`The "listener" argument must be of type function. Received ${listener === null ? "null" : typeof listener}`);
    e.code = "ERR_INVALID_ARG_TYPE";
    throw e;
  }
}

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}
EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
EventEmitter.defaultMaxListeners = 10;
EventEmitter.init = function () {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
};
EventEmitter.prototype.setMaxListeners = function (n) {
  this._maxListeners = n;
  return this;
};
EventEmitter.prototype.getMaxListeners = function () {
  return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
};
EventEmitter.prototype.emit = function (type, ...args) {
  const events = this._events;
  const handler = events !== undefined ? events[type] : undefined;
  if (type === "error" && handler === undefined) {
    const er = args[0];
    if (er instanceof Error) throw er;
    const err = new Error(`Unhandled error. (${er === undefined ? "undefined" : natives.inspect(er, {})})`);
    err.code = "ERR_UNHANDLED_ERROR";
    err.context = er;
    throw err;
  }
  if (handler === undefined) return false;
  if (typeof handler === "function") {
    Reflect.apply(handler, this, args);
  } else {
    for (const fn of handler.slice()) Reflect.apply(fn, this, args);
  }
  return true;
};
function addListener(target, type, listener, prepend) {
  checkListener(listener);
  if (target._events === undefined) EventEmitter.init.call(target);
  const events = target._events;
  if (events.newListener !== undefined) {
    target.emit("newListener", type, listener.listener ? listener.listener : listener);
  }
  const existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount++;
  } else if (typeof existing === "function") {
    events[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }
  return target;
}
EventEmitter.prototype.addListener = function (type, listener) {
  return addListener(this, type, listener, false);
};
EventEmitter.prototype.on = EventEmitter.prototype.addListener;
EventEmitter.prototype.prependListener = function (type, listener) {
  return addListener(this, type, listener, true);
};
function onceWrapper(target, type, listener) {
  const state = { fired: false, wrapFn: undefined, target, type, listener };
  const wrapped = function (...args) {
    if (!state.fired) {
      state.target.removeListener(state.type, state.wrapFn);
      state.fired = true;
      return Reflect.apply(state.listener, state.target, args);
    }
  };
  wrapped.listener = listener;
  state.wrapFn = wrapped;
  return wrapped;
}
EventEmitter.prototype.once = function (type, listener) {
  checkListener(listener);
  return this.on(type, onceWrapper(this, type, listener));
};
EventEmitter.prototype.prependOnceListener = function (type, listener) {
  checkListener(listener);
  return this.prependListener(type, onceWrapper(this, type, listener));
};
EventEmitter.prototype.removeListener = function (type, listener) {
  checkListener(listener);
  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
    if (events.removeListener) this.emit("removeListener", type, list.listener || listener);
  } else if (typeof list !== "function") {
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        list.splice(i, 1);
        if (list.length === 1) events[type] = list[0];
        if (events.removeListener !== undefined) this.emit("removeListener", type, listener);
        break;
      }
    }
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;
EventEmitter.prototype.removeAllListeners = function (type) {
  if (this._events === undefined) return this;
  if (arguments.length === 0) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  } else if (this._events[type] !== undefined) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete this._events[type];
  }
  return this;
};
EventEmitter.prototype.listeners = function (type) {
  const list = this._events === undefined ? undefined : this._events[type];
  if (list === undefined) return [];
  if (typeof list === "function") return [list.listener || list];
  return list.map((l) => l.listener || l);
};
EventEmitter.prototype.rawListeners = function (type) {
  const list = this._events === undefined ? undefined : this._events[type];
  if (list === undefined) return [];
  return typeof list === "function" ? [list] : list.slice();
};
EventEmitter.prototype.listenerCount = function (type) {
  const list = this._events === undefined ? undefined : this._events[type];
  if (list === undefined) return 0;
  return typeof list === "function" ? 1 : list.length;
};
EventEmitter.prototype.eventNames = function () {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};
EventEmitter.listenerCount = (emitter, type) => emitter.listenerCount(type);
EventEmitter.once = function (emitter, name, options = {}) {
  const signal = options && options.signal;
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onError = (err) => {
      cleanup();
      reject(err);
    };
    const onEvent = (...args) => {
      cleanup();
      resolve(args);
    };
    const onAbort = () => {
      cleanup();
      reject(signal.reason);
    };
    const cleanup = () => {
      emitter.removeListener(name, onEvent);
      if (name !== "error") emitter.removeListener("error", onError);
      if (signal) signal.removeEventListener("abort", onAbort);
    };
    emitter.on(name, onEvent);
    if (name !== "error") emitter.on("error", onError);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
};
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.captureRejectionSymbol = Symbol.for("nodejs.rejection");
EventEmitter.errorMonitor = Symbol("events.errorMonitor");
void kCapture;

module.exports = { TextEncoder, TextDecoder, structuredClone, util, EventEmitter };
