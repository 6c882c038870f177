package shield

import (
	"github.com/dop251/goja"
)

// A leaf is one await a task is suspended on. The await was handed a derived
// promise that only wake settles, from the ready queue, so that resumption is
// ordered like asyncio's __wakeup/__step and a cancel that arrives first wins.
type leaf struct {
	task            *Task
	resolve, reject func(any) error
	fut             *Future       // the awaited Future or Task, if any
	promise         *goja.Promise // the awaited plain promise, if any

	cancelled  bool // wake delivers CancelledError(msg)
	mustCancel bool // cancelled by a request that uncancel can take back
	msg        string
	scheduled  bool // wake is on the ready queue
	watched    bool // reactions are attached to the awaited promise
	woken      bool
}

// mark is %mark: evaluated before the awaited expression, it lets await tell
// whether evaluating that expression suspended other work in the same task.
func (s *Scheduler) mark(goja.FunctionCall) goja.Value {
	if t := s.current; t != nil {
		return s.rt.ToValue(t.awaits)
	}
	return goja.Undefined()
}

// await is %await(mark, x): it returns what the await really waits on.
func (s *Scheduler) await(call goja.FunctionCall) goja.Value {
	x := call.Argument(1)
	t := s.current
	if t == nil || t.state != statePending {
		// Outside a live task the await is goja's own; goja does not call
		// then() on a Future (its constructor is Promise), so note here that
		// its outcome reaches code that will see an exception.
		if f := s.FutureOf(x); f != nil {
			f.observed = true
		}
		return x
	}
	nested := call.Argument(0).ToInteger() != t.awaits
	t.awaits++
	return s.awaitValue(t, nested, x)
}

// awaitValue decides what task t waits on for x. Settled values pass through
// at no cost; a pending Future becomes the task's waiter; a pending promise
// that is not the result of work suspended in this same task (nested) gets a
// derived promise that cancellation can reject.
func (s *Scheduler) awaitValue(t *Task, nested bool, x goja.Value) goja.Value {
	obj, ok := x.(*goja.Object)
	if !ok {
		return x
	}
	if f := s.pendingFutures[obj]; f != nil {
		if f == &t.Future {
			p, _, reject := s.rt.NewPromise()
			reject(s.rt.NewTypeError("Task cannot await on itself: " + t.Name()))
			return s.rt.ToValue(p)
		}
		return s.suspend(t, f, nil)
	}
	if _, p := promiseOf(obj); p != nil {
		// As in asyncio, only an await where the task really suspends is a
		// cancellation point; a pending request waits for one. An await of
		// work suspended in this same task (nested) is not: that work's own
		// awaits are.
		if !nested && p.State() == goja.PromiseStatePending {
			return s.suspend(t, nil, p)
		}
		if p.State() == goja.PromiseStateRejected {
			// A failed Future awaited directly: its exception is retrieved.
			if f := s.FutureOf(obj); f != nil {
				f.observed = true
			}
		}
		return x
	}
	// A thenable: adopt it as the await itself would, so that waiting on it
	// is a cancellation point like waiting on a promise.
	var then goja.Value
	if s.rt.Try(func() { then = obj.Get("then") }) != nil {
		return x // the await will meet the same exception
	}
	if _, ok := goja.AssertFunction(then); ok {
		adopted := s.promiseResolve(obj)
		if _, p := promiseOf(adopted); p != nil {
			return s.suspend(t, nil, p)
		}
	}
	return x
}

func (s *Scheduler) suspend(t *Task, f *Future, p *goja.Promise) goja.Value {
	derived, resolve, reject := s.rt.NewPromise()
	lf := &leaf{task: t, resolve: resolve, reject: reject, fut: f, promise: p}
	t.leaves = append(t.leaves, lf)
	switch {
	case t.mustCancel:
		// Cancelled while running: this await takes the request.
		t.mustCancel = false
		if f != nil && f.Cancel(t.cancelMsg) {
			lf.watch()
		} else {
			lf.cancelled, lf.mustCancel, lf.msg = true, true, t.cancelMsg
			lf.scheduleWake()
		}
	case f != nil && f.yield:
		// sleep(0) is asyncio's bare yield: the task's next step is simply
		// put on the ready queue, behind everything already there.
		lf.scheduleWake()
	default:
		lf.watch()
	}
	return s.rt.ToValue(derived)
}

// watch arranges for wake to be scheduled when the awaited thing settles.
func (lf *leaf) watch() {
	s := lf.task.s
	lf.watched = true
	switch {
	case lf.fut != nil:
		lf.fut.addCallback(&doneCallback{goFn: func(*Future) { lf.wakeNow() }, ctx: lf.task})
	case lf.promise != nil:
		obj := s.rt.ToValue(lf.promise).(*goja.Object)
		prev := s.current
		s.current = lf.task
		s.grabLeaf = lf
		s.then(obj, s.leafSettled, s.leafSettled)
		s.grabLeaf = nil
		s.current = prev
	}
}

// leafSettledFn is the shared reaction to an awaited plain promise; the
// tracker tells it which leaf it belongs to.
func (s *Scheduler) leafSettledFn(goja.FunctionCall) goja.Value {
	if lf := s.resumedLeaf; lf != nil {
		s.resumedLeaf = nil
		lf.scheduleWake()
	}
	return goja.Undefined()
}

func (lf *leaf) scheduleWake() {
	if lf.scheduled {
		return
	}
	lf.scheduled = true
	s := lf.task.s
	s.loop.CallSoon(func() { s.runIn(lf.task, lf.wakeNow) })
}

// wakeNow resumes the await: it settles the derived promise with the awaited
// outcome, or rejects it with CancelledError if a cancel got there first.
func (lf *leaf) wakeNow() {
	if lf.woken {
		return
	}
	t := lf.task
	s := t.s
	if !lf.cancelled && lf.promise != nil && lf.promise.State() == goja.PromiseStatePending {
		// A cancel that scheduled this wake was taken back by uncancel:
		// keep waiting for the promise itself.
		lf.scheduled = false
		if !lf.watched {
			lf.watch()
		}
		return
	}
	lf.woken = true
	for i, l := range t.leaves {
		if l == lf {
			t.leaves = append(t.leaves[:i], t.leaves[i+1:]...)
			break
		}
	}
	var v goja.Value = goja.Undefined()
	failed := false
	switch {
	case lf.cancelled:
		v, failed = s.NewCancelledError(lf.msg), true
	case lf.fut != nil:
		if lf.fut.state != statePending {
			v, failed = lf.fut.Outcome()
		}
	case lf.promise != nil:
		v, failed = lf.promise.Result(), lf.promise.State() == goja.PromiseStateRejected
	}
	if failed {
		s.check(lf.reject(v))
	} else {
		s.check(lf.resolve(v))
	}
}
