package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/inspect"
	"github.com/shieldjs/shieldjs/shield"
)

// A Session evaluates inputs one after another on a Host, the way a REPL
// does (Python's `python -m asyncio` is the model):
//
//   - each input runs as a Task of its own, with top-level await;
//   - what an input declares at top level (let, const, class, function,
//     var) becomes a global, so that later inputs see it;
//   - the value of an input's trailing expression is formatted by
//     util.inspect and kept in the global `_`; what an input throws is kept
//     in `_error`;
//   - tasks, timers and operations started by one input keep running
//     between inputs: the event loop runs on a goroutine of its own for as
//     long as the session is open.
//
// Cancelling an input (CancelCurrent, or the context given to Eval) is a
// Ctrl-C in asyncio's REPL: the input's task is cancelled, so a
// CancelledError is thrown at its current await and finally blocks and
// shielded work still run; an input busy in code that does not yield is
// interrupted instead, and the session carries on with its state intact.
//
// A Host runs either programs (RunFile, RunString) or one Session, never
// both at once. Eval, CancelCurrent, Detach, Complete, Do and Close may be
// called from any goroutine; one Eval runs at a time.
type Session struct {
	h    *Host
	opts SessionOptions

	release func() // lets the loop finish once the session is closed
	done    chan struct{}

	mu           sync.Mutex
	current      *evaluation
	n            int  // inputs compiled so far
	closing      bool // Close or Wait was called: no more inputs
	interrupting bool // an interrupt was requested and not yet seen
	end          error

	// Owned by the loop goroutine.
	module, exports goja.Value
	require         goja.Value
	dirname         goja.Value
	completer       goja.Callable
	draining        bool // Wait: run until nothing is left
	hard            bool // Close gave up waiting: stop at the next turn
	swept           bool
	tick            *eventloop.Timer
}

// SessionOptions configure a Session.
type SessionOptions struct {
	// Inspect says how values are formatted; the zero value means
	// inspect.Defaults() (depth 2, no colours).
	Inspect inspect.Options
	// OnError receives what fails outside any input: an uncaught error in a
	// callback, a rejection nobody handled, a task whose exception nobody
	// retrieved. It is called on the loop goroutine and must not wait for
	// the session. The default writes err's text to the host's stderr.
	OnError func(err *EvalError)
}

// An EvalError is JavaScript that failed in a session: an input that threw,
// was cancelled or was interrupted, or (see SessionOptions.OnError)
// something that failed in the background.
type EvalError struct {
	// Kind says how the failure surfaced: "Uncaught", "Uncaught (in
	// promise)", or "Task exception was never retrieved (NAME)".
	Kind string
	// Text is the thrown value as Node's REPL shows it: an Error's stack
	// (without the host's internal frames), or util.inspect of anything
	// else.
	Text string
	// Cancelled is set when the input's task ended cancelled.
	Cancelled bool
	// Interrupted is set when the input's code was stopped by an interrupt
	// of the VM (CancelCurrent on code that does not yield), or unwound by
	// a stack overflow it had no chance to catch.
	Interrupted bool
}

// Error returns the kind and the text, as the REPL prints them.
func (e *EvalError) Error() string { return e.Kind + " " + e.Text }

var (
	// ErrSessionClosed is returned by Eval after Close or Wait.
	ErrSessionClosed = errors.New("host: the session is closed")
	// ErrBusy is returned by Eval while another input is being evaluated.
	ErrBusy = errors.New("host: another input is being evaluated")
	// ErrDetached is returned by an Eval whose input was detached: its task
	// keeps running in the background.
	ErrDetached = errors.New("host: the input was detached and keeps running in the background")
)

// errSessionInterrupt is what the VM is interrupted with when an input
// does not yield to a cancellation.
var errSessionInterrupt = errors.New("script execution was interrupted")

// An evaluation is one input in flight.
type evaluation struct {
	name     string
	src      string
	prg      *compile.Program
	done     chan struct{}
	detached chan struct{}
	cancels  int // guarded by Session.mu

	// Owned by the loop goroutine.
	task        *shield.Task
	cancelled   bool // cancelled before its task existed
	value       goja.Value
	interrupted bool
	text        string
	err         error
}

// StartSession starts the event loop on a goroutine of its own and returns
// a Session that evaluates inputs on it. Close the session, then the Host.
func (h *Host) StartSession(opts SessionOptions) (*Session, error) {
	if h.closed {
		return nil, ErrClosed
	}
	if opts.Inspect == (inspect.Options{}) {
		opts.Inspect = inspect.Defaults()
	}
	s := &Session{h: h, opts: opts, done: make(chan struct{})}
	if s.opts.OnError == nil {
		s.opts.OnError = func(err *EvalError) { fmt.Fprintln(h.out.stderr(), err.Error()) }
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	rt := h.rt
	exports := rt.NewObject()
	module := rt.NewObject()
	module.Set("id", "<repl>")
	module.Set("exports", exports)
	module.Set("filename", nil)
	s.module, s.exports = module, exports
	s.require = h.global.Get("require")
	s.dirname = rt.ToValue(wd)
	s.release = h.loop.Hold()
	go h.out.flushEvery(100*time.Millisecond, s.done)
	go s.run()
	h.loop.Post(s.idle)
	return s, nil
}

// run is the loop goroutine: it runs the loop and, each time the loop
// stops, deals with what stopped it.
func (s *Session) run() {
	h := s.h
	defer func() {
		if h.cancelOps != nil {
			h.cancelOps()
			h.ops, h.cancelOps = nil, nil
		}
		h.out.flush()
		close(s.done)
	}()
	for {
		err := h.loop.Run(nil)
		var abort error
		if err != nil {
			var pe *eventloop.PanicError
			if errors.As(err, &pe) {
				if e, ok := pe.Value.(error); ok && uncatchable(e) {
					abort = e
				} else {
					s.finishAll(&InternalError{Value: pe.Value, Stack: pe.Stack})
					return
				}
			}
		}
		if e := h.sched.ClearErr(); e != nil && abort == nil {
			abort = e
		}
		if h.exit != nil {
			repairVM(h.rt)
			h.rt.ClearInterrupt()
			s.finishAll(h.exit)
			return
		}
		if abort != nil {
			s.recover(abort)
		}
		for _, f := range h.failures {
			s.report(f)
		}
		h.failures = nil
		if s.hard {
			s.finishAll(ErrSessionClosed)
			return
		}
		if s.draining && !h.loop.Alive() {
			// As after asyncio.run's main coroutine: what still waits on
			// something nothing will settle is cancelled, once, so that
			// its finally blocks run.
			pending := h.sched.Tasks()
			if len(pending) == 0 || s.swept {
				s.reportUnobserved()
				s.finishAll(ErrSessionClosed)
				return
			}
			s.swept = true
			for _, t := range pending {
				t.Cancel("")
			}
		}
	}
}

func uncatchable(err error) bool {
	var ie *goja.InterruptedError
	var so *goja.StackOverflowError
	return errors.As(err, &ie) || errors.As(err, &so)
}

// recover carries on after an uncatchable error unwound the JavaScript that
// was running: the task it ran for can never resume, so it is failed with
// the error Node would show, and the input it belongs to (if any) ends.
func (s *Session) recover(abort error) {
	h := s.h
	repairVM(h.rt)
	h.rt.ClearInterrupt()
	s.mu.Lock()
	s.interrupting = false
	s.mu.Unlock()
	var exc goja.Value
	var so *goja.StackOverflowError
	if errors.As(abort, &so) {
		exc = h.overflowError(so)
	} else {
		exc = s.newError("Error", "Script execution was interrupted")
	}
	ev := s.currentEval()
	stalled := false
	for _, t := range h.sched.Tasks() {
		if !t.Stalled() {
			continue
		}
		stalled = true
		if ev != nil && ev.task == t {
			ev.interrupted = true
		}
		t.SetException(exc)
	}
	if !stalled && (ev == nil || ev.task == nil || ev.task.Done()) {
		// Code outside any task (a timer, a callback) was stopped.
		s.onError(&EvalError{Kind: "Uncaught", Text: s.describe(exc), Interrupted: true})
	}
}

// repairVM works around goja leaving its VM in the middle of a call when an
// uncatchable error (an interrupt, a stack overflow) unwinds an async
// function that a promise job had resumed: the frame and the try marker
// that goja's generator.enter pushes are only popped on the normal path, so
// afterwards goja takes every call for a nested one, never runs promise
// jobs again, and leaves the interrupt set. Between loop steps no
// JavaScript runs and those stacks must be empty: this restores the state
// saved by the outermost frame and empties them. It reaches into goja's
// unexported fields, checking each by name and type, and does nothing if
// they are not what it expects.
func repairVM(rt *goja.Runtime) {
	field := func(v reflect.Value, name string) reflect.Value {
		f := v.FieldByName(name)
		if !f.IsValid() || !f.CanAddr() {
			return reflect.Value{}
		}
		return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	}
	r := reflect.ValueOf(rt).Elem()
	vmp := field(r, "vm")
	if !vmp.IsValid() || vmp.Kind() != reflect.Pointer || vmp.IsNil() {
		return
	}
	vm := vmp.Elem()
	calls, tries := field(vm, "callStack"), field(vm, "tryStack")
	if !calls.IsValid() || !tries.IsValid() || calls.Kind() != reflect.Slice || tries.Kind() != reflect.Slice {
		return
	}
	if calls.Len() == 0 && tries.Len() == 0 {
		return
	}
	if calls.Len() > 0 {
		outer := calls.Index(0)
		for _, name := range []string{"prg", "stash", "privEnv", "newTarget", "result", "pc", "sb", "args"} {
			src, dst := field(outer, name), field(vm, name)
			if src.IsValid() && dst.IsValid() && src.Type() == dst.Type() {
				dst.Set(src)
			}
		}
	}
	if tries.Len() > 0 {
		if sp, dst := field(tries.Index(0), "sp"), field(vm, "sp"); sp.IsValid() && dst.IsValid() && sp.CanInt() && dst.CanInt() {
			dst.SetInt(sp.Int())
		}
	}
	for _, name := range []string{"callStack", "tryStack", "iterStack", "refStack"} {
		if f := field(vm, name); f.IsValid() && f.Kind() == reflect.Slice {
			f.SetLen(0)
		}
	}
	if q := field(r, "jobQueue"); q.IsValid() && q.Kind() == reflect.Slice {
		q.Set(reflect.Zero(q.Type()))
	}
}

func (s *Session) newError(ctor, msg string) goja.Value {
	rt := s.h.rt
	o, err := rt.New(rt.Get(ctor), rt.ToValue(msg))
	if err != nil {
		return rt.ToValue(msg)
	}
	return o
}

func (s *Session) currentEval() *evaluation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current
}

// finishAll ends the session: whoever waits for an input is released with
// err.
func (s *Session) finishAll(err error) {
	s.mu.Lock()
	s.end = err
	s.closing = true
	s.mu.Unlock()
}

// onError hands a failure to OnError after what the script printed so far.
func (s *Session) onError(e *EvalError) {
	s.h.out.flush()
	s.opts.OnError(e)
}

// report hands a failure from the background to OnError.
func (s *Session) report(err error) {
	var se *ScriptError
	if errors.As(err, &se) && se.Value != nil {
		s.onError(&EvalError{Kind: se.Kind, Text: s.describe(se.Value)})
		return
	}
	s.onError(&EvalError{Kind: "Uncaught", Text: err.Error()})
}

// reportUnobserved reports the tasks and futures that failed without
// anybody retrieving their exception.
func (s *Session) reportUnobserved() {
	for _, f := range s.h.sched.Unobserved() {
		v, _ := f.Outcome()
		kind := "Future exception was never retrieved"
		if t := f.Task(); t != nil {
			kind = "Task exception was never retrieved (" + t.Name() + ")"
		}
		s.onError(&EvalError{Kind: kind, Text: s.describe(v)})
	}
}

// idle reports, while no input runs, the tasks that failed with nobody
// retrieving their exception, a few times a second (so, at the latest, just
// after the input that started them has shown its value); the timer does
// not keep the loop alive.
func (s *Session) idle() {
	if s.currentEval() == nil {
		s.reportUnobserved()
		s.h.out.flush()
	}
	s.tick = s.h.loop.CallLater(200*time.Millisecond, s.idle)
	s.tick.Unref()
}

// describe is how the REPL shows a thrown value.
func (s *Session) describe(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		if st := o.Get("stack"); st != nil && !goja.IsUndefined(st) {
			if text := FormatStack(st.String()); text != "" {
				return hostFrames.ReplaceAllString(text, "")
			}
		}
	}
	return inspect.Inspect(s.h.rt, v, s.opts.Inspect)
}

// hostFrames matches the frames of the host's own Go functions in a stack.
var hostFrames = regexp.MustCompile(`\n\s*at github\.com/shieldjs/shieldjs/[^\n]*\(native\)`)

// Eval evaluates one input and waits until it is done. It returns the value
// of the input's trailing expression (or undefined) formatted by
// util.inspect with the session's options. A failed input returns an
// *EvalError; an input that cannot be compiled a *compile.SyntaxError,
// for which compile.IsIncomplete tells whether more lines could complete
// it. When the script calls process.exit, the session ends and Eval
// returns an *ExitError.
//
// If ctx is done before the input, the input is cancelled as by
// CancelCurrent, and Eval still waits for it to finish.
func (s *Session) Eval(ctx context.Context, src string) (string, error) {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return "", ErrSessionClosed
	}
	if s.current != nil {
		s.mu.Unlock()
		return "", ErrBusy
	}
	s.n++
	ev := &evaluation{name: fmt.Sprintf("REPL%d", s.n), src: src, done: make(chan struct{}), detached: make(chan struct{})}
	s.current = ev
	s.mu.Unlock()

	prg, err := compile.Compile(compile.REPL, ev.name, src)
	if err != nil {
		s.mu.Lock()
		s.current = nil
		s.mu.Unlock()
		return "", err
	}
	ev.prg = prg
	s.h.loop.Post(func() { s.start(ev) })
	stop := context.AfterFunc(ctx, func() { s.cancel(ev) })
	defer stop()
	select {
	case <-ev.done:
		return ev.text, ev.err
	case <-ev.detached:
		return "", ErrDetached
	case <-s.done:
		select {
		case <-ev.done:
			return ev.text, ev.err
		default:
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.current = nil
		return "", s.end
	}
}

// start runs on the loop: it defines the input's globals and starts its task.
func (s *Session) start(ev *evaluation) {
	h := s.h
	rt, g := h.rt, h.global
	for _, name := range ev.prg.Globals {
		if g.Get(name) == nil {
			g.DefineDataProperty(name, goja.Undefined(), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		}
	}
	h.sources[ev.name] = ev.src
	w, err := rt.RunProgram(ev.prg.Program)
	if err != nil {
		ev.err = err
		s.finish(ev)
		return
	}
	fn, _ := goja.AssertFunction(w)
	result := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		ev.value = c.Argument(0)
		return goja.Undefined()
	})
	name := rt.ToValue(ev.name)
	body := h.guarded(func() goja.Value {
		v, err := fn(g, s.exports, s.require, s.module, name, s.dirname, h.sched.MarkFunc(), h.sched.AwaitFunc(), result)
		h.rethrow(err)
		return v
	})
	ev.task = h.sched.NewTask(body, ev.name)
	if ev.cancelled {
		ev.task.Cancel("")
	}
	ev.task.AddDoneCallback(func(*shield.Future) { s.finish(ev) })
}

// finish runs on the loop when the input's task is done.
func (s *Session) finish(ev *evaluation) {
	h := s.h
	g := h.global
	if t := ev.task; t != nil && ev.err == nil {
		v, failed := t.Outcome()
		if failed {
			g.Set("_error", v)
			ev.err = &EvalError{Kind: "Uncaught", Text: s.describe(v), Cancelled: t.Cancelled(), Interrupted: ev.interrupted}
		} else {
			val := ev.value
			if val == nil {
				val = goja.Undefined()
			}
			g.Set("_", val)
			ev.text = inspect.Inspect(h.rt, val, s.opts.Inspect)
		}
	}
	h.out.flush()
	s.mu.Lock()
	if s.current == ev {
		s.current = nil
	}
	s.mu.Unlock()
	close(ev.done)
}

// CancelCurrent cancels the input being evaluated, as Ctrl-C does in
// asyncio's REPL: its task gets a CancelledError at the await it is
// suspended on. If the loop does not take the request within 100ms, because
// JavaScript is running that does not yield (`while (true) {}`), the VM is
// interrupted: that code is stopped and the input fails with "Script
// execution was interrupted". It returns how many times the current input
// has been cancelled, or 0 when no input is being evaluated.
func (s *Session) CancelCurrent() int {
	s.mu.Lock()
	ev := s.current
	s.mu.Unlock()
	if ev == nil {
		return 0
	}
	return s.cancel(ev)
}

func (s *Session) cancel(ev *evaluation) int {
	s.mu.Lock()
	ev.cancels++
	n := ev.cancels
	s.mu.Unlock()
	taken := make(chan struct{})
	s.h.loop.Post(func() {
		s.mu.Lock()
		close(taken)
		if s.interrupting {
			// The loop got here after all: the interrupt must not hit
			// whatever runs next.
			s.interrupting = false
			s.h.rt.ClearInterrupt()
		}
		s.mu.Unlock()
		if ev.task == nil {
			ev.cancelled = true
		} else if !ev.task.Done() {
			ev.task.Cancel("")
		}
	})
	go func() {
		t := time.NewTimer(100 * time.Millisecond)
		defer t.Stop()
		select {
		case <-taken:
		case <-ev.done:
		case <-s.done:
		case <-t.C:
			s.mu.Lock()
			select {
			case <-taken:
			case <-s.done:
			case <-ev.done:
			default:
				s.interrupting = true
				s.h.rt.Interrupt(errSessionInterrupt)
			}
			s.mu.Unlock()
		}
	}()
	return n
}

// Detach stops waiting for the input being evaluated: its Eval returns
// ErrDetached at once and its task keeps running in the background. A REPL
// uses it when an input ignores repeated cancellation.
func (s *Session) Detach() {
	s.mu.Lock()
	ev := s.current
	if ev != nil {
		s.current = nil
		close(ev.detached)
	}
	s.mu.Unlock()
}

// Do runs fn on the loop goroutine, where it may use the runtime, and waits
// for it. If ctx is done first (the loop is busy), fn does not run and Do
// returns ctx.Err().
func (s *Session) Do(ctx context.Context, fn func(rt *goja.Runtime)) error {
	var mu sync.Mutex
	abandoned := false
	ran := make(chan struct{})
	s.h.loop.Post(func() {
		mu.Lock()
		skip := abandoned
		mu.Unlock()
		if !skip {
			fn(s.h.rt)
		}
		close(ran)
	})
	select {
	case <-ran:
		return nil
	case <-s.done:
		return ErrSessionClosed
	case <-ctx.Done():
		mu.Lock()
		abandoned = true
		mu.Unlock()
		select {
		case <-ran:
			return nil
		default:
		}
		return ctx.Err()
	}
}

var (
	identRE      = regexp.MustCompile(`^[A-Za-z_$][\w$]*$`)
	completionRE = regexp.MustCompile(`(?:[A-Za-z_$][\w$]*\s*\.\s*)*[A-Za-z_$]?[\w$]*$`)
)

// keywords are offered with the globals.
var keywords = []string{"async", "await", "break", "case", "catch", "class", "const", "continue",
	"debugger", "default", "delete", "do", "else", "extends", "false", "finally", "for", "function",
	"if", "in", "instanceof", "let", "new", "null", "return", "static", "super", "switch", "this",
	"throw", "true", "try", "typeof", "var", "void", "while", "yield"}

// Complete returns the completions of the identifier, or the property
// after a chain of property accesses (`Promise.al`, `a.b.`), that ends line:
// each candidate may replace line[start:]. Properties are looked up without
// calling getters or proxies' get traps, so completing has no side
// effects on the program. If the loop does not answer before ctx is done,
// there are no candidates.
func (s *Session) Complete(ctx context.Context, line string) (start int, candidates []string) {
	if inString(line) {
		return len(line), nil
	}
	word := completionRE.FindString(line)
	if i := len(line) - len(word); i > 0 && (line[i-1] == '.' || (line[i-1] >= '0' && line[i-1] <= '9')) {
		return len(line), nil // a property of something we cannot evaluate safely
	}
	parts := strings.Split(word, ".")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	path, partial := parts[:len(parts)-1], parts[len(parts)-1]
	for _, p := range path {
		if !identRE.MatchString(p) {
			return len(line), nil
		}
	}
	var names []string
	err := s.Do(ctx, func(rt *goja.Runtime) {
		names = s.properties(path, partial)
	})
	if err != nil {
		return len(line), nil
	}
	if len(path) == 0 {
		for _, k := range keywords {
			if strings.HasPrefix(k, partial) {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		names = dedupe(names)
	}
	return len(line) - len(partial), names
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// inString reports whether line ends inside a string or template literal.
func inString(line string) bool {
	var quote rune
	escaped := false
	for _, r := range line {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quote != 0:
			escaped = true
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '\'' || r == '"' || r == '`'):
			quote = r
		}
	}
	return quote != 0
}

// completerSource lists the property names of globalThis.path[0].path[1]...
// that start with partial, following data properties only.
const completerSource = `(function (path, partial) {
	let o = globalThis;
	for (const k of path) {
		let d, p = o;
		while (p != null && !(d = Object.getOwnPropertyDescriptor(p, k))) p = Object.getPrototypeOf(p);
		if (!d || !('value' in d)) return [];
		o = d.value;
		if (o == null) return [];
	}
	if (typeof o !== 'object' && typeof o !== 'function') o = Object(o);
	const seen = new Set(), out = [];
	for (let p = o; p != null; p = Object.getPrototypeOf(p)) {
		for (const k of Object.getOwnPropertyNames(p)) {
			if (!seen.has(k) && k.startsWith(partial) && /^[A-Za-z_$][\w$]*$/.test(k)) {
				seen.add(k);
				out.push(k);
			}
		}
	}
	return out.sort();
})`

func (s *Session) properties(path []string, partial string) []string {
	rt := s.h.rt
	if s.completer == nil {
		v, err := rt.RunScript(shield.InternalFile+"/complete.js", completerSource)
		if err != nil {
			return nil
		}
		s.completer, _ = goja.AssertFunction(v)
	}
	items := make([]any, len(path))
	for i, p := range path {
		items[i] = p
	}
	v, err := s.completer(goja.Undefined(), rt.NewArray(items...), rt.ToValue(partial))
	if err != nil {
		var ex *goja.Exception
		if !errors.As(err, &ex) {
			// An interrupt that was meant for the program: let it go.
			rt.ClearInterrupt()
		}
		return nil
	}
	var names []string
	if err := rt.ExportTo(v, &names); err != nil {
		return nil
	}
	return names
}

// Wait stops accepting inputs and waits until everything the inputs started
// is done, as RunFile waits for a program: tasks still waiting on something
// nothing will settle are then cancelled so that their finally blocks run.
// If ctx is done first, Wait returns ctx.Err() and the session stays open
// for Close.
func (s *Session) Wait(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.h.loop.Post(func() {
		s.draining = true
		if s.tick != nil {
			s.tick.Stop()
		}
		s.release()
	})
	select {
	case <-s.done:
		return s.endErr()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close ends the session: what is still running is cancelled, as asyncio
// cancels the tasks left at the end of asyncio.run, and Close waits for it
// to finish for up to the host's grace period (see WithGracePeriod), after
// which the VM is interrupted. It returns an *ExitError if the script
// called process.exit. Close the Host afterwards.
func (s *Session) Close() error {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	select {
	case <-s.done:
		return s.endErr()
	default:
	}
	s.h.loop.Post(func() {
		s.draining = true
		if s.tick != nil {
			s.tick.Stop()
		}
		for _, t := range s.h.sched.Tasks() {
			t.Cancel("")
		}
		s.release()
	})
	grace := time.NewTimer(s.h.cfg.grace)
	defer grace.Stop()
	select {
	case <-s.done:
	case <-grace.C:
		s.h.loop.Post(func() { s.hard = true; s.h.loop.Stop() })
		s.h.rt.Interrupt(errSessionInterrupt)
		<-s.done
		s.h.rt.ClearInterrupt()
	}
	return s.endErr()
}

// Done is closed when the session has ended: after Close or Wait, or when
// the script called process.exit (Err then returns the *ExitError).
func (s *Session) Done() <-chan struct{} { return s.done }

// Err returns why the session ended: an *ExitError when the script called
// process.exit, an *InternalError for a bug in the host, nil otherwise.
func (s *Session) Err() error {
	select {
	case <-s.done:
		return s.endErr()
	default:
		return nil
	}
}

func (s *Session) endErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if errors.Is(s.end, ErrSessionClosed) {
		return nil
	}
	return s.end
}
