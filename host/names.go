package host

import (
	"strings"

	"github.com/dop251/goja"
)

// nameFunctions gives every Go-backed function reachable from obj (its own
// properties, nested objects and class prototypes, a few levels deep) the
// name it is installed under. goja names a Go function after its Go symbol
// ("github.com/.../shield.(*Scheduler).Install.func2"), which is what
// console.log, stack frames and error messages would otherwise show.
func nameFunctions(rt *goja.Runtime, obj *goja.Object, depth int, seen map[*goja.Object]bool) {
	if depth == 0 || seen[obj] {
		return
	}
	seen[obj] = true
	for _, key := range obj.GetOwnPropertyNames() {
		var v goja.Value
		if rt.Try(func() { v = obj.Get(key) }) != nil {
			continue // an accessor that throws, such as Function.prototype.caller
		}
		o, ok := v.(*goja.Object)
		if !ok {
			continue
		}
		if _, isFn := goja.AssertFunction(v); isFn {
			if n := o.Get("name"); n != nil && isGoSymbol(n.String()) {
				o.DefineDataProperty("name", rt.ToValue(key), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			}
			if p, ok := o.Get("prototype").(*goja.Object); ok && key != "constructor" {
				nameFunctions(rt, p, depth-1, seen)
			}
			nameFunctions(rt, o, depth-1, seen) // static methods
			continue
		}
		nameFunctions(rt, o, depth-1, seen)
	}
}

func isGoSymbol(name string) bool {
	return strings.Contains(name, "/") || strings.Contains(name, ".func")
}
