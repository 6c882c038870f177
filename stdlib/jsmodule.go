package stdlib

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/shield"
)

var (
	jsMu       sync.Mutex
	jsPrograms = map[string]*compile.Program{}
)

// RunJS runs src, the JavaScript half of a standard module, as a CommonJS
// module named name and returns its module.exports. The source is compiled
// once per process, through the await-rewriting pipeline, under the host's
// internal file name, so its frames stay out of user stack traces. Inside
// it, require("internal") returns natives, the Go half.
func RunJS(s *shield.Scheduler, name, src string, natives goja.Value) goja.Value {
	filename := shield.InternalFile + "/" + name
	jsMu.Lock()
	p, ok := jsPrograms[name]
	if !ok {
		var err error
		p, err = compile.Compile(compile.Module, filename, src)
		if err != nil {
			jsMu.Unlock()
			panic(fmt.Sprintf("stdlib: %s: %v", name, err))
		}
		jsPrograms[name] = p
	}
	jsMu.Unlock()

	rt := s.Runtime()
	if o, ok := natives.(*goja.Object); ok {
		hideNatives(rt, o)
	}
	w, err := rt.RunProgram(p.Program)
	if err != nil {
		panic(err)
	}
	fn, _ := goja.AssertFunction(w)
	module := rt.NewObject()
	exports := rt.NewObject()
	module.Set("exports", exports)
	req := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		if c.Argument(0).String() == "internal" {
			return natives
		}
		panic(rt.NewTypeError(fmt.Sprintf("%s: no internal module %q", name, c.Argument(0).String())))
	})
	if _, err := fn(exports, exports, req, module, rt.ToValue(filename), rt.ToValue(shield.InternalFile), s.MarkFunc(), s.AwaitFunc()); err != nil {
		panic(err)
	}
	return module.Get("exports")
}

// hideNatives names the Go functions of a natives object after the host's
// internal file, so that stack traces leave them out like the module's own
// frames (goja would name them after their Go symbols).
func hideNatives(rt *goja.Runtime, natives *goja.Object) {
	for _, k := range natives.Keys() {
		fn, ok := natives.Get(k).(*goja.Object)
		if !ok {
			continue
		}
		if _, isFn := goja.AssertFunction(fn); !isFn {
			continue
		}
		if n := fn.Get("name"); n != nil && (strings.Contains(n.String(), "/") || strings.Contains(n.String(), ".func")) {
			_ = fn.DefineDataProperty("name", rt.ToValue(shield.InternalFile+"/"+k), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		}
	}
}
