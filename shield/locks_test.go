package shield_test

import (
	"fmt"
	"testing"
	"time"
)

// The synchronisation toolkit (js/locks.js, js/queues.js, js/abort.js) is
// tested mostly by scripts (scripts/cpython/locks, scripts/cpython/queues,
// scripts/toolkit/sync); these cover what needs the bare scheduler: the
// natives they rely on, and benchmarks of their hot paths.

// A cancel requested while the task runs is delivered, as in asyncio, at
// the next await where the task really suspends: the fast paths of
// acquire/get/put complete (nothing is lost), and the next suspension takes
// the CancelledError, so try/finally releases what was taken.
func TestSyncPendingCancelWaitsForASuspension(t *testing.T) {
	expect(t, `
const lock = new Lock(), q = new Queue(), sem = new Semaphore(1);
q.putNowait("item");
const t = createTask(async () => {
  currentTask().cancel("now");
  await lock.acquire();
  try { await sleep(10); } catch (e) { log("in the critical section:", e.name, e.message); } finally { lock.release(); }
  currentTask().cancel();
  log("got", await q.get(), "put", await q.put("other"));
  try { await sleep(10); } catch (e) { log("next suspension:", e.name); }
  currentTask().cancel();
  await sem.acquire();
  try { await sleep(10); } catch (e) { log("holding the permit:", e.name); } finally { sem.release(); }
});
await t;
log(lock.locked(), q.qsize(), q.getNowait(), sem.locked());
`, `
in the critical section: CancelledError now
got item put undefined
next suspension: CancelledError
holding the permit: CancelledError
false 1 other false
`)
}

// AbortSignal.timeout's timer does not keep the loop alive.
func TestSyncAbortSignalTimeoutUnref(t *testing.T) {
	e := newEnv(t)
	e.run(t, `
const s = AbortSignal.timeout(60000);
s.onabort = () => log("fired");
log("done");
`)
	if got := e.out.String(); got != "done\n" {
		t.Fatalf("output %q", got)
	}
	if now := e.loop.Now(); now >= time.Minute {
		t.Fatalf("the loop waited for the unref'd timer: clock at %v", now)
	}
}

func TestSyncTaskSignal(t *testing.T) {
	expect(t, `
const t = createTask(() => sleep(100));
await sleep(1);
t.signal.onabort = (ev) => log("abort", ev.type, t.signal.reason.name, t.signal.reason.message);
t.cancel("bye");
try { await t; } catch (e) { log(e.name); }
log(t.signal === t.signal, t.signal.aborted);
`, `
abort abort CancelledError bye
CancelledError
true true
`)
}

func BenchmarkLockAcquireRelease(b *testing.B) {
	e := newEnv(b)
	b.ResetTimer()
	e.run(b, fmt.Sprintf("const l = new Lock(); for (let i = 0; i < %d; i++) { await l.acquire(); l.release(); }", b.N))
}

func BenchmarkQueuePutGet(b *testing.B) {
	e := newEnv(b)
	b.ResetTimer()
	e.run(b, fmt.Sprintf("const q = new Queue(); for (let i = 0; i < %d; i++) { await q.put(i); await q.get(); }", b.N))
}

// BenchmarkQueueProducerConsumer passes b.N items through a bounded queue
// between two tasks, so both sides block and wake each other.
func BenchmarkQueueProducerConsumer(b *testing.B) {
	e := newEnv(b)
	b.ResetTimer()
	e.run(b, fmt.Sprintf(`
const n = %d, q = new Queue(64);
const p = createTask(async () => { for (let i = 0; i < n; i++) await q.put(i); });
const c = createTask(async () => { for (let i = 0; i < n; i++) await q.get(); });
await p; await c;
`, b.N))
}

// BenchmarkLockContended has four tasks take turns on a lock, each yielding
// while holding it, so every acquire waits on a Future.
func BenchmarkLockContended(b *testing.B) {
	e := newEnv(b)
	b.ResetTimer()
	e.run(b, fmt.Sprintf(`
const l = new Lock(), n = Math.ceil(%d / 4);
const w = async () => { for (let i = 0; i < n; i++) { await l.acquire(); await sleep(0); l.release(); } };
const ts = [createTask(w), createTask(w), createTask(w), createTask(w)];
for (const t of ts) await t;
`, b.N))
}
