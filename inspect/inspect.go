// Package inspect renders goja values the way Node.js 20's util.inspect and
// util.format do, so that console.log and the REPL print what a Node user
// expects to see.
//
// The formatting algorithm is a port of Node's lib/internal/util/inspect.js
// (compact mode 3, maxArrayLength 100, maxStringLength 10000). Where V8
// exposes internals that goja does not (iterator previews, WeakMap entries,
// a function's kind), the closest observable equivalent is used instead.
//
// All functions must be called on the goroutine that owns the runtime, like
// any other use of a goja.Runtime.
package inspect

import (
	"errors"
	"math"
	"strings"

	"github.com/dop251/goja"
)

// Options control formatting. They mirror the util.inspect options of the
// same names; the zero value is not Node's default, use Defaults for that.
type Options struct {
	// Depth is how many levels of nested objects are expanded before they
	// are abbreviated to [Object], [Array], etc. Node's default is 2. A
	// negative value means unlimited.
	Depth int
	// Colors adds ANSI colours using Node's default styles: numbers,
	// bigints and booleans yellow, strings and symbols green, null bold,
	// undefined grey, dates magenta, regexps red, and functions, [Getter]
	// and similar markers cyan.
	Colors bool
	// BreakLength is the line width above which an object is split over
	// several lines. Zero means Node's default of 80.
	BreakLength int
	// ShowHidden also shows non-enumerable properties and symbols, as
	// util.inspect's showHidden does.
	ShowHidden bool
}

// Defaults returns Node's default options: depth 2, break length 80, no
// colours, no hidden properties.
func Defaults() Options {
	return Options{Depth: 2, BreakLength: 80}
}

// Node's fixed defaults for the options this package does not expose.
const (
	compactLevel    = 3
	maxArrayLength  = 100
	maxStringLength = 10000
	kMinLineLength  = 16
	// unlimitedDepth stands in for depth: null/Infinity; recursion never
	// gets near it because circular references are cut.
	unlimitedDepth = math.MaxInt32
)

// Entry kinds, as in Node: object properties get "key: value", array
// elements only the value, and extra keys of arrays "key: value" but with
// array-style grouping.
const (
	kObjectType = iota
	kArrayType
	kArrayExtrasType
)

// state is Node's ctx: the per-call formatting context.
type state struct {
	rt  *goja.Runtime
	in  *intrinsics
	opt Options // as given, for the options object passed to custom hooks

	depth          int
	colors         bool
	breakLength    int
	showHidden     bool
	showProxy      bool
	customInspect  bool
	indentationLvl int
	currentDepth   int
	seen           []*goja.Object
	circular       map[*goja.Object]int
	budget         map[int]int
}

func newState(rt *goja.Runtime, in *intrinsics, opts Options) *state {
	s := &state{
		rt:            rt,
		in:            in,
		opt:           opts,
		depth:         opts.Depth,
		colors:        opts.Colors,
		breakLength:   opts.BreakLength,
		showHidden:    opts.ShowHidden,
		customInspect: true,
	}
	if s.depth < 0 {
		s.depth = unlimitedDepth
	}
	if s.breakLength <= 0 {
		s.breakLength = 80
	}
	return s
}

// Inspect returns the string Node's util.inspect(v, opts) would.
//
// JavaScript exceptions thrown while inspecting (by custom inspect hooks,
// toStringTag getters, proxies' targets and so on) never escape: the
// affected part is rendered as <Inspection threw (message)>. If the runtime
// is interrupted while a hook runs, the interruption is re-raised as a panic
// when JavaScript is on the call stack (so that it keeps unwinding the
// script, as it would in goja itself) and otherwise reported in the result.
func Inspect(rt *goja.Runtime, v goja.Value, opts Options) string {
	return inspectWith(rt, newIntrinsics(rt), v, opts, false)
}

func inspectWith(rt *goja.Runtime, in *intrinsics, v goja.Value, opts Options, showProxy bool) (out string) {
	s := newState(rt, in, opts)
	s.showProxy = showProxy
	defer s.recoverInterrupt(&out)
	return s.formatValue(v, 0, false)
}

// recoverInterrupt turns an interruption of a hook into a result when no
// script is running (the REPL printing a value) and lets it continue
// otherwise, so that Runtime.Interrupt still stops the script that called
// console.log.
func (s *state) recoverInterrupt(out *string) {
	r := recover()
	if r == nil {
		return
	}
	err, ok := r.(error)
	if !ok || !isUncatchable(err) {
		panic(r)
	}
	if len(s.rt.CaptureCallStack(0, nil)) > 0 {
		panic(r)
	}
	*out = s.stylize("[Inspection interrupted: "+err.Error()+"]", "special")
}

func isUncatchable(err error) bool {
	var ie *goja.InterruptedError
	var se *goja.StackOverflowError
	return errors.As(err, &ie) || errors.As(err, &se)
}

// formatValue mirrors Node's formatValue: primitives, proxies, custom
// inspect hooks and circular references, then formatRaw.
func (s *state) formatValue(v goja.Value, recurseTimes int, typedArray bool) string {
	obj, ok := v.(*goja.Object)
	if !ok {
		return s.formatPrimitive(v)
	}
	context := obj
	if p, ok := s.proxyOf(obj); ok {
		target := p.Target()
		if target == nil {
			return s.stylize("<Revoked Proxy>", "special")
		}
		if s.showProxy {
			return s.formatProxy(p, recurseTimes)
		}
		// Node looks at the target without running any trap; nested
		// proxies would run the inner proxy's traps, so unwrap them all.
		for {
			inner, ok := s.proxyOf(target)
			if !ok {
				break
			}
			if inner.Target() == nil {
				return s.stylize("<Revoked Proxy>", "special")
			}
			target = inner.Target()
		}
		obj = target
	}

	if s.customInspect {
		if res, done := s.callCustomInspect(obj, context, recurseTimes); done {
			return res
		}
	}

	for _, o := range s.seen {
		if o == obj {
			if s.circular == nil {
				s.circular = make(map[*goja.Object]int)
			}
			index, ok := s.circular[obj]
			if !ok {
				index = len(s.circular) + 1
				s.circular[obj] = index
			}
			return s.stylize("[Circular *"+itoa(index)+"]", "special")
		}
	}
	return s.formatRaw(obj, recurseTimes, typedArray)
}

func (s *state) proxyOf(obj *goja.Object) (goja.Proxy, bool) {
	if obj.ExportType() != typeProxy {
		return goja.Proxy{}, false
	}
	p, ok := obj.Export().(goja.Proxy)
	return p, ok
}

func (s *state) formatProxy(p goja.Proxy, recurseTimes int) string {
	if recurseTimes > s.depth {
		return s.stylize("Proxy [Array]", "special")
	}
	recurseTimes++
	s.indentationLvl += 2
	var handler goja.Value = goja.Null()
	if h := p.Handler(); h != nil {
		handler = h
	}
	res := []string{
		s.formatValue(p.Target(), recurseTimes, false),
		s.formatValue(handler, recurseTimes, false),
	}
	s.indentationLvl -= 2
	return s.reduceToSingleString(res, "", [2]string{"Proxy [", "]"}, kArrayExtrasType, recurseTimes, nil)
}

// callCustomInspect runs value[Symbol.for('nodejs.util.inspect.custom')]
// like Node does; done reports whether its result replaces the default
// formatting.
func (s *state) callCustomInspect(obj, context *goja.Object, recurseTimes int) (string, bool) {
	var fnVal goja.Value
	if sym := s.in.customSymbol(); sym != nil {
		if ex := s.try(func() { fnVal = obj.GetSymbol(sym) }); ex != nil {
			return s.threw(ex), true
		}
	}
	fn, ok := goja.AssertFunction(fnVal)
	if !ok {
		// Node's Buffer.prototype has a hook of its own; goja_nodejs's
		// Buffer does not, so it is recognised here.
		if s.asBuffer(obj) {
			return s.formatBuffer(obj), true
		}
		return "", false
	}
	if s.in.isInspectFunction(fnVal) {
		return "", false
	}
	// Prototype objects carry the hook for their instances; inspecting the
	// prototype itself must not call it.
	isProto := false
	if ex := s.try(func() {
		if c, ok := obj.Get("constructor").(*goja.Object); ok {
			if p, ok := c.Get("prototype").(*goja.Object); ok && p == obj {
				isProto = true
			}
		}
	}); ex != nil {
		return s.threw(ex), true
	}
	if isProto {
		return "", false
	}
	var depth goja.Value
	if s.depth >= unlimitedDepth {
		depth = s.rt.ToValue(math.Inf(1))
	} else {
		depth = s.rt.ToValue(s.depth - recurseTimes)
	}
	ret, err := fn(context, depth, s.userOptions(), s.in.inspectFunction())
	if err != nil {
		return s.callFailed(err), true
	}
	if r, ok := ret.(*goja.Object); ok && r == context {
		return "", false
	}
	if !goja.IsString(ret) {
		return s.formatValue(ret, recurseTimes, false), true
	}
	str := ret.String()
	if s.indentationLvl > 0 {
		str = strings.ReplaceAll(str, "\n", "\n"+spaces(s.indentationLvl))
	}
	return str, true
}

// userOptions builds the options object handed to custom inspect hooks,
// with the fields Node passes.
func (s *state) userOptions() goja.Value {
	rt := s.rt
	o := rt.NewObject()
	var depth interface{} = s.depth
	if s.depth >= unlimitedDepth {
		depth = math.Inf(1)
	}
	colors := s.colors
	_ = o.Set("showHidden", s.showHidden)
	_ = o.Set("depth", depth)
	_ = o.Set("colors", colors)
	_ = o.Set("customInspect", s.customInspect)
	_ = o.Set("showProxy", s.showProxy)
	_ = o.Set("maxArrayLength", maxArrayLength)
	_ = o.Set("maxStringLength", maxStringLength)
	_ = o.Set("breakLength", s.breakLength)
	_ = o.Set("compact", compactLevel)
	_ = o.Set("sorted", false)
	_ = o.Set("getters", false)
	_ = o.Set("numericSeparator", false)
	_ = o.Set("stylize", func(call goja.FunctionCall) goja.Value {
		str := call.Argument(0).String()
		if !colors {
			return rt.ToValue(str)
		}
		return rt.ToValue(stylizeWithColor(str, call.Argument(1).String()))
	})
	return o
}

// try runs f, converting a JavaScript exception into a return value.
// Uncatchable errors (interrupts) keep propagating as panics.
func (s *state) try(f func()) *goja.Exception {
	return s.rt.Try(f)
}

// callFailed handles the error of a Callable: exceptions are rendered,
// uncatchable errors are re-raised so that they reach recoverInterrupt.
func (s *state) callFailed(err error) string {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return s.threw(ex)
	}
	panic(err)
}

// threw renders an exception raised while inspecting, in the words Node
// uses for throwing getters.
func (s *state) threw(ex *goja.Exception) string {
	return s.stylize("<Inspection threw ("+s.exceptionMessage(ex)+")>", "special")
}

func (s *state) exceptionMessage(ex *goja.Exception) (msg string) {
	msg = ex.Error()
	v := ex.Value()
	if o, ok := v.(*goja.Object); ok {
		_ = s.rt.Try(func() {
			if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
				msg = m.String()
			}
		})
		return msg
	}
	if v != nil {
		_ = s.rt.Try(func() { msg = v.String() })
	}
	return msg
}

// call invokes a native helper, treating a thrown exception as failure.
func (s *state) call(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, bool) {
	if fn == nil {
		return nil, false
	}
	v, err := fn(this, args...)
	if err != nil {
		var ex *goja.Exception
		if errors.As(err, &ex) {
			return nil, false
		}
		panic(err)
	}
	return v, true
}

// get reads a property, reporting an exception instead of panicking.
func (s *state) get(obj *goja.Object, key propKey) (v goja.Value, ex *goja.Exception) {
	ex = s.try(func() {
		if key.sym != nil {
			v = obj.GetSymbol(key.sym)
		} else {
			v = obj.Get(key.name)
		}
	})
	if v == nil {
		v = goja.Undefined()
	}
	return v, ex
}

func (s *state) stylize(str, style string) string {
	if !s.colors {
		return str
	}
	return stylizeWithColor(str, style)
}

// stylizeWithColor applies Node's inspect.styles / inspect.colors.
func stylizeWithColor(str, style string) string {
	var open, closeCode string
	switch style {
	case "special":
		open, closeCode = "36", "39"
	case "number", "bigint", "boolean":
		open, closeCode = "33", "39"
	case "undefined":
		open, closeCode = "90", "39"
	case "null":
		open, closeCode = "1", "22"
	case "string", "symbol":
		open, closeCode = "32", "39"
	case "date":
		open, closeCode = "35", "39"
	case "regexp":
		open, closeCode = "31", "39"
	case "module":
		open, closeCode = "4", "24"
	default:
		return str
	}
	return "\x1b[" + open + "m" + str + "\x1b[" + closeCode + "m"
}
