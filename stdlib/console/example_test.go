package console_test

import (
	"os"
	"strings"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/stdlib/console"
)

func ExampleNew() {
	rt := goja.New()
	join := func(args []goja.Value) string {
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = a.String()
		}
		return strings.Join(parts, " ")
	}
	rt.Set("console", console.New(rt, console.Config{
		Stdout: os.Stdout, Stderr: os.Stdout, Format: join,
		Inspect: func(v goja.Value) string { return v.String() },
	}))
	rt.RunString(`
console.log("hello", 42);
console.group("group");
console.info("indented");
console.groupEnd();
console.count(); console.count();
console.assert(1 === 2, "one is not two");
`)
	// Output:
	// hello 42
	// group
	//   indented
	// default: 1
	// default: 2
	// Assertion failed: one is not two
}
