package shield

import (
	"errors"
	"fmt"

	"github.com/dop251/goja"
)

// A Task runs a JavaScript function as asyncio runs a coroutine: every await
// reached on its behalf belongs to it, and Cancel delivers a CancelledError
// at the await it is suspended on.
type Task struct {
	Future
	name  string
	named bool // false: the name is "Task-<id>", formatted when asked for
	id    int
	body  goja.Value // the function to call, or a promise to follow

	started    bool
	external   bool // a Go-backed operation: cancelling settles it at once
	mustCancel bool // a cancel arrived while no await could take it
	cancelMsg  string
	numCancels int
	leaves     []*leaf // the awaits the task is suspended on
	onRequest  []func(msg string)
	awaits     int64 // counts awaits, for %mark

	prev, next *Task
}

// NewTask creates a Task whose first step, calling body (or following it, if
// body is a promise), is scheduled on the ready queue. name may be empty.
func (s *Scheduler) NewTask(body goja.Value, name string) *Task {
	return s.newTask(body, name, s.taskProto)
}

func (s *Scheduler) newTask(body goja.Value, name string, proto *goja.Object) *Task {
	t := &Task{body: body}
	t.task = t
	s.initFuture(&t.Future, proto)
	s.nextTaskID++
	t.id = s.nextTaskID
	t.name, t.named = name, name != ""
	s.tasks.add(t)
	s.loop.CallSoon(func() { s.runIn(t, t.start) })
	return t
}

// Name returns the task's name.
func (t *Task) Name() string {
	if !t.named {
		t.name, t.named = fmt.Sprintf("Task-%d", t.id), true
	}
	return t.name
}

// Cancelling returns the number of pending cancellation requests.
func (t *Task) Cancelling() int { return t.numCancels }

func (t *Task) start() {
	s := t.s
	t.started = true
	if t.state != statePending {
		return
	}
	if t.mustCancel {
		// Cancelled before its first step: the body never runs.
		t.mustCancel = false
		t.cancelWith(t.cancelMsg, nil)
		return
	}
	mark := t.awaits
	v := t.body
	if fn, ok := goja.AssertFunction(t.body); ok {
		var err error
		v, err = s.Call(fn, goja.Undefined())
		s.current = t // microtasks drained by the call reset it
		if err != nil {
			var ex *goja.Exception
			if errors.As(err, &ex) {
				t.bodyFinished(ex.Value(), true)
			}
			return
		}
	}
	t.body = nil
	// What the body returns is waited on like an await.
	v = s.awaitValue(t, t.awaits != mark, v)
	if obj, p := promiseOf(v); p != nil {
		if p.State() == goja.PromiseStateFulfilled {
			// The body returned without suspending (asyncio: StopIteration
			// in the first __step): finish now, no reaction needed.
			t.bodyFinished(p.Result(), false)
			return
		}
		s.then(obj, s.bodyOK, s.bodyErr)
		return
	}
	t.bodyFinished(v, false)
}

// bodyDone is the reaction to the body's promise; it runs in the task.
func (s *Scheduler) bodyDone(v goja.Value, rejected bool) {
	if t := s.current; t != nil {
		t.bodyFinished(v, rejected)
	}
}

func (t *Task) bodyFinished(v goja.Value, rejected bool) {
	if t.state != statePending {
		return
	}
	s := t.s
	switch {
	case rejected && s.IsCancelledError(v):
		// A task is cancelled when its body ends with a CancelledError,
		// whoever threw it.
		t.mustCancel = false
		t.cancelWith(messageOf(v), v)
	case rejected:
		t.finish(stateFailed, v)
	case t.mustCancel:
		t.mustCancel = false
		t.cancelWith(t.cancelMsg, nil)
	default:
		t.finish(stateDone, v)
	}
}

// cancel is asyncio.Task.cancel: it counts the request and delivers it to
// the awaits the task is suspended on; with none, it is kept for the next.
func (t *Task) cancel(msg string) bool {
	if t.state != statePending {
		return false
	}
	t.numCancels++
	for _, fn := range t.onRequest {
		fn(msg)
	}
	if t.external {
		return t.cancelWith(msg, nil)
	}
	if !t.started {
		t.mustCancel, t.cancelMsg = true, msg
		return true
	}
	delivered := false
	for _, lf := range append([]*leaf(nil), t.leaves...) {
		if lf.woken || lf.cancelled {
			continue
		}
		delivered = true
		// If the await is on a Future, cancelling that future is what
		// resumes the task (asyncio's _fut_waiter.cancel()).
		if lf.fut != nil && lf.fut.Cancel(msg) {
			continue
		}
		// The awaited thing is already done (or is a plain promise): the
		// cancel is delivered when the task resumes, asyncio's _must_cancel.
		lf.cancelled, lf.mustCancel, lf.msg = true, true, msg
		lf.scheduleWake()
	}
	if !delivered {
		t.mustCancel, t.cancelMsg = true, msg
	}
	return true
}

// OnCancelRequest registers fn to be called, synchronously, each time
// cancellation of the task is requested (before it is delivered).
func (t *Task) OnCancelRequest(fn func(msg string)) {
	t.onRequest = append(t.onRequest, fn)
}

// Uncancel decrements the count of cancellation requests and returns it.
func (t *Task) Uncancel() int {
	if t.numCancels > 0 {
		t.numCancels--
		if t.numCancels == 0 {
			// Take back requests not delivered yet (3.13, gh-116720);
			// cancellations that already reached a future stay.
			t.mustCancel = false
			for _, lf := range t.leaves {
				if lf.mustCancel && !lf.woken {
					lf.cancelled, lf.mustCancel = false, false
				}
			}
		}
	}
	return t.numCancels
}

// taskList is an intrusive list of live tasks: O(1) removal, creation order.
type taskList struct {
	head, tail *Task
	n          int
}

func (l *taskList) add(t *Task) {
	t.prev = l.tail
	if l.tail != nil {
		l.tail.next = t
	} else {
		l.head = t
	}
	l.tail = t
	l.n++
}

func (l *taskList) remove(t *Task) {
	if t.prev == nil && l.head != t {
		return
	}
	if t.prev != nil {
		t.prev.next = t.next
	} else {
		l.head = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else {
		l.tail = t.prev
	}
	t.prev, t.next = nil, nil
	l.n--
}

// Tasks returns the tasks that are not done yet, in creation order.
func (s *Scheduler) Tasks() []*Task {
	out := make([]*Task, 0, s.tasks.n)
	for t := s.tasks.head; t != nil; t = t.next {
		out = append(out, t)
	}
	return out
}
