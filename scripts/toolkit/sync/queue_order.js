// flags: --virtual-time
// Queue ordering: FIFO through bursts (the ring buffer grows and shrinks),
// LIFO, and PriorityQueue smallest first, arrays compared like Python
// tuples, equal priorities in exactly Python's heapq order.
const { test, run, eq, assert, deepEq, throws } = require("../../lib/check.js");

function drain(q) {
  const out = [];
  while (!q.empty()) out.push(q.getNowait());
  return out;
}

test("fifo_burst_grow_and_shrink", () => {
  const q = new Queue();
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 20000; i++) q.putNowait(i);
    for (let i = 0; i < 10000; i++) if (q.getNowait() !== i) throw new Error(`out of order at ${i}`);
    for (let i = 20000; i < 25000; i++) q.putNowait(i);
    for (let i = 10000; i < 25000; i++) if (q.getNowait() !== i) throw new Error(`out of order at ${i}`);
    eq(q.qsize(), 0);
    assert(q._queue.buf.length <= 2048, `buffer shrank (${q._queue.buf.length})`);
  }
});

test("lifo_order", () => {
  const q = new LifoQueue();
  for (let i = 0; i < 5; i++) q.putNowait(i);
  eq(drain(q).join(), "4,3,2,1,0");
});

test("numbers_and_strings", () => {
  const q = new PriorityQueue();
  for (const x of [5, -1, 3.5, 10, 0, 2n]) q.putNowait(x);
  deepEq(drain(q).map(String), ["-1", "0", "2", "3.5", "5", "10"]);
  for (const s of ["pear", "apple", "Zebra", "apple pie", ""]) q.putNowait(s);
  deepEq(drain(q), ["", "Zebra", "apple", "apple pie", "pear"]);
});

test("arrays_compare_like_tuples", () => {
  const q = new PriorityQueue();
  const items = [[2, "b"], [1, "z"], [1, "a"], [1], [2, "a", 0], [0, [5, 1]], [0, [5, 0]], [2, "a"]];
  for (const x of items) q.putNowait(x);
  deepEq(drain(q), [[0, [5, 0]], [0, [5, 1]], [1], [1, "a"], [1, "z"], [2, "a"], [2, "a", 0], [2, "b"]]);
});

test("dates_and_value_of", () => {
  const q = new PriorityQueue();
  const d = (s) => new Date(s);
  for (const x of [d("2024-03-01"), d("2023-01-01"), d("2024-01-01")]) q.putNowait(x);
  deepEq(drain(q).map((x) => x.toISOString().slice(0, 10)), ["2023-01-01", "2024-01-01", "2024-03-01"]);
});

test("ties_in_python_heapq_order", () => {
  // Entries compare by priority only (valueOf), so ties are broken by the
  // heap's own order. Expected output computed with CPython's heapq for the
  // same sequence of pushes and pops.
  const pri = [2, 1, 3, 0, 0, 0, 2, 0, 1, 0, 0, 3, 3, 0, 1, 0, 3, 0, 0, 1];
  const q = new PriorityQueue();
  const out = [];
  pri.forEach((p, i) => {
    q.putNowait({ p, name: `i${i}`, valueOf() { return this.p; } });
    if (i % 3 === 2) out.push(q.getNowait().name);
  });
  while (!q.empty()) out.push(q.getNowait().name);
  eq(out.join(" "), "i1 i3 i4 i7 i9 i5 i17 i18 i13 i15 i10 i19 i8 i14 i0 i6 i16 i11 i2 i12");
});

test("mixed_kinds_have_a_total_order", () => {
  const q = new PriorityQueue();
  const items = ["b", 2, [1], null, true, { valueOf: () => 0, name: "obj" }, undefined, "a", 1, [0, "x"], false];
  for (const x of items) q.putNowait(x);
  deepEq(drain(q).map((x) => (x && x.name) || JSON.stringify(x) || String(x)),
    ["undefined", "null", "false", "true", "1", "2", '"a"', '"b"', '[0,"x"]', "[1]", "obj"]);
});

test("large_random_heap_is_sorted", () => {
  const q = new PriorityQueue();
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const xs = [];
  for (let i = 0; i < 2000; i++) {
    const x = Math.floor(rand() * 1000);
    xs.push(x);
    q.putNowait([x, i]);
  }
  const out = drain(q);
  deepEq(out.map((e) => e[0]), xs.slice().sort((a, b) => a - b));
  eq(q.qsize(), 0);
});

test("blocking_get_returns_smallest", async () => {
  const q = new PriorityQueue(2);
  const getter = createTask(() => q.get());
  await sleep(0);
  await q.put([3, "c"]);
  deepEq(await getter, [3, "c"]);
  await q.put([2, "b"]);
  await q.put([1, "a"]);
  const putter = createTask(() => q.put([0, "first"]));
  await sleep(0);
  deepEq(await q.get(), [1, "a"]);
  await putter;
  deepEq(await q.get(), [0, "first"]);
  deepEq(await q.get(), [2, "b"]);
});

test("queue_constructor_arguments", () => {
  eq(new Queue().maxsize, 0);
  eq(new Queue(3).maxsize, 3);
  eq(new Queue({ maxsize: 4 }).maxsize, 4);
  eq(new LifoQueue({}).maxsize, 0);
  throws(() => new Queue("5"), TypeError);
  throws(() => new Queue(NaN), TypeError);
  // Errors are exported classes with their own names.
  eq(new QueueEmpty().name, "QueueEmpty");
  eq(new QueueFull().name, "QueueFull");
  eq(new QueueShutDown().name, "QueueShutDown");
  throws(() => new Queue().getNowait(), QueueEmpty);
});

await run();
