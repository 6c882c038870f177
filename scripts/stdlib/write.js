// flags: --allow-read=/tmp --allow-write=/tmp/shieldjs-write
const { test, run, eq, rejects } = require("../lib/check.js");
const fs = require("fs/promises");

const dir = `/tmp/shieldjs-write/${process.pid}-${Date.now()}`;

test("mkdir, writeFile, appendFile, rename, rm", async () => {
  await fs.mkdir("/tmp/shieldjs-write", { recursive: true });
  eq(await fs.mkdir(dir + "/a/b", { recursive: true }), dir); // the first directory it made
  await fs.writeFile(dir + "/a/f.txt", "one");
  await fs.appendFile(dir + "/a/f.txt", " two");
  await fs.rename(dir + "/a/f.txt", dir + "/g.txt");
  eq(await fs.readFile(dir + "/g.txt", "utf8"), "one two");
  eq((await fs.readdir(dir)).join(), "a,g.txt");
  const e = await rejects(fs.rm(dir + "/a"));
  eq(e.code, "ERR_FS_EISDIR");
  await fs.rm(dir, { recursive: true });
  await fs.rm(dir, { recursive: true, force: true });
});

test("outside the granted directory", async () => {
  const outside = `/tmp/shieldjs-nowrite-${process.pid}.txt`;
  const e = await rejects(fs.writeFile(outside, "x"), PermissionError);
  eq(e.message, `Requires write access to "${outside}", run again with the --allow-write flag`);
  await rejects(fs.writeFile("/tmp/shieldjs-write/../etc/shieldjs-nope", "x"), PermissionError);
});

await run();
