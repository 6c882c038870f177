// sleep(0) yields exactly one loop turn: everything already on the ready
// queue runs first, as with asyncio.sleep(0).
const order = [];
const a = createTask(async () => { order.push("a1"); await sleep(0); order.push("a2"); await sleep(0); order.push("a3"); });
const b = createTask(async () => { order.push("b1"); await sleep(0); order.push("b2"); await sleep(0); order.push("b3"); });
await Promise.all([a, b]);
console.log(order.join(" "));
