package host

import (
	"strings"

	"github.com/dop251/goja"
)

// namer gives every Go-backed function the host installs the name it is
// installed under. goja names a Go function after its Go symbol
// ("github.com/.../shield.(*Scheduler).Install.func2"), and reads frame names
// from the name property, so console.log, stack frames and error messages
// would otherwise show Go symbols.
//
// It skips what goja itself defined (taken as the global's keys before the
// host installs anything), so the engine's lazily built builtins stay
// unbuilt, and it never invokes accessors, so lazy globals stay lazy.
type namer struct {
	rt       *goja.Runtime
	builtins map[string]bool
	isData   goja.Callable
	seen     map[*goja.Object]bool
}

var isDataProgram = goja.MustCompile("shieldjs:internal/names", `(function (o, k) {
  const d = Object.getOwnPropertyDescriptor(o, k);
  return d !== undefined && "value" in d;
})`, true)

func newNamer(rt *goja.Runtime) *namer {
	n := &namer{rt: rt, builtins: map[string]bool{}, seen: map[*goja.Object]bool{}}
	for _, k := range rt.GlobalObject().GetOwnPropertyNames() {
		n.builtins[k] = true
	}
	v, err := rt.RunProgram(isDataProgram)
	if err != nil {
		panic(err)
	}
	n.isData, _ = goja.AssertFunction(v)
	return n
}

// name walks obj (own data properties, nested objects and class
// prototypes) to the given depth.
func (n *namer) name(obj *goja.Object, depth int) {
	if depth == 0 || n.seen[obj] {
		return
	}
	n.seen[obj] = true
	global := obj == n.rt.GlobalObject()
	for _, key := range obj.GetOwnPropertyNames() {
		if global && n.builtins[key] {
			continue
		}
		if ok, err := n.isData(goja.Undefined(), obj, n.rt.ToValue(key)); err != nil || !ok.ToBoolean() {
			continue
		}
		o, ok := obj.Get(key).(*goja.Object)
		if !ok {
			continue
		}
		if _, isFn := goja.AssertFunction(o); isFn {
			if nm := o.Get("name"); nm != nil && isGoSymbol(nm.String()) {
				o.DefineDataProperty("name", n.rt.ToValue(key), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			}
			if p, ok := o.Get("prototype").(*goja.Object); ok && key != "constructor" {
				n.name(p, depth-1)
			}
			n.name(o, depth-1) // static methods
			continue
		}
		n.name(o, depth-1)
	}
}

func isGoSymbol(name string) bool {
	return strings.Contains(name, "/") || strings.Contains(name, ".func")
}
