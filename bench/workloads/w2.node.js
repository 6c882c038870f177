// W2 sleepers: N async calls each awaiting a 50 ms timer.
const { setTimeout: sleep } = require("node:timers/promises");
const N = Number(process.argv[2]);
async function sleeper() { await sleep(50); return 1; }

async function main() {
  const t0 = performance.now();
  const promises = new Array(N);
  for (let i = 0; i < N; i++) promises[i] = sleeper();
  const results = await Promise.all(promises);
  let sum = 0;
  for (const r of results) sum += r;
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, ok: sum === N }));
}
main();
