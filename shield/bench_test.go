package shield_test

import (
	"fmt"
	"testing"

	"github.com/dop251/goja"
)

// awaitLoop awaits n already-resolved async calls in one async function.
const awaitLoop = `
async function f() { return 1; }
async function loop(n) { let s = 0; for (let i = 0; i < n; i++) s += await f(); return s; }
`

// BenchmarkAwaitPlainGoja is the ceiling: the same loop on a bare goja
// runtime, no host, no rewrite, no task.
func BenchmarkAwaitPlainGoja(b *testing.B) {
	rt := goja.New()
	if _, err := rt.RunString(awaitLoop); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	v, err := rt.RunString(fmt.Sprintf("loop(%d)", b.N))
	if err != nil {
		b.Fatal(err)
	}
	if p := v.Export().(*goja.Promise); p.State() != goja.PromiseStateFulfilled || p.Result().ToInteger() != int64(b.N) {
		b.Fatalf("loop did not finish: %v", p.Result())
	}
}

// BenchmarkAwaitInTask runs the loop inside a task, through the
// await-rewriting pipeline: every await passes the host's hooks.
func BenchmarkAwaitInTask(b *testing.B) {
	e := newEnv(b)
	b.ResetTimer()
	main := e.run(b, awaitLoop+fmt.Sprintf("log(await loop(%d));", b.N))
	b.StopTimer()
	if _, failed := main.Outcome(); failed || e.out.String() != fmt.Sprintf("%d\n", b.N) {
		b.Fatalf("unexpected outcome: %q", e.out.String())
	}
}

// BenchmarkAwaitSuspending measures an await that really suspends the task
// (a sleep(0) yield), the path a cancellation can interrupt.
func BenchmarkAwaitSuspending(b *testing.B) {
	e := newEnv(b)
	b.ResetTimer()
	e.run(b, fmt.Sprintf("for (let i = 0; i < %d; i++) await sleep(0);", b.N))
}

// BenchmarkCreateTask measures spawning a task running a trivial async
// function and awaiting it.
func BenchmarkCreateTask(b *testing.B) {
	e := newEnv(b)
	b.ResetTimer()
	e.run(b, fmt.Sprintf(`
async function work() { return 1; }
const ts = [];
for (let i = 0; i < %d; i++) ts.push(createTask(work));
let s = 0;
for (const t of ts) s += await t;
`, b.N))
}
