// W3 cancel-storm: N async calls each awaiting a 10 s timer with its own
// AbortController (the timer is cleared on abort); abort all; Promise.allSettled.
const { setTimeout: sleep } = require("node:timers/promises");
const N = Number(process.argv[2]);
async function sleeper(signal) { await sleep(10000, undefined, { signal }); }

async function main() {
  const t0 = performance.now();
  const controllers = new Array(N);
  const promises = new Array(N);
  for (let i = 0; i < N; i++) {
    controllers[i] = new AbortController();
    promises[i] = sleeper(controllers[i].signal);
  }
  const t1 = performance.now();
  for (const c of controllers) c.abort();
  let cancelled = 0;
  for (const r of await Promise.allSettled(promises)) if (r.status === "rejected" && r.reason.name === "AbortError") cancelled++;
  const t2 = performance.now();
  console.log(JSON.stringify({ ms: t2 - t0, spawnMs: t1 - t0, cancelMs: t2 - t1, ok: cancelled === N }));
}
main();
