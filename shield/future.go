package shield

import (
	"github.com/dop251/goja"
)

type futureState uint8

const (
	statePending futureState = iota
	stateDone                // finished with a result
	stateFailed              // finished with an exception
	stateCancelled
)

// A Future is asyncio.Future: a promise that Go or JavaScript settles
// explicitly, that can be cancelled, and whose done callbacks run on the
// loop's ready queue. Its JavaScript face is a real Promise whose prototype
// is Future.prototype.
type Future struct {
	s         *Scheduler
	obj       *goja.Object
	promise   *goja.Promise
	resolveJS func(any) error
	rejectJS  func(any) error

	state     futureState
	result    goja.Value // the value, the exception, or the CancelledError
	callbacks []*doneCallback
	observed  bool   // the exception was retrieved
	onCancel  func() // releases what a cancelled future no longer needs
	task      *Task
	yield     bool // sleep(0): its awaiter resumes after exactly one loop turn
	// cancelHook, when set, is what Cancel does instead of cancelling the
	// future: asyncio's Future subclasses that override cancel() (gather's)
	// are reached this way also when a task awaiting them is cancelled.
	cancelHook func(msg string) bool
}

type doneCallback struct {
	goFn    func(*Future)
	jsFn    goja.Value
	jsCall  goja.Callable
	ctx     *Task
	removed bool
}

// handle keeps the Go pointer out of reach of goja's reflection.
type handle struct{ f *Future }

func (s *Scheduler) initFuture(f *Future, proto *goja.Object) {
	p, resolve, reject := s.rt.NewPromise()
	obj := s.rt.ToValue(p).(*goja.Object)
	obj.SetPrototype(proto)
	obj.DefineDataPropertySymbol(s.futSym, s.rt.ToValue(&handle{f}), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	f.s, f.obj, f.promise, f.resolveJS, f.rejectJS = s, obj, p, resolve, reject
	s.pendingFutures[obj] = f
}

// NewFuture returns a pending Future.
func (s *Scheduler) NewFuture() *Future {
	f := &Future{}
	s.initFuture(f, s.futureProto)
	return f
}

// FutureOf returns the Future or Task behind a JavaScript value, or nil.
func (s *Scheduler) FutureOf(v goja.Value) *Future {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	if f := s.pendingFutures[obj]; f != nil {
		return f
	}
	hv := obj.GetSymbol(s.futSym)
	if hv == nil {
		return nil
	}
	h, ok := hv.Export().(*handle)
	if !ok || h.f.obj != obj {
		return nil
	}
	return h.f
}

// Object returns the Future's JavaScript object.
func (f *Future) Object() *goja.Object { return f.obj }

// Task returns the Task if this future is one, or nil.
func (f *Future) Task() *Task { return f.task }

// Done reports whether the future has a result, an exception, or was cancelled.
func (f *Future) Done() bool { return f.state != statePending }

// Cancelled reports whether the future was cancelled.
func (f *Future) Cancelled() bool { return f.state == stateCancelled }

// Outcome returns the result, or the exception (a CancelledError if the
// future was cancelled), and marks the exception retrieved.
func (f *Future) Outcome() (v goja.Value, failed bool) {
	f.observed = true
	return f.result, f.state == stateFailed || f.state == stateCancelled
}

// SetResult finishes the future with v. It reports false if the future was
// already done.
func (f *Future) SetResult(v goja.Value) bool {
	if f.state != statePending {
		return false
	}
	f.finish(stateDone, v)
	return true
}

// SetException finishes the future with the exception e.
func (f *Future) SetException(e goja.Value) bool {
	if f.state != statePending {
		return false
	}
	f.finish(stateFailed, e)
	return true
}

// Cancel cancels the future (for a Task, requests cancellation, as
// asyncio.Task.cancel does). It reports whether the request took effect.
func (f *Future) Cancel(msg string) bool {
	// As in asyncio, cancelling a failed future counts as dealing with its
	// exception: it is not reported as never retrieved.
	f.observed = true
	if f.cancelHook != nil {
		return f.cancelHook(msg)
	}
	if f.task != nil {
		return f.task.cancel(msg)
	}
	return f.cancelWith(msg, nil)
}

func (f *Future) cancelWith(msg string, err goja.Value) bool {
	if f.state != statePending {
		return false
	}
	if err == nil {
		err = f.s.NewCancelledError(msg)
	}
	f.finish(stateCancelled, err)
	if f.onCancel != nil {
		f.onCancel()
		f.onCancel = nil
	}
	return true
}

// OnCancel registers fn to run if the future is cancelled; Go-backed
// operations use it to cancel their context.
func (f *Future) OnCancel(fn func()) { f.onCancel = fn }

// AddDoneCallback schedules fn on the ready queue once the future is done (at
// once if it already is). The returned function removes the callback.
func (f *Future) AddDoneCallback(fn func(*Future)) (remove func()) {
	cb := &doneCallback{goFn: fn, ctx: f.s.current}
	f.addCallback(cb)
	return func() { cb.removed = true }
}

func (f *Future) addCallback(cb *doneCallback) {
	if f.state != statePending {
		f.schedule(cb)
		return
	}
	f.callbacks = append(f.callbacks, cb)
}

func (f *Future) schedule(cb *doneCallback) {
	s := f.s
	s.loop.CallSoon(func() {
		if cb.removed {
			return
		}
		s.runIn(cb.ctx, func() {
			if cb.goFn != nil {
				cb.goFn(f)
				return
			}
			if cb.jsCall != nil {
				if _, err := s.Call(cb.jsCall, goja.Undefined(), f.obj); err != nil {
					s.Report(err)
				}
			}
		})
	})
}

func (f *Future) finish(st futureState, v goja.Value) {
	s := f.s
	f.state, f.result = st, v
	delete(s.pendingFutures, f.obj)
	if f.task != nil {
		s.tasks.remove(f.task)
	}
	cbs := f.callbacks
	f.callbacks = nil
	for _, cb := range cbs {
		if !cb.removed {
			f.schedule(cb)
		}
	}
	resolve, reject := f.resolveJS, f.rejectJS
	f.resolveJS, f.rejectJS = nil, nil // settled: let the resolving functions go
	if st == stateDone {
		s.check(resolve(v))
		return
	}
	if st == stateFailed && !f.observed {
		s.unobserved = append(s.unobserved, f)
	}
	// The future reports its own unobserved failure (cancellation is never
	// one), so its promise is kept out of the plain-promise rejection tracker.
	prev := s.settlingPromise
	s.settlingPromise = f.promise
	err := reject(v)
	s.settlingPromise = prev
	s.check(err)
}
