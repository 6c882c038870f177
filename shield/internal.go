package shield

import (
	"embed"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
)

// The asyncio toolkit that is plain code on top of futures (waiting, timeouts,
// task groups, locks, queues, AbortSignal) is written in JavaScript and
// compiled through the same await-rewriting pipeline as user code, so every
// await inside it is a cancellation point with asyncio's semantics.
//
//go:embed js/*.js
var jsFiles embed.FS

// internalPrograms compiles each embedded module once per process, the first
// time a runtime needs it; compiled programs are immutable and shared by
// every runtime. The map itself is built once and never changes.
var internalPrograms = func() map[string]func() *compile.Program {
	out := map[string]func() *compile.Program{}
	entries, err := jsFiles.ReadDir("js")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".js") {
			continue
		}
		file := e.Name()
		out[strings.TrimSuffix(file, ".js")] = sync.OnceValue(func() *compile.Program {
			src, err := jsFiles.ReadFile("js/" + file)
			if err != nil {
				panic(err)
			}
			p, err := compile.Compile(compile.Module, InternalFile+"/"+file, string(src))
			if err != nil {
				panic(fmt.Sprintf("shield: internal module %s: %v", file, err))
			}
			return p
		})
	}
	return out
}()

// toolkit names each global the JavaScript toolkit provides and the module
// that defines it. Install makes every name a lazy global, so a program
// loads (and the process compiles) only the modules it uses: start-up does
// not pay for the whole toolkit. TestToolkitTable checks this table against
// what the modules export.
var toolkit = map[string]string{
	"gather": "waiting", "wait": "waiting", "asCompleted": "waiting",
	"FIRST_COMPLETED": "waiting", "FIRST_EXCEPTION": "waiting", "ALL_COMPLETED": "waiting",
	"timeout": "timeouts", "timeoutAt": "timeouts", "waitFor": "timeouts", "now": "timeouts",
	"taskGroup": "taskgroup",
	"Event":     "locks", "Lock": "locks", "Semaphore": "locks", "BoundedSemaphore": "locks",
	"Condition": "locks", "Barrier": "locks", "BrokenBarrierError": "locks",
	"Queue": "queues", "PriorityQueue": "queues", "LifoQueue": "queues",
	"QueueEmpty": "queues", "QueueFull": "queues", "QueueShutDown": "queues",
	"AbortController": "abort", "AbortSignal": "abort",
}

// installToolkit defines the toolkit's globals on obj as accessors that load
// their module on first use and then turn into plain data properties.
func (s *Scheduler) installToolkit(obj *goja.Object) {
	rt := s.rt
	for name, module := range toolkit {
		name, module := name, module
		var getter, setter goja.Value
		replace := func(v goja.Value) {
			obj.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		}
		getter = rt.ToValue(func(goja.FunctionCall) goja.Value {
			v := s.internalRequire(module).ToObject(rt).Get(name)
			replace(v)
			return v
		})
		setter = rt.ToValue(func(c goja.FunctionCall) goja.Value {
			replace(c.Argument(0)) // a script may overwrite a global
			return goja.Undefined()
		})
		obj.DefineAccessorProperty(name, getter, setter, goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
}

// internalRequire loads the embedded module name ("locks", "waiting", ...),
// or "internal" for the natives the modules are built on.
func (s *Scheduler) internalRequire(name string) goja.Value {
	name = strings.TrimSuffix(path.Base(name), ".js")
	if name == "internal" {
		return s.natives()
	}
	if m, ok := s.internalModules[name]; ok {
		return m.Get("exports")
	}
	compiled, ok := internalPrograms[name]
	if !ok {
		panic(s.typeError("no internal module %q", name))
	}
	p := compiled()
	rt := s.rt
	module := rt.NewObject()
	exports := rt.NewObject()
	module.Set("exports", exports)
	s.internalModules[name] = module
	w, err := rt.RunProgram(p.Program)
	if err != nil {
		panic(err)
	}
	fn, _ := goja.AssertFunction(w)
	req := rt.ToValue(func(c goja.FunctionCall) goja.Value { return s.internalRequire(c.Argument(0).String()) })
	if _, err := fn(exports, exports, req, module, rt.ToValue(InternalFile), rt.ToValue(InternalFile), s.markFn, s.awaitFn); err != nil {
		panic(err)
	}
	return module.Get("exports")
}

// natives is what the internal modules get from Go.
func (s *Scheduler) natives() goja.Value {
	if s.nativeObj != nil {
		return s.nativeObj
	}
	rt := s.rt
	o := rt.NewObject()
	o.Set("now", func() float64 { return float64(s.loop.Now()) / 1e6 })
	o.Set("callSoon", func(c goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(c.Argument(0))
		if !ok {
			panic(rt.NewTypeError("callSoon expects a function"))
		}
		s.CallSoon(func() {
			if _, err := s.Call(fn, goja.Undefined()); err != nil {
				s.Report(err)
			}
		})
		return goja.Undefined()
	})
	// callAt(whenMs, fn) schedules fn at a point on the now() clock and
	// returns a handle with cancel() and when().
	o.Set("callAt", func(c goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(c.Argument(1))
		if !ok {
			panic(rt.NewTypeError("callAt expects a function"))
		}
		when := Millis(c.Argument(0))
		tm := s.CallAt(when, func() {
			if _, err := s.Call(fn, goja.Undefined()); err != nil {
				s.Report(err)
			}
		})
		h := rt.NewObject()
		h.Set("cancel", func() bool { return tm.Stop() })
		h.Set("when", func() float64 { return float64(tm.When()) / 1e6 })
		// unref() lets the program end while the timer is pending, as
		// Node's timeout.unref() (AbortSignal.timeout uses it).
		h.Set("unref", func() { tm.Unref() })
		return h
	})
	o.Set("ensureFuture", func(c goja.FunctionCall) goja.Value { return s.EnsureFuture(c.Argument(0)).obj })
	o.Set("isFuture", func(c goja.FunctionCall) goja.Value { return rt.ToValue(s.FutureOf(c.Argument(0)) != nil) })
	o.Set("cancelledError", func(c goja.FunctionCall) goja.Value { return s.NewCancelledError(optString(c.Argument(0))) })
	o.Set("isCancelledError", func(c goja.FunctionCall) goja.Value { return rt.ToValue(s.IsCancelledError(c.Argument(0))) })
	o.Set("CancelledError", s.errs.cancelled)
	o.Set("TimeoutError", s.errs.timeout)
	o.Set("InvalidStateError", s.errs.invalidState)
	o.Set("Future", s.futureCtor)
	o.Set("Task", s.taskCtor)
	o.Set("currentTask", func(goja.FunctionCall) goja.Value {
		if t := s.current; t != nil && t.state == statePending {
			return t.obj
		}
		return goja.Null()
	})
	o.Set("createTask", func(c goja.FunctionCall) goja.Value {
		return s.NewTask(s.argBody(c.Argument(0), "createTask"), optName(c.Argument(1))).obj
	})
	o.Set("sleep", func(c goja.FunctionCall) goja.Value { return s.Sleep(Millis(c.Argument(0)), c.Argument(1)).obj })
	// onCancelRequest(task, fn) calls fn(msg) whenever task.cancel(msg) is
	// requested, from JavaScript or from Go (task.signal is built on it).
	o.Set("onCancelRequest", func(c goja.FunctionCall) goja.Value {
		f := s.FutureOf(c.Argument(0))
		fn, ok := goja.AssertFunction(c.Argument(1))
		if f == nil || f.task == nil || !ok {
			panic(rt.NewTypeError("onCancelRequest expects a Task and a function"))
		}
		f.task.OnCancelRequest(func(msg string) {
			if _, err := s.Call(fn, goja.Undefined(), rt.ToValue(msg)); err != nil {
				s.Report(err)
			}
		})
		return goja.Undefined()
	})
	// setCancelHandler(fut, fn) makes fut.cancel(msg) call fn(msg) and return
	// its result instead of cancelling fut, whether cancel is called from
	// JavaScript or by cancelling a task that awaits fut. gather's future is
	// cancelled this way, as asyncio's _GatheringFuture overrides cancel():
	// it cancels its children and later fails with a CancelledError, but is
	// never cancelled() itself.
	o.Set("setCancelHandler", func(c goja.FunctionCall) goja.Value {
		f := s.FutureOf(c.Argument(0))
		fn, ok := goja.AssertFunction(c.Argument(1))
		if f == nil || f.task != nil || !ok {
			panic(rt.NewTypeError("setCancelHandler expects a Future (not a Task) and a function"))
		}
		f.cancelHook = func(msg string) bool {
			v, err := s.Call(fn, goja.Undefined(), rt.ToValue(msg))
			if err != nil {
				s.Report(err)
				return false
			}
			return v.ToBoolean()
		}
		return goja.Undefined()
	})
	// suspendedAwaits(task) is the number of awaits task is suspended on
	// right now. timeout/waitFor use it to tell a promise whose work is
	// itself suspended in the task (so a cancellation lands at that work's
	// own awaits, as at an awaited coroutine's) from one settled elsewhere.
	o.Set("suspendedAwaits", func(c goja.FunctionCall) goja.Value {
		f := s.FutureOf(c.Argument(0))
		if f == nil || f.task == nil {
			panic(rt.NewTypeError("suspendedAwaits expects a Task"))
		}
		return rt.ToValue(len(f.task.leaves))
	})
	// failWith(fut, err) is setException that also takes a CancelledError,
	// which Future.prototype.setException refuses: gather's future (and an
	// asCompleted slot) fails with a child's CancelledError while staying
	// not cancelled(), as in asyncio. A cancellation is never an unhandled
	// failure, so such an exception counts as retrieved. It returns false if
	// fut was already done.
	o.Set("failWith", func(c goja.FunctionCall) goja.Value {
		f := s.FutureOf(c.Argument(0))
		if f == nil || f.task != nil {
			panic(rt.NewTypeError("failWith expects a Future (not a Task)"))
		}
		if f.state != statePending {
			return rt.ToValue(false)
		}
		e := c.Argument(1)
		if s.IsCancelledError(e) {
			f.observed = true
		}
		return rt.ToValue(f.SetException(e))
	})
	s.nativeObj = o
	return o
}
