package shield_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/shield"
	"github.com/shieldjs/shieldjs/stdlib/timers"
)

// env runs scripts on a bare scheduler with a virtual clock, so tests of
// timer-heavy semantics neither sleep nor depend on the machine's speed.
type env struct {
	rt       *goja.Runtime
	loop     *eventloop.Loop
	s        *shield.Scheduler
	clock    *eventloop.VirtualClock
	out      strings.Builder
	uncaught []string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{rt: goja.New(), clock: eventloop.NewVirtualClock()}
	e.loop = eventloop.New(eventloop.WithClock(e.clock))
	e.s = shield.New(e.rt, e.loop, shield.Config{
		UnhandledRejection: func(v goja.Value) { e.uncaught = append(e.uncaught, "rejection: "+v.String()) },
		Uncaught:           func(err error) { e.uncaught = append(e.uncaught, "uncaught: "+err.Error()) },
	})
	g := e.rt.GlobalObject()
	e.s.Install(g)
	e.s.InstallTestHooks(g)
	timers.Install(e.s, g)
	g.Set("log", func(c goja.FunctionCall) goja.Value {
		parts := make([]string, len(c.Arguments))
		for i, a := range c.Arguments {
			parts[i] = a.String()
		}
		e.out.WriteString(strings.Join(parts, " ") + "\n")
		return goja.Undefined()
	})
	g.Set("now", func() float64 { return float64(e.loop.Now()) / float64(time.Millisecond) })
	return e
}

func shieldToolkit() []string { return shield.ToolkitForTest() }

// run executes src as the main task until the loop is idle and returns the
// main task.
func (e *env) run(t testing.TB, src string) *shield.Task {
	t.Helper()
	p, err := compile.Compile(compile.Script, "test.js", src)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	w, err := e.rt.RunProgram(p.Program)
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(w)
	body := e.rt.ToValue(func(goja.FunctionCall) goja.Value {
		u := goja.Undefined()
		v, err := fn(u, u, u, u, u, u, e.s.MarkFunc(), e.s.AwaitFunc())
		if err != nil {
			panic(err)
		}
		return v
	})
	main := e.s.NewTask(body, "main")
	if err := e.loop.Run(nil); err != nil {
		t.Fatalf("loop: %v", err)
	}
	if err := e.s.Err(); err != nil {
		t.Fatalf("scheduler: %v", err)
	}
	return main
}

// expect runs src and compares the log output and the main task's outcome.
func expect(t *testing.T, src, want string) {
	t.Helper()
	e := newEnv(t)
	main := e.run(t, src)
	got := e.out.String()
	if !main.Done() {
		got += "main: pending\n"
	} else if v, failed := main.Outcome(); main.Cancelled() {
		got += "main: cancelled\n"
	} else if failed {
		got += "main: failed " + v.String() + "\n"
	}
	for _, u := range e.uncaught {
		got += u + "\n"
	}
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("output mismatch\n--- got\n%s--- want\n%s", got, strings.TrimSpace(want)+"\n")
	}
}
