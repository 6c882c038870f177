"use strict";
// What Node's Buffer has and goja_nodejs's lacks, added to its Buffer:
// isBuffer, byteLength, compare, isEncoding, allocUnsafe; slice as a view,
// toJSON, copy, compare, equals for any Uint8Array; and the latin1, ascii,
// utf16le and base64url encodings.
(function (Buffer, natives) {
  const proto = Buffer.prototype;
  const origFrom = Buffer.from;
  const origToString = proto.toString;
  const native = new Set(["utf8", "utf-8", "hex", "base64"]);
  const known = new Set(["utf8", "utf-8", "hex", "base64", "base64url", "latin1", "binary", "ascii",
    "utf16le", "utf-16le", "ucs2", "ucs-2"]);
  const norm = (enc) => (enc === undefined || enc === null ? "utf8" : `${enc}`.toLowerCase());

  const fromBytes = (u8) => origFrom.call(Buffer, u8.buffer, u8.byteOffset, u8.byteLength);

  Buffer.from = function from(value, encOrOffset, length) {
    if (typeof value === "string") {
      const enc = norm(encOrOffset);
      if (!native.has(enc)) {
        if (!known.has(enc)) throw new TypeError(`Unknown encoding: ${encOrOffset}`);
        return fromBytes(natives.decode(value, enc));
      }
      return origFrom.call(Buffer, value, enc);
    }
    return Reflect.apply(origFrom, Buffer, arguments);
  };
  proto.toString = function toString(encoding, start, end) {
    const enc = norm(encoding);
    let view = this;
    if (start !== undefined || end !== undefined) view = this.subarray(start || 0, end === undefined ? this.length : end);
    if (native.has(enc)) return Reflect.apply(origToString, view, [enc]);
    if (!known.has(enc)) throw new TypeError(`Unknown encoding: ${encoding}`);
    return natives.encode(view, enc);
  };
  Buffer.isBuffer = (v) => v instanceof Buffer;
  Buffer.isEncoding = (enc) => typeof enc === "string" && known.has(enc.toLowerCase());
  Buffer.byteLength = (v, enc) => (typeof v === "string" ? Buffer.from(v, enc).length : v.byteLength);
  Buffer.allocUnsafe = (n) => Buffer.alloc(n);
  Buffer.allocUnsafeSlow = (n) => Buffer.alloc(n);
  Buffer.compare = (a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  };
  // Typed-array methods that build a new array (map, filter, slice of a
  // plain view) make Uint8Arrays: goja_nodejs's constructor cannot be
  // called with a length.
  Object.defineProperty(Buffer, Symbol.species, { value: Uint8Array, configurable: true });
  proto.slice = function slice(start, end) {
    const len = this.length;
    let s = start === undefined ? 0 : Math.trunc(start) || 0;
    let e = end === undefined ? len : Math.trunc(end) || 0;
    if (s < 0) s = Math.max(len + s, 0);
    if (e < 0) e = Math.max(len + e, 0);
    s = Math.min(s, len);
    e = Math.min(Math.max(e, s), len);
    return origFrom.call(Buffer, this.buffer, this.byteOffset + s, e - s);
  };
  proto.subarray = proto.slice;
  proto.toJSON = function toJSON() {
    return { type: "Buffer", data: Array.from(this) };
  };
  proto.copy = function copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
    const n = Math.max(0, Math.min(sourceEnd, this.length) - sourceStart);
    const count = Math.min(n, target.length - targetStart);
    if (count <= 0) return 0;
    target.set(new Uint8Array(this.buffer, this.byteOffset + sourceStart, count), targetStart);
    return count;
  };
  proto.compare = function compare(other) {
    return Buffer.compare(this, other);
  };
  return Buffer;
})
