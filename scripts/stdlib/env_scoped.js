// flags: --allow-env=SHIELDJS_TEST_*,HOME
const { test, run, eq } = require("../lib/check.js");

test("only the granted variables are visible", () => {
  for (const k of Object.keys(process.env)) {
    eq(k === "HOME" || k.startsWith("SHIELDJS_TEST_"), true, k);
  }
  eq(process.env.PATH, undefined);
});

await run();
