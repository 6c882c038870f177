// W1 on a bare goja runtime (no host, no tasks): N async calls; Promise.all.
const N = Number(process.argv[2]);
async function work() { return 1; }

const t0 = now();
const promises = new Array(N);
for (let i = 0; i < N; i++) promises[i] = work();
Promise.all(promises).then((results) => {
  let sum = 0;
  for (const r of results) sum += r;
  const ms = now() - t0;
  console.log(JSON.stringify({ ms, ok: sum === N }));
});
