// With --allow-read only, every write is denied.
// flags: --allow-read
const { test, run, eq, rejects } = require("../lib/check.js");
const fs = require("fs/promises");

test("writeFile, appendFile, mkdir, rm, rename are denied", async () => {
  const dir = `/tmp/shieldjs-denied-${process.pid}`;
  for (const p of [
    fs.writeFile(dir, "x"), fs.appendFile(dir, "x"), fs.mkdir(dir), fs.rm(dir, { force: true }),
    fs.rename(__dirname + "/fixtures/data.txt", dir),
  ]) {
    const e = await rejects(p, PermissionError);
    eq(e.message.endsWith("run again with the --allow-write flag"), true);
  }
});

await run();
