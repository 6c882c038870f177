const { test, run, eq, rejects } = require("../lib/check.js");
const { exec } = require("child_process");

test("exec is denied and names the flag", async () => {
  const e = await rejects(exec("echo", ["hi"]), PermissionError);
  eq(e.message, 'Requires run access to "echo", run again with the --allow-run flag');
});

await run();
