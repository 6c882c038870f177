package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/shield"
	"github.com/shieldjs/shieldjs/stdlib/process"
)

// ErrClosed is returned by a Host's methods after Close.
var ErrClosed = errors.New("host: the host is closed")

// busyLimit is how long a stop request may wait for the loop to take it
// before the VM is interrupted: code that does not yield (while (true) {})
// is stopped this soon after a deadline.
const busyLimit = 40 * time.Millisecond

// RunFile runs the script at path as the main task and waits until it and
// everything it started (tasks, timers, Go-backed operations) are done, as
// `shieldjs run` does. It returns the main task's result.
//
// Cancelling ctx (or its deadline expiring) cancels every task, so that a
// CancelledError reaches each one's current await and finally blocks run;
// after the grace period (WithGracePeriod), or at once if the script is
// busy in code that does not yield, the VM is interrupted. The error then
// wraps ctx.Err().
//
// The error is nil on success, or one of (possibly several, joined):
// *ScriptError (an uncaught exception, with the JavaScript stack),
// *CancelledError, *ExitError (process.exit or process.exitCode),
// *compile.SyntaxError, *InternalError, or the reason given to Stop or
// Interrupt.
func (h *Host) RunFile(ctx context.Context, path string) (goja.Value, error) {
	if h.closed {
		return nil, ErrClosed
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot read script: %w", err)
	}
	if len(h.process.Get("argv").ToObject(h.rt).Keys()) >= 1 {
		argv := h.process.Get("argv").ToObject(h.rt)
		exe := argv.Get("0")
		items := []any{exe, abs}
		for _, a := range h.cfg.args {
			items = append(items, a)
		}
		h.process.Set("argv", h.rt.NewArray(items...))
	}
	h.setModuleRoot(filepath.Dir(abs))
	return h.run(ctx, compile.Script, abs, string(src))
}

// RunString runs src as the main task, like RunFile; name labels it in
// stack traces. Top-level await is allowed. The result is the value of
// src's last statement, if that is an expression.
func (h *Host) RunString(ctx context.Context, name, src string) (goja.Value, error) {
	if h.closed {
		return nil, ErrClosed
	}
	wd, _ := os.Getwd()
	h.setModuleRoot(wd)
	return h.run(ctx, compile.Eval, name, src)
}

// ErrRunning is returned when a run or Call is started while another is in
// progress on the same host (from a Go function a script called, say).
var ErrRunning = errors.New("host: a run is already in progress")

func (h *Host) isRunning() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.running
}

func (h *Host) run(ctx context.Context, kind compile.Kind, filename, src string) (result goja.Value, err error) {
	if h.isRunning() {
		return nil, ErrRunning
	}
	h.sources[filename] = src
	prg, err := h.cfg.cache.Compile(kind, filename, src)
	if err != nil {
		return nil, err
	}
	wrapper, err := h.rt.RunProgram(prg.Program)
	if err != nil {
		return nil, err
	}
	fn, _ := goja.AssertFunction(wrapper)
	module := h.loader.NewModule(filename)
	exports := module.Get("exports")
	dir := filepath.Dir(filename)
	if !filepath.IsAbs(filename) {
		dir, _ = os.Getwd()
	}
	require := module.Get("require")
	body := h.guarded(func() goja.Value {
		v, err := fn(exports, exports, require, module, h.rt.ToValue(filename), h.rt.ToValue(dir), h.sched.MarkFunc(), h.sched.AwaitFunc())
		h.rethrow(err)
		return v
	})
	h.main = h.sched.NewTask(body, "main")
	return h.drive(ctx, true)
}

// Call calls a JavaScript function from Go and runs the event loop until
// the call is done: if the function returns a promise (an async function,
// a Task), until that promise settles. fn is the function, a goja.Value,
// or the name of a global that holds it; args are converted with goja's
// Runtime.ToValue (a goja.Value is passed as it is).
//
// The call runs as a Task of its own, so its awaits are cancellation
// points: cancelling ctx cancels it (and, after the grace period or at once
// for code that does not yield, interrupts the VM). Work the call starts
// and does not wait for keeps its place on the loop and goes on at the next
// Call or run. A rejection comes back as a *ScriptError carrying the JS
// stack. Call is typically used after RunFile or RunString has defined the
// functions, on the goroutine that owns the host.
func (h *Host) Call(ctx context.Context, fn any, args ...any) (goja.Value, error) {
	if h.closed {
		return nil, ErrClosed
	}
	if h.isRunning() {
		return nil, ErrRunning
	}
	var callee goja.Value
	name := "call"
	switch f := fn.(type) {
	case string:
		callee, name = h.global.Get(f), "call "+f
	case goja.Value:
		callee = f
	default:
		return nil, fmt.Errorf("host: Call: fn must be a goja.Value or the name of a global, not %T", fn)
	}
	call, ok := goja.AssertFunction(callee)
	if !ok {
		return nil, fmt.Errorf("host: Call: %v is not a function", fn)
	}
	jsArgs := make([]goja.Value, len(args))
	for i, a := range args {
		if err := checkGoValue(a); err != nil {
			return nil, fmt.Errorf("host: Call: argument %d: %w", i+1, err)
		}
		if v, ok := a.(goja.Value); ok {
			jsArgs[i] = v
		} else {
			jsArgs[i] = h.rt.ToValue(a)
		}
	}
	if h.moduleRoot == "" {
		wd, _ := os.Getwd()
		h.setModuleRoot(wd)
	}
	body := h.guarded(func() goja.Value {
		v, err := call(goja.Undefined(), jsArgs...)
		h.rethrow(err)
		return v
	})
	h.main = h.sched.NewTask(body, name)
	return h.drive(ctx, false)
}

// guarded returns a function that calls f, for a task's body. f converts
// a stack overflow of the JavaScript it calls into a RangeError (see
// rethrow), so that the task fails with it.
func (h *Host) guarded(f func() goja.Value) goja.Value {
	return h.rt.ToValue(func(goja.FunctionCall) goja.Value { return f() })
}

// rethrow re-raises err, returned by a call from Go into JavaScript, in
// the native function that made the call: a stack overflow as a catchable
// RangeError, anything else as it is.
func (h *Host) rethrow(err error) {
	if err != nil {
		h.rethrowOverflow(err)
		panic(err)
	}
}

// rethrowOverflow throws a RangeError if err is a stack overflow.
func (h *Host) rethrowOverflow(err error) {
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		panic(h.overflowError(so))
	}
}

// maxOverflowFrames is how many frames an overflow's stack shows.
const maxOverflowFrames = 10

// overflowError is the RangeError that stands for a stack overflow, with
// the innermost frames of the overflowing stack.
func (h *Host) overflowError(so *goja.StackOverflowError) *goja.Object {
	e := h.realm.NewRangeError("Maximum call stack size exceeded")
	var b strings.Builder
	b.WriteString("RangeError: Maximum call stack size exceeded")
	n := 0
	for _, f := range so.Stack() {
		if n == maxOverflowFrames {
			break
		}
		if line := frameLine(f); line != "" {
			b.WriteString("\n")
			b.WriteString(line)
			n++
		}
	}
	_ = e.DefineDataProperty("stack", h.rt.ToValue(b.String()), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return e
}

// recoverOverflow carries on after a stack overflow that unwound a task
// step to the loop: the tasks it left stalled fail with a RangeError, which
// whoever awaits them can catch. If no task was left stalled (the overflow
// happened in a callback outside any task), the run ends with an uncaught
// RangeError.
func (h *Host) recoverOverflow(so *goja.StackOverflowError) {
	h.sched.ClearErr()
	taken := false
	for _, t := range h.sched.Tasks() {
		if t.Stalled() {
			t.SetException(h.overflowError(so))
			taken = true
		}
	}
	if !taken {
		h.fail(h.scriptError("Uncaught", h.overflowError(so), nil))
	}
}

// drive runs the loop until the main task (h.main) is done and, for a run
// (whole), until everything else is done too.
func (h *Host) drive(ctx context.Context, whole bool) (goja.Value, error) {
	main := h.main
	done := make(chan struct{})
	h.mu.Lock()
	h.done, h.running = done, true
	h.mu.Unlock()
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		h.out.flushEvery(100*time.Millisecond, done)
	}()
	defer func() {
		h.mu.Lock()
		h.running = false
		h.stopped, h.interrupted = nil, false
		h.mu.Unlock()
		close(done)
		<-flushed
		h.failures = nil
		h.exit = nil
	}()
	go func() {
		select {
		case <-ctx.Done():
			h.stop(ctx.Err(), whole)
		case <-done:
		}
	}()

	var until func() bool
	if !whole {
		until = main.Done
	}
	swept, rest := false, false
	for {
		if err := h.loop.Run(until); err != nil {
			var pe *eventloop.PanicError
			if errors.As(err, &pe) {
				return nil, &InternalError{Value: pe.Value, Stack: pe.Stack}
			}
			return nil, err
		}
		var so *goja.StackOverflowError
		if err := h.sched.Err(); err != nil {
			repairVM(h.rt)
			if errors.As(err, &so) && !h.isInterrupted() {
				h.recoverOverflow(so)
			}
		}
		if h.sched.Err() != nil || len(h.failures) > 0 || h.isInterrupted() {
			break
		}
		if !whole && main.Done() {
			break
		}
		if whole && h.stopReason() != nil && main.Done() && !rest {
			// After a stop, as after asyncio.run's main coroutine, whatever
			// is still running is cancelled and allowed to clean up.
			rest = true
			for _, t := range h.sched.Tasks() {
				t.Cancel("")
			}
		}
		if h.loop.Alive() {
			continue // Run returned to take a Stop request
		}
		// Nothing can run any more. Tasks still pending wait on promises
		// that nothing will settle: cancel them, as asyncio.run does, so
		// their finally blocks run.
		pending := h.sched.Tasks()
		if !whole {
			pending = []*shield.Task{main}
		}
		if len(pending) == 0 || swept {
			break
		}
		swept = true
		if !main.Done() && h.stopReason() == nil {
			what := "the main task"
			if !whole {
				what = "the call"
			}
			h.failures = append(h.failures, errors.New(what+" can never finish: it waits on a promise that nothing will settle"))
		}
		for _, t := range pending {
			t.Cancel("")
		}
	}
	h.sched.DrainRejections()
	if whole && h.cancelOps != nil {
		// A run that ended early (an uncaught error, process.exit, an
		// interrupt) still has operations in flight: stop them.
		h.cancelOps()
		h.ops, h.cancelOps = nil, nil
	}
	if whole && h.fetch != nil {
		h.fetch.Close()
	}
	h.out.flush()
	return h.outcome(whole)
}

func (h *Host) outcome(whole bool) (goja.Value, error) {
	var errs []error
	if err := h.sched.ClearErr(); err != nil {
		var ie *goja.InterruptedError
		switch {
		case errors.As(err, &ie):
			switch v := ie.Value().(type) {
			case exitRequest:
				h.rt.ClearInterrupt()
				return nil, &ExitError{Code: v.code}
			case error:
				errs = append(errs, v)
			default:
				errs = append(errs, ErrInterrupted)
			}
			h.rt.ClearInterrupt()
		default:
			var so *goja.StackOverflowError
			if errors.As(err, &so) {
				errs = append(errs, h.scriptError("Uncaught", h.overflowError(so), nil))
			} else {
				errs = append(errs, err)
			}
		}
	}
	if h.isInterrupted() {
		h.rt.ClearInterrupt()
	}
	errs = append(errs, h.failures...)
	// The host observes the main task; its failure is reported as uncaught,
	// never as an unretrieved task exception.
	var result goja.Value
	var mainErr error
	if h.main != nil && h.main.Done() {
		v, failed := h.main.Outcome()
		switch {
		case h.main.Cancelled():
			mainErr = &CancelledError{Message: messageOf(v)}
		case failed:
			mainErr = h.scriptError("Uncaught", v, nil)
		default:
			result = v
		}
	}
	for _, f := range h.sched.Unobserved() {
		v, _ := f.Outcome()
		kind := "Future exception was never retrieved"
		if t := f.Task(); t != nil {
			kind = "Task exception was never retrieved (" + t.Name() + ")"
		}
		errs = append(errs, h.scriptError(kind, v, nil))
	}
	if r := h.stopReason(); r != nil && len(errs) == 0 {
		errs = append(errs, r)
	}
	if mainErr != nil && len(errs) == 0 {
		errs = append(errs, mainErr)
	}
	if len(errs) == 0 {
		if code := process.ExitCode(h.process); whole && code != 0 {
			return result, &ExitError{Code: code}
		}
		return result, nil
	}
	return result, errors.Join(errs...)
}

func (h *Host) isInterrupted() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.interrupted
}

func (h *Host) stopReason() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stopped
}

// Stop asks the running program to finish, the way a first Ctrl-C does:
// the main task is cancelled (CancelledError at its current await, so
// finally blocks and shielded work still run). If the program is busy in
// code that never yields, the VM is interrupted within a few tens of
// milliseconds; if it has not finished within the grace period, it is
// interrupted then. The run returns an error wrapping reason. Stop is safe
// to call from any goroutine; it does nothing when no run is in progress.
func (h *Host) Stop(reason error) { h.stop(reason, false) }

func (h *Host) stop(reason error, all bool) {
	h.mu.Lock()
	if h.stopped != nil || !h.running {
		h.mu.Unlock()
		return
	}
	h.stopped = reason
	done := h.done
	h.mu.Unlock()

	taken := make(chan struct{})
	h.loop.Post(func() {
		close(taken)
		if all {
			for _, t := range h.sched.Tasks() {
				t.Cancel("")
			}
		} else if h.main != nil {
			h.main.Cancel("")
		}
		h.loop.Stop()
	})
	go func() {
		busy := time.NewTimer(busyLimit)
		defer busy.Stop()
		select {
		case <-taken:
		case <-busy.C:
			// The loop is stuck in code that does not yield.
			h.Interrupt(reason)
			return
		case <-done:
			return
		}
		grace := time.NewTimer(h.cfg.grace)
		defer grace.Stop()
		select {
		case <-grace.C:
			h.Interrupt(reason)
		case <-done:
		}
	}()
}

// Interrupt stops the program at once: the VM is interrupted wherever it is
// and the run returns an error wrapping reason. Safe from any goroutine; it
// does nothing when no run is in progress.
func (h *Host) Interrupt(reason error) {
	h.mu.Lock()
	if !h.running {
		h.mu.Unlock()
		return
	}
	if h.stopped == nil {
		h.stopped = reason
	}
	h.interrupted = true
	h.mu.Unlock()
	h.rt.Interrupt(reason)
	h.loop.Stop()
}

// Close releases the host: Go-backed operations still in flight are
// cancelled and waited for, idle network connections are closed, and
// output is flushed. No goroutine or timer of the host's is left after it.
// Close must not be called while a run is in progress; calling it again
// does nothing.
func (h *Host) Close() error {
	if h.closed {
		return nil
	}
	h.closed = true
	if h.cancelOps != nil {
		h.cancelOps()
		h.ops, h.cancelOps = nil, nil
	}
	if h.fetch != nil {
		h.fetch.Close()
	}
	h.loop.Wait()
	if h.fetch != nil {
		h.fetch.Close()
	}
	h.out.flush()
	return nil
}
