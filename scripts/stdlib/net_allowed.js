// flags: --allow-net
const { test, run, eq, rejects } = require("../lib/check.js");

test("any host passes the permission check", async () => {
  const e = await rejects(fetch("http://127.0.0.1:9/"), TypeError);
  eq(e.message, "fetch failed");
});

test("fetch is a cancellable Task", async () => {
  const t = fetch("http://127.0.0.1:9/");
  eq(t instanceof Task, true);
  t.cancel();
  await rejects(t, CancelledError);
});

await run();
