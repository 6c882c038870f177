// Package stdlib holds what shieldjs's Go-backed standard modules (fetch,
// fs/promises, child_process, the web globals) share: the environment an
// operation runs in ([Env]), and the translation of Go errors into the
// JavaScript errors that scripts expect ([Realm]): PermissionError for a
// denied permission, Node's system errors (code, errno, syscall, path) for
// failed system calls, TypeError where the web standards throw one.
//
// Every operation is a Task whose work runs on its own goroutine with a
// context.Context that is cancelled when the Task is cancelled or the run
// ends; the goroutine never touches a goja value.
package stdlib

import (
	"context"
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/inspect"

	"github.com/shieldjs/shieldjs/permission"
	"github.com/shieldjs/shieldjs/shield"
)

// Env is what a standard module needs from its host.
type Env struct {
	// Scheduler runs the module's operations as Tasks.
	Scheduler *shield.Scheduler
	// Policy decides what the operations may touch; nil denies everything.
	Policy *permission.Policy
	// Context returns the parent of every operation's context; the host
	// cancels it when a run ends, so that no operation outlives the run.
	Context func() context.Context
	// Realm holds the intrinsics and builds the errors of failed operations.
	Realm *Realm
	// Buffer wraps bytes in a Node Buffer; nil means a plain Uint8Array.
	Buffer func(b []byte) goja.Value
	// Environ returns the environment a started program inherits: the
	// script's process.env; nil means an empty environment.
	Environ func() map[string]string
}

// Runtime returns the runtime the module lives in.
func (e *Env) Runtime() *goja.Runtime { return e.Scheduler.Runtime() }

// Permissions returns the policy, never nil: a missing one denies everything.
func (e *Env) Permissions() *permission.Policy {
	if e.Policy == nil {
		e.Policy = permission.New(permission.Set{})
	}
	return e.Policy
}

// maxFrames is how many frames of the calling code an operation's error
// shows.
const maxFrames = 10

// An Op is a Go-backed operation in flight.
type Op struct {
	// Task is the operation's Task, what scripts get.
	Task   *shield.Task
	cancel context.CancelFunc
}

// Go starts fn on its own goroutine as a Task named name (see
// shield.Scheduler.Go): cancelling the Task cancels fn's context; fn's
// error rejects the Task with the error's JavaScript form (see Realm);
// convert, if not nil, turns fn's result into a JavaScript value on the
// loop. If convert fails with a JavaScript exception (JSON.parse's
// SyntaxError, say) or a JSError, the Task fails with that error.
func (e *Env) Go(name string, fn shield.GoFunc, convert shield.Convert) *Op {
	parent := context.Background()
	if e.Context != nil {
		parent = e.Context()
	}
	ctx, cancel := context.WithCancel(parent)
	op := &Op{cancel: cancel}
	// The frames of the call, for the stack of the error it may fail with.
	frames := e.Runtime().CaptureCallStack(maxFrames, nil)
	var conv shield.Convert
	if convert != nil {
		conv = func(rt *goja.Runtime, v any) (goja.Value, error) {
			jv, err := convert(rt, v)
			if err == nil {
				return jv, nil
			}
			var ex *goja.Exception
			var je JSError
			switch {
			case errors.As(err, &ex):
				op.Fail(ex.Value())
			case errors.As(err, &je):
				op.Fail(je.JSValue(e.Realm))
			default:
				return nil, err
			}
			return goja.Undefined(), nil
		}
	}
	op.Task = e.Scheduler.Go(ctx, name, func(ctx context.Context) (any, error) {
		defer cancel()
		v, err := fn(ctx)
		if err != nil && len(frames) > 0 {
			err = &stackedError{err: err, frames: frames}
		}
		return v, err
	}, conv)
	return op
}

// Fail ends the operation at once with the exception reason, as an aborted
// fetch rejects with its signal's reason: the Task fails and fn's context
// is cancelled. It reports false if the Task was already done.
func (op *Op) Fail(reason goja.Value) bool {
	if op.Task.Done() {
		return false
	}
	op.cancel()
	return op.Task.SetException(reason)
}

// Object returns the Task's JavaScript object.
func (op *Op) Object() *goja.Object { return op.Task.Object() }

// Bytes wraps b as a Buffer (or a Uint8Array when the host has no Buffer).
func (e *Env) Bytes(b []byte) goja.Value {
	if e.Buffer != nil {
		return e.Buffer(b)
	}
	return e.Realm.Uint8Array(b)
}

// DefineLazy defines obj[name] as a global-like property (writable,
// configurable, not enumerable) whose value get computes the first time it
// is read, so that a host pays for a standard global only if a script uses
// it. Assigning to the property replaces it, as for any global.
func DefineLazy(rt *goja.Runtime, obj *goja.Object, name string, get func() goja.Value) {
	settle := func(v goja.Value) {
		_ = obj.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	getter := rt.ToValue(func(goja.FunctionCall) goja.Value {
		v := get()
		settle(v)
		return v
	})
	setter := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		settle(c.Argument(0))
		return goja.Undefined()
	})
	_ = obj.DefineAccessorProperty(name, getter, setter, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// Reject returns a Task that fails with err, for arguments that Node's
// promise APIs reject rather than throw for.
func (e *Env) Reject(name string, err error) *goja.Object {
	return e.Go(name, func(context.Context) (any, error) { return nil, err }, nil).Object()
}

// RejectValue returns a Task that fails with the JavaScript value v.
func (e *Env) RejectValue(name string, v goja.Value) *goja.Object {
	return e.Reject(name, valueError{v})
}

// valueError carries a JavaScript value through a goroutine that never
// looks at it.
type valueError struct{ v goja.Value }

func (valueError) Error() string               { return "JavaScript exception" }
func (v valueError) JSValue(*Realm) goja.Value { return v.v }

// SignalArg checks an AbortSignal argument (any object with aborted,
// reason and add/removeEventListener, as the web's): it returns nil for
// undefined or null, and a TypeError for anything else that is not one.
func SignalArg(v goja.Value) (*goja.Object, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	sig, ok := v.(*goja.Object)
	if ok {
		_, ok1 := goja.AssertFunction(sig.Get("addEventListener"))
		_, ok2 := goja.AssertFunction(sig.Get("removeEventListener"))
		ok = ok1 && ok2
	}
	if !ok {
		return nil, &TypeError{Message: `The "signal" argument must be an instance of AbortSignal. Received ` + inspect.Describe(v), Code: "ERR_INVALID_ARG_TYPE"}
	}
	return sig, nil
}

// FollowSignal makes op honour sig, a signal SignalArg accepted: if it is
// aborted, or aborts while op runs, op fails at once with the signal's
// reason and its context is cancelled. A nil sig is ignored.
func (e *Env) FollowSignal(op *Op, sig *goja.Object) {
	if sig == nil {
		return
	}
	if sig.Get("aborted").ToBoolean() {
		op.Fail(sig.Get("reason"))
		return
	}
	rt := e.Runtime()
	add, _ := goja.AssertFunction(sig.Get("addEventListener"))
	remove, _ := goja.AssertFunction(sig.Get("removeEventListener"))
	onAbort := rt.ToValue(func(goja.FunctionCall) goja.Value {
		op.Fail(sig.Get("reason"))
		return goja.Undefined()
	})
	opts := rt.NewObject()
	opts.Set("once", true)
	abort := rt.ToValue("abort")
	if _, err := add(sig, abort, onAbort, opts); err != nil {
		panic(err)
	}
	op.Task.AddDoneCallback(func(*shield.Future) {
		if _, err := remove(sig, abort, onAbort); err != nil {
			e.Scheduler.Report(err)
		}
	})
}

// InvalidArgType is Node's ERR_INVALID_ARG_TYPE: `The "name" argument must
// be <expected>. Received <what v is>`.
func InvalidArgType(name, expected string, v goja.Value) *TypeError {
	return &TypeError{Message: fmt.Sprintf("The %q argument must be %s. Received %s", name, expected, inspect.Describe(v)), Code: "ERR_INVALID_ARG_TYPE"}
}
