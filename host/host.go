// Package host runs JavaScript programs with asyncio semantics on the goja
// engine: it owns one goja.Runtime and the event loop that drives it, compiles
// every source through the await-rewriting pipeline, installs the standard
// globals, and turns what a script leaves behind (uncaught errors, unhandled
// rejections, tasks whose failure nobody saw) into Go errors.
//
// A Host is not safe for concurrent use, except for Stop and Interrupt; run
// many Hosts in parallel goroutines for parallelism.
package host

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/inspect"
	"github.com/shieldjs/shieldjs/modules"
	"github.com/shieldjs/shieldjs/shield"
	"github.com/shieldjs/shieldjs/stdlib/console"
	"github.com/shieldjs/shieldjs/stdlib/process"
	"github.com/shieldjs/shieldjs/stdlib/timers"
)

// Version is the host's version, as `shieldjs version` and process.version
// report it.
const Version = "0.1.0"

type config struct {
	stdout, stderr io.Writer
	args           []string
	clock          eventloop.Clock
	cache          *compile.Cache
	grace          time.Duration
	maxStack       int
	env            map[string]string
}

// An Option configures a Host.
type Option func(*config)

// WithStdout sets where console.log and process.stdout write (default os.Stdout).
func WithStdout(w io.Writer) Option { return func(c *config) { c.stdout = w } }

// WithStderr sets where console.error and error reports write (default os.Stderr).
func WithStderr(w io.Writer) Option { return func(c *config) { c.stderr = w } }

// WithArgs sets the script's arguments, process.argv[2:].
func WithArgs(args ...string) Option { return func(c *config) { c.args = args } }

// WithClock makes the event loop read time from clock, for example an
// eventloop.VirtualClock in tests.
func WithClock(clock eventloop.Clock) Option { return func(c *config) { c.clock = clock } }

// WithCache shares compiled programs between hosts.
func WithCache(cache *compile.Cache) Option { return func(c *config) { c.cache = cache } }

// WithGracePeriod sets how long a stopped run may take to finish its
// cancelled tasks before the VM is interrupted (default 5s).
func WithGracePeriod(d time.Duration) Option { return func(c *config) { c.grace = d } }

// WithMaxCallStackSize limits the JavaScript call depth (default 10000).
func WithMaxCallStackSize(n int) Option { return func(c *config) { c.maxStack = n } }

// WithEnv sets what process.env shows (default: nothing).
func WithEnv(env map[string]string) Option { return func(c *config) { c.env = env } }

// A Host runs one program at a time on its own goja runtime and event loop.
type Host struct {
	cfg     config
	rt      *goja.Runtime
	loop    *eventloop.Loop
	sched   *shield.Scheduler
	out     *streams
	loader  *modules.Loader
	process *goja.Object
	global  *goja.Object

	main     *shield.Task
	failures []error // uncaught errors and unhandled rejections, in order

	mu          sync.Mutex
	stopped     error // why Stop or Interrupt was called
	interrupted bool
	done        chan struct{}
	exit        *ExitError
	sources     map[string]string // what was compiled, for error excerpts

	ops       context.Context
	cancelOps context.CancelFunc
}

func (h *Host) scriptError(kind string, v goja.Value, ex *goja.Exception) *ScriptError {
	e := scriptError(kind, v, ex)
	e.locate(func(file string) string { return h.sources[file] })
	return e
}

// New creates a Host.
func New(opts ...Option) *Host {
	cfg := config{stdout: os.Stdout, stderr: os.Stderr, grace: 5 * time.Second, maxStack: 10000}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.cache == nil {
		cfg.cache = &compile.Cache{}
	}
	h := &Host{cfg: cfg, out: newStreams(cfg.stdout, cfg.stderr), sources: map[string]string{}}
	loopOpts := []eventloop.Option{eventloop.WithIdle(h.out.flush)}
	if cfg.clock != nil {
		loopOpts = append(loopOpts, eventloop.WithClock(cfg.clock))
	}
	h.loop = eventloop.New(loopOpts...)
	h.rt = goja.New()
	h.rt.SetMaxCallStackSize(cfg.maxStack)
	h.rt.SetFieldNameMapper(goja.UncapFieldNameMapper())
	h.sched = shield.New(h.rt, h.loop, shield.Config{
		UnhandledRejection: func(v goja.Value) {
			h.fail(h.scriptError("Uncaught (in promise)", v, nil))
		},
		Uncaught: func(err error) {
			var ex *goja.Exception
			var th *shield.Thrown
			switch {
			case errors.As(err, &ex):
				h.fail(h.scriptError("Uncaught", ex.Value(), ex))
			case errors.As(err, &th):
				h.fail(h.scriptError("Uncaught", th.Value, nil))
			}
		},
	})
	h.global = h.rt.GlobalObject()
	h.install()
	return h
}

// Runtime returns the host's goja runtime. It may only be used on the
// goroutine that runs the host, between or inside runs.
func (h *Host) Runtime() *goja.Runtime { return h.rt }

// Scheduler returns the host's task scheduler.
func (h *Host) Scheduler() *shield.Scheduler { return h.sched }

// Loop returns the host's event loop.
func (h *Host) Loop() *eventloop.Loop { return h.loop }

func (h *Host) install() {
	rt, g := h.rt, h.global
	h.sched.Install(g)
	timers.Install(h.sched, g)
	opts := inspect.Defaults()
	g.Set("console", console.New(rt, console.Config{
		Stdout:  h.out.stdout(),
		Stderr:  h.out.stderr(),
		Format:  func(args []goja.Value) string { return inspect.Format(rt, args, opts) },
		Inspect: func(v goja.Value) string { return inspect.Inspect(rt, v, opts) },
		Now:     h.loop.Now,
		Stack:   h.stack,
	}))
	exe, _ := os.Executable()
	h.process = process.New(rt, process.Config{
		Argv:    append([]string{exe}, h.cfg.args...),
		Env:     h.cfg.env,
		Exit:    h.requestExit,
		Stdout:  h.out.stdout(),
		Stderr:  h.out.stderr(),
		Version: "v" + Version,
		NextTick: func(fn goja.Value, args []goja.Value) {
			queue, _ := goja.AssertFunction(g.Get("queueMicrotask"))
			f, _ := goja.AssertFunction(fn)
			wrapped := rt.ToValue(func(goja.FunctionCall) goja.Value {
				if _, err := f(goja.Undefined(), args...); err != nil {
					panic(err)
				}
				return goja.Undefined()
			})
			if _, err := queue(goja.Undefined(), wrapped); err != nil {
				panic(err)
			}
		},
	})
	g.Set("process", h.process)
	g.Set("globalThis", g)

	shieldExports := rt.NewObject()
	h.sched.Install(shieldExports)
	h.loader = modules.New(rt, modules.Config{
		Cache: h.cfg.cache,
		Hooks: [2]goja.Value{h.sched.MarkFunc(), h.sched.AwaitFunc()},
		Natives: map[string]modules.Native{
			"shieldjs": func(rt *goja.Runtime, m *goja.Object) error {
				return m.Set("exports", shieldExports)
			},
		},
		ReadFile: func(path string) ([]byte, error) {
			b, err := os.ReadFile(path)
			if err == nil {
				h.sources[path] = string(b)
			}
			return b, err
		},
		Call: func(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
			return fn(this, args...)
		},
	})
	wd, _ := os.Getwd()
	g.Set("require", h.loader.RequireFunc(wd))
	seen := map[*goja.Object]bool{}
	nameFunctions(rt, g, 3, seen)
	nameFunctions(rt, shieldExports, 3, seen)
}

func (h *Host) stack() string {
	var lines []string
	for _, f := range h.rt.CaptureCallStack(0, nil)[1:] {
		if l := frameLine(f); l != "" {
			lines = append(lines, l)
		}
	}
	return joinLines(lines)
}

func joinLines(lines []string) string {
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}

func (h *Host) fail(err error) {
	h.failures = append(h.failures, err)
	h.loop.Stop()
}

type exitRequest struct{ code int }

func (h *Host) requestExit(code int) {
	h.exit = &ExitError{Code: code}
	h.rt.Interrupt(exitRequest{code})
}

// Define makes a Go value available to scripts as the global name. Functions
// are called on the loop goroutine and may use the runtime.
func (h *Host) Define(name string, v any) error { return h.global.Set(name, v) }

// AsyncFunc is a Go function that scripts call like an async function. It
// runs on its own goroutine; ctx is cancelled when the script cancels the
// Task it got, or when the run ends. args are the script's arguments
// exported to Go values (see goja.Value.Export). It must not use the runtime.
type AsyncFunc func(ctx context.Context, args ...any) (any, error)

// DefineAsync makes fn callable from scripts as the global name: each call
// starts fn and returns a cancellable Task for its result. An error rejects
// the Task with an Error carrying the error's message; a panic rejects it too.
func (h *Host) DefineAsync(name string, fn AsyncFunc) error {
	return h.global.Set(name, h.asyncFunc(name, fn))
}

func (h *Host) asyncFunc(name string, fn AsyncFunc) func(goja.FunctionCall) goja.Value {
	return func(c goja.FunctionCall) goja.Value {
		args := make([]any, len(c.Arguments))
		for i, a := range c.Arguments {
			args[i] = a.Export()
		}
		t := h.sched.Go(h.opsContext(), name, func(ctx context.Context) (any, error) {
			return fn(ctx, args...)
		}, nil)
		return t.Object()
	}
}

// opsContext is the parent of every Go-backed operation's context: it is
// cancelled when a run ends, so no operation outlives it.
func (h *Host) opsContext() context.Context {
	if h.ops == nil {
		h.ops, h.cancelOps = context.WithCancel(context.Background())
	}
	return h.ops
}

// RunFile runs the script at path as the main task and waits until it and
// everything it started are done. It returns the main task's result.
func (h *Host) RunFile(ctx context.Context, path string) (goja.Value, error) {
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
	return h.run(ctx, compile.Script, abs, string(src))
}

// RunString runs src as the main task; name labels it in stack traces.
// Top-level await is allowed.
// The result is the value of src's last statement, if that is an expression.
func (h *Host) RunString(ctx context.Context, name, src string) (goja.Value, error) {
	return h.run(ctx, compile.Eval, name, src)
}

func (h *Host) run(ctx context.Context, kind compile.Kind, filename, src string) (result goja.Value, err error) {
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
	body := h.rt.ToValue(func(goja.FunctionCall) goja.Value {
		v, err := fn(exports, exports, require, module, h.rt.ToValue(filename), h.rt.ToValue(dir), h.sched.MarkFunc(), h.sched.AwaitFunc())
		if err != nil {
			panic(err)
		}
		return v
	})
	h.main = h.sched.NewTask(body, "main")
	return h.drive(ctx)
}

// drive runs the loop until the main task and everything else is done.
func (h *Host) drive(ctx context.Context) (goja.Value, error) {
	h.done = make(chan struct{})
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		h.out.flushEvery(100*time.Millisecond, h.done)
	}()
	defer func() {
		close(h.done)
		<-flushed
	}()
	go func() {
		select {
		case <-ctx.Done():
			h.stop(ctx.Err(), true)
		case <-h.done:
		}
	}()

	swept, rest := false, false
	for {
		if err := h.loop.Run(nil); err != nil {
			var pe *eventloop.PanicError
			if errors.As(err, &pe) {
				return nil, &InternalError{Value: pe.Value, Stack: pe.Stack}
			}
			return nil, err
		}
		if h.sched.Err() != nil || len(h.failures) > 0 || h.isInterrupted() {
			break
		}
		if h.stopReason() != nil && h.main.Done() && !rest {
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
		if len(pending) == 0 || swept {
			break
		}
		swept = true
		if !h.main.Done() && h.stopReason() == nil {
			h.failures = append(h.failures, errors.New("the main task can never finish: it waits on a promise that nothing will settle"))
		}
		for _, t := range pending {
			t.Cancel("")
		}
	}
	h.sched.DrainRejections()
	if h.cancelOps != nil {
		// A run that ended early (an uncaught error, process.exit, an
		// interrupt) still has operations in flight: stop them.
		h.cancelOps()
		h.ops, h.cancelOps = nil, nil
	}
	h.out.flush()
	return h.outcome()
}

func (h *Host) outcome() (goja.Value, error) {
	var errs []error
	if err := h.sched.Err(); err != nil {
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
				errs = append(errs, &ScriptError{Kind: "Uncaught", Message: "RangeError: Maximum call stack size exceeded"})
			} else {
				errs = append(errs, err)
			}
		}
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
		if code := process.ExitCode(h.process); code != 0 {
			return result, &ExitError{Code: code}
		}
		return result, nil
	}
	return result, errors.Join(errs...)
}

func messageOf(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
			return m.String()
		}
	}
	return ""
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
// code that never yields, or has not finished within the grace period, the
// VM is interrupted. The run then returns an error wrapping reason. Stop is
// safe to call from any goroutine.
func (h *Host) Stop(reason error) { h.stop(reason, false) }

func (h *Host) stop(reason error, all bool) {
	h.mu.Lock()
	if h.stopped != nil {
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
		busy := time.NewTimer(100 * time.Millisecond)
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
// and the run returns an error wrapping reason. Safe from any goroutine.
func (h *Host) Interrupt(reason error) {
	h.mu.Lock()
	if h.stopped == nil {
		h.stopped = reason
	}
	h.interrupted = true
	h.mu.Unlock()
	h.rt.Interrupt(reason)
	h.loop.Stop()
}

// Close waits for every goroutine the host started.
func (h *Host) Close() error {
	h.loop.Wait()
	h.out.flush()
	return nil
}
