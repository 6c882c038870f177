package inspect

import (
	"strings"
	"time"

	"github.com/dop251/goja"
)

// maxChain bounds walks up a prototype chain: a proxy's getPrototypeOf
// trap can make the chain cyclic, and inspecting must still terminate.
const maxChain = 10000

// kind is what V8's type checks (isMap, isDate, …) would say of an object.
type kind int

const (
	kindPlain kind = iota
	kindArray
	kindFunction
	kindMap
	kindSet
	kindTypedArray
	kindRegExp
	kindDate
	kindError
	kindArrayBuffer
	kindDataView
	kindPromise
	kindWeakMap
	kindWeakSet
	kindBoxed
	kindArguments
)

type objInfo struct {
	kind    kind
	size    int        // Map and Set size
	taName  string     // typed array type, e.g. "Uint8Array"
	boxType string     // boxed primitive type, e.g. "Number"
	boxed   goja.Value // boxed primitive value
	promise *goja.Promise
}

// classify finds out what kind of object obj is. goja's Go API exposes no
// type predicates, so this combines ClassName and ExportType as cheap
// filters with brand checks (calling a built-in getter that throws on the
// wrong receiver) where those are ambiguous.
func (s *state) classify(obj *goja.Object, constructor string, ctorNull bool) objInfo {
	switch obj.ClassName() {
	case "Array":
		return objInfo{kind: kindArray}
	case "Function":
		return objInfo{kind: kindFunction}
	case "RegExp":
		return objInfo{kind: kindRegExp}
	case "Date":
		return objInfo{kind: kindDate}
	case "Error":
		return objInfo{kind: kindError}
	case "Arguments":
		return objInfo{kind: kindArguments}
	case "Number", "String", "Boolean":
		return s.boxedInfo(obj, obj.ClassName())
	}
	if _, ok := goja.AssertFunction(obj); ok {
		return objInfo{kind: kindFunction}
	}
	switch et := obj.ExportType(); et {
	case typePromise:
		if p, ok := obj.Export().(*goja.Promise); ok {
			return objInfo{kind: kindPromise, promise: p}
		}
	case typeArrayBuffer:
		return objInfo{kind: kindArrayBuffer}
	case typeMapExport:
		if n, ok := s.call(s.in.getter("Map", s.rt.ToValue("size"), "size"), obj); ok {
			return objInfo{kind: kindMap, size: int(n.ToInteger())}
		}
	case typeSetExport:
		if n, ok := s.call(s.in.getter("Set", s.rt.ToValue("size"), "size"), obj); ok {
			return objInfo{kind: kindSet, size: int(n.ToInteger())}
		}
	case typeBigInt:
		if info := s.boxedInfo(obj, "BigInt"); info.kind == kindBoxed {
			return info
		}
	case typeString:
		if info := s.boxedInfo(obj, "Symbol"); info.kind == kindBoxed {
			return info
		}
	default:
		if isTypedArrayExport(et) {
			if name := s.typedArrayName(obj); name != "" {
				return objInfo{kind: kindTypedArray, taName: name}
			}
		}
	}
	// Node only looks for these when the constructor is not Object, so a
	// plain object costs no brand checks.
	if constructor == "Object" && !ctorNull {
		return objInfo{kind: kindPlain}
	}
	// Errors that are not native errors count when Error.prototype is in
	// the chain, like Node's isError (instanceof Error).
	if !ctorNull && s.inChain(obj, s.in.proto("Error")) {
		return objInfo{kind: kindError}
	}
	// The remaining kinds need a brand check: these built-ins throw for any
	// receiver but their own kind of object. Unless the chain is cut off,
	// only objects that inherit from the matching prototype are checked.
	for _, c := range [...]struct {
		ctor  string
		brand func() goja.Callable
		k     kind
	}{
		{"WeakMap", func() goja.Callable { return s.in.method("WeakMap", "has") }, kindWeakMap},
		{"WeakSet", func() goja.Callable { return s.in.method("WeakSet", "has") }, kindWeakSet},
		{"DataView", func() goja.Callable {
			return s.in.getter("DataView", s.rt.ToValue("byteLength"), "byteLength")
		}, kindDataView},
	} {
		if !ctorNull && !s.inChain(obj, s.in.proto(c.ctor)) {
			continue
		}
		if _, ok := s.call(c.brand(), obj, goja.Undefined()); ok {
			return objInfo{kind: c.k}
		}
	}
	return objInfo{kind: kindPlain}
}

func isTypedArrayExport(t interface{}) bool {
	switch t {
	case typeBytes, typeInt8s, typeUint16s, typeInt16s, typeUint32s, typeInt32s,
		typeFloat32s, typeFloat64s, typeInt64s, typeUint64s:
		return true
	}
	return false
}

// typedArrayName is %TypedArray%.prototype[Symbol.toStringTag], which is
// the type name for typed arrays and undefined for anything else.
func (s *state) typedArrayName(obj *goja.Object) string {
	v, ok := s.call(s.in.getter("%TypedArray%", goja.SymToStringTag, "@@toStringTag"), obj)
	if !ok || !goja.IsString(v) {
		return ""
	}
	return v.String()
}

func (s *state) boxedInfo(obj *goja.Object, typ string) objInfo {
	v, ok := s.call(s.in.method(typ, "valueOf"), obj)
	if !ok {
		return objInfo{kind: kindPlain}
	}
	return objInfo{kind: kindBoxed, boxType: typ, boxed: v}
}

// inChain reports whether proto is on obj's prototype chain.
func (s *state) inChain(obj, proto *goja.Object) bool {
	if proto == nil {
		return false
	}
	found := false
	_ = s.try(func() {
		for p, n := obj.Prototype(), 0; p != nil && n < maxChain; p, n = p.Prototype(), n+1 {
			if p == proto {
				found = true
				return
			}
		}
	})
	return found
}

// formatRaw mirrors Node's formatRaw.
func (s *state) formatRaw(value *goja.Object, recurseTimes int, typedArray bool) string {
	var protoProps []string
	wantProto := s.showHidden && recurseTimes <= s.depth
	constructor, ctorNull := s.getConstructorName(value, recurseTimes, wantProto, &protoProps)
	hasProto := len(protoProps) > 0

	tag, rawTag := s.stringTag(value)
	info := s.classify(value, constructor, ctorNull)

	var keys []propKey
	base := ""
	braces := [2]string{"{", "}"}
	extrasType := kObjectType
	var formatter func(recurseTimes int) []string
	var numericAt func(i int) bool
	var ex *goja.Exception

	noIterator := true
	switch info.kind {
	case kindArray:
		noIterator = false
		length := s.lengthOf(value)
		prefix := ""
		if constructor != "Array" || ctorNull || tag != "" {
			prefix = getPrefix(constructor, ctorNull, tag, "Array", "("+itoa(length)+")")
		}
		keys, ex = s.nonIndexKeys(value)
		braces = [2]string{prefix + "[", "]"}
		if length == 0 && len(keys) == 0 && !hasProto && ex == nil {
			return braces[0] + "]"
		}
		extrasType = kArrayExtrasType
		var numeric []bool
		formatter = func(rt int) []string { return s.formatArray(value, length, rt, &numeric) }
		numericAt = func(i int) bool {
			switch {
			case i < len(numeric):
				return numeric[i]
			case i >= length:
				return false
			}
			v, _ := s.get(value, propKey{name: itoa(i)})
			return goja.IsNumber(v) || goja.IsBigInt(v)
		}
	case kindSet:
		noIterator = false
		prefix := getPrefix(constructor, ctorNull, tag, "Set", "("+itoa(info.size)+")")
		keys, ex = s.getKeys(value)
		formatter = func(rt int) []string { return s.formatSet(value, info.size, rt) }
		if info.size == 0 && len(keys) == 0 && !hasProto && ex == nil {
			return prefix + "{}"
		}
		braces = [2]string{prefix + "{", "}"}
	case kindMap:
		noIterator = false
		prefix := getPrefix(constructor, ctorNull, tag, "Map", "("+itoa(info.size)+")")
		keys, ex = s.getKeys(value)
		formatter = func(rt int) []string { return s.formatMap(value, info.size, rt) }
		if info.size == 0 && len(keys) == 0 && !hasProto && ex == nil {
			return prefix + "{}"
		}
		braces = [2]string{prefix + "{", "}"}
	case kindTypedArray:
		noIterator = false
		keys, ex = s.nonIndexKeys(value)
		fallback := ""
		if ctorNull {
			fallback = info.taName
		}
		elems := typedElements(value)
		size := elems.length()
		prefix := getPrefix(constructor, ctorNull, tag, fallback, "("+itoa(size)+")")
		braces = [2]string{prefix + "[", "]"}
		if size == 0 && len(keys) == 0 && !s.showHidden && ex == nil {
			return braces[0] + "]"
		}
		formatter = func(rt int) []string { return s.formatTypedArray(value, elems, rt) }
		extrasType = kArrayExtrasType
		numericAt = func(i int) bool { return i < size }
	}

	if noIterator {
		keys, ex = s.getKeys(value)
		switch {
		case info.kind == kindFunction:
			base = s.functionBase(value, constructor, ctorNull, tag, rawTag)
			if len(keys) == 0 && !hasProto && ex == nil {
				return s.stylize(base, "special")
			}
		case constructor == "Object" && !ctorNull:
			if info.kind == kindArguments {
				braces[0] = "[Arguments] {"
			} else if tag != "" {
				braces[0] = getPrefix(constructor, false, tag, "Object", "") + "{"
			}
			if len(keys) == 0 && !hasProto && ex == nil {
				return braces[0] + "}"
			}
		case info.kind == kindRegExp:
			base = s.regexpString(value)
			if prefix := getPrefix(constructor, ctorNull, tag, "RegExp", ""); prefix != "RegExp " {
				base = prefix + base
			}
			if (len(keys) == 0 && !hasProto && ex == nil) || recurseTimes > s.depth {
				return s.stylize(base, "regexp")
			}
		case info.kind == kindDate:
			base = dateString(value)
			if prefix := getPrefix(constructor, ctorNull, tag, "Date", ""); prefix != "Date " {
				base = prefix + base
			}
			if len(keys) == 0 && !hasProto && ex == nil {
				return s.stylize(base, "date")
			}
		case info.kind == kindError:
			base, keys = s.formatError(value, constructor, ctorNull, tag, keys)
			if len(keys) == 0 && !hasProto && ex == nil {
				return base
			}
		case info.kind == kindArrayBuffer:
			prefix := getPrefix(constructor, ctorNull, tag, "ArrayBuffer", "")
			ab, _ := value.Export().(goja.ArrayBuffer)
			if !typedArray {
				formatter = func(int) []string { return s.formatArrayBuffer(ab) }
			} else if len(keys) == 0 && !hasProto && ex == nil {
				return prefix + "{ byteLength: " + s.stylize(itoa(len(ab.Bytes())), "number") + " }"
			}
			braces[0] = prefix + "{"
			keys = append([]propKey{{name: "byteLength"}}, keys...)
		case info.kind == kindDataView:
			braces[0] = getPrefix(constructor, ctorNull, tag, "DataView", "") + "{"
			keys = append([]propKey{{name: "byteLength"}, {name: "byteOffset"}, {name: "buffer"}}, keys...)
		case info.kind == kindPromise:
			braces[0] = getPrefix(constructor, ctorNull, tag, "Promise", "") + "{"
			formatter = func(rt int) []string { return s.formatPromise(info.promise, rt) }
		case info.kind == kindWeakSet:
			braces[0] = getPrefix(constructor, ctorNull, tag, "WeakSet", "") + "{"
			formatter = func(int) []string { return []string{s.stylize("<items unknown>", "special")} }
		case info.kind == kindWeakMap:
			braces[0] = getPrefix(constructor, ctorNull, tag, "WeakMap", "") + "{"
			formatter = func(int) []string { return []string{s.stylize("<items unknown>", "special")} }
		case info.kind == kindBoxed:
			base, keys = s.boxedBase(value, info, keys, constructor, ctorNull, tag)
			if len(keys) == 0 && !hasProto && ex == nil {
				return base
			}
		default:
			if len(keys) == 0 && !hasProto && ex == nil {
				return s.ctxStyle(value, info, constructor, ctorNull, tag) + "{}"
			}
			braces[0] = s.ctxStyle(value, info, constructor, ctorNull, tag) + "{"
		}
	}

	if recurseTimes > s.depth {
		name := s.ctxStyle(value, info, constructor, ctorNull, tag)
		name = name[:len(name)-1]
		if !ctorNull {
			name = "[" + name + "]"
		}
		return s.stylize(name, "special")
	}
	recurseTimes++

	s.seen = append(s.seen, value)
	s.currentDepth = recurseTimes
	var output []string
	if formatter != nil {
		output = formatter(recurseTimes)
	}
	if ex != nil {
		output = append(output, s.threw(ex))
	}
	for _, k := range keys {
		output = append(output, s.formatProperty(value, recurseTimes, k, extrasType))
	}
	output = append(output, protoProps...)
	if s.circular != nil {
		if index, ok := s.circular[value]; ok {
			reference := s.stylize("<ref *"+itoa(index)+">", "special")
			if base == "" {
				base = reference
			} else {
				base = reference + " " + base
			}
		}
	}
	s.seen = s.seen[:len(s.seen)-1]

	res := s.reduceToSingleString(output, base, braces, extrasType, recurseTimes, numericAt)
	if s.budget == nil {
		s.budget = make(map[int]int)
	}
	newLength := s.budget[s.indentationLvl] + len(res)
	s.budget[s.indentationLvl] = newLength
	// Node stops expanding once the output reaches 128 MiB, so that huge
	// graphs cannot exhaust memory or block the loop for long.
	if newLength > 1<<27 {
		s.depth = -1
	}
	return res
}

// getPrefix is Node's getPrefix; ctorNull stands for constructor === null.
func getPrefix(constructor string, ctorNull bool, tag, fallback, size string) string {
	if ctorNull {
		if tag != "" && fallback != tag {
			return "[" + fallback + size + ": null prototype] [" + tag + "] "
		}
		return "[" + fallback + size + ": null prototype] "
	}
	if tag != "" && constructor != tag {
		return constructor + size + " [" + tag + "] "
	}
	return constructor + size + " "
}

// ctxStyle is Node's getCtxStyle.
func (s *state) ctxStyle(value *goja.Object, info objInfo, constructor string, ctorNull bool, tag string) string {
	fallback := ""
	if ctorNull {
		fallback = s.internalConstructorName(value, info)
		if fallback == tag {
			fallback = "Object"
		}
	}
	return getPrefix(constructor, ctorNull, tag, fallback, "")
}

// internalConstructorName approximates V8's GetConstructorName, used for
// objects whose prototype chain names no constructor: the built-in class,
// and for ordinary objects a string Symbol.toStringTag if there is one.
func (s *state) internalConstructorName(value *goja.Object, info objInfo) string {
	name := internalClassName(info)
	if name == "Object" {
		if t, ex := s.get(value, propKey{sym: goja.SymToStringTag}); ex == nil && goja.IsString(t) && t.String() != "" {
			return t.String()
		}
	}
	return name
}

func internalClassName(info objInfo) string {
	switch info.kind {
	case kindArray:
		return "Array"
	case kindFunction:
		return "Function"
	case kindMap:
		return "Map"
	case kindSet:
		return "Set"
	case kindTypedArray:
		return info.taName
	case kindRegExp:
		return "RegExp"
	case kindDate:
		return "Date"
	case kindError:
		return "Error"
	case kindArrayBuffer:
		return "ArrayBuffer"
	case kindDataView:
		return "DataView"
	case kindPromise:
		return "Promise"
	case kindWeakMap:
		return "WeakMap"
	case kindWeakSet:
		return "WeakSet"
	case kindBoxed:
		return info.boxType
	}
	return "Object"
}

// stringTag returns value[Symbol.toStringTag] filtered the way Node does
// (ignored when it is an own enumerable property, which is printed anyway)
// and the unfiltered tag.
func (s *state) stringTag(value *goja.Object) (tag, raw string) {
	tagKey := propKey{sym: goja.SymToStringTag}
	v, ex := s.get(value, tagKey)
	if ex != nil || !goja.IsString(v) {
		return "", ""
	}
	raw = v.String()
	if raw == "" {
		return "", raw
	}
	d, _ := s.ownDesc(value, tagKey)
	if d.exists && (s.showHidden || d.enumerable) {
		return "", raw
	}
	return raw, raw
}

func (s *state) lengthOf(obj *goja.Object) int {
	v, ex := s.get(obj, propKey{name: "length"})
	if ex != nil {
		return 0
	}
	n := v.ToInteger()
	if n < 0 {
		return 0
	}
	if n > 1<<32 {
		n = 1 << 32
	}
	return int(n)
}

// getConstructorName mirrors Node's: the name of the first constructor on
// the prototype chain that obj is an instance of; ctorNull when the chain
// ends in null without one.
func (s *state) getConstructorName(obj *goja.Object, recurseTimes int, wantProto bool, protoProps *[]string) (string, bool) {
	s.in.core()
	var firstProto *goja.Object
	firstSet := false
	cur := obj
	for n := 0; cur != nil && n < maxChain; n++ {
		// Object.prototype and Function.prototype are trusted even if their
		// constructor property was replaced, but only for objects that
		// inherit from them: Object.prototype itself is no Object instance.
		if cur != obj && (cur == s.in.objectProto || cur == s.in.functionProto) {
			name := "Object"
			if cur != s.in.objectProto {
				name = "Function"
			}
			if wantProto && !(firstSet && firstProto == cur) {
				s.addPrototypeProperties(obj, firstProtoOr(firstProto, obj), recurseTimes, protoProps)
			}
			return name, false
		}
		if name, ok := s.constructorOf(obj, cur); ok {
			if wantProto && (!(firstSet && firstProto == cur) || !isBuiltinName(name)) {
				s.addPrototypeProperties(obj, firstProtoOr(firstProto, obj), recurseTimes, protoProps)
			}
			return name, false
		}
		var next *goja.Object
		if s.try(func() { next = cur.Prototype() }) != nil {
			next = nil
		}
		cur = next
		if !firstSet {
			firstProto = cur
			firstSet = true
		}
	}
	if firstProto == nil {
		return "", true
	}
	res := s.internalConstructorName(obj, s.classify(obj, "", true))
	if recurseTimes > s.depth {
		return res + " <Complex prototype>", false
	}
	protoConstr, null := s.getConstructorName(firstProto, recurseTimes+1, wantProto, protoProps)
	if null {
		sub := newState(s.rt, s.in, s.opt)
		sub.depth = -1
		sub.customInspect = false
		sub.colors = s.colors
		sub.showHidden = s.showHidden
		return res + " <" + sub.formatValue(firstProto, 0, false) + ">", false
	}
	return res + " <" + protoConstr + ">", false
}

func firstProtoOr(p, obj *goja.Object) *goja.Object {
	if p == nil {
		return obj
	}
	return p
}

// constructorOf checks proto's own "constructor": a named function that obj
// is an instance of.
func (s *state) constructorOf(obj, proto *goja.Object) (string, bool) {
	d, ex := s.ownDesc(proto, propKey{name: "constructor"})
	if ex != nil || !d.exists {
		return "", false
	}
	ctor, ok := d.value.(*goja.Object)
	if !ok {
		return "", false
	}
	if _, ok := goja.AssertFunction(ctor); !ok {
		return "", false
	}
	var name string
	var inst bool
	if s.try(func() {
		n := ctor.Get("name")
		if n == nil || (goja.IsString(n) && n.String() == "") {
			return
		}
		name = n.String()
		inst = s.rt.InstanceOf(obj, ctor)
	}) != nil || name == "" || !inst {
		return "", false
	}
	if isGoFuncName(name) {
		// goja names functions made from Go closures after the Go symbol
		// (pkg.(*T).method-fm); a JavaScript user never wants to see that.
		// The class's Symbol.toStringTag, if it has one, is the better name.
		t, ex := s.get(proto, propKey{sym: goja.SymToStringTag})
		if ex == nil && goja.IsString(t) && t.String() != "" && s.hasOwn(proto, propKey{sym: goja.SymToStringTag}) {
			return t.String(), true
		}
		if ctor == s.globalBufferCtor() {
			return "Buffer", true
		}
		return "", false
	}
	return name, true
}

// isGoFuncName recognises the names goja gives to Go functions.
func isGoFuncName(name string) bool {
	if !strings.Contains(name, ".") {
		return false
	}
	return strings.Contains(name, "/") || strings.Contains(name, ".(") ||
		strings.HasSuffix(name, "-fm") || strings.Contains(name, ".func")
}

func (s *state) globalBufferCtor() *goja.Object {
	p := s.in.proto("Buffer")
	if p == nil {
		return nil
	}
	c, _ := s.rt.Get("Buffer").(*goja.Object)
	return c
}

// isBuiltinName is Node's builtInObjects set (the capitalised globals of a
// bare V8 context).
func isBuiltinName(name string) bool {
	switch name {
	case "Object", "Function", "Array", "Number", "Infinity", "NaN", "Boolean",
		"String", "Symbol", "Date", "Promise", "RegExp", "Error",
		"AggregateError", "EvalError", "RangeError", "ReferenceError",
		"SyntaxError", "TypeError", "URIError", "JSON", "Math", "Intl",
		"ArrayBuffer", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array",
		"Uint32Array", "Int32Array", "Float32Array", "Float64Array",
		"Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView",
		"Map", "BigInt", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect",
		"FinalizationRegistry", "WeakRef", "SharedArrayBuffer", "Atomics",
		"WebAssembly":
		return true
	}
	return false
}

// addPrototypeProperties is Node's: with showHidden, user-defined
// non-method properties of up to three prototype levels are listed too.
func (s *state) addPrototypeProperties(main, obj *goja.Object, recurseTimes int, output *[]string) {
	var keys []propKey
	keySet := map[propKey]bool{}
	for depth := 0; depth < 3; depth++ {
		if depth != 0 || main == obj {
			var next *goja.Object
			if s.try(func() { next = obj.Prototype() }) != nil || next == nil {
				return
			}
			obj = next
			d, _ := s.ownDesc(obj, propKey{name: "constructor"})
			if c, ok := d.value.(*goja.Object); ok {
				if _, ok := goja.AssertFunction(c); ok {
					if n, ex := s.get(c, propKey{name: "name"}); ex == nil && isBuiltinName(n.String()) {
						return
					}
				}
			}
		}
		if depth != 0 {
			for _, k := range keys {
				keySet[k] = true
			}
		}
		var names []string
		if s.try(func() { names = obj.GetOwnPropertyNames() }) != nil {
			return
		}
		keys = keys[:0:0]
		for _, n := range names {
			keys = append(keys, propKey{name: n})
		}
		for _, sym := range s.allSymbols(obj) {
			keys = append(keys, propKey{sym: sym})
		}
		s.seen = append(s.seen, main)
		for _, k := range keys {
			if (k.sym == nil && k.name == "constructor") || s.hasOwn(main, k) || (depth != 0 && keySet[k]) {
				continue
			}
			d, _ := s.ownDesc(obj, k)
			if _, ok := goja.AssertFunction(d.value); ok {
				continue
			}
			v := s.formatProperty(obj, recurseTimes, k, kObjectType)
			if s.colors {
				v = "\x1b[2m" + v + "\x1b[22m"
			}
			*output = append(*output, v)
		}
		s.seen = s.seen[:len(s.seen)-1]
	}
}

// functionBase is Node's getFunctionBase.
func (s *state) functionBase(value *goja.Object, constructor string, ctorNull bool, tag, rawTag string) string {
	if value.ExportType() == typeCtor {
		if src := s.functionSource(value); strings.HasPrefix(src, "class") && strings.HasSuffix(src, "}") {
			slice := src[5 : len(src)-1]
			if i := strings.IndexByte(slice, '{'); i != -1 && (!strings.Contains(slice[:i], "(") || classHeaderOK(slice)) {
				return s.classBase(value, constructor, ctorNull, tag)
			}
		}
	}
	// goja offers no isAsyncFunction; the prototype's toStringTag tells.
	typ := "Function"
	switch rawTag {
	case "GeneratorFunction":
		typ = "GeneratorFunction"
	case "AsyncFunction":
		typ = "AsyncFunction"
	case "AsyncGeneratorFunction":
		typ = "AsyncGeneratorFunction"
	default:
		if s.isAsyncMethod(value) {
			typ = "AsyncFunction"
			// The misplaced prototype also makes the constructor
			// Function; V8 would say AsyncFunction.
			if constructor == "Function" {
				constructor = typ
			}
		}
	}
	base := "[" + typ
	if ctorNull {
		base += " (null prototype)"
	}
	name, _ := s.get(value, propKey{name: "name"})
	if goja.IsString(name) && name.String() == "" {
		base += " (anonymous)"
	} else {
		base += ": " + name.String()
	}
	base += "]"
	if constructor != typ && !ctorNull {
		base += " " + constructor
	}
	if tag != "" && (ctorNull || constructor != tag) {
		base += " [" + tag + "]"
	}
	return base
}

// isAsyncMethod recognises async methods ({ async m() {} }), which goja
// gives Function.prototype rather than AsyncFunction.prototype. Functions
// with a prototype property cannot be async, which spares most functions
// the call to Function.prototype.toString.
func (s *state) isAsyncMethod(fn *goja.Object) bool {
	if p, ex := s.get(fn, propKey{name: "prototype"}); ex != nil || !isUndef(p) {
		return false
	}
	src := s.functionSource(fn)
	return len(src) > 5 && strings.HasPrefix(src, "async") && strings.ContainsRune(" \t\n\r", rune(src[5]))
}

// classHeaderOK is Node's slow path for class detection: after stripping
// comments, the text before the body must be a class heritage, not a
// parameter list.
func classHeaderOK(slice string) bool {
	var b strings.Builder
	for i := 0; i < len(slice); i++ {
		if strings.HasPrefix(slice[i:], "//") {
			j := strings.IndexByte(slice[i:], '\n')
			if j < 0 {
				b.WriteString(slice[i:])
				break
			}
			i += j
			continue
		}
		if strings.HasPrefix(slice[i:], "/*") {
			j := strings.Index(slice[i+2:], "*/")
			if j >= 0 {
				i += j + 3
				continue
			}
		}
		b.WriteByte(slice[i])
	}
	str := b.String()
	i := strings.IndexByte(str, '{')
	if i < 0 {
		return false
	}
	head := str[:i]
	return strings.TrimLeft(head, " \t\n\r") != head && !strings.Contains(head, "(")
}

func (s *state) functionSource(fn *goja.Object) string {
	v, ok := s.call(s.in.method("Function", "toString"), fn)
	if !ok {
		return ""
	}
	return v.String()
}

// classBase is Node's getClassBase.
func (s *state) classBase(value *goja.Object, constructor string, ctorNull bool, tag string) string {
	name := "(anonymous)"
	if d, _ := s.ownDesc(value, propKey{name: "name"}); d.exists {
		if n, ex := s.get(value, propKey{name: "name"}); ex == nil && n.ToBoolean() {
			name = n.String()
		}
	}
	base := "class " + name
	if constructor != "Function" && !ctorNull {
		base += " [" + constructor + "]"
	}
	if tag != "" && (ctorNull || constructor != tag) {
		base += " [" + tag + "]"
	}
	if !ctorNull {
		var p *goja.Object
		_ = s.try(func() { p = value.Prototype() })
		if p != nil {
			if sn, ex := s.get(p, propKey{name: "name"}); ex == nil && sn.ToBoolean() {
				base += " extends " + sn.String()
			}
		}
	} else {
		base += " extends [null prototype]"
	}
	return "[" + base + "]"
}

func (s *state) regexpString(value *goja.Object) string {
	if v, ok := s.call(s.in.method("RegExp", "toString"), value); ok {
		return v.String()
	}
	src, _ := s.get(value, propKey{name: "source"})
	flags, _ := s.get(value, propKey{name: "flags"})
	return "/" + src.String() + "/" + flags.String()
}

// dateString is toISOString, or "Invalid Date" as Date.prototype.toString
// gives for an invalid date.
func dateString(value *goja.Object) string {
	t, ok := value.Export().(time.Time)
	if !ok {
		return "Invalid Date"
	}
	t = t.UTC()
	y := t.Year()
	var year string
	switch {
	case y >= 0 && y <= 9999:
		year = pad0(y, 4)
	case y < 0:
		year = "-" + pad0(-y, 6)
	default:
		year = "+" + pad0(y, 6)
	}
	return year + "-" + pad0(int(t.Month()), 2) + "-" + pad0(t.Day(), 2) + "T" +
		pad0(t.Hour(), 2) + ":" + pad0(t.Minute(), 2) + ":" + pad0(t.Second(), 2) + "." +
		pad0(t.Nanosecond()/1e6, 3) + "Z"
}

func pad0(n, width int) string {
	s := itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// boxedBase is Node's getBoxedBase.
func (s *state) boxedBase(value *goja.Object, info objInfo, keys []propKey, constructor string, ctorNull bool, tag string) (string, []propKey) {
	typ := info.boxType
	if typ == "String" {
		// The index keys of a String object only repeat its value.
		n := jsLen(info.boxed.String())
		if gs, ok := info.boxed.(goja.String); ok {
			n = gs.Length()
		}
		if n > len(keys) {
			n = len(keys)
		}
		keys = keys[n:]
	}
	base := "[" + typ
	if typ != constructor || ctorNull {
		if ctorNull {
			base += " (null prototype)"
		} else {
			base += " (" + constructor + ")"
		}
	}
	plain := &state{rt: s.rt, in: s.in, breakLength: s.breakLength, indentationLvl: s.indentationLvl, depth: s.depth}
	base += ": " + plain.formatPrimitive(info.boxed) + "]"
	if tag != "" && tag != constructor {
		base += " [" + tag + "]"
	}
	if len(keys) != 0 || !s.colors {
		return base, keys
	}
	return s.stylize(base, strings.ToLower(typ)), keys
}
