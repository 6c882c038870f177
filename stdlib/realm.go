package stdlib

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/permission"
	"github.com/shieldjs/shieldjs/shield"
)

// permissionErrorJS defines PermissionError as an ordinary subclass of Error,
// so that `instanceof` and subclassing work as users expect.
const permissionErrorJS = `(function () {
  "use strict";
  class PermissionError extends Error {
    constructor(message = "", options) { super(message, options); }
  }
  Object.defineProperty(PermissionError.prototype, "name", {value: "PermissionError", writable: true, configurable: true});
  return PermissionError;
})()`

var permissionErrorProgram = goja.MustCompile(shield.InternalFile+"/permission.js", permissionErrorJS, true)

// Realm holds the intrinsics of a runtime that the standard modules use, and
// builds the JavaScript errors of failed operations. It captures the
// runtime's Error constructors when it is made, before user code runs, so
// that scripts replacing the globals cannot change what operations throw.
type Realm struct {
	rt                                   *goja.Runtime
	errorCtor, typeErrorCtor, rangeError *goja.Object
	uint8Array                           *goja.Object
	permission                           *goja.Object
	isView                               goja.Callable
}

// NewRealm returns the Realm of rt. It defines the PermissionError class,
// which the host exports as a global.
func NewRealm(rt *goja.Runtime) *Realm {
	v, err := rt.RunProgram(permissionErrorProgram)
	if err != nil {
		panic(err)
	}
	isView, _ := goja.AssertFunction(rt.Get("ArrayBuffer").ToObject(rt).Get("isView"))
	return &Realm{
		rt:            rt,
		isView:        isView,
		errorCtor:     rt.Get("Error").ToObject(rt),
		typeErrorCtor: rt.Get("TypeError").ToObject(rt),
		rangeError:    rt.Get("RangeError").ToObject(rt),
		uint8Array:    rt.Get("Uint8Array").ToObject(rt),
		permission:    v.ToObject(rt),
	}
}

// Runtime returns the realm's runtime.
func (e *Realm) Runtime() *goja.Runtime { return e.rt }

// PermissionErrorClass returns the PermissionError constructor.
func (e *Realm) PermissionErrorClass() *goja.Object { return e.permission }

// A JSError is a Go error that knows its JavaScript form. When an operation
// fails with one, its Task fails with the value JSValue returns.
type JSError interface {
	error
	JSValue(e *Realm) goja.Value
}

// Value returns the JavaScript form of err: a PermissionError for a denied
// permission, the value of a JSError, otherwise nil (meaning "a plain Error
// carrying err's message", which is what the scheduler makes of it).
func (e *Realm) Value(err error) goja.Value {
	var st *stackedError
	if errors.As(err, &st) {
		v := e.Value(st.err)
		if v == nil {
			v = e.rt.NewGoError(st.err)
		}
		if o, ok := v.(*goja.Object); ok {
			attachStack(e.rt, o, st.frames)
		}
		return v
	}
	var pe *permission.Error
	if errors.As(err, &pe) {
		return e.Permission(pe)
	}
	var je JSError
	if errors.As(err, &je) {
		return je.JSValue(e)
	}
	return nil
}

// Permission returns a PermissionError for pe, with Node's code
// ERR_ACCESS_DENIED and the permission and resource that were denied.
func (e *Realm) Permission(pe *permission.Error) *goja.Object {
	o := e.construct(e.permission, pe.Error())
	o.Set("code", "ERR_ACCESS_DENIED")
	o.Set("permission", pe.Kind.String())
	o.Set("resource", pe.Target)
	return o
}

func (e *Realm) construct(ctor *goja.Object, msg string, args ...goja.Value) *goja.Object {
	o, err := e.rt.New(ctor, append([]goja.Value{e.rt.ToValue(msg)}, args...)...)
	if err != nil {
		panic(err)
	}
	return o
}

// New returns a new Error with the message msg.
func (e *Realm) New(msg string) *goja.Object { return e.construct(e.errorCtor, msg) }

// NewTypeError returns a new TypeError; a non-nil cause becomes its cause.
func (e *Realm) NewTypeError(msg string, cause goja.Value) *goja.Object {
	if cause == nil {
		return e.construct(e.typeErrorCtor, msg)
	}
	opts := e.rt.NewObject()
	opts.Set("cause", cause)
	return e.construct(e.typeErrorCtor, msg, opts)
}

// NewRangeError returns a new RangeError.
func (e *Realm) NewRangeError(msg string) *goja.Object { return e.construct(e.rangeError, msg) }

// Uint8Array returns a new Uint8Array over b (not a copy).
func (e *Realm) Uint8Array(b []byte) *goja.Object {
	o, err := e.rt.New(e.uint8Array, e.rt.ToValue(e.rt.NewArrayBuffer(b)))
	if err != nil {
		panic(err)
	}
	return o
}

// TypeError is an operation's failure that scripts see as a TypeError, as
// fetch reports network failures: TypeError("fetch failed") with the Go
// error as its cause.
type TypeError struct {
	Message string
	Code    string // Node's code property, if any
	Cause   error
}

// Error returns the message and the cause's.
func (t *TypeError) Error() string {
	if t.Cause != nil {
		return t.Message + ": " + t.Cause.Error()
	}
	return t.Message
}

// Unwrap returns the cause.
func (t *TypeError) Unwrap() error { return t.Cause }

// JSValue implements JSError.
func (t *TypeError) JSValue(e *Realm) goja.Value {
	var cause goja.Value
	if t.Cause != nil {
		if v := e.Value(t.Cause); v != nil {
			cause = v
		} else {
			cause = e.New(t.Cause.Error())
		}
	}
	o := e.NewTypeError(t.Message, cause)
	if t.Code != "" {
		o.Set("code", t.Code)
	}
	return o
}

// SystemError is a failed system call as Node reports it: an Error whose
// message is "ENOENT: no such file or directory, open '/x'" and which has
// the properties errno, code, syscall, path and (for two-path calls) dest.
type SystemError struct {
	Code    string // "ENOENT"
	Errno   int    // Node's negative errno, -2
	Syscall string // "open"
	Path    string
	Dest    string
	// Description is libuv's text for the code, "no such file or directory".
	Description string
	// Message, if set, replaces the message built from the fields.
	Message string
	Err     error // the Go error, if any
}

// Error returns Node's message: "ENOENT: no such file or directory, open '/x'".
func (s *SystemError) Error() string {
	if s.Message != "" {
		return s.Message
	}
	msg := fmt.Sprintf("%s: %s, %s", s.Code, s.Description, s.Syscall)
	switch {
	case s.Path != "" && s.Dest != "":
		msg += fmt.Sprintf(" '%s' -> '%s'", s.Path, s.Dest)
	case s.Path != "":
		msg += fmt.Sprintf(" '%s'", s.Path)
	}
	return msg
}

// Unwrap returns the Go error.
func (s *SystemError) Unwrap() error { return s.Err }

// JSValue implements JSError.
func (s *SystemError) JSValue(e *Realm) goja.Value {
	o := e.New(s.Error())
	o.Set("errno", s.Errno)
	o.Set("code", s.Code)
	o.Set("syscall", s.Syscall)
	if s.Path != "" {
		o.Set("path", s.Path)
	}
	if s.Dest != "" {
		o.Set("dest", s.Dest)
	}
	return o
}

// errnoNames maps errno values to Node's codes and libuv's descriptions.
var errnoNames = map[syscall.Errno][2]string{
	syscall.ENOENT:       {"ENOENT", "no such file or directory"},
	syscall.EEXIST:       {"EEXIST", "file already exists"},
	syscall.EISDIR:       {"EISDIR", "illegal operation on a directory"},
	syscall.ENOTDIR:      {"ENOTDIR", "not a directory"},
	syscall.EACCES:       {"EACCES", "permission denied"},
	syscall.EPERM:        {"EPERM", "operation not permitted"},
	syscall.ENOTEMPTY:    {"ENOTEMPTY", "directory not empty"},
	syscall.EBUSY:        {"EBUSY", "resource busy or locked"},
	syscall.EMFILE:       {"EMFILE", "too many open files"},
	syscall.EINVAL:       {"EINVAL", "invalid argument"},
	syscall.EXDEV:        {"EXDEV", "cross-device link not permitted"},
	syscall.ELOOP:        {"ELOOP", "too many symbolic links encountered"},
	syscall.ENAMETOOLONG: {"ENAMETOOLONG", "name too long"},
	syscall.ENOSPC:       {"ENOSPC", "no space left on device"},
	syscall.EROFS:        {"EROFS", "read-only file system"},
	syscall.EBADF:        {"EBADF", "bad file descriptor"},
	syscall.EIO:          {"EIO", "i/o error"},
	syscall.ETXTBSY:      {"ETXTBSY", "text file is busy"},
	syscall.ENOEXEC:      {"ENOEXEC", "exec format error"},
}

// NewSystemError describes err, the failure of syscall on path (and dest),
// as Node would. It returns err itself when err carries no errno (a
// permission denial, a cancelled context).
func NewSystemError(err error, syscallName, path, dest string) error {
	if err == nil || permission.IsDenied(err) {
		return err
	}
	var se *SystemError
	if errors.As(err, &se) {
		return err
	}
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errno = syscall.ENOENT
		case errors.Is(err, fs.ErrExist):
			errno = syscall.EEXIST
		case errors.Is(err, fs.ErrPermission):
			errno = syscall.EACCES
		default:
			return err
		}
	}
	names, ok := errnoNames[errno]
	if !ok {
		names = [2]string{"UNKNOWN", errno.Error()}
	}
	return &SystemError{Code: names[0], Errno: -int(errno), Syscall: syscallName, Path: path, Dest: dest, Description: names[1], Err: err}
}

// Bytes returns the bytes of an ArrayBuffer or of an ArrayBuffer view (a
// typed array, a Buffer or a DataView). The slice shares the script's
// memory: copy it before handing it to another goroutine.
func (e *Realm) Bytes(v goja.Value) ([]byte, bool) {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	if ab, ok := obj.Export().(goja.ArrayBuffer); ok {
		return ab.Bytes(), true
	}
	isView, err := e.isView(goja.Undefined(), obj)
	if err != nil || !isView.ToBoolean() {
		return nil, false
	}
	ab, ok := obj.Get("buffer").Export().(goja.ArrayBuffer)
	if !ok {
		return nil, false
	}
	b := ab.Bytes()
	off, n := obj.Get("byteOffset").ToInteger(), obj.Get("byteLength").ToInteger()
	if off < 0 || n < 0 || off+n > int64(len(b)) {
		return nil, false
	}
	return b[off : off+n], true
}

// stackedError is an operation's error with the JavaScript frames of the
// call that started the operation, which become the error's stack.
type stackedError struct {
	err    error
	frames []goja.StackFrame
}

func (s *stackedError) Error() string { return s.err.Error() }
func (s *stackedError) Unwrap() error { return s.err }

// attachStack sets o.stack to its name and message followed by frames, as
// if o had been thrown where the frames were captured.
func attachStack(rt *goja.Runtime, o *goja.Object, frames []goja.StackFrame) {
	var b bytes.Buffer
	name, msg := "Error", ""
	if v := o.Get("name"); v != nil && !goja.IsUndefined(v) {
		name = v.String()
	}
	if v := o.Get("message"); v != nil && !goja.IsUndefined(v) {
		msg = v.String()
	}
	b.WriteString(name)
	if msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	for _, f := range frames {
		if strings.HasPrefix(f.SrcName(), shield.InternalFile) || strings.HasPrefix(f.FuncName(), shield.InternalFile) {
			continue
		}
		b.WriteString("\n    at ")
		f.Write(&b)
	}
	_ = o.DefineDataProperty("stack", rt.ToValue(b.String()), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}
