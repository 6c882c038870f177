// flags: --allow-read
const { test, run, eq } = require("../lib/check.js");
const fs = require("fs/promises");

test("readFile works with --allow-read", async () => {
  eq(await fs.readFile(__dirname + "/fixtures/data.txt", "utf8"), "fixture data\n");
  const buf = await fs.readFile(__dirname + "/fixtures/data.txt");
  eq(buf.toString(), "fixture data\n");
  eq((await fs.stat(__dirname + "/fixtures/data.txt")).size, 13);
  eq((await fs.readdir(__dirname + "/fixtures/dir")).join(), "inner.txt");
});

test("a missing file is ENOENT, not a permission error", async () => {
  try {
    await fs.readFile("/nonexistent/file");
    throw new Error("read a missing file");
  } catch (e) {
    eq(e.code, "ENOENT");
    eq(e.message, "ENOENT: no such file or directory, open '/nonexistent/file'");
  }
});

await run();
