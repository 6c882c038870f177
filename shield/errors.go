package shield

import (
	"github.com/dop251/goja"
)

// InternalFile is the file name under which the host's own JavaScript is
// compiled; stack frames in it are host internals, not user code.
const InternalFile = "shieldjs:internal"

// The error classes are written in JavaScript so that they are ordinary
// subclasses of Error: `class E extends CancelledError` and instanceof work
// exactly as users expect.
const errorsJS = `(function () {
  "use strict";
  function define(name, Base) {
    const C = class extends Base {
      constructor(message = "", options) { super(message, options); }
    };
    Object.defineProperty(C, "name", {value: name});
    Object.defineProperty(C.prototype, "name", {value: name, writable: true, configurable: true});
    return C;
  }
  return {
    CancelledError: define("CancelledError", Error),
    TimeoutError: define("TimeoutError", Error),
    InvalidStateError: define("InvalidStateError", Error),
  };
})()`

var errorsProgram = goja.MustCompile(InternalFile, errorsJS, true)

type errorClasses struct {
	cancelled, timeout, invalidState *goja.Object
}

func newErrorClasses(rt *goja.Runtime) errorClasses {
	v, err := rt.RunProgram(errorsProgram)
	if err != nil {
		panic(err)
	}
	o := v.ToObject(rt)
	return errorClasses{
		cancelled:    o.Get("CancelledError").ToObject(rt),
		timeout:      o.Get("TimeoutError").ToObject(rt),
		invalidState: o.Get("InvalidStateError").ToObject(rt),
	}
}

// newError makes an instance of one of the classes above without running
// its JavaScript constructor: a native Error (whose stack holds only the
// script's frames, none of the host's) given the class's prototype, which
// is all that instanceof, name and message need.
func (s *Scheduler) newError(class *goja.Object, msg string) *goja.Object {
	e, err := s.rt.New(s.errorCtor, s.rt.ToValue(msg))
	if err != nil {
		panic(err)
	}
	e.SetPrototype(class.Get("prototype").ToObject(s.rt))
	return e
}

// NewCancelledError returns a new CancelledError with the given message.
func (s *Scheduler) NewCancelledError(msg string) *goja.Object {
	return s.newError(s.errs.cancelled, msg)
}

// NewTimeoutError returns a new TimeoutError with the given message.
func (s *Scheduler) NewTimeoutError(msg string) *goja.Object {
	return s.newError(s.errs.timeout, msg)
}

// NewInvalidStateError returns a new InvalidStateError with the given message.
func (s *Scheduler) NewInvalidStateError(msg string) *goja.Object {
	return s.newError(s.errs.invalidState, msg)
}

// IsCancelledError reports whether v is a CancelledError (or a subclass).
func (s *Scheduler) IsCancelledError(v goja.Value) bool {
	if _, ok := v.(*goja.Object); !ok {
		return false
	}
	return s.rt.InstanceOf(v, s.errs.cancelled)
}

// ErrorClasses returns the CancelledError, TimeoutError and InvalidStateError
// constructors, for exporting to scripts.
func (s *Scheduler) ErrorClasses() (cancelled, timeout, invalidState *goja.Object) {
	return s.errs.cancelled, s.errs.timeout, s.errs.invalidState
}

func messageOf(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
			return m.String()
		}
	}
	return ""
}
