// W1 spawn-await: N tasks each running a trivial async function; gather; sum.
const N = Number(process.argv[2]);
async function work() { return 1; }

const t0 = now();
const tasks = new Array(N);
for (let i = 0; i < N; i++) tasks[i] = createTask(work);
const haveGather = typeof gather === "function";
const results = haveGather ? await gather(tasks) : await Promise.all(tasks);
let sum = 0;
for (const r of results) sum += r;
const ms = now() - t0;
console.log(JSON.stringify({ ms, ok: sum === N, via: haveGather ? "gather" : "Promise.all" }));
