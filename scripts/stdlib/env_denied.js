const { test, run, eq } = require("../lib/check.js");

test("process.env is empty without --allow-env", () => {
  eq(Object.keys(process.env).length, 0);
  eq(process.env.PATH, undefined);
});

await run();
