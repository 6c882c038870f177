// Package shield gives goja programs Python asyncio's tasks and cancellation:
// Future and Task (both real Promises), cancellation delivered at the await a
// task is suspended on, shield, sleep, and the bookkeeping that lets a task
// tell its own timeout from an outside cancel.
//
// A Scheduler ties one goja.Runtime to one eventloop.Loop. It tracks which
// task is running through goja's AsyncContextTracker, and it provides the two
// functions that the compile package's rewrite routes every await through
// (MarkFunc and AwaitFunc). All of its methods must be called on the loop's
// goroutine.
package shield

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/eventloop"
)

// A Scheduler runs asyncio-style tasks on a goja runtime.
type Scheduler struct {
	rt   *goja.Runtime
	loop *eventloop.Loop

	current *Task // the task whose code is running, or nil
	depth   int   // nesting of runIn, to find the end of a macrotask

	futSym      *goja.Symbol
	futureProto *goja.Object
	taskProto   *goja.Object
	futureCtor  *goja.Object
	taskCtor    *goja.Object
	promiseThen goja.Callable
	promiseCtor *goja.Object
	errs        errorClasses
	errorCtor   *goja.Object

	markFn, awaitFn      goja.Value
	bodyOK, bodyErr      goja.Value // shared reactions that finish the current task
	leafSettled          goja.Value
	grabLeaf             *leaf    // the leaf whose reaction is being registered
	resumedLeaf          *leaf    // the leaf whose reaction is running
	tasks                taskList // tasks not yet done, in creation order
	nextTaskID           int
	settlingPromise      *goja.Promise // a Future's own promise, being rejected
	rejected             []*goja.Promise
	unobserved           []*Future
	err                  error
	onUnhandledRejection func(reason goja.Value)
	onUncaught           func(err error)
	goError              func(err error) goja.Value
	pendingFutures       map[*goja.Object]*Future
	internalModules      map[string]*goja.Object
	nativeObj            goja.Value
}

// Config holds the hooks a host gives a Scheduler.
type Config struct {
	// UnhandledRejection is called at the end of a loop step for each plain
	// promise that was rejected during the step and still has no handler.
	UnhandledRejection func(reason goja.Value)
	// Uncaught is called when a callback run by the loop (a timer, a done
	// callback, a microtask queued with queueMicrotask) throws. err is a
	// *goja.Exception or a *Thrown.
	Uncaught func(err error)
	// GoError turns the error a Go-backed operation (see Go) returned into
	// the value its Task fails with; nil means goja's Runtime.NewGoError.
	GoError func(err error) goja.Value
}

// New installs a Scheduler on rt, driven by loop. It registers the runtime's
// async context tracker and promise rejection tracker.
func New(rt *goja.Runtime, loop *eventloop.Loop, cfg Config) *Scheduler {
	s := &Scheduler{
		rt:                   rt,
		loop:                 loop,
		futSym:               goja.NewSymbol("shieldjs.future"),
		onUnhandledRejection: cfg.UnhandledRejection,
		onUncaught:           cfg.Uncaught,
		goError:              cfg.GoError,
		pendingFutures:       make(map[*goja.Object]*Future),
		internalModules:      make(map[string]*goja.Object),
	}
	s.promiseCtor = rt.Get("Promise").ToObject(rt)
	then, ok := goja.AssertFunction(s.promiseCtor.Get("prototype").ToObject(rt).Get("then"))
	if !ok {
		panic("shield: Promise.prototype.then is not a function")
	}
	s.promiseThen = then
	s.errs = newErrorClasses(rt)
	s.errorCtor = rt.Get("Error").ToObject(rt)
	s.markFn = rt.ToValue(s.mark)
	s.awaitFn = rt.ToValue(s.await)
	s.bodyOK = rt.ToValue(func(c goja.FunctionCall) goja.Value { s.bodyDone(c.Argument(0), false); return goja.Undefined() })
	s.bodyErr = rt.ToValue(func(c goja.FunctionCall) goja.Value { s.bodyDone(c.Argument(0), true); return goja.Undefined() })
	s.leafSettled = rt.ToValue(s.leafSettledFn)
	s.initClasses()
	rt.SetAsyncContextTracker(tracker{s})
	rt.SetPromiseRejectionTracker(s.trackRejection)
	return s
}

// Runtime returns the goja runtime the scheduler runs on.
func (s *Scheduler) Runtime() *goja.Runtime { return s.rt }

// Loop returns the event loop the scheduler runs on.
func (s *Scheduler) Loop() *eventloop.Loop { return s.loop }

// MarkFunc returns the hook that compiled code takes as its %mark
// parameter.
func (s *Scheduler) MarkFunc() goja.Value { return s.markFn }

// AwaitFunc returns the hook that compiled code takes as its %await
// parameter.
func (s *Scheduler) AwaitFunc() goja.Value { return s.awaitFn }

// Err returns the uncatchable error (an interrupt, a host failure) that
// stopped the scheduler, if any.
func (s *Scheduler) Err() error { return s.err }

// Abort records err as the reason the program must stop and stops the loop.
// Only the first error is kept.
func (s *Scheduler) Abort(err error) {
	if s.err == nil {
		s.err = err
	}
	s.loop.Stop()
}

// tracker makes every promise reaction run in the task that registered it.
type tracker struct{ s *Scheduler }

func (t tracker) Grab() any {
	if t.s.grabLeaf != nil {
		return t.s.grabLeaf
	}
	if t.s.current == nil {
		return nil
	}
	return t.s.current
}
func (t tracker) Resumed(v any) {
	if v == nil {
		t.s.current = nil
		return
	}
	switch c := v.(type) {
	case *Task:
		t.s.current = c
	case *leaf:
		t.s.current = c.task
		t.s.resumedLeaf = c
	}
}
func (t tracker) Exited() { t.s.current = nil }

// Current returns the running task, or nil.
func (s *Scheduler) Current() *Task { return s.current }

// runIn runs fn as a loop step in the context of task t. At the end of an
// outermost step, promises rejected without a handler are reported.
func (s *Scheduler) runIn(t *Task, fn func()) {
	prev := s.current
	s.current = t
	s.depth++
	defer func() {
		s.depth--
		s.current = prev
		if s.depth == 0 && len(s.rejected) > 0 {
			s.reportRejections()
		}
	}()
	fn()
}

// CallSoon schedules fn on the loop's ready queue, to run in the task that is
// current now.
func (s *Scheduler) CallSoon(fn func()) {
	t := s.current
	s.loop.CallSoon(func() { s.runIn(t, fn) })
}

// CallLater schedules fn after d, to run in the task that is current now.
func (s *Scheduler) CallLater(d time.Duration, fn func()) *eventloop.Timer {
	t := s.current
	return s.loop.CallLater(d, func() { s.runIn(t, fn) })
}

// CallAt schedules fn at the loop time when, in the task that is current now.
func (s *Scheduler) CallAt(when time.Duration, fn func()) *eventloop.Timer {
	t := s.current
	return s.loop.CallAt(when, func() { s.runIn(t, fn) })
}

// Call calls a JavaScript function from Go. A JavaScript exception comes back
// as a *goja.Exception; an uncatchable error (an interrupt) aborts the
// scheduler and comes back too, so callers simply return.
func (s *Scheduler) Call(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
	v, err := fn(this, args...)
	if err != nil {
		s.check(err)
	}
	return v, err
}

// check aborts the scheduler when err is not an ordinary JS exception.
func (s *Scheduler) check(err error) {
	var ex *goja.Exception
	if err != nil && !errors.As(err, &ex) {
		s.Abort(err)
	}
}

// Thrown is a value thrown where no goja.Exception was made for it, such as
// inside a microtask that the host runs on the script's behalf.
type Thrown struct{ Value goja.Value }

// Error returns the thrown value as a string.
func (t *Thrown) Error() string { return t.Value.String() }

// Report hands an exception thrown by a loop callback to the host; anything
// else (an interrupt) aborts the scheduler.
func (s *Scheduler) Report(err error) {
	var ex *goja.Exception
	var th *Thrown
	if errors.As(err, &ex) || errors.As(err, &th) {
		if s.onUncaught != nil {
			s.onUncaught(err)
		}
		return
	}
	s.Abort(err)
}

func (s *Scheduler) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	if p == s.settlingPromise {
		return
	}
	switch op {
	case goja.PromiseRejectionReject:
		s.rejected = append(s.rejected, p)
	case goja.PromiseRejectionHandle:
		for i := len(s.rejected) - 1; i >= 0; i-- {
			if s.rejected[i] == p {
				s.rejected = append(s.rejected[:i], s.rejected[i+1:]...)
				break
			}
		}
	}
}

func (s *Scheduler) reportRejections() {
	rej := s.rejected
	s.rejected = nil
	for _, p := range rej {
		if s.onUnhandledRejection != nil {
			s.onUnhandledRejection(p.Result())
		}
	}
}

// Unobserved returns the futures and tasks that failed and whose exception
// nobody retrieved, in the order they failed, and forgets them.
func (s *Scheduler) Unobserved() []*Future {
	var out []*Future
	for _, f := range s.unobserved {
		if !f.observed {
			out = append(out, f)
		}
	}
	s.unobserved = nil
	return out
}

// DrainRejections reports rejections still pending outside a loop step.
func (s *Scheduler) DrainRejections() {
	if len(s.rejected) > 0 {
		s.reportRejections()
	}
}

var promiseType = reflect.TypeOf((*goja.Promise)(nil))

// promiseOf returns the goja promise behind v, if v is one.
func promiseOf(v goja.Value) (*goja.Object, *goja.Promise) {
	obj, ok := v.(*goja.Object)
	if !ok || obj.ExportType() != promiseType {
		return nil, nil
	}
	p, _ := obj.Export().(*goja.Promise)
	return obj, p
}

// then attaches fulfilled/rejected reactions to a promise object in the
// context of the current task.
func (s *Scheduler) then(obj *goja.Object, ok, fail goja.Value) {
	s.Call(s.promiseThen, obj, ok, fail)
}

func (s *Scheduler) typeError(format string, args ...any) *goja.Object {
	return s.rt.NewTypeError(fmt.Sprintf(format, args...))
}
