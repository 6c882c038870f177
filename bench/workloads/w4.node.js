// W4 shield-storm, Node style: Node has no shield, so each outer call awaits
// the inner promise through a promise that its own AbortSignal rejects,
// leaving the inner work running. Abort every outer; await the inners.
const { setTimeout: sleep } = require("node:timers/promises");
const N = Number(process.argv[2]);
async function inner(i) { await sleep(20); return i; }

function shielded(promise, signal) {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener("abort", onAbort); resolve(v); },
      (e) => { signal.removeEventListener("abort", onAbort); reject(e); });
  });
}
async function outer(p, signal) { return await shielded(p, signal); }

async function main() {
  const t0 = performance.now();
  const inners = new Array(N);
  const controllers = new Array(N);
  const outers = new Array(N);
  for (let i = 0; i < N; i++) inners[i] = inner(i);
  for (let i = 0; i < N; i++) {
    controllers[i] = new AbortController();
    outers[i] = outer(inners[i], controllers[i].signal);
  }
  const t1 = performance.now();
  for (const c of controllers) c.abort();
  let cancelled = 0;
  for (const r of await Promise.allSettled(outers)) if (r.status === "rejected" && r.reason.name === "AbortError") cancelled++;
  const t2 = performance.now();
  const results = await Promise.all(inners);
  let present = 0;
  for (let i = 0; i < N; i++) if (results[i] === i) present++;
  const t3 = performance.now();
  console.log(JSON.stringify({ ms: t3 - t0, spawnMs: t1 - t0, cancelMs: t2 - t1, ok: cancelled === N && present === N }));
}
main();
