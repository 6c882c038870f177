// flags: --allow-read=stdlib/fixtures
// The runner starts shieldjs in scripts/, so the relative path in the flag
// is scripts/stdlib/fixtures.
const { test, run, eq, rejects } = require("../lib/check.js");
const fs = require("fs/promises");
const fixtures = __dirname + "/fixtures";

test("inside the granted directory", async () => {
  eq(await fs.readFile(fixtures + "/data.txt", "utf8"), "fixture data\n");
  eq(await fs.readFile(fixtures + "/dir/inner.txt", "utf8"), "inner\n");
  eq(await fs.readFile(fixtures + "/dir/../data.txt", "utf8"), "fixture data\n");
});

test("escaping with .. is denied", async () => {
  const e = await rejects(fs.readFile(fixtures + "/../read_scoped.js", "utf8"), PermissionError);
  eq(e.message, `Requires read access to "${__dirname}/read_scoped.js", run again with the --allow-read flag`);
});

test("escaping through a symlink is denied", async () => {
  // fixtures/escape is a symlink to .., the script's directory.
  await rejects(fs.readFile(fixtures + "/escape/read_scoped.js", "utf8"), PermissionError);
  await rejects(fs.readdir(fixtures + "/escape"), PermissionError);
});

test("writing is still denied", async () => {
  await rejects(fs.writeFile(fixtures + "/new.txt", "x"), PermissionError);
});

await run();
