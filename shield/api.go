package shield

import (
	"math"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/inspect"
)

// initClasses builds Future and Task: constructors whose instances are real
// promises with Future.prototype / Task.prototype in their chain.
func (s *Scheduler) initClasses() {
	rt := s.rt
	promiseProto := s.promiseCtor.Get("prototype").ToObject(rt)
	species := rt.ToValue(func(goja.FunctionCall) goja.Value { return s.promiseCtor })

	s.futureProto = rt.NewObject()
	s.futureProto.SetPrototype(promiseProto)
	futureCtor := rt.ToValue(func(call goja.ConstructorCall) *goja.Object {
		f := &Future{}
		s.initFuture(f, call.This.Prototype())
		return f.obj
	}).ToObject(rt)
	s.classSetup(futureCtor, s.futureProto, "Future", species)

	s.taskProto = rt.NewObject()
	s.taskProto.SetPrototype(s.futureProto)
	taskCtor := rt.ToValue(func(call goja.ConstructorCall) *goja.Object {
		t := s.newTask(s.argBody(call.Argument(0), "Task"), optName(call.Argument(1)), call.This.Prototype())
		return t.obj
	}).ToObject(rt)
	s.classSetup(taskCtor, s.taskProto, "Task", species)

	fp := s.futureProto
	s.method(fp, "then", 2, func(f *Future, c goja.FunctionCall) goja.Value {
		f.observed = true
		v, err := s.promiseThen(c.This, c.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	})
	s.method(fp, "done", 0, func(f *Future, _ goja.FunctionCall) goja.Value { return rt.ToValue(f.Done()) })
	s.method(fp, "cancelled", 0, func(f *Future, _ goja.FunctionCall) goja.Value { return rt.ToValue(f.Cancelled()) })
	s.method(fp, "cancel", 1, func(f *Future, c goja.FunctionCall) goja.Value {
		return rt.ToValue(f.Cancel(optString(c.Argument(0))))
	})
	s.method(fp, "result", 0, func(f *Future, _ goja.FunctionCall) goja.Value {
		switch f.state {
		case statePending:
			panic(s.NewInvalidStateError("Result is not set."))
		case stateDone:
			return f.result
		}
		f.observed = true
		panic(f.result)
	})
	s.method(fp, "exception", 0, func(f *Future, _ goja.FunctionCall) goja.Value {
		switch f.state {
		case statePending:
			panic(s.NewInvalidStateError("Exception is not set."))
		case stateCancelled:
			panic(f.result)
		case stateFailed:
			f.observed = true
			return f.result
		}
		return goja.Null()
	})
	s.method(fp, "setResult", 1, func(f *Future, c goja.FunctionCall) goja.Value {
		if f.task != nil {
			panic(rt.NewTypeError("Task does not support setResult"))
		}
		if !f.SetResult(c.Argument(0)) {
			panic(s.NewInvalidStateError(f.stateName()))
		}
		return goja.Undefined()
	})
	s.method(fp, "setException", 1, func(f *Future, c goja.FunctionCall) goja.Value {
		if f.task != nil {
			panic(rt.NewTypeError("Task does not support setException"))
		}
		e := c.Argument(0)
		if s.IsCancelledError(e) {
			panic(rt.NewTypeError("CancelledError cannot be set as an exception; use cancel()"))
		}
		if !f.SetException(e) {
			panic(s.NewInvalidStateError(f.stateName()))
		}
		return goja.Undefined()
	})
	s.method(fp, "addDoneCallback", 1, func(f *Future, c goja.FunctionCall) goja.Value {
		fn := c.Argument(0)
		call, ok := goja.AssertFunction(fn)
		if !ok {
			panic(rt.NewTypeError("addDoneCallback expects a function"))
		}
		f.addCallback(&doneCallback{jsFn: fn, jsCall: call, ctx: s.current})
		return goja.Undefined()
	})
	s.method(fp, "removeDoneCallback", 1, func(f *Future, c goja.FunctionCall) goja.Value {
		fn := c.Argument(0)
		n := 0
		kept := f.callbacks[:0]
		for _, cb := range f.callbacks {
			if cb.jsFn != nil && cb.jsFn.SameAs(fn) {
				n++
				continue
			}
			kept = append(kept, cb)
		}
		f.callbacks = kept
		return rt.ToValue(n)
	})

	// How console.log and the REPL show a Future or Task: the class, the
	// task's name and the state, as asyncio's repr does, e.g.
	// Task(worker) { <pending> }, Future { <cancelled> }, Task(t) { 42 }.
	// Reading the outcome here does not count as retrieving an exception.
	custom, err := rt.RunString("Symbol.for('nodejs.util.inspect.custom')")
	if err != nil {
		panic(err)
	}
	customInspect := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		f := s.FutureOf(c.This)
		if f == nil {
			return rt.ToValue("Future {}")
		}
		label := "Future"
		if f.task != nil {
			label = "Task(" + f.task.Name() + ")"
		}
		show := func(v goja.Value) string {
			if fn, ok := goja.AssertFunction(c.Argument(2)); ok {
				if r, err := fn(goja.Undefined(), v, c.Argument(1)); err == nil {
					return r.String()
				}
			}
			return v.String()
		}
		body := "<pending>"
		switch f.state {
		case stateCancelled:
			body = "<cancelled>"
		case stateFailed:
			body = "<failed> " + show(f.result)
		case stateDone:
			body = show(f.result)
		}
		if strings.Contains(body, "\n") {
			// Laid out as Node lays out a promise holding a multi-line value.
			return rt.ToValue(label + " {\n  " + strings.ReplaceAll(body, "\n", "\n  ") + "\n}")
		}
		return rt.ToValue(label + " { " + body + " }")
	})
	s.futureProto.DefineDataPropertySymbol(custom.(*goja.Symbol), customInspect, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)

	tp := s.taskProto
	// task.signal lives in the abort module, loaded when first asked for;
	// loading it replaces this accessor with the real one.
	loading := false
	tp.DefineAccessorProperty("signal", rt.ToValue(func(c goja.FunctionCall) goja.Value {
		if loading {
			return goja.Undefined()
		}
		loading = true
		defer func() { loading = false }()
		s.internalRequire("abort")
		return c.This.ToObject(rt).Get("signal")
	}), nil, goja.FLAG_TRUE, goja.FLAG_FALSE)
	s.taskMethod(tp, "getName", 0, func(t *Task, _ goja.FunctionCall) goja.Value { return rt.ToValue(t.Name()) })
	s.taskMethod(tp, "setName", 1, func(t *Task, c goja.FunctionCall) goja.Value {
		t.name, t.named = c.Argument(0).String(), true
		return goja.Undefined()
	})
	s.taskMethod(tp, "cancelling", 0, func(t *Task, _ goja.FunctionCall) goja.Value { return rt.ToValue(t.numCancels) })
	s.taskMethod(tp, "uncancel", 0, func(t *Task, _ goja.FunctionCall) goja.Value { return rt.ToValue(t.Uncancel()) })
	s.taskMethod(tp, "toString", 0, func(t *Task, _ goja.FunctionCall) goja.Value {
		return rt.ToValue("[Task " + t.Name() + " " + t.stateName() + "]")
	})
}

func (s *Scheduler) classSetup(ctor, proto *goja.Object, name string, species goja.Value) {
	ctor.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	// instance.constructor is Promise: PromiseResolve (which every await and
	// Promise.resolve/all use) then takes a Future as it is instead of
	// wrapping it through a thenable job, so awaiting a Task costs what
	// awaiting a promise costs. instanceof Task / Future still work.
	proto.DefineDataProperty("constructor", s.promiseCtor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	proto.DefineDataPropertySymbol(goja.SymToStringTag, s.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	ctor.DefineAccessorPropertySymbol(goja.SymSpecies, species, nil, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if name == "Future" {
		s.futureCtor = ctor
	} else {
		s.taskCtor = ctor
	}
}

func (s *Scheduler) method(proto *goja.Object, name string, length int, fn func(*Future, goja.FunctionCall) goja.Value) {
	f := s.rt.ToValue(func(c goja.FunctionCall) goja.Value {
		fut := s.FutureOf(c.This)
		if fut == nil {
			panic(s.typeError("%s.prototype.%s called on an object that is not a Future", "Future", name))
		}
		return fn(fut, c)
	})
	proto.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

func (s *Scheduler) taskMethod(proto *goja.Object, name string, length int, fn func(*Task, goja.FunctionCall) goja.Value) {
	s.method(proto, name, length, func(f *Future, c goja.FunctionCall) goja.Value {
		if f.task == nil {
			panic(s.typeError("Task.prototype.%s called on an object that is not a Task", name))
		}
		return fn(f.task, c)
	})
}

func (f *Future) stateName() string {
	switch f.state {
	case stateDone, stateFailed:
		return "finished"
	case stateCancelled:
		return "cancelled"
	}
	return "pending"
}

// argBody checks what createTask was given: a function to call, or a promise
// or thenable already running.
func (s *Scheduler) argBody(v goja.Value, who string) goja.Value {
	if _, ok := goja.AssertFunction(v); ok {
		return v
	}
	if obj, ok := v.(*goja.Object); ok {
		if _, p := promiseOf(obj); p != nil {
			return obj
		}
		if _, ok := goja.AssertFunction(obj.Get("then")); ok {
			return s.promiseResolve(obj)
		}
	}
	panic(s.typeError("%s expects a function or a promise, got %s", who, inspect.Describe(v)))
}

func (s *Scheduler) promiseResolve(v goja.Value) goja.Value {
	resolve, _ := goja.AssertFunction(s.promiseCtor.Get("resolve"))
	r, err := s.Call(resolve, s.promiseCtor, v)
	if err != nil {
		panic(err)
	}
	return r
}

func optString(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

func optName(v goja.Value) string {
	if obj, ok := v.(*goja.Object); ok {
		return optString(obj.Get("name"))
	}
	return ""
}

// Millis converts a JavaScript duration in milliseconds to a Duration;
// negative, NaN and undefined mean zero.
func Millis(v goja.Value) time.Duration {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return 0
	}
	ms := v.ToFloat()
	if math.IsNaN(ms) || ms <= 0 {
		return 0
	}
	if ms > float64(math.MaxInt64/int64(time.Millisecond)) {
		return math.MaxInt64
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// Sleep returns a Future that resolves to value after d. Sleep(0) resumes a
// task that awaits it after exactly one turn of the loop.
func (s *Scheduler) Sleep(d time.Duration, value goja.Value) *Future {
	f := s.NewFuture()
	if d <= 0 {
		f.yield = true
		s.CallSoon(func() { f.SetResult(value) })
		return f
	}
	timer := s.CallLater(d, func() { f.SetResult(value) })
	f.onCancel = func() { timer.Stop() }
	return f
}

// EnsureFuture returns v as a Future: a Future or Task as it is, a function
// as a new Task, a promise or thenable as a Future that follows it.
func (s *Scheduler) EnsureFuture(v goja.Value) *Future {
	if f := s.FutureOf(v); f != nil {
		return f
	}
	if _, ok := goja.AssertFunction(v); ok {
		return &s.NewTask(v, "").Future
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		panic(s.typeError("expected a Task, Future, promise, thenable or function, got %s", inspect.Describe(v)))
	}
	if _, p := promiseOf(obj); p == nil {
		if _, ok := goja.AssertFunction(obj.Get("then")); !ok {
			panic(s.typeError("expected a Task, Future, promise, thenable or function, got %s", inspect.Describe(v)))
		}
		obj = s.promiseResolve(obj).(*goja.Object)
	}
	f := s.NewFuture()
	_, p := promiseOf(obj)
	switch p.State() {
	case goja.PromiseStateFulfilled:
		f.SetResult(p.Result())
		return f
	case goja.PromiseStateRejected:
		s.then(obj, goja.Undefined(), s.rt.ToValue(func(goja.FunctionCall) goja.Value { return goja.Undefined() }))
		f.SetException(p.Result())
		return f
	}
	ok2 := s.rt.ToValue(func(c goja.FunctionCall) goja.Value { f.SetResult(c.Argument(0)); return goja.Undefined() })
	bad := s.rt.ToValue(func(c goja.FunctionCall) goja.Value { f.SetException(c.Argument(0)); return goja.Undefined() })
	s.then(obj, ok2, bad)
	return f
}

// Shield is asyncio.shield: a Future that follows inner's outcome, and whose
// cancellation does not reach inner.
func (s *Scheduler) Shield(v goja.Value) *Future {
	inner := s.EnsureFuture(v)
	if inner.Done() {
		return inner
	}
	outer := s.NewFuture()
	removeInner := inner.AddDoneCallback(func(inner *Future) {
		if outer.Cancelled() {
			if !inner.Cancelled() {
				inner.observed = true
			}
			return
		}
		switch inner.state {
		case stateCancelled:
			outer.Cancel("")
		case stateFailed:
			v, _ := inner.Outcome()
			outer.SetException(v)
		default:
			outer.SetResult(inner.result)
		}
	})
	outer.AddDoneCallback(func(*Future) {
		if !inner.Done() {
			removeInner()
		}
	})
	return outer
}

// Install defines the task API on obj (the global object, or the exports of
// require("shieldjs")).
func (s *Scheduler) Install(obj *goja.Object) {
	rt := s.rt
	set := func(name string, v any) { obj.Set(name, v) }
	set("Future", s.futureCtor)
	set("Task", s.taskCtor)
	set("CancelledError", s.errs.cancelled)
	set("TimeoutError", s.errs.timeout)
	set("InvalidStateError", s.errs.invalidState)
	set("createTask", func(c goja.FunctionCall) goja.Value {
		return s.NewTask(s.argBody(c.Argument(0), "createTask"), optName(c.Argument(1))).obj
	})
	set("currentTask", func(goja.FunctionCall) goja.Value {
		if t := s.current; t != nil && t.state == statePending {
			return t.obj
		}
		return goja.Null()
	})
	set("allTasks", func(goja.FunctionCall) goja.Value {
		tasks := s.Tasks()
		out := make([]any, len(tasks))
		for i, t := range tasks {
			out[i] = t.obj
		}
		return rt.NewArray(out...)
	})
	set("sleep", func(c goja.FunctionCall) goja.Value {
		return s.Sleep(Millis(c.Argument(0)), c.Argument(1)).obj
	})
	set("shield", func(c goja.FunctionCall) goja.Value {
		return s.Shield(c.Argument(0)).obj
	})
	s.installToolkit(obj)
}
