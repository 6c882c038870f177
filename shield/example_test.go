package shield_test

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/shield"
)

// A Scheduler on a bare goja runtime: the program runs as a task, and
// cancelling the task that awaits a shielded one leaves the inner task
// running to completion.
func ExampleScheduler() {
	rt := goja.New()
	loop := eventloop.New(eventloop.WithClock(eventloop.NewVirtualClock()))
	s := shield.New(rt, loop, shield.Config{})
	s.Install(rt.GlobalObject())
	rt.Set("print", func(v goja.Value) { fmt.Println(v) })

	p, err := compile.Compile(compile.Script, "example.js", `
const inner = createTask(async () => { await sleep(100); print("inner finished"); return 42; });
const outer = createTask(async () => { await shield(inner); });
await sleep(10);
outer.cancel();
try { await outer; } catch (e) { print("outer: " + e.name); }
print("inner result: " + await inner);
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	wrapper, _ := rt.RunProgram(p.Program)
	fn, _ := goja.AssertFunction(wrapper)
	u := goja.Undefined()
	main := s.NewTask(rt.ToValue(func(goja.FunctionCall) goja.Value {
		v, err := fn(u, u, u, u, u, u, s.MarkFunc(), s.AwaitFunc())
		if err != nil {
			panic(err)
		}
		return v
	}), "main")
	if err := loop.Run(nil); err != nil {
		fmt.Println(err)
	}
	fmt.Println("main done:", main.Done(), "cancelled:", main.Cancelled())
	// Output:
	// outer: CancelledError
	// inner finished
	// inner result: 42
	// main done: true cancelled: false
}
