package inspect

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// testCase evaluates expr in a fresh runtime and compares Inspect (or, for
// formatCases, Format over the elements of the resulting array) with what
// Node prints.
type testCase struct {
	name string
	expr string
	opts Options
	want string
}

var defaults = Defaults()

func eval(t *testing.T, rt *goja.Runtime, expr string) goja.Value {
	t.Helper()
	v, err := rt.RunString(expr)
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func TestInspect(t *testing.T) {
	for _, tc := range inspectCases {
		t.Run(tc.name, func(t *testing.T) {
			rt := goja.New()
			got := Inspect(rt, eval(t, rt, tc.expr), tc.opts)
			if got != tc.want {
				t.Errorf("Inspect(%s)\n got: %q\nwant: %q", tc.expr, got, tc.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range formatCases {
		t.Run(tc.name, func(t *testing.T) {
			rt := goja.New()
			arr := eval(t, rt, tc.expr).(*goja.Object)
			var args []goja.Value
			for _, k := range arr.Keys() {
				args = append(args, arr.Get(k))
			}
			got := Format(rt, args, tc.opts)
			if got != tc.want {
				t.Errorf("Format(%s)\n got: %q\nwant: %q", tc.expr, got, tc.want)
			}
		})
	}
}

// The remaining tests cover what Node cannot produce expectations for:
// goja's own stack format, Go-made constructors and values, and failures.

func inspectExpr(t *testing.T, rt *goja.Runtime, expr string) string {
	t.Helper()
	return Inspect(rt, eval(t, rt, expr), Defaults())
}

func TestStringTruncated(t *testing.T) {
	got := inspectExpr(t, goja.New(), "'x'.repeat(10010)")
	want := "'" + strings.Repeat("x", 10000) + "'... 10 more characters"
	if got != want {
		t.Errorf("got %d bytes ending %q", len(got), got[len(got)-30:])
	}
}

func TestGojaStack(t *testing.T) {
	rt := goja.New()
	// goja writes "\tat" frames and a trailing newline; they are shown the
	// way Node lays out V8's "    at" frames.
	got := inspectExpr(t, rt, "function f() { return new Error('boom') }\nf()")
	want := "Error: boom\n    at f (<eval>:1:23(3))\n    at <eval>:2:2(3)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = inspectExpr(t, rt, "({ e: (function g() { return new TypeError('bad') })() })")
	want = "{\n  e: TypeError: bad\n      at g (<eval>:1:30(7))\n      at <eval>:1:53(3)\n}"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// newGoClass builds a constructor the way goja_nodejs and the shield
// package do: a Go function (which goja names after its Go symbol) with a
// hand-made prototype.
func newGoClass(rt *goja.Runtime, parentProto *goja.Object, tag string, construct func(call goja.ConstructorCall) *goja.Object) *goja.Object {
	ctor := rt.ToValue(construct).ToObject(rt)
	proto := rt.NewObject()
	_ = proto.SetPrototype(parentProto)
	_ = proto.DefineDataProperty("constructor", ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if tag != "" {
		_ = proto.DefineDataPropertySymbol(goja.SymToStringTag, rt.ToValue(tag), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	_ = ctor.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return ctor
}

func TestBuffer(t *testing.T) {
	rt := goja.New()
	u8 := rt.Get("Uint8Array").ToObject(rt)
	buf := newGoClass(rt, u8.Get("prototype").ToObject(rt), "", func(call goja.ConstructorCall) *goja.Object {
		o, err := rt.New(u8, call.Arguments...)
		if err != nil {
			panic(err)
		}
		_ = o.SetPrototype(call.This.Prototype())
		return o
	})
	_ = buf.SetPrototype(u8)
	_ = rt.Set("Buffer", buf)
	for _, tc := range []struct{ expr, want string }{
		{"new Buffer([104, 105])", "<Buffer 68 69>"},
		{"new Buffer(0)", "<Buffer >"},
		{"new Buffer(60)", "<Buffer " + strings.TrimSpace(strings.Repeat("00 ", 50)) + " ... 10 more bytes>"},
		{"({ b: new Buffer([1]) })", "{ b: <Buffer 01> }"},
		{"Object.assign(new Buffer([1]), { x: 1 })", "<Buffer 01, x: 1>"},
		{"new Uint8Array([1])", "Uint8Array(1) [ 1 ]"},
	} {
		if got := inspectExpr(t, rt, tc.expr); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.expr, got, tc.want)
		}
	}
}

func TestGoConstructorUsesToStringTag(t *testing.T) {
	rt := goja.New()
	promiseProto := rt.Get("Promise").ToObject(rt).Get("prototype").ToObject(rt)
	var futureProto *goja.Object
	future := newGoClass(rt, promiseProto, "Future", func(call goja.ConstructorCall) *goja.Object {
		p, resolve, _ := rt.NewPromise()
		if len(call.Arguments) > 0 {
			_ = resolve(call.Arguments[0])
		}
		o := rt.ToValue(p).ToObject(rt)
		_ = o.SetPrototype(call.This.Prototype())
		return o
	})
	futureProto = future.Get("prototype").ToObject(rt)
	task := newGoClass(rt, futureProto, "Task", func(call goja.ConstructorCall) *goja.Object {
		p, _, _ := rt.NewPromise()
		o := rt.ToValue(p).ToObject(rt)
		_ = o.SetPrototype(call.This.Prototype())
		return o
	})
	_ = rt.Set("Future", future)
	_ = rt.Set("Task", task)
	// Node prints `Task { <pending> }` for a Promise subclass whose
	// toStringTag equals its name; the Go symbol names goja gives these
	// constructors are replaced by that tag.
	for _, tc := range []struct{ expr, want string }{
		{"new Task()", "Task { <pending> }"},
		{"new Future(42)", "Future { 42 }"},
		{"({ t: new Task() })", "{ t: Task { <pending> } }"},
	} {
		if got := inspectExpr(t, rt, tc.expr); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.expr, got, tc.want)
		}
	}
}

func TestGoValues(t *testing.T) {
	rt := goja.New()
	_ = rt.Set("gomap", map[string]interface{}{"a": 1})
	_ = rt.Set("goslice", []string{"x", "y"})
	_ = rt.Set("gostruct", struct {
		A int
		B string
	}{1, "x"})
	for _, tc := range []struct{ expr, want string }{
		{"gomap", "{ a: 1 }"},
		{"goslice", "[ 'x', 'y' ]"},
		{"gostruct", "{ A: 1, B: 'x' }"},
	} {
		if got := inspectExpr(t, rt, tc.expr); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.expr, got, tc.want)
		}
	}
	if got := Inspect(rt, nil, Defaults()); got != "undefined" {
		t.Errorf("nil: got %q", got)
	}
}

func TestExceptionsAreContained(t *testing.T) {
	rt := goja.New()
	for _, tc := range []struct{ expr, want string }{
		{"({ [Symbol.for('nodejs.util.inspect.custom')]() { throw new Error('hook!') } })",
			"<Inspection threw (hook!)>"},
		{"({ a: { [Symbol.for('nodejs.util.inspect.custom')]() { throw 'str' } } })",
			"{ a: <Inspection threw (str)> }"},
		{"({ get [Symbol.toStringTag]() { throw new Error('tag') }, a: 1 })",
			"{ a: 1, [Symbol(Symbol.toStringTag)]: [Getter] }"},
		{"new Proxy({ a: 1 }, { ownKeys() { throw new Error('keys') }, getPrototypeOf() { throw new Error('proto') } })",
			"{ a: 1 }"},
		{"(() => { const e = new Error('x'); Object.defineProperty(e, 'stack', { get() { throw new Error('s') } }); return e })()",
			"[Error: x]"},
	} {
		if got := inspectExpr(t, rt, tc.expr); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.expr, got, tc.want)
		}
	}
	args := []goja.Value{rt.ToValue("%s %d"), eval(t, rt, "({ toString() { throw new Error('ts') } })"),
		eval(t, rt, "({ valueOf() { throw new Error('vo') } })")}
	want := "<Inspection threw (ts)> <Inspection threw (vo)>"
	if got := Format(rt, args, Defaults()); got != want {
		t.Errorf("Format: got %q, want %q", got, want)
	}
}

// interruptingHook is an object whose custom inspect hook never returns.
const interruptingHook = "({ [Symbol.for('nodejs.util.inspect.custom')]() { for (;;) {} } })"

func TestInterruptOutsideScript(t *testing.T) {
	rt := goja.New()
	v := eval(t, rt, interruptingHook)
	timer := time.AfterFunc(50*time.Millisecond, func() { rt.Interrupt("stop") })
	defer timer.Stop()
	got := Inspect(rt, v, Defaults())
	if !strings.HasPrefix(got, "[Inspection interrupted: stop") {
		t.Errorf("got %q", got)
	}
	// The runtime stays usable.
	if got := inspectExpr(t, rt, "[1]"); got != "[ 1 ]" {
		t.Errorf("after interrupt: got %q", got)
	}
}

func TestInterruptInsideScript(t *testing.T) {
	rt := goja.New()
	_ = rt.Set("log", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(Format(rt, call.Arguments, Defaults()))
	})
	timer := time.AfterFunc(50*time.Millisecond, func() { rt.Interrupt("stop") })
	defer timer.Stop()
	// The interrupt must stop the script that called log, not just the
	// hook, so the statement after it never runs.
	_, err := rt.RunString("var after = false; log(" + interruptingHook + "); after = true")
	var ie *goja.InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("got error %v, want *goja.InterruptedError", err)
	}
	if rt.Get("after").ToBoolean() {
		t.Error("script continued after the interrupt")
	}
}

func TestCustomInspectCanRecurse(t *testing.T) {
	rt := goja.New()
	got := inspectExpr(t, rt, `({ a: { [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
		return 'Wrapped<' + inspect({ x: [1, 2] }, options) + '>' + typeof inspect.custom
	} } })`)
	want := "{ a: Wrapped<{ x: [ 1, 2 ] }>symbol }"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDefaultsAndZeroOptions(t *testing.T) {
	if d := Defaults(); d.Depth != 2 || d.BreakLength != 80 || d.Colors || d.ShowHidden {
		t.Errorf("Defaults() = %+v", d)
	}
	rt := goja.New()
	// Depth 0 is honoured; BreakLength 0 means 80.
	got := Inspect(rt, eval(t, rt, "({ a: { b: 1 } })"), Options{})
	if got != "{ a: [Object] }" {
		t.Errorf("zero Options: got %q", got)
	}
}
