package shield_test

import (
	"fmt"
	"testing"
)

// The waiting toolkit (js/waiting.js, js/timeouts.js, js/taskgroup.js) is
// tested through the conformance scripts under scripts/cpython/waiting and
// scripts/toolkit/waiting; these cases pin down the natives it relies on.

func TestGatherCancelledByAwaitingTask(t *testing.T) {
	// Cancelling a task that awaits gather goes through gather's own cancel
	// (Future.cancelHook): the children are cancelled and gather fails with
	// CancelledError once they are done, without being cancelled() itself.
	expect(t, `
		const child = createTask(async () => {
			try { await sleep(100); } finally { await sleep(5); log("child cleaned up at", now()); }
		});
		let g;
		const t = createTask(async () => { g = gather([child]); await g; });
		await sleep(1);
		t.cancel("stop");
		try { await t; } catch (e) { log("t:", e.name, e.message, "at", now()); }
		log("gather cancelled():", g.cancelled(), "exception:", g.exception().name);
	`, `
child cleaned up at 6
t: CancelledError stop at 6
gather cancelled(): false exception: CancelledError
`)
}

func TestTimeoutWaitsForWorkInTheTask(t *testing.T) {
	// waitFor(asyncFn(), ms): the cancellation lands at asyncFn's own
	// awaits and waitFor waits for it, as for an awaited coroutine.
	expect(t, `
		async function work() {
			try { await sleep(1000); } catch (e) { await sleep(3); return "swallowed at " + now(); }
		}
		log(await waitFor(work(), 10), currentTask().cancelling());
		try { await waitFor(new Promise(() => {}), 10); } catch (e) { log(e.name, e.cause.name, now()); }
	`, `
swallowed at 13 0
TimeoutError CancelledError 23
`)
}

func benchWaitingScript(b *testing.B, setup, op string) {
	src := fmt.Sprintf(`%s
		const N = %d;
		for (let i = 0; i < N; i++) await (%s);
	`, setup, b.N, op)
	e := newEnv(b)
	b.ResetTimer()
	main := e.run(b, src)
	b.StopTimer()
	if v, failed := main.Outcome(); failed {
		b.Fatalf("benchmark script failed: %v", v)
	}
}

func BenchmarkWaitingSleep0(b *testing.B) { benchWaitingScript(b, "", "sleep(0)") }

func BenchmarkWaitingGather2(b *testing.B) { benchWaitingScript(b, "", "gather([sleep(0), sleep(0)])") }

func BenchmarkWaitingGather1000Futures(b *testing.B) {
	benchWaitingScript(b, `
		function g() {
			const fs = [];
			for (let i = 0; i < 1000; i++) fs.push(new Future());
			const out = gather(fs);
			for (let i = 0; i < 1000; i++) fs[i].setResult(i);
			return out;
		}`, "g()")
}

func BenchmarkWaitingWait2(b *testing.B) {
	benchWaitingScript(b, "", "wait([createTask(() => sleep(0)), createTask(() => sleep(0))])")
}

func BenchmarkWaitingTimeoutSync(b *testing.B) { benchWaitingScript(b, "", "timeout(1000, () => 1)") }

func BenchmarkWaitingTimeoutAsync(b *testing.B) {
	benchWaitingScript(b, "", "timeout(1000, async () => { await sleep(0); })")
}

func BenchmarkWaitingWaitFor(b *testing.B) { benchWaitingScript(b, "", "waitFor(sleep(0), 1000)") }

func BenchmarkWaitingTaskGroup2(b *testing.B) {
	benchWaitingScript(b, "", "taskGroup(async (tg) => { tg.createTask(() => sleep(0)); tg.createTask(() => sleep(0)); })")
}
