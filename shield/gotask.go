package shield

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/dop251/goja"
)

// GoFunc is work that runs on its own goroutine on behalf of a script. It
// must return when ctx is cancelled and must not touch any goja value.
type GoFunc func(ctx context.Context) (any, error)

// Convert turns what a GoFunc returned into a JavaScript value; it runs on
// the loop.
type Convert func(rt *goja.Runtime, v any) (goja.Value, error)

// Go starts fn on a goroutine and returns a Task that settles with its
// outcome on the loop. Cancelling the Task cancels fn's context at once and
// marks the Task cancelled; the loop still waits for the goroutine to return.
// A panic in fn rejects the Task instead of crashing the program.
func (s *Scheduler) Go(parent context.Context, name string, fn GoFunc, convert Convert) *Task {
	t := &Task{external: true, started: true}
	t.task = t
	s.initFuture(&t.Future, s.taskProto)
	s.nextTaskID++
	t.id = s.nextTaskID
	t.name, t.named = name, name != ""
	s.tasks.add(t)
	ctx, cancel := context.WithCancel(parent)
	t.onCancel = cancel
	s.loop.Go(func() func() {
		v, err := protect(ctx, name, fn)
		cancel()
		return func() {
			s.runIn(nil, func() {
				if t.Done() {
					return
				}
				if err != nil {
					t.SetException(s.errorValue(err))
					return
				}
				jv, cerr := s.toJS(convert, v)
				if cerr != nil {
					t.SetException(s.rt.NewTypeError(fmt.Sprintf("%s: %v", name, cerr)))
					return
				}
				t.SetResult(jv)
			})
		}
	})
	return t
}

// errorValue is what a Task fails with when its GoFunc returned err.
func (s *Scheduler) errorValue(err error) goja.Value {
	if s.goError != nil {
		if v := s.goError(err); v != nil {
			return v
		}
	}
	return s.rt.NewGoError(err)
}

func (s *Scheduler) toJS(convert Convert, v any) (goja.Value, error) {
	if convert != nil {
		return convert(s.rt, v)
	}
	if v == nil {
		return goja.Undefined(), nil
	}
	if jv, ok := v.(goja.Value); ok {
		return jv, nil
	}
	return s.rt.ToValue(v), nil
}

// protect runs fn and turns a panic into an error carrying the Go stack.
func protect(ctx context.Context, name string, fn GoFunc) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s panicked: %v\n%s", name, p, debug.Stack())
		}
	}()
	return fn(ctx)
}
