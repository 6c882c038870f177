package inspect

import (
	"strings"

	"github.com/dop251/goja"
)

// Format implements util.format(...args) with opts as the inspect options
// (what console.log does): a leading string is scanned for %s %d %i %f %j
// %o %O %c and %%; remaining arguments are appended separated by spaces,
// strings as they are and everything else inspected.
//
// Exceptions and interrupts are handled as by Inspect.
func Format(rt *goja.Runtime, args []goja.Value, opts Options) string {
	// Conversions such as %s of an object run user code (toString), so the
	// whole call is guarded like an inspection.
	s := newState(rt, newIntrinsics(rt), opts)
	return s.guardedFormat(args)
}

func (s *state) guardedFormat(args []goja.Value) (out string) {
	defer s.recoverInterrupt(&out)
	return s.format(args)
}

func (s *state) format(args []goja.Value) string {
	if len(args) == 0 {
		return ""
	}
	a := 0
	var str strings.Builder
	join := ""
	if goja.IsString(args[0]) {
		first := args[0].String()
		if len(args) == 1 {
			return first
		}
		lastPos := 0
		// '%' is ASCII, so scanning bytes finds the same placeholders as
		// Node's scan of UTF-16 units.
		for i := 0; i < len(first)-1; i++ {
			if first[i] != '%' {
				continue
			}
			i++
			next := first[i]
			if a+1 != len(args) {
				var tempStr string
				switch next {
				case 's':
					a++
					tempStr = s.formatS(args[a])
				case 'j':
					a++
					tempStr = s.formatJSON(args[a])
				case 'd':
					a++
					tempStr = s.formatD(args[a])
				case 'O':
					a++
					tempStr = inspectWith(s.rt, s.in, args[a], s.opt, false)
				case 'o':
					a++
					o := s.opt
					o.ShowHidden = true
					o.Depth = 4
					tempStr = inspectWith(s.rt, s.in, args[a], o, true)
				case 'i':
					a++
					tempStr = s.formatParsed(args[a], "parseInt")
				case 'f':
					a++
					tempStr = s.formatParsed(args[a], "parseFloat")
				case 'c':
					a++
					tempStr = ""
				case '%':
					str.WriteString(first[lastPos:i])
					lastPos = i + 1
					continue
				default:
					continue
				}
				if lastPos != i-1 {
					str.WriteString(first[lastPos : i-1])
				}
				str.WriteString(tempStr)
				lastPos = i + 1
			} else if next == '%' {
				str.WriteString(first[lastPos:i])
				lastPos = i + 1
			}
		}
		if lastPos != 0 {
			a++
			join = " "
			if lastPos < len(first) {
				str.WriteString(first[lastPos:])
			}
		}
	}
	for ; a < len(args); a++ {
		v := args[a]
		str.WriteString(join)
		if goja.IsString(v) {
			str.WriteString(v.String())
		} else {
			str.WriteString(inspectWith(s.rt, s.in, v, s.opt, false))
		}
		join = " "
	}
	return str.String()
}

// formatS is %s: numbers and bigints as inspect shows them, objects
// without a user-defined toString inspected shallowly, anything else
// through String().
func (s *state) formatS(v goja.Value) string {
	switch {
	case goja.IsNumber(v):
		return numberString(v)
	case goja.IsBigInt(v):
		return v.String() + "n"
	}
	obj, ok := v.(*goja.Object)
	if _, isFn := goja.AssertFunction(v); !ok || isFn {
		if sym, ok := v.(*goja.Symbol); ok {
			return symbolString(sym)
		}
		if v == nil {
			return "undefined"
		}
		var res string
		if ex := s.try(func() { res = v.String() }); ex != nil {
			return s.threw(ex)
		}
		return res
	}
	if s.hasBuiltInToString(obj) {
		o := s.opt
		o.Depth = 0
		o.Colors = false
		return inspectWith(s.rt, s.in, obj, o, false)
	}
	var res string
	if ex := s.try(func() { res = obj.String() }); ex != nil {
		return s.threw(ex)
	}
	return res
}

// hasBuiltInToString is Node's: true unless the object (or a prototype
// below the built-in ones) defines its own toString or Symbol.toPrimitive.
func (s *state) hasBuiltInToString(value *goja.Object) bool {
	if p, ok := s.proxyOf(value); ok {
		if p.Target() == nil {
			return true
		}
		value = p.Target()
	}
	result := true
	_ = s.try(func() {
		isFn := func(v goja.Value) bool { _, ok := goja.AssertFunction(v); return ok }
		toStringKey := propKey{name: "toString"}
		toPrimKey := propKey{sym: goja.SymToPrimitive}
		checkToString, checkToPrim := true, true
		if !isFn(value.Get("toString")) {
			if !isFn(value.GetSymbol(goja.SymToPrimitive)) {
				result = true
				return
			} else if s.hasOwn(value, toPrimKey) {
				result = false
				return
			}
			checkToString = false
		} else if s.hasOwn(value, toStringKey) {
			result = false
			return
		} else if !isFn(value.GetSymbol(goja.SymToPrimitive)) {
			checkToPrim = false
		} else if s.hasOwn(value, toPrimKey) {
			result = false
			return
		}
		pointer := value
		for n := 0; ; n++ {
			pointer = pointer.Prototype()
			if pointer == nil || n == maxChain {
				result = true
				return
			}
			if (checkToString && s.hasOwn(pointer, toStringKey)) || (checkToPrim && s.hasOwn(pointer, toPrimKey)) {
				break
			}
		}
		d, _ := s.ownDesc(pointer, propKey{name: "constructor"})
		c, ok := d.value.(*goja.Object)
		if !d.exists || !ok || !isFn(c) {
			result = false
			return
		}
		result = isBuiltinName(c.Get("name").String())
	})
	return result
}

// formatJSON is %j: JSON.stringify, with '[Circular]' for cyclic values.
func (s *state) formatJSON(v goja.Value) string {
	fn := s.in.staticMethod("JSON", "stringify")
	if fn == nil {
		return "undefined"
	}
	res, err := fn(goja.Undefined(), v)
	if err != nil {
		ex, ok := err.(*goja.Exception)
		if !ok {
			panic(err)
		}
		if eo, ok := ex.Value().(*goja.Object); ok {
			n, _ := s.get(eo, propKey{name: "name"})
			if n.String() == "TypeError" && strings.Contains(strings.ToLower(s.exceptionMessage(ex)), "circular") {
				return "[Circular]"
			}
		}
		return s.threw(ex)
	}
	if res == nil {
		return "undefined"
	}
	return res.String()
}

// formatD is %d: Number(v), except bigints keep their n and symbols are NaN.
func (s *state) formatD(v goja.Value) string {
	switch {
	case goja.IsBigInt(v):
		return v.String() + "n"
	case isSymbol(v):
		return "NaN"
	}
	var n goja.Value
	if ex := s.try(func() { n = v.ToNumber() }); ex != nil {
		return s.threw(ex)
	}
	if goja.IsBigInt(n) {
		return n.String() + "n"
	}
	return numberString(n)
}

// formatParsed is %i and %f: the global parseInt / parseFloat of the
// argument.
func (s *state) formatParsed(v goja.Value, fn string) string {
	if isSymbol(v) {
		return "NaN"
	}
	if fn == "parseInt" && goja.IsBigInt(v) {
		return v.String() + "n"
	}
	f := s.in.staticMethod("", fn)
	if f == nil {
		return "NaN"
	}
	res, err := f(goja.Undefined(), v)
	if err != nil {
		return s.callFailed(err)
	}
	out := numberString(res)
	if out == "0" && fn == "parseInt" {
		// goja's parseInt loses the sign of a negative zero ("-0.5");
		// V8 keeps it and Node prints -0.
		var src string
		if s.try(func() { src = v.String() }) == nil && strings.HasPrefix(strings.TrimSpace(src), "-") {
			return "-0"
		}
	}
	return out
}

func isSymbol(v goja.Value) bool {
	_, ok := v.(*goja.Symbol)
	return ok
}
