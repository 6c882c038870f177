// W1 spawn-await: N calls of a trivial async function; Promise.all; sum.
const N = Number(process.argv[2]);
async function work() { return 1; }

async function main() {
  const t0 = performance.now();
  const promises = new Array(N);
  for (let i = 0; i < N; i++) promises[i] = work();
  const results = await Promise.all(promises);
  let sum = 0;
  for (const r of results) sum += r;
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, ok: sum === N }));
}
main();
