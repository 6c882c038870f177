// flags: --allow-run=echo,sleep
const { test, run, eq, rejects } = require("../lib/check.js");
const { exec } = require("child_process");

test("a granted program runs", async () => {
  const r = await exec("echo", ["hi", "there"]);
  eq(r.code, 0);
  eq(r.stdout, "hi there\n");
});

test("another program is denied", async () => {
  await rejects(exec("sh", ["-c", "true"]), PermissionError);
});

test("cancelling kills the program at once", async () => {
  const t = exec("sleep", ["10"]);
  await sleep(50);
  const start = now();
  t.cancel();
  await rejects(t, CancelledError);
  eq(now() - start < 100, true);
});

test("a timeout around exec", async () => {
  await rejects(waitFor(exec("sleep", ["10"]), 50), TimeoutError);
});

await run();
