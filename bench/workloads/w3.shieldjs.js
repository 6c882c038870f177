// W3 cancel-storm: N tasks in sleep(10000); cancel all; gather with returnExceptions.
const N = Number(process.argv[2]);
async function sleeper() { await sleep(10000); }

const t0 = now();
const tasks = new Array(N);
for (let i = 0; i < N; i++) tasks[i] = createTask(sleeper);
await sleep(0); // every task runs up to its sleep
const t1 = now();
for (const t of tasks) t.cancel();
let cancelled = 0;
if (typeof gather === "function") {
  for (const r of await gather(tasks, { returnExceptions: true })) if (r instanceof CancelledError) cancelled++;
} else {
  for (const r of await Promise.allSettled(tasks)) if (r.status === "rejected" && r.reason instanceof CancelledError) cancelled++;
}
const t2 = now();
console.log(JSON.stringify({ ms: t2 - t0, spawnMs: t1 - t0, cancelMs: t2 - t1, ok: cancelled === N }));
