package shield_test

// Go benchmarks mirroring the workloads of bench/ (issue 6), for pprof:
//
//	go test -run '^$' -bench 'Storm|Spawn|Sleepers' -benchmem ./shield/
//	go test -run '^$' -bench SpawnGather -cpuprofile cpu.out -memprofile mem.out ./shield/
//
// Each benchmark runs one script with N = b.N tasks on the virtual clock
// (sleeps cost no real time), so ns/op and allocs/op are per task.
// "live-B/task" is the heap still in use per task while every task is
// suspended, after a full GC: what a parked task costs.

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/dop251/goja"
)

// liveHeap installs liveHeap(): the heap in use after a full GC, in bytes.
func liveHeap(e *env) {
	e.rt.Set("liveHeap", func(goja.FunctionCall) goja.Value {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return e.rt.ToValue(float64(ms.HeapAlloc))
	})
}

// runStorm runs src (which sees N) and reports the live-heap metric the
// script computed, if any, per task.
func runStorm(b *testing.B, src string) {
	b.Helper()
	e := newEnv(b)
	liveHeap(e)
	b.ReportAllocs()
	b.ResetTimer()
	main := e.run(b, fmt.Sprintf("const N = %d;\n", b.N)+src)
	b.StopTimer()
	v, failed := main.Outcome()
	if !main.Done() || failed {
		b.Fatalf("main task did not succeed: %v", v)
	}
	if len(e.uncaught) > 0 {
		b.Fatalf("uncaught: %v", e.uncaught)
	}
	out := e.out.String()
	var live float64
	if _, err := fmt.Sscanf(out, "live %g", &live); err == nil && b.N >= 1000 {
		b.ReportMetric(live/float64(b.N), "live-B/task")
	}
}

// W1: spawn N trivial tasks and gather them.
func BenchmarkSpawnGather(b *testing.B) {
	runStorm(b, `
async function work() { return 1; }
const tasks = new Array(N);
for (let i = 0; i < N; i++) tasks[i] = createTask(work);
const rs = await gather(tasks);
if (rs.length !== N) throw new Error("lost results");
`)
}

// W1 without gather: the tasks awaited one by one.
func BenchmarkSpawnAwaitEach(b *testing.B) {
	runStorm(b, `
async function work() { return 1; }
const tasks = new Array(N);
for (let i = 0; i < N; i++) tasks[i] = createTask(work);
let s = 0;
for (const t of tasks) s += await t;
if (s !== N) throw new Error("lost results");
`)
}

// W2: N tasks parked in sleep(50); the live heap is measured while they sleep.
func BenchmarkSleepers(b *testing.B) {
	runStorm(b, `
async function sleeper() { await sleep(50); return 1; }
const before = liveHeap();
const tasks = new Array(N);
for (let i = 0; i < N; i++) tasks[i] = createTask(sleeper);
const g = gather(tasks);
await sleep(0);
log("live", liveHeap() - before);
await g;
`)
}

// W3: N tasks in sleep(10000), all cancelled, gathered with returnExceptions.
func BenchmarkCancelStorm(b *testing.B) {
	runStorm(b, `
async function sleeper() { await sleep(10000); }
const tasks = new Array(N);
for (let i = 0; i < N; i++) tasks[i] = createTask(sleeper);
await sleep(0);
for (const t of tasks) t.cancel();
const rs = await gather(tasks, { returnExceptions: true });
if (!(rs[N - 1] instanceof CancelledError)) throw new Error("not cancelled");
`)
}

// W4: N inner tasks awaited through shield by N outer tasks; every outer
// cancelled; the inners still finish.
func BenchmarkShieldStorm(b *testing.B) {
	runStorm(b, `
async function inner(i) { await sleep(20); return i; }
async function outer(t) { return await shield(t); }
const inners = new Array(N), outers = new Array(N);
const before = liveHeap();
for (let i = 0; i < N; i++) inners[i] = createTask(() => inner(i));
for (let i = 0; i < N; i++) { const t = inners[i]; outers[i] = createTask(() => outer(t)); }
await sleep(0);
log("live", liveHeap() - before);
for (const o of outers) o.cancel();
await gather(outers, { returnExceptions: true });
const rs = await gather(inners);
if (rs[N - 1] !== N - 1) throw new Error("lost results");
`)
}

// The cost of one cancelled waiter: a task parked on a Future is cancelled
// and resumes with CancelledError, N times in one task.
func BenchmarkCancelledWaiter(b *testing.B) {
	runStorm(b, `
const me = currentTask();
for (let i = 0; i < N; i++) {
  const f = new Future();
  const t = createTask(async () => { try { await f; } catch (e) { return e; } });
  await sleep(0);
  t.cancel();
  await t;
}
`)
}
