// W2 sleepers: N tasks each awaiting sleep(50).
const N = Number(process.argv[2]);
async function sleeper() { await sleep(50); return 1; }

const t0 = now();
const tasks = new Array(N);
for (let i = 0; i < N; i++) tasks[i] = createTask(sleeper);
const results = typeof gather === "function" ? await gather(tasks) : await Promise.all(tasks);
let sum = 0;
for (const r of results) sum += r;
const ms = now() - t0;
console.log(JSON.stringify({ ms, ok: sum === N }));
