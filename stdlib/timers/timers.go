// Package timers provides the web and Node timer functions (setTimeout,
// setInterval, setImmediate, their clear* counterparts, and queueMicrotask)
// on a shield.Scheduler. Callbacks run in the task that scheduled them, and
// timers with equal deadlines run in the order they were scheduled.
package timers

import (
	"math"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/shield"
)

type timer struct {
	id      int64
	obj     *goja.Object
	fn      goja.Callable
	args    []goja.Value
	delay   time.Duration
	repeat  bool
	immed   bool
	handle  *eventloop.Timer
	ref     bool
	cleared bool
	sched   func() // reschedules with the same callback
}

type timers struct {
	s         *shield.Scheduler
	rt        *goja.Runtime
	nextID    int64
	active    map[int64]*timer
	sym       *goja.Symbol
	timeout   *goja.Object // prototype of Timeout objects
	immediate *goja.Object // prototype of Immediate objects
	microtask goja.Callable
}

// Install defines the timer functions on global.
func Install(s *shield.Scheduler, global *goja.Object) {
	rt := s.Runtime()
	ts := &timers{s: s, rt: rt, active: map[int64]*timer{}, sym: goja.NewSymbol("shieldjs.timer")}
	ts.timeout = ts.proto("Timeout")
	ts.immediate = ts.proto("Immediate")

	global.Set("setTimeout", func(c goja.FunctionCall) goja.Value { return ts.set(c, false) })
	global.Set("setInterval", func(c goja.FunctionCall) goja.Value { return ts.set(c, true) })
	global.Set("setImmediate", ts.setImmediate)
	clear := func(c goja.FunctionCall) goja.Value {
		if t := ts.lookup(c.Argument(0)); t != nil {
			ts.clear(t)
		}
		return goja.Undefined()
	}
	global.Set("clearTimeout", clear)
	global.Set("clearInterval", clear)
	global.Set("clearImmediate", clear)

	v, err := rt.RunProgram(microtaskProgram)
	if err != nil {
		panic(err)
	}
	ts.microtask, _ = goja.AssertFunction(v)
	report := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		s.Report(&shield.Thrown{Value: c.Argument(0)})
		return goja.Undefined()
	})
	global.Set("queueMicrotask", func(c goja.FunctionCall) goja.Value {
		fn := c.Argument(0)
		if _, ok := goja.AssertFunction(fn); !ok {
			panic(rt.NewTypeError("The \"callback\" argument must be of type function."))
		}
		if _, err := ts.microtask(goja.Undefined(), fn, report); err != nil {
			panic(err)
		}
		return goja.Undefined()
	})
}

// queueMicrotask runs fn as a promise job; an exception it throws is an
// uncaught exception, not a rejected promise.
var microtaskProgram = goja.MustCompile(shield.InternalFile, `(function (fn, report) {
  Promise.resolve().then(function () { try { fn(); } catch (e) { report(e); } });
})`, true)

func (ts *timers) proto(name string) *goja.Object {
	rt := ts.rt
	p := rt.NewObject()
	method := func(n string, fn func(*timer, goja.FunctionCall) goja.Value) {
		p.Set(n, func(c goja.FunctionCall) goja.Value {
			t := ts.lookup(c.This)
			if t == nil {
				panic(rt.NewTypeError(name + "." + n + " called on an incompatible receiver"))
			}
			return fn(t, c)
		})
	}
	method("ref", func(t *timer, c goja.FunctionCall) goja.Value {
		t.ref = true
		if t.handle != nil {
			t.handle.Ref()
		}
		return c.This
	})
	method("unref", func(t *timer, c goja.FunctionCall) goja.Value {
		t.ref = false
		if t.handle != nil {
			t.handle.Unref()
		}
		return c.This
	})
	method("hasRef", func(t *timer, _ goja.FunctionCall) goja.Value { return rt.ToValue(t.ref) })
	if name == "Timeout" {
		method("refresh", func(t *timer, c goja.FunctionCall) goja.Value {
			if !t.cleared && t.handle != nil && t.handle.Stop() {
				t.sched()
			}
			return c.This
		})
		method("close", func(t *timer, c goja.FunctionCall) goja.Value {
			ts.clear(t)
			return c.This
		})
	}
	p.SetSymbol(goja.SymToPrimitive, func(c goja.FunctionCall) goja.Value {
		if t := ts.lookup(c.This); t != nil {
			return rt.ToValue(t.id)
		}
		return rt.ToValue(math.NaN())
	})
	p.SetSymbol(goja.SymToStringTag, name)
	return p
}

// lookup finds a timer by its object or by its numeric id, as Node accepts both.
func (ts *timers) lookup(v goja.Value) *timer {
	if obj, ok := v.(*goja.Object); ok {
		if h := obj.GetSymbol(ts.sym); h != nil {
			if id, ok := h.Export().(int64); ok {
				return ts.active[id]
			}
		}
		return nil
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	return ts.active[v.ToInteger()]
}

func (ts *timers) newTimer(c goja.FunctionCall, proto *goja.Object, argsFrom int) *timer {
	fn, ok := goja.AssertFunction(c.Argument(0))
	if !ok {
		panic(ts.rt.NewTypeError("The \"callback\" argument must be of type function. Received " + c.Argument(0).String()))
	}
	ts.nextID++
	t := &timer{id: ts.nextID, fn: fn, ref: true}
	if len(c.Arguments) > argsFrom {
		t.args = append([]goja.Value(nil), c.Arguments[argsFrom:]...)
	}
	t.obj = ts.rt.NewObject()
	t.obj.SetPrototype(proto)
	t.obj.DefineDataPropertySymbol(ts.sym, ts.rt.ToValue(t.id), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	ts.active[t.id] = t
	return t
}

func (ts *timers) set(c goja.FunctionCall, repeat bool) goja.Value {
	t := ts.newTimer(c, ts.timeout, 2)
	t.repeat = repeat
	t.delay = delay(c.Argument(1))
	s := ts.s
	var fire func()
	// The task context is captured once, here, and kept for every repetition.
	t.sched = func() {
		t.handle = s.CallLater(t.delay, fire)
		if !t.ref {
			t.handle.Unref()
		}
	}
	fire = func() {
		if t.cleared {
			return
		}
		if t.repeat {
			t.sched()
		} else {
			delete(ts.active, t.id)
			t.handle = nil
		}
		ts.invoke(t)
	}
	t.sched()
	return t.obj
}

func (ts *timers) setImmediate(c goja.FunctionCall) goja.Value {
	t := ts.newTimer(c, ts.immediate, 1)
	t.immed = true
	ts.s.CallSoon(func() {
		if t.cleared {
			return
		}
		delete(ts.active, t.id)
		ts.invoke(t)
	})
	return t.obj
}

func (ts *timers) invoke(t *timer) {
	if _, err := ts.s.Call(t.fn, t.obj, t.args...); err != nil {
		ts.s.Report(err)
	}
}

func (ts *timers) clear(t *timer) {
	t.cleared = true
	delete(ts.active, t.id)
	if t.handle != nil {
		t.handle.Stop()
		t.handle = nil
	}
}

// delay converts a timer delay as Node does: not a number, below 1 or above
// 2^31-1 milliseconds means 1 ms.
func delay(v goja.Value) time.Duration {
	if v == nil || goja.IsUndefined(v) {
		return time.Millisecond
	}
	ms := v.ToFloat()
	if math.IsNaN(ms) || ms < 1 || ms > math.MaxInt32 {
		return time.Millisecond
	}
	return time.Duration(ms * float64(time.Millisecond))
}
