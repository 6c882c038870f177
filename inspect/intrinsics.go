package inspect

import (
	"math/big"
	"reflect"

	"github.com/dop251/goja"
)

var (
	typeProxy       = reflect.TypeOf(goja.Proxy{})
	typePromise     = reflect.TypeOf((*goja.Promise)(nil))
	typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
	typeMapExport   = reflect.TypeOf([][2]interface{}{})
	typeSetExport   = reflect.TypeOf([]interface{}{})
	typeBigInt      = reflect.TypeOf((*big.Int)(nil))
	typeString      = reflect.TypeOf("")
	typeBool        = reflect.TypeOf(true)
	typeCtor        = reflect.TypeOf((func(goja.ConstructorCall) *goja.Object)(nil))
)

// intrinsics caches, for one top-level Inspect or Format call, the built-in
// functions and prototypes the formatter needs. Everything is looked up
// lazily so that inspecting a primitive costs no lookups at all, and nothing
// outlives the call, so no state is shared between runtimes.
type intrinsics struct {
	rt *goja.Runtime

	haveCore      bool
	objectProto   *goja.Object
	functionProto *goja.Object
	gopd          goja.Callable
	gopds         goja.Callable

	haveSym bool
	custom  *goja.Symbol

	protos   map[string]*goja.Object
	methods  map[string]goja.Callable
	getters  map[string]goja.Callable
	inspectF *goja.Object
}

func newIntrinsics(rt *goja.Runtime) *intrinsics {
	return &intrinsics{rt: rt}
}

// helperProgram evaluates to the built-ins the formatter needs for every
// object, captured in one run.
var helperProgram = goja.MustCompile("inspect-helpers", `[
	Object.getOwnPropertyDescriptor,
	Object.getOwnPropertyDescriptors,
	Symbol.for('nodejs.util.inspect.custom'),
	Function.prototype,
]`, true)

func (in *intrinsics) core() {
	if in.haveCore {
		return
	}
	in.haveCore = true
	in.haveSym = true
	rt := in.rt
	// A fresh object's prototype is %Object.prototype% even if the global
	// Object has been replaced.
	in.objectProto = rt.NewObject().Prototype()
	v, err := rt.RunProgram(helperProgram)
	if err != nil {
		if isUncatchable(err) {
			panic(err)
		}
		// Globals have been tampered with; fall back to what can still
		// be found.
		in.haveSym = false
		_ = rt.Try(func() {
			if c, ok := in.objectProto.Get("constructor").(*goja.Object); ok {
				in.functionProto = c.Prototype()
				in.gopd, _ = goja.AssertFunction(c.Get("getOwnPropertyDescriptor"))
			}
		})
		return
	}
	arr := v.(*goja.Object)
	in.gopd, _ = goja.AssertFunction(arr.Get("0"))
	in.gopds, _ = goja.AssertFunction(arr.Get("1"))
	in.custom, _ = arr.Get("2").(*goja.Symbol)
	in.functionProto, _ = arr.Get("3").(*goja.Object)
}

// customSymbol is Symbol.for('nodejs.util.inspect.custom').
func (in *intrinsics) customSymbol() *goja.Symbol {
	in.core()
	if in.haveSym {
		return in.custom
	}
	in.haveSym = true
	_ = in.rt.Try(func() {
		symCtor, ok := in.rt.Get("Symbol").(*goja.Object)
		if !ok {
			return
		}
		forFn, ok := goja.AssertFunction(symCtor.Get("for"))
		if !ok {
			return
		}
		v, err := forFn(symCtor, in.rt.ToValue("nodejs.util.inspect.custom"))
		if err == nil {
			in.custom, _ = v.(*goja.Symbol)
		}
	})
	return in.custom
}

// proto returns globalThis[name].prototype, or nil.
func (in *intrinsics) proto(name string) *goja.Object {
	if p, ok := in.protos[name]; ok {
		return p
	}
	var p *goja.Object
	_ = in.rt.Try(func() {
		if c, ok := in.rt.Get(name).(*goja.Object); ok {
			p, _ = c.Get("prototype").(*goja.Object)
		}
	})
	if in.protos == nil {
		in.protos = make(map[string]*goja.Object)
	}
	in.protos[name] = p
	return p
}

// method returns globalThis[ctor].prototype[name] as a Callable.
func (in *intrinsics) method(ctor, name string) goja.Callable {
	key := ctor + "." + name
	if m, ok := in.methods[key]; ok {
		return m
	}
	var m goja.Callable
	if p := in.proto(ctor); p != nil {
		_ = in.rt.Try(func() { m, _ = goja.AssertFunction(p.Get(name)) })
	}
	if in.methods == nil {
		in.methods = make(map[string]goja.Callable)
	}
	in.methods[key] = m
	return m
}

// staticMethod returns globalThis[ctor][name] (or globalThis[name] when
// ctor is empty) as a Callable.
func (in *intrinsics) staticMethod(ctor, name string) goja.Callable {
	key := "static " + ctor + "." + name
	if m, ok := in.methods[key]; ok {
		return m
	}
	var m goja.Callable
	_ = in.rt.Try(func() {
		if ctor == "" {
			m, _ = goja.AssertFunction(in.rt.Get(name))
			return
		}
		if c, ok := in.rt.Get(ctor).(*goja.Object); ok {
			m, _ = goja.AssertFunction(c.Get(name))
		}
	})
	if in.methods == nil {
		in.methods = make(map[string]goja.Callable)
	}
	in.methods[key] = m
	return m
}

// getter returns the accessor globalThis[ctor].prototype[name]'s getter;
// calling it on the wrong kind of object throws, which makes it a brand
// check as well as a way to read internal slots.
func (in *intrinsics) getter(ctor string, name goja.Value, keyName string) goja.Callable {
	key := ctor + "." + keyName
	if g, ok := in.getters[key]; ok {
		return g
	}
	var g goja.Callable
	p := in.proto(ctor)
	if ctor == "%TypedArray%" {
		p = nil
		if u := in.proto("Uint8Array"); u != nil {
			p = u.Prototype()
		}
	}
	in.core()
	if p != nil && in.gopd != nil {
		if d, err := in.gopd(goja.Undefined(), p, name); err == nil {
			if do, ok := d.(*goja.Object); ok {
				_ = in.rt.Try(func() { g, _ = goja.AssertFunction(do.Get("get")) })
			}
		}
	}
	if in.getters == nil {
		in.getters = make(map[string]goja.Callable)
	}
	in.getters[key] = g
	return g
}

// inspectFunction is the util.inspect stand-in passed to custom hooks as
// their third argument.
func (in *intrinsics) inspectFunction() goja.Value {
	if in.inspectF != nil {
		return in.inspectF
	}
	rt := in.rt
	f := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		opts, showProxy := optionsFromJS(rt, call.Argument(1))
		return rt.ToValue(inspectWith(rt, newIntrinsics(rt), call.Argument(0), opts, showProxy))
	}).(*goja.Object)
	_ = f.DefineDataProperty("name", rt.ToValue("inspect"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if sym := in.customSymbol(); sym != nil {
		_ = f.Set("custom", sym)
	}
	in.inspectF = f
	return f
}

func (in *intrinsics) isInspectFunction(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && in.inspectF != nil && o == in.inspectF
}

// optionsFromJS reads a util.inspect options object (or the legacy boolean
// showHidden argument).
func optionsFromJS(rt *goja.Runtime, v goja.Value) (Options, bool) {
	opts := Defaults()
	showProxy := false
	o, ok := v.(*goja.Object)
	if !ok {
		if v != nil && v.ExportType() == typeBool {
			opts.ShowHidden = v.ToBoolean()
		}
		return opts, false
	}
	_ = rt.Try(func() {
		if d := o.Get("depth"); d != nil && !goja.IsUndefined(d) {
			if goja.IsNull(d) || goja.IsInfinity(d) {
				opts.Depth = -1
			} else {
				opts.Depth = int(d.ToInteger())
			}
		}
		if c := o.Get("colors"); c != nil {
			opts.Colors = c.ToBoolean()
		}
		if h := o.Get("showHidden"); h != nil {
			opts.ShowHidden = h.ToBoolean()
		}
		if p := o.Get("showProxy"); p != nil {
			showProxy = p.ToBoolean()
		}
		if b := o.Get("breakLength"); b != nil && !goja.IsUndefined(b) {
			if goja.IsInfinity(b) {
				opts.BreakLength = unlimitedDepth
			} else if n := b.ToInteger(); n > 0 {
				opts.BreakLength = int(n)
			}
		}
	})
	return opts, showProxy
}
