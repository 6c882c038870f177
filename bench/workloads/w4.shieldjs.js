// W4 shield-storm: N inner tasks sleeping 20 ms, each awaited through shield
// in an outer task; cancel every outer; await the inners; every result present.
const N = Number(process.argv[2]);
const haveGather = typeof gather === "function";
async function inner(i) { await sleep(20); return i; }
async function outer(t) { return await shield(t); }

const t0 = now();
const inners = new Array(N);
const outers = new Array(N);
for (let i = 0; i < N; i++) inners[i] = createTask(() => inner(i));
for (let i = 0; i < N; i++) { const t = inners[i]; outers[i] = createTask(() => outer(t)); }
await sleep(0); // every outer is suspended in its shield
const t1 = now();
for (const o of outers) o.cancel();
let cancelled = 0;
if (haveGather) {
  for (const r of await gather(outers, { returnExceptions: true })) if (r instanceof CancelledError) cancelled++;
} else {
  for (const r of await Promise.allSettled(outers)) if (r.status === "rejected" && r.reason instanceof CancelledError) cancelled++;
}
const t2 = now();
const results = haveGather ? await gather(inners) : await Promise.all(inners);
let present = 0;
for (let i = 0; i < N; i++) if (results[i] === i) present++;
const t3 = now();
console.log(JSON.stringify({ ms: t3 - t0, spawnMs: t1 - t0, cancelMs: t2 - t1, ok: cancelled === N && present === N }));
