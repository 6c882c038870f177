// With no flags, reading any file is denied; requiring modules of the
// script's own project is not.
const { test, run, eq, rejects } = require("../lib/check.js");
const fs = require("fs/promises");

test("readFile is denied and names the flag", async () => {
  const e = await rejects(fs.readFile(__dirname + "/fixtures/data.txt", "utf8"), PermissionError);
  eq(e.message, `Requires read access to "${__dirname}/fixtures/data.txt", run again with the --allow-read flag`);
  eq(e.code, "ERR_ACCESS_DENIED");
  eq(e.permission, "read");
  eq(e instanceof Error, true);
});

test("stat and readdir are denied too", async () => {
  await rejects(fs.stat(__dirname), PermissionError);
  await rejects(fs.readdir(__dirname), PermissionError);
});

test("a module in the project loads without --allow-read", () => {
  eq(require("./fixtures/module.js"), "a module next to the script");
});

test("a module outside the project needs --allow-read", () => {
  let err;
  try {
    require("/etc/hostname");
  } catch (e) {
    err = e;
  }
  eq(err instanceof PermissionError, true);
});

await run();
