// W9 await cost: one async function awaiting N already-resolved async calls.
const N = Number(process.argv[2]);
async function f() { return 1; }
async function loop(n) { let s = 0; for (let i = 0; i < n; i++) s += await f(); return s; }

async function main() {
  const t0 = performance.now();
  const s = await loop(N);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, ok: s === N }));
}
main();
