package compile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
)

// replRunner runs REPL inputs on a bare runtime, with hooks that let every
// await through, as a session would minus tasks.
type replRunner struct {
	rt *goja.Runtime
	n  int
}

func (r *replRunner) eval(t *testing.T, src string) (goja.Value, error) {
	t.Helper()
	r.n++
	name := fmt.Sprintf("REPL%d", r.n)
	p, err := compile.Compile(compile.REPL, name, src)
	if err != nil {
		return nil, err
	}
	g := r.rt.GlobalObject()
	for _, n := range p.Globals {
		if g.Get(n) == nil {
			g.Set(n, goja.Undefined())
		}
	}
	w, err := r.rt.RunProgram(p.Program)
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(w)
	var result goja.Value = goja.Undefined()
	mark := r.rt.ToValue(func(goja.FunctionCall) goja.Value { return goja.Undefined() })
	await := r.rt.ToValue(func(c goja.FunctionCall) goja.Value { return c.Argument(1) })
	res := r.rt.ToValue(func(c goja.FunctionCall) goja.Value { result = c.Argument(0); return goja.Undefined() })
	u := goja.Undefined()
	pv, err := fn(g, u, u, u, u, u, mark, await, res)
	if err != nil {
		return nil, err
	}
	p2 := pv.Export().(*goja.Promise)
	if p2.State() == goja.PromiseStateRejected {
		return nil, fmt.Errorf("rejected: %v", p2.Result().ToObject(r.rt).Get("stack"))
	}
	return result, nil
}

func TestREPLDeclarationsPersist(t *testing.T) {
	r := &replRunner{rt: goja.New()}
	steps := []struct{ src, want string }{
		{"let x = await Promise.resolve(40)", "undefined"},
		{"x + 2", "42"},
		{"const {a, b: [c, d = 4], ...rest} = {a: 1, b: [3], e: 5, f: 6}", "undefined"},
		{"[a, c, d, rest.e, rest.f].join()", "1,3,4,5,6"},
		{"g(); function g() { return 'hoisted' }", "hoisted"},
		{"g()", "hoisted"},
		{"class C { m() { return 'method' } }", "undefined"},
		{"new C().m()", "method"},
		{"for (var i = 0; i < 3; i++) {} var v = 7; i + v", "10"},
		{"let u; typeof u", "undefined"},
		{"let x = 'redeclared'; x", "redeclared"},
		{"'use strict'; let s = 1; function sf() { return s + 1 } sf()", "2"},
		{"s", "1"},
		{"{ a: 1 }", "[object Object]"},
		{"{ let inner = 1; inner }", "undefined"},
		{"typeof inner", "undefined"},
		{"let f1 = () => 1, f2 = function () {}; f1.name + f2.name", "f1f2"},
		{"1 + 1;;", "2"},
		{"Promise.resolve(5) instanceof Promise", "true"},
	}
	for _, s := range steps {
		v, err := r.eval(t, s.src)
		if err != nil {
			t.Fatalf("%s: %v", s.src, err)
		}
		if v.String() != s.want {
			t.Errorf("%s = %s, want %s", s.src, v, s.want)
		}
	}
}

func TestREPLResultIsNotAdopted(t *testing.T) {
	r := &replRunner{rt: goja.New()}
	v, err := r.eval(t, "Promise.resolve(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := v.Export().(*goja.Promise); !ok {
		t.Fatalf("result %v is not the promise itself", v)
	}
}

func TestREPLEarlyErrorsKept(t *testing.T) {
	for _, src := range []string{"let a = 1; let a = 2", "const c;", "let let = 1"} {
		_, err := compile.Compile(compile.REPL, "REPL1", src)
		if err == nil || compile.IsIncomplete(err) {
			t.Errorf("%q: err = %v, want a syntax error", src, err)
		}
	}
}

func TestREPLIncomplete(t *testing.T) {
	incomplete := []string{"foo(", "{", "`abc", "`abc ${", "1 +", "let x =", "/* abc", "function f() {",
		"x.", "if (x)", "class A {", "[1,2", "const {a", "async () =>", "'abc\\", "foo(\n  1,"}
	for _, src := range incomplete {
		_, err := compile.Compile(compile.REPL, "REPL1", src)
		if !compile.IsIncomplete(err) {
			t.Errorf("%q: err = %v, want incomplete", src, err)
		}
	}
	complete := []string{"foo)", "'abc", "x = /ab", "1 2", "let x = 1 2\n"}
	for _, src := range complete {
		_, err := compile.Compile(compile.REPL, "REPL1", src)
		var se *compile.SyntaxError
		if compile.IsIncomplete(err) || !asSyntax(err, &se) {
			t.Errorf("%q: err = %v, want a complete syntax error", src, err)
		}
	}
}

func asSyntax(err error, se **compile.SyntaxError) bool {
	if err == nil {
		return false
	}
	s, ok := err.(*compile.SyntaxError)
	*se = s
	return ok
}

func TestREPLPositions(t *testing.T) {
	r := &replRunner{rt: goja.New()}
	_, err := r.eval(t, "let q = 1\nfunction boom() {\n  throw new Error('x')\n}\nboom()")
	if err == nil || !strings.Contains(err.Error(), "REPL1:3:") {
		t.Fatalf("err = %v, want a throw located at REPL1:3", err)
	}
	_, err = compile.Compile(compile.REPL, "REPL9", "let ok = 1\nlet = = 2")
	var se *compile.SyntaxError
	if !asSyntax(err, &se) || se.Line != 2 || se.Filename != "REPL9" {
		t.Fatalf("err = %#v, want a syntax error on line 2", err)
	}
}

func ExampleCompile_rEPL() {
	p, err := compile.Compile(compile.REPL, "REPL1", "let [a, b] = [1, 2]; function f() {}; a + b")
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Globals)
	// Output: [a b f]
}
