// flags: --virtual-time
// The worked translation in docs/asyncio.md: a bounded worker pool fed by a
// queue, an overall deadline, and a cache write protected by shield.
async function fetchPage(url) {
  await sleep(100); // stands for the network
  return `<body of ${url}>`;
}

const started = [];
async function save(url, body, cache) {
  started.push(url);
  await sleep(50);
  cache.set(url, body);
}

async function worker(q, cache) {
  while (true) {
    const url = await q.get();
    try {
      const body = await fetchPage(url);
      await shield(save(url, body, cache)); // never half-written
    } finally {
      q.taskDone();
    }
  }
}

const q = new Queue(), cache = new Map();
for (let i = 0; i < 20; i++) q.putNowait(`https://example.test/${i}`);
await taskGroup(async (tg) => {
  const workers = Array.from({ length: 4 }, () => tg.createTask(() => worker(q, cache)));
  try {
    await timeout(400, () => q.join());
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log("deadline reached");
  }
  for (const w of workers) w.cancel();
});
await sleep(100); // let shielded writes that outlived their workers finish
console.log(cache.size, "pages cached");
console.log("every started write finished:", started.every((u) => cache.has(u)));
