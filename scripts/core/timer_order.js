// 10,000 setTimeout(fn, 0) and 10,000 setTimeout(fn, 1) run in the order
// they were scheduled: equal deadlines keep scheduling order (no inversions).
const N = 10000;
const order = [];
for (let i = 0; i < N; i++) setTimeout(() => order.push(i), 0);
for (let i = N; i < 2 * N; i++) setTimeout(() => order.push(i), 1);
await sleep(50);
let inversions = 0;
for (let i = 1; i < order.length; i++) if (order[i] < order[i - 1]) inversions++;
console.log(`ran ${order.length}, inversions ${inversions}`);
