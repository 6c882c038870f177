// flags: -A
const { test, run, eq, rejects } = require("../lib/check.js");
const fs = require("fs/promises");
const { exec } = require("child_process");

test("-A grants everything", async () => {
  eq(typeof process.env.PATH, "string");
  eq((await fs.readFile(__dirname + "/fixtures/data.txt", "utf8")).trim(), "fixture data");
  eq((await exec("sh", ["-c", "echo ok"])).stdout, "ok\n");
  await rejects(fetch("http://127.0.0.1:9/"), TypeError);
});

await run();
