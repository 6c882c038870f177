package inspect

import (
	"errors"

	"github.com/dop251/goja"
)

// propKey is a property key: a string or a symbol, with its descriptor
// when that was fetched together with the key list.
type propKey struct {
	name string
	sym  *goja.Symbol
	desc *descriptor
}

func (k propKey) value(rt *goja.Runtime) goja.Value {
	if k.sym != nil {
		return k.sym
	}
	return rt.ToValue(k.name)
}

// descriptor is what Object.getOwnPropertyDescriptor reports.
type descriptor struct {
	exists     bool
	value      goja.Value
	get, set   goja.Value
	enumerable bool
}

func isUndef(v goja.Value) bool {
	return v == nil || goja.IsUndefined(v)
}

// ownDesc returns the own property descriptor of obj[key]. Reading a
// descriptor never runs a getter, which is why Node (and this port) use it
// instead of a plain property read.
func (s *state) ownDesc(obj *goja.Object, key propKey) (d descriptor, ex *goja.Exception) {
	s.in.core()
	if s.in.gopd == nil {
		return d, nil
	}
	dv, err := s.in.gopd(goja.Undefined(), obj, key.value(s.rt))
	if err != nil {
		var e *goja.Exception
		if errors.As(err, &e) {
			return d, e
		}
		panic(err)
	}
	do, ok := dv.(*goja.Object)
	if !ok {
		return d, nil
	}
	// A descriptor is a plain data object, so these reads cannot throw.
	d.exists = true
	d.value = do.Get("value")
	d.get = do.Get("get")
	d.set = do.Get("set")
	if e := do.Get("enumerable"); e != nil {
		d.enumerable = e.ToBoolean()
	}
	return d, nil
}

// hasOwn reports whether obj has an own property key.
func (s *state) hasOwn(obj *goja.Object, key propKey) bool {
	d, _ := s.ownDesc(obj, key)
	return d.exists
}

// getKeys mirrors Node's getKeys: own enumerable string keys and symbols,
// or all own keys with showHidden.
func (s *state) getKeys(obj *goja.Object) (keys []propKey, ex *goja.Exception) {
	if keys, ok, ex := s.describe(obj); ok || ex != nil {
		return keys, ex
	}
	return s.listKeys(obj)
}

// listKeys is getKeys without descriptors.
func (s *state) listKeys(obj *goja.Object) (keys []propKey, ex *goja.Exception) {
	var names []string
	var syms []*goja.Symbol
	ex = s.try(func() {
		if s.showHidden {
			names = obj.GetOwnPropertyNames()
			syms = s.allSymbols(obj)
		} else {
			names = obj.Keys()
			syms = obj.Symbols()
		}
	})
	keys = make([]propKey, 0, len(names)+len(syms))
	for _, n := range names {
		keys = append(keys, propKey{name: n})
	}
	for _, sym := range syms {
		if sym != nil {
			keys = append(keys, propKey{sym: sym})
		}
	}
	return keys, ex
}

// describe lists keys and fetches all their descriptors with a single
// Object.getOwnPropertyDescriptors call: each call from Go into the runtime
// has a fixed cost several times that of reading a property, so one call
// per object beats one per key. ok is false when that built-in is missing.
func (s *state) describe(obj *goja.Object) (keys []propKey, ok bool, ex *goja.Exception) {
	s.in.core()
	if s.in.gopds == nil {
		return nil, false, nil
	}
	keys, ex = s.listKeys(obj)
	if ex != nil || len(keys) == 0 {
		return keys, true, ex
	}
	res, err := s.in.gopds(goja.Undefined(), obj)
	if err != nil {
		var e *goja.Exception
		if errors.As(err, &e) {
			return keys, true, e
		}
		panic(err)
	}
	all, isObj := res.(*goja.Object)
	if !isObj {
		return keys, true, nil
	}
	descs := make([]descriptor, len(keys))
	for i := range keys {
		var dv goja.Value
		if keys[i].sym != nil {
			dv = all.GetSymbol(keys[i].sym)
		} else {
			dv = all.Get(keys[i].name)
		}
		do, isObj := dv.(*goja.Object)
		if !isObj {
			continue
		}
		// Descriptors are plain data objects: these reads cannot throw.
		d := &descs[i]
		d.exists = true
		d.value = do.Get("value")
		d.get = do.Get("get")
		d.set = do.Get("set")
		d.enumerable = do.Get("enumerable").ToBoolean()
		keys[i].desc = d
	}
	return keys, true, nil
}

// allSymbols is Object.getOwnPropertySymbols; goja's Object.Symbols only
// lists the enumerable ones.
func (s *state) allSymbols(obj *goja.Object) []*goja.Symbol {
	fn := s.in.staticMethod("Object", "getOwnPropertySymbols")
	v, ok := s.call(fn, goja.Undefined(), obj)
	if !ok {
		return obj.Symbols()
	}
	arr, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	n := int(arr.Get("length").ToInteger())
	out := make([]*goja.Symbol, 0, n)
	for i := 0; i < n; i++ {
		if sym, ok := arr.Get(itoa(i)).(*goja.Symbol); ok {
			out = append(out, sym)
		}
	}
	return out
}

// nonIndexKeys is Node's getOwnNonIndexProperties: the keys of an array or
// typed array that are not element indices.
func (s *state) nonIndexKeys(obj *goja.Object) ([]propKey, *goja.Exception) {
	// Describing every element would cost far more than listing the keys.
	keys, ex := s.listKeys(obj)
	out := keys[:0]
	for _, k := range keys {
		if k.sym == nil && isArrayIndex(k.name) {
			continue
		}
		out = append(out, k)
	}
	return out, ex
}

// isArrayIndex reports whether key is a canonical array index
// (0 … 2^32-2).
func isArrayIndex(key string) bool {
	if key == "" || len(key) > 10 {
		return false
	}
	if key[0] == '0' {
		return key == "0"
	}
	var n uint64
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + uint64(c-'0')
	}
	return n < 1<<32-1
}

// formatProperty mirrors Node's formatProperty with getters: false.
func (s *state) formatProperty(obj *goja.Object, recurseTimes int, key propKey, typ int) string {
	var desc descriptor
	var ex *goja.Exception
	if key.desc != nil {
		desc = *key.desc
	} else {
		desc, ex = s.ownDesc(obj, key)
	}
	var str string
	switch {
	case ex != nil:
		str = s.threw(ex)
		desc.enumerable = true
	case !desc.exists:
		// Properties like ArrayBuffer's byteLength live on the prototype.
		v, ex := s.get(obj, key)
		if ex != nil {
			str = s.threw(ex)
		} else {
			desc.value = v
		}
		desc.enumerable = true
	}
	if str == "" {
		switch {
		case !isUndef(desc.value):
			s.indentationLvl += 2
			str = s.formatValue(desc.value, recurseTimes, false)
			s.indentationLvl -= 2
		case !isUndef(desc.get):
			if !isUndef(desc.set) {
				str = s.stylize("[Getter/Setter]", "special")
			} else {
				str = s.stylize("[Getter]", "special")
			}
		case !isUndef(desc.set):
			str = s.stylize("[Setter]", "special")
		default:
			str = s.stylize("undefined", "undefined")
		}
	}
	if typ == kArrayType {
		return str
	}
	return s.formatKey(key, desc.enumerable) + ": " + str
}

// formatKey renders a property name the way Node's formatProperty does.
func (s *state) formatKey(key propKey, enumerable bool) string {
	switch {
	case key.sym != nil:
		return "[" + s.stylize(escapeAll(symbolString(key.sym)), "symbol") + "]"
	case key.name == "__proto__":
		return "['__proto__']"
	case !enumerable:
		return "[" + escapeAll(key.name) + "]"
	case isIdentifierKey(key.name):
		return key.name
	default:
		return s.stylize(strEscape(toUTF16(key.name)), "string")
	}
}

// isIdentifierKey is Node's keyStrRegExp, /^[a-zA-Z_][a-zA-Z_0-9]*$/.
func isIdentifierKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

func symbolString(sym *goja.Symbol) string {
	return "Symbol(" + sym.String() + ")"
}
