// flags: --allow-net=127.0.0.1:9
const { test, run, eq, rejects } = require("../lib/check.js");

test("the granted host and port: the permission passes, the connection is refused", async () => {
  const e = await rejects(fetch("http://127.0.0.1:9/"), TypeError);
  eq(e.message, "fetch failed");
  eq(typeof e.cause.message, "string");
});

test("another port or host is denied", async () => {
  await rejects(fetch("http://127.0.0.1:10/"), PermissionError);
  await rejects(fetch("http://localhost:9/"), PermissionError);
});

await run();
