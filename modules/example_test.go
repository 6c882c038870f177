package modules_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/modules"
)

func Example() {
	dir, err := os.MkdirTemp("", "modules-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"greet.js":                           `const {prefix} = require("greeting"); module.exports = name => prefix + name;`,
		"node_modules/greeting/package.json": `{"exports": {"require": "./cjs.js", "import": "./esm.mjs"}}`,
		"node_modules/greeting/cjs.js":       `exports.prefix = "hello, ";`,
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			panic(err)
		}
	}

	rt := goja.New()
	l := modules.New(rt, modules.Config{
		Hooks: [2]goja.Value{
			rt.ToValue(func(goja.FunctionCall) goja.Value { return rt.ToValue(0) }),
			rt.ToValue(func(c goja.FunctionCall) goja.Value { return c.Argument(1) }),
		},
		Natives: map[string]modules.Native{
			"os": func(rt *goja.Runtime, module *goja.Object) error {
				return module.Get("exports").ToObject(rt).Set("platform", "shieldjs")
			},
		},
	})
	rt.Set("require", l.RequireFunc(dir))
	v, err := rt.RunString(`require("./greet")("world") + " on " + require("node:os").platform`)
	if err != nil {
		panic(err)
	}
	fmt.Println(v)
	// Output: hello, world on shieldjs
}
