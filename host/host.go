// Package host runs JavaScript programs with asyncio semantics on the goja
// engine: it owns one goja.Runtime and the event loop that drives it, compiles
// every source through the await-rewriting pipeline, installs the standard
// globals, and turns what a script leaves behind (uncaught errors, unhandled
// rejections, tasks whose failure nobody saw) into Go errors.
//
// # Embedding
//
// New creates a Host (configured with options: WithStdout, WithPermissions,
// WithModuleRoot, WithMaxCallStackSize, ...); RunFile and RunString run a
// program to completion under a context.Context, whose cancellation or
// deadline cancels every task (CancelledError at each one's await, finally
// blocks run), waits for the grace period and then interrupts the VM; code
// that does not yield is interrupted within a few tens of milliseconds.
// Define exposes Go values; DefineAsync exposes a Go function that runs on
// its own goroutine and hands scripts a cancellable Task whose cancellation
// cancels the function's context. Call calls a JavaScript function from Go
// and waits for the promise it returns. Close releases every goroutine and
// timer the host started.
//
// Errors are typed: *ScriptError carries the JavaScript message, stack and
// location; *CancelledError, *ExitError, *compile.SyntaxError and
// *InternalError cover the other ways a run ends.
//
// # Standard library and sandbox
//
// Besides the asyncio toolkit, scripts get fetch, require("fs/promises"),
// require("child_process"), Buffer, URL, TextEncoder/TextDecoder,
// structuredClone, require("util") and require("events"). Everything that
// reaches outside the VM is denied unless WithPermissions grants it (see
// package permission); a denied operation rejects with a PermissionError.
//
// # Limits
//
// WithMaxCallStackSize bounds recursion. goja cannot unwind a stack overflow
// into a JavaScript catch block, so the overflow becomes a RangeError
// ("Maximum call stack size exceeded") at the nearest point the host
// controls: the task whose code overflowed fails with it (so `await task`
// catches it), as does the require that loaded an overflowing module. A
// try/catch around the recursion in the same synchronous stretch of code
// does not see it. Either way the host never crashes.
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
	"strconv"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/inspect"
	"github.com/shieldjs/shieldjs/modules"
	"github.com/shieldjs/shieldjs/permission"
	"github.com/shieldjs/shieldjs/shield"
	"github.com/shieldjs/shieldjs/stdlib"
	"github.com/shieldjs/shieldjs/stdlib/console"
	"github.com/shieldjs/shieldjs/stdlib/fetch"
	"github.com/shieldjs/shieldjs/stdlib/process"
	"github.com/shieldjs/shieldjs/stdlib/timers"
	"github.com/shieldjs/shieldjs/stdlib/web"
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
	perms          permission.Set
	moduleRoot     string
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
// Deeper recursion throws a RangeError "Maximum call stack size exceeded"
// (see the package documentation for where a script can catch it).
func WithMaxCallStackSize(n int) Option { return func(c *config) { c.maxStack = n } }

// WithEnv sets the environment that process.env is drawn from (default: the
// process's own). A script sees only the variables its permissions grant
// (see WithPermissions), so by default it sees none.
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
	namer       *namer            // names Go functions as they are installed

	ops       context.Context
	cancelOps context.CancelFunc

	policy     *permission.Policy
	realm      *stdlib.Realm
	std        *stdlib.Env
	fetch      *fetch.Module
	web        *web.Web
	moduleRoot string // resolved; modules under it are readable without --allow-read
	bufferFrom goja.Callable
	bufferCtor goja.Value
	// toStringTag is Object.prototype.toString, captured before user code runs.
	toStringTag goja.Callable
	running     bool // guarded by mu
	closed      bool
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
	h.namer = newNamer(h.rt) // before anything is installed: it notes goja's own globals
	h.rt.SetMaxCallStackSize(cfg.maxStack)
	h.rt.SetFieldNameMapper(goja.UncapFieldNameMapper())
	h.policy = permission.New(cfg.perms)
	h.realm = stdlib.NewRealm(h.rt)
	h.sched = shield.New(h.rt, h.loop, shield.Config{
		GoError: func(err error) goja.Value { return h.realm.Value(err) },
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
		Env:     h.visibleEnv(),
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
	natives := h.standardModules()
	natives["shieldjs"] = func(rt *goja.Runtime, m *goja.Object) error {
		return m.Set("exports", shieldExports)
	}
	h.loader = modules.New(rt, modules.Config{
		Cache:   h.cfg.cache,
		Hooks:   [2]goja.Value{h.sched.MarkFunc(), h.sched.AwaitFunc()},
		Natives: natives,
		ReadFile: func(path string) ([]byte, error) {
			h.checkModuleRead(path)
			b, err := os.ReadFile(path)
			if err == nil {
				h.sources[path] = string(b)
			}
			return b, err
		},
		Call: func(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
			// A module that overflows the stack while it loads throws a
			// RangeError at the require that loads it.
			v, err := fn(this, args...)
			h.rethrowOverflow(err)
			return v, err
		},
	})
	wd, _ := os.Getwd()
	g.Set("require", h.loader.RequireFunc(wd))
	h.namer.name(g, 3)
	h.namer.name(shieldExports, 3)
	h.installStandardGlobals(g)
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

// Define makes a Go value available to scripts as the global name, as
// goja's Runtime.ToValue converts it: Go functions are called on the loop
// goroutine and may use the runtime. A value that cannot be passed to
// JavaScript (a channel, a complex number, an unsafe pointer) is an error.
func (h *Host) Define(name string, v any) error {
	if err := checkGoValue(v); err != nil {
		return fmt.Errorf("host: Define(%q): %w", name, err)
	}
	jv := h.rt.ToValue(v)
	if obj, ok := jv.(*goja.Object); ok {
		if _, isFn := goja.AssertFunction(obj); isFn {
			if n := obj.Get("name"); n != nil && isGoSymbol(n.String()) {
				_ = obj.DefineDataProperty("name", h.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			}
		}
	}
	return h.global.Set(name, jv)
}

// AsyncFunc is a Go function that scripts call like an async function. It
// runs on its own goroutine; ctx is cancelled when the script cancels the
// Task it got, or when the run ends. It must not use the runtime.
//
// args are copies of the script's arguments as Go values: nil for undefined
// and null, string, int64 or float64, bool, *big.Int for a BigInt,
// time.Time for a Date, []byte for an ArrayBuffer or typed array, []any for
// an array and map[string]any for any other object (its own enumerable
// properties), recursively. A function, symbol, promise, Map, Set or other
// value that has no such copy makes the call throw a TypeError that names
// it. The result is converted with goja's Runtime.ToValue; one that cannot
// be (a channel, a complex number) rejects the Task with a TypeError.
type AsyncFunc func(ctx context.Context, args ...any) (any, error)

// DefineAsync makes fn callable from scripts as the global name: each call
// starts fn on its own goroutine and returns a cancellable Task for its
// result (a Go-backed Task: cancelling it cancels ctx at once, and the run
// still waits for fn to return). An error rejects the Task with an Error
// carrying the error's message (a *permission.Error rejects it with a
// PermissionError); a panic rejects it too, with the Go stack in the message.
func (h *Host) DefineAsync(name string, fn AsyncFunc) error {
	f := h.rt.ToValue(h.asyncFunc(name, fn)).(*goja.Object)
	_ = f.DefineDataProperty("name", h.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return h.global.Set(name, f)
}

func (h *Host) asyncFunc(name string, fn AsyncFunc) func(goja.FunctionCall) goja.Value {
	return func(c goja.FunctionCall) goja.Value {
		args := make([]any, len(c.Arguments))
		for i, a := range c.Arguments {
			if a == nil || goja.IsUndefined(a) || goja.IsNull(a) {
				continue
			}
			if _, isObj := a.(*goja.Object); !isObj {
				if _, isSym := a.(*goja.Symbol); isSym {
					panic(h.realm.NewTypeError(name+": argument "+strconv.Itoa(i+1)+" is a symbol, which cannot be passed to Go", nil))
				}
				args[i] = a.Export() // a primitive: the common case, no bookkeeping
				continue
			}
			v, err := h.exportArg(a, "argument "+strconv.Itoa(i+1), nil)
			if err != nil {
				panic(h.realm.NewTypeError(name+": "+err.Error(), nil))
			}
			args[i] = v
		}
		t := h.sched.Go(h.opsContext(), name, func(ctx context.Context) (any, error) {
			return fn(ctx, args...)
		}, convertResult)
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

func messageOf(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
			return m.String()
		}
	}
	return ""
}
