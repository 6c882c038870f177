package compile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// runWith compiles src and calls the wrapper with hooks that record what
// each await was handed.
func runWith(t *testing.T, kind Kind, src string) (goja.Value, []string, *goja.Runtime) {
	t.Helper()
	p, err := Compile(kind, "t.js", src)
	if err != nil {
		t.Fatal(err)
	}
	rt := goja.New()
	w, err := rt.RunProgram(p.Program)
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(w)
	var seen []string
	n := 0
	mark := rt.ToValue(func(goja.FunctionCall) goja.Value { n++; return rt.ToValue(n) })
	await := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		seen = append(seen, fmt.Sprintf("%v:%v", c.Argument(0), c.Argument(1)))
		return c.Argument(1)
	})
	u := goja.Undefined()
	v, err := fn(u, u, u, u, u, u, mark, await)
	if err != nil {
		t.Fatal(err)
	}
	return v, seen, rt
}

func TestAwaitsGoThroughHooks(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"top level", "await 1; await 2;", []string{"1:1", "2:2"}},
		{"nested functions and arrows", "async function f(x) { return await x; } const g = async () => await f(3); await g();", []string{"3:3", "2:[object Promise]", "1:[object Promise]"}},
		{"mark is evaluated before the argument", "async function f() { await 'inner'; } await f();", []string{"2:inner", "1:[object Promise]"}},
		{"class methods and default parameters", "class C { async m(a = 1) { return await a; } } await new C().m();", []string{"2:1", "1:[object Promise]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, seen, _ := runWith(t, Script, c.src)
			if strings.Join(seen, " ") != strings.Join(c.want, " ") {
				t.Fatalf("hooks saw %v, want %v", seen, c.want)
			}
		})
	}
}

func TestPositionsAreThoseOfTheSource(t *testing.T) {
	src := "const a = 1;\n\nasync function f() {\n  await null;\n  throw new Error('here');\n}\nawait f();\n"
	v, _, rt := runWith(t, Script, src)
	p := v.Export().(*goja.Promise)
	if p.State() != goja.PromiseStateRejected {
		t.Fatalf("state %v", p.State())
	}
	stack := p.Result().ToObject(rt).Get("stack").String()
	if !strings.Contains(stack, "at f (t.js:5:9") || !strings.Contains(stack, "t.js:7:") {
		t.Fatalf("stack does not point into the source:\n%s", stack)
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		src             string
		line, col       int
		msg, sourceLine string
	}{
		{"let a = 1;\nfoo(1, ));\n", 2, 9, "Unexpected token )", "foo(1, ));"},
		{"let a = (1;", 1, 11, "Unexpected token ;", "let a = (1;"},
		{"let a = 1;\nlet a = 2;", 2, 5, "Identifier 'a' has already been declared", "let a = 2;"},
		{"function f() {\n  return [1,\n", 3, 1, "Unexpected end of input", ""},
		{"let s = `open", 1, 14, "Unexpected end of input", "let s = `open"},
	}
	for _, c := range cases {
		_, err := Compile(Script, "s.js", c.src)
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("%q: err = %v", c.src, err)
			continue
		}
		if se.Line != c.line || se.Column != c.col || se.Message != c.msg || se.SourceLine != c.sourceLine {
			t.Errorf("%q: got %d:%d %q %q, want %d:%d %q %q", c.src, se.Line, se.Column, se.Message, se.SourceLine, c.line, c.col, c.msg, c.sourceLine)
		}
	}
}

func TestSyntaxErrorFormat(t *testing.T) {
	_, err := Compile(Script, "f.js", "x = 1;\n\tfoo(1, ));")
	want := "f.js:2:10\n\tfoo(1, ));\n\t        ^\n\nSyntaxError: Unexpected token )"
	if err == nil || err.Error() != want {
		t.Fatalf("got\n%v\nwant\n%s", err, want)
	}
}

func TestShebangAndEval(t *testing.T) {
	v, _, _ := runWith(t, Eval, "#!/usr/bin/env shieldjs\n1 + 2")
	if r := v.Export().(*goja.Promise).Result().ToInteger(); r != 3 {
		t.Fatalf("eval result %d", r)
	}
}

func TestWrapperCannotBeEscaped(t *testing.T) {
	if _, err := Compile(Script, "e.js", "}); (async function() {"); err == nil {
		t.Fatal("a source that closes the wrapper compiled")
	}
}

func TestCacheReturnsSameProgram(t *testing.T) {
	var c Cache
	a, _ := c.Compile(Module, "m.js", "module.exports = 1")
	b, _ := c.Compile(Module, "m.js", "module.exports = 1")
	d, _ := c.Compile(Module, "m.js", "module.exports = 2")
	if a != b || a == d {
		t.Fatal("cache keyed wrongly")
	}
}

func ExampleCompile() {
	p, err := Compile(Script, "hello.js", "const v = await 41;\nconsole.log(v + 1);")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Filename)
	_, err = Compile(Script, "bad.js", "let x = ;")
	fmt.Println(err)
	// Output:
	// hello.js
	// bad.js:1:9
	// let x = ;
	//         ^
	//
	// SyntaxError: Unexpected token ;
}
