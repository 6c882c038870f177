// Package childproc is require("child_process") (also
// "node:child_process"): exec(program, args, options) starts a program —
// directly, without a shell — and returns a Task that resolves to
// {code, signal, stdout, stderr} once it exits, whatever its exit status.
//
// Options: cwd, env (the whole environment of the program; by default the
// script's process.env, so that it sees no more than the script does),
// input (a string or bytes for its standard input), encoding ("utf8" by
// default; "buffer" gives Buffers) and signal (an AbortSignal).
//
// The program runs in a process group of its own. Cancelling the Task
// kills the whole group with SIGKILL at once, so grandchildren do not
// outlive it either. Starting a program needs --allow-run for it.
package childproc

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/stdlib"
)

// Module is child_process for one runtime.
type Module struct {
	env *stdlib.Env
	rt  *goja.Runtime
}

// New returns child_process for env.
func New(env *stdlib.Env) *Module { return &Module{env: env, rt: env.Runtime()} }

// Require fills module.exports; it is the modules.Native for "child_process".
func (m *Module) Require(rt *goja.Runtime, module *goja.Object) error {
	e := rt.NewObject()
	exec := rt.ToValue(m.exec).(*goja.Object)
	_ = exec.DefineDataProperty("name", rt.ToValue("exec"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	e.Set("exec", exec)
	e.Set("execFile", exec)
	return module.Set("exports", e)
}

// Result is what a finished program resolves to.
type Result struct {
	Code           any // the exit status, or nil if a signal ended it
	Signal         any // the signal's name, or nil
	Stdout, Stderr []byte
}

func (m *Module) exec(c goja.FunctionCall) goja.Value {
	program := c.Argument(0)
	if !goja.IsString(program) || program.String() == "" {
		return m.env.Reject("exec", stdlib.InvalidArgType("file", "of type string", program))
	}
	name := program.String()
	argv, optv := c.Argument(1), c.Argument(2)
	var args []string
	switch a := argv.(type) {
	case *goja.Object:
		if a.ClassName() == "Array" {
			n := a.Get("length").ToInteger()
			for i := range n {
				args = append(args, a.Get(strconv.FormatInt(i, 10)).String())
			}
		} else if goja.IsUndefined(optv) {
			optv = a
		} else {
			return m.env.Reject("exec", stdlib.InvalidArgType("args", "an instance of Array", argv))
		}
	default:
		if !goja.IsUndefined(argv) && !goja.IsNull(argv) {
			return m.env.Reject("exec", stdlib.InvalidArgType("args", "an instance of Array", argv))
		}
	}

	var (
		dir      string
		env      map[string]string
		input    []byte
		encoding = "utf8"
		signal   goja.Value
	)
	if opts, ok := optv.(*goja.Object); ok {
		if v := opts.Get("cwd"); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			dir = v.String()
		}
		if v, ok := opts.Get("env").(*goja.Object); ok {
			env = map[string]string{}
			for _, k := range v.Keys() {
				if val := v.Get(k); val != nil && !goja.IsUndefined(val) {
					env[k] = val.String()
				}
			}
		}
		if v := opts.Get("input"); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			if goja.IsString(v) {
				input = []byte(v.String())
			} else if b, ok := m.env.Realm.Bytes(v); ok {
				input = append([]byte(nil), b...)
			} else {
				return m.env.Reject("exec", stdlib.InvalidArgType("options.input", "of type string or an instance of Buffer, TypedArray, or DataView", v))
			}
		}
		if v := opts.Get("encoding"); v != nil && !goja.IsUndefined(v) {
			if goja.IsNull(v) || v.String() == "buffer" {
				encoding = ""
			} else if stdlib.NormalizeEncoding(v.String()) != "" {
				encoding = v.String()
			} else {
				return m.env.Reject("exec", &stdlib.TypeError{Message: "The argument 'encoding' is invalid encoding. Received '" + v.String() + "'", Code: "ERR_INVALID_ARG_VALUE"})
			}
		}
		signal = opts.Get("signal")
	} else if !goja.IsUndefined(optv) && !goja.IsNull(optv) {
		return m.env.Reject("exec", stdlib.InvalidArgType("options", "of type object", optv))
	}
	if env == nil {
		env = map[string]string{}
		if m.env.Environ != nil {
			env = m.env.Environ()
		}
	}

	sig, err := stdlib.SignalArg(signal)
	if err != nil {
		return m.env.Reject("exec", err)
	}
	perms := m.env.Permissions()
	op := m.env.Go("exec "+name, func(ctx context.Context) (any, error) {
		if err := perms.CheckRun(name); err != nil {
			return nil, err
		}
		return run(ctx, name, args, dir, env, input)
	}, func(rt *goja.Runtime, v any) (goja.Value, error) {
		r := v.(*Result)
		o := rt.NewObject()
		o.Set("code", r.Code)
		o.Set("signal", r.Signal)
		if encoding == "" {
			o.Set("stdout", m.env.Bytes(r.Stdout))
			o.Set("stderr", m.env.Bytes(r.Stderr))
		} else {
			o.Set("stdout", stdlib.EncodeString(r.Stdout, encoding))
			o.Set("stderr", stdlib.EncodeString(r.Stderr, encoding))
		}
		return o, nil
	})
	m.env.FollowSignal(op, sig)
	return op.Object()
}

// run starts the program in its own process group and waits for it; when
// ctx is cancelled the whole group is killed.
func run(ctx context.Context, name string, args []string, dir string, env map[string]string, input []byte) (*Result, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = make([]string, 0, len(env))
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = bytes.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// The negative pid names the process group.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	// Should a member of the group escape the kill and keep the output
	// pipes open, Wait still returns soon.
	cmd.WaitDelay = 500 * time.Millisecond
	if err := cmd.Start(); err != nil {
		return nil, spawnError(err, name, args)
	}
	err := cmd.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	r := &Result{Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	var ee *exec.ExitError
	switch {
	case err == nil:
		r.Code = 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Signal = signalName(ws.Signal())
		} else {
			r.Code = ee.ExitCode()
		}
	default:
		return nil, err
	}
	return r, nil
}

// spawnError is Node's error for a program that could not be started:
// "spawn nosuch ENOENT", with code, errno, syscall, path and spawnargs.
func spawnError(err error, name string, args []string) error {
	errno := syscall.ENOENT
	var en syscall.Errno
	switch {
	case errors.As(err, &en):
		errno = en
	case errors.Is(err, exec.ErrNotFound):
	default:
		return err
	}
	se, ok := stdlib.NewSystemError(errno, "spawn "+name, name, "").(*stdlib.SystemError)
	if !ok {
		return err
	}
	se.Message = "spawn " + name + " " + se.Code
	return &spawnErr{se, args}
}

type spawnErr struct {
	*stdlib.SystemError
	args []string
}

func (s *spawnErr) JSValue(r *stdlib.Realm) goja.Value {
	o := s.SystemError.JSValue(r).(*goja.Object)
	args := make([]any, len(s.args))
	for i, a := range s.args {
		args[i] = a
	}
	o.Set("spawnargs", r.Runtime().NewArray(args...))
	return o
}

func signalName(s syscall.Signal) string {
	names := map[syscall.Signal]string{
		syscall.SIGHUP: "SIGHUP", syscall.SIGINT: "SIGINT", syscall.SIGQUIT: "SIGQUIT",
		syscall.SIGILL: "SIGILL", syscall.SIGTRAP: "SIGTRAP", syscall.SIGABRT: "SIGABRT",
		syscall.SIGBUS: "SIGBUS", syscall.SIGFPE: "SIGFPE", syscall.SIGKILL: "SIGKILL",
		syscall.SIGUSR1: "SIGUSR1", syscall.SIGSEGV: "SIGSEGV", syscall.SIGUSR2: "SIGUSR2",
		syscall.SIGPIPE: "SIGPIPE", syscall.SIGALRM: "SIGALRM", syscall.SIGTERM: "SIGTERM",
	}
	if n, ok := names[s]; ok {
		return n
	}
	return s.String()
}
