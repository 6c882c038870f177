// W9 on a bare goja runtime (no host, no await rewrite, no task).
const N = Number(process.argv[2]);
async function f() { return 1; }
async function loop(n) { let s = 0; for (let i = 0; i < n; i++) s += await f(); return s; }

const t0 = now();
loop(N).then((s) => {
  const ms = now() - t0;
  console.log(JSON.stringify({ ms, ok: s === N }));
});
