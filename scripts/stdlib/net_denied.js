// No --allow-net: fetch is denied before any connection is made.
const { test, run, eq, rejects } = require("../lib/check.js");

test("fetch is denied and names the flag", async () => {
  const e = await rejects(fetch("http://127.0.0.1:9/"), PermissionError);
  eq(e.message, 'Requires net access to "127.0.0.1:9", run again with the --allow-net flag');
  const e2 = await rejects(fetch("https://example.com/x"), PermissionError);
  eq(e2.message, 'Requires net access to "example.com:443", run again with the --allow-net flag');
});

await run();
