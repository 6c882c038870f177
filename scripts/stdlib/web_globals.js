const { test, run, eq, deepEq } = require("../lib/check.js");

test("TextEncoder and TextDecoder", () => {
  const bytes = new TextEncoder().encode("zürich €");
  eq(bytes.length, 11);
  eq(new TextDecoder().decode(bytes), "zürich €");
  eq(new TextDecoder("utf-8").decode(new Uint8Array([0xff, 0x41])), "\ufffdA");
});

test("structuredClone", () => {
  const a = { list: [1, { x: new Date(0) }], map: new Map([[1, "one"]]) };
  a.self = a;
  const b = structuredClone(a);
  eq(b.self, b);
  eq(b.list[1].x.getTime(), 0);
  eq(b.map.get(1), "one");
});

test("Buffer, URL and URLSearchParams", () => {
  eq(Buffer.from("hi").toString("base64"), "aGk=");
  const u = new URL("https://example.com/a?b=1");
  eq(u.searchParams.get("b"), "1");
  eq(new URLSearchParams({ x: "1 2" }).toString(), "x=1+2");
});

test("util and events", async () => {
  const util = require("node:util");
  eq(util.format("%s-%d", "a", 1), "a-1");
  eq(util.inspect([1, "x"]), "[ 1, 'x' ]");
  const { EventEmitter } = require("events");
  const e = new EventEmitter();
  const got = [];
  e.on("v", (x) => got.push(x));
  e.emit("v", 1);
  e.emit("v", 2);
  deepEq(got, [1, 2]);
});

await run();
