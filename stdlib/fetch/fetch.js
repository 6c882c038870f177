"use strict";
// fetch, Headers, Request and Response as the web defines them, over the Go
// half in fetch.go: natives.fetch starts the request as a Go-backed Task,
// natives.readBody reads a response body as another one.

const natives = require("internal");

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const kHandle = Symbol("body handle");

// ---- Headers -------------------------------------------------------------

const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function normalizeName(name) {
  name = `${name}`;
  if (!tokenRe.test(name)) throw new TypeError(`Headers.append: "${name}" is an invalid header name.`);
  return name.toLowerCase();
}

function normalizeValue(value) {
  value = `${value}`.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  if (/[\0\r\n]/.test(value)) throw new TypeError(`Headers.append: "${value}" is an invalid header value.`);
  return value;
}

const headerList = new WeakMap();

function listOf(h) {
  const l = headerList.get(h);
  if (l === undefined) throw new TypeError("Illegal invocation");
  return l;
}

class Headers {
  constructor(init = undefined) {
    headerList.set(this, []);
    if (init === undefined || init === null) return;
    if (typeof init !== "object" && typeof init !== "function") {
      throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    }
    if (init instanceof Headers) {
      for (const [k, v] of listOf(init)) listOf(this).push([k, v]);
    } else if (typeof init[Symbol.iterator] === "function") {
      for (const pair of init) {
        const p = [...pair];
        if (p.length !== 2) throw new TypeError("Headers constructor: expected name/value pair to be length 2, found " + p.length + ".");
        this.append(p[0], p[1]);
      }
    } else {
      for (const k of Object.keys(init)) this.append(k, init[k]);
    }
  }

  append(name, value) {
    listOf(this).push([normalizeName(name), normalizeValue(value)]);
  }

  delete(name) {
    name = normalizeName(name);
    const l = listOf(this);
    for (let i = l.length - 1; i >= 0; i--) if (l[i][0] === name) l.splice(i, 1);
  }

  get(name) {
    name = normalizeName(name);
    const values = listOf(this).filter((e) => e[0] === name).map((e) => e[1]);
    return values.length === 0 ? null : values.join(", ");
  }

  getSetCookie() {
    return listOf(this).filter((e) => e[0] === "set-cookie").map((e) => e[1]);
  }

  has(name) {
    name = normalizeName(name);
    return listOf(this).some((e) => e[0] === name);
  }

  set(name, value) {
    name = normalizeName(name);
    value = normalizeValue(value);
    const l = listOf(this);
    const i = l.findIndex((e) => e[0] === name);
    if (i < 0) {
      l.push([name, value]);
      return;
    }
    l[i][1] = value;
    for (let j = l.length - 1; j > i; j--) if (l[j][0] === name) l.splice(j, 1);
  }

  forEach(callback, thisArg = undefined) {
    for (const [k, v] of this) Reflect.apply(callback, thisArg, [v, k, this]);
  }

  // The sorted, combined view the spec iterates (set-cookie stays split).
  *entries() {
    const l = listOf(this);
    const names = [...new Set(l.map((e) => e[0]))].sort();
    for (const name of names) {
      if (name === "set-cookie") {
        for (const e of l) if (e[0] === name) yield [name, e[1]];
      } else {
        yield [name, this.get(name)];
      }
    }
  }

  *keys() {
    for (const [k] of this.entries()) yield k;
  }

  *values() {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  [inspectCustom](depth, options, inspect) {
    const o = {};
    for (const [k, v] of this) o[k] = v;
    return `Headers ${inspect ? inspect(o, options) : JSON.stringify(o)}`;
  }
}
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: "Headers", configurable: true });

// ---- Bodies --------------------------------------------------------------

const encoder = { encode: (s) => natives.encode(s) };

// extractBody returns [bytes, contentType] for a BodyInit.
function extractBody(body) {
  if (body === null || body === undefined) return [null, null];
  if (typeof body === "string") return [encoder.encode(body), "text/plain;charset=UTF-8"];
  if (typeof URLSearchParams === "function" && body instanceof URLSearchParams) {
    return [encoder.encode(body.toString()), "application/x-www-form-urlencoded;charset=UTF-8"];
  }
  if (body instanceof ArrayBuffer) return [new Uint8Array(body.slice(0)), null];
  if (ArrayBuffer.isView(body)) {
    const copy = new Uint8Array(body.byteLength);
    copy.set(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    return [copy, null];
  }
  if (typeof body === "object" && typeof body.getReader === "function") {
    throw new TypeError("ReadableStream bodies are not supported; pass a string, ArrayBuffer, TypedArray or URLSearchParams");
  }
  return [encoder.encode(`${body}`), "text/plain;charset=UTF-8"];
}

const bodyState = new WeakMap(); // Request/Response -> {bytes, handle, used, signal}

function stateOf(self) {
  const s = bodyState.get(self);
  if (s === undefined) throw new TypeError("Illegal invocation");
  return s;
}

function consume(self, kind) {
  const s = stateOf(self);
  if (s.used) return natives.reject(new TypeError("Body is unusable: Body has already been read"));
  s.used = true;
  if (s.handle !== null) {
    const h = s.handle;
    s.handle = null;
    return natives.readBody(h, kind, s.signal);
  }
  return natives.settle(s.bytes, kind);
}

class Body {
  get bodyUsed() {
    return stateOf(this).used;
  }

  text() {
    return consume(this, "text");
  }

  json() {
    return consume(this, "json");
  }

  arrayBuffer() {
    return consume(this, "arrayBuffer");
  }

  bytes() {
    return consume(this, "bytes");
  }
}

// ---- Request ---------------------------------------------------------------

const forbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"]);
const normalMethods = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]);
const requestData = new WeakMap();

function parseURL(input) {
  try {
    return new URL(`${input}`).href;
  } catch (e) {
    throw new TypeError(`Failed to parse URL from ${input}`, { cause: e });
  }
}

class Request extends Body {
  constructor(input, init = {}) {
    super();
    if (init === null || init === undefined) init = {};
    let base = null;
    if (input instanceof Request) {
      base = requestData.get(input);
    }
    const data = {
      url: base ? base.url : parseURL(input),
      method: base ? base.method : "GET",
      headers: new Headers(base ? base.headers : undefined),
      redirect: base ? base.redirect : "follow",
      signal: base ? base.signal : null,
    };
    if (init.method !== undefined) {
      const m = `${init.method}`;
      if (!tokenRe.test(m)) throw new TypeError(`'${m}' is not a valid HTTP method.`);
      const upper = m.toUpperCase();
      if (forbiddenMethods.has(upper)) throw new TypeError(`'${m}' HTTP method is unsupported.`);
      data.method = normalMethods.has(upper) ? upper : m;
    }
    if (init.headers !== undefined) data.headers = new Headers(init.headers);
    if (init.redirect !== undefined) {
      const r = `${init.redirect}`;
      if (r !== "follow" && r !== "manual" && r !== "error") {
        throw new TypeError(`Failed to construct 'Request': The provided value '${r}' is not a valid enum value of type RequestRedirect.`);
      }
      data.redirect = r;
    }
    if (init.signal !== undefined) data.signal = init.signal;
    let bytes = null;
    if (init.body !== undefined && init.body !== null) {
      if (data.method === "GET" || data.method === "HEAD") {
        throw new TypeError("Request with GET/HEAD method cannot have body.");
      }
      const [b, type] = extractBody(init.body);
      bytes = b;
      if (type !== null && !data.headers.has("content-type")) data.headers.set("content-type", type);
    } else if (base) {
      const bs = bodyState.get(input);
      if (bs.used) throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
      bytes = bs.bytes;
    }
    requestData.set(this, data);
    bodyState.set(this, { bytes, handle: null, used: false, signal: data.signal });
  }

  get url() { return requestData.get(this).url; }
  get method() { return requestData.get(this).method; }
  get headers() { return requestData.get(this).headers; }
  get redirect() { return requestData.get(this).redirect; }
  get signal() { return requestData.get(this).signal; }

  clone() {
    if (stateOf(this).used) throw new TypeError("Request.clone: Body has already been consumed.");
    return new Request(this);
  }

  [inspectCustom]() {
    const d = requestData.get(this);
    return `Request { method: '${d.method}', url: '${d.url}' }`;
  }
}
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: "Request", configurable: true });

// ---- Response --------------------------------------------------------------

const responseData = new WeakMap();
const kInternal = Symbol("internal response");
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

class Response extends Body {
  constructor(body = null, init = {}) {
    super();
    if (body === kInternal) {
      // Made by fetch: init is the Go side's description.
      responseData.set(this, {
        status: init.status, statusText: init.statusText, url: init.url,
        redirected: init.redirected, type: "basic", headers: new Headers(init.headers),
      });
      bodyState.set(this, { bytes: null, handle: init.handle, used: false, signal: init.signal });
      return;
    }
    if (init === null || init === undefined) init = {};
    const status = init.status === undefined ? 200 : Number(init.status);
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
    }
    const headers = new Headers(init.headers);
    const [bytes, type] = extractBody(body);
    if (bytes !== null && (status === 204 || status === 205 || status === 304)) {
      throw new TypeError("Response constructor: Invalid response status code " + status);
    }
    if (type !== null && !headers.has("content-type")) headers.set("content-type", type);
    responseData.set(this, {
      status, statusText: init.statusText === undefined ? "" : `${init.statusText}`,
      url: "", redirected: false, type: "default", headers,
    });
    bodyState.set(this, { bytes: bytes === null ? new Uint8Array(0) : bytes, handle: null, used: false, signal: null });
  }

  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Value is not JSON serializable");
    const headers = new Headers(init && init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new Response(text, { ...(init || {}), headers });
  }

  static error() {
    const r = new Response(null, { status: 200 });
    const d = responseData.get(r);
    d.status = 0;
    d.type = "error";
    return r;
  }

  static redirect(url, status = 302) {
    if (!redirectStatuses.has(status)) throw new RangeError(`Invalid status code ${status}`);
    return new Response(null, { status, headers: { location: parseURL(url) } });
  }

  get status() { return responseData.get(this).status; }
  get ok() { const s = responseData.get(this).status; return s >= 200 && s <= 299; }
  get statusText() { return responseData.get(this).statusText; }
  get url() { return responseData.get(this).url; }
  get redirected() { return responseData.get(this).redirected; }
  get type() { return responseData.get(this).type; }
  get headers() { return responseData.get(this).headers; }

  clone() {
    const s = stateOf(this);
    if (s.used) throw new TypeError("Response.clone: Body has already been consumed.");
    if (s.handle !== null) throw new TypeError("Response.clone: cloning a response whose body is still being received is not supported");
    const d = responseData.get(this);
    const r = new Response(null, { status: 200 });
    responseData.set(r, { ...d, headers: new Headers(d.headers) });
    bodyState.get(r).bytes = s.bytes;
    return r;
  }

  [inspectCustom]() {
    const d = responseData.get(this);
    return `Response { status: ${d.status}, statusText: '${d.statusText}', url: '${d.url}' }`;
  }
}
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: "Response", configurable: true });

function makeResponse(meta) {
  return new Response(kInternal, meta);
}

function fetch(input, init = undefined) {
  let req;
  try {
    req = new Request(input, init);
  } catch (e) {
    return natives.reject(e);
  }
  const d = requestData.get(req);
  const headers = [];
  for (const [k, v] of listOf(d.headers)) headers.push([k, v]);
  return natives.fetch({
    url: d.url, method: d.method, headers, body: bodyState.get(req).bytes, redirect: d.redirect,
  }, makeResponse, d.signal);
}

module.exports = { fetch, Headers, Request, Response };
