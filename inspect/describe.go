package inspect

import "github.com/dop251/goja"

// Describe names a value's type as Node's ERR_INVALID_ARG_TYPE messages
// do: "type number (1)", "an instance of Object", "undefined".
func Describe(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	case goja.IsBigInt(v):
		return "type bigint (" + v.String() + "n)"
	case goja.IsString(v):
		// Node truncates the quoted form: 'abc… becomes the first 25
		// characters of it followed by "...".
		s := "'" + v.String() + "'"
		if len(s) > 28 {
			s = s[:25] + "..."
		}
		return "type string (" + s + ")"
	}
	switch x := v.(type) {
	case *goja.Object:
		if _, ok := goja.AssertFunction(x); ok {
			if name := x.Get("name"); name != nil && name.String() != "" {
				return "function " + name.String()
			}
			return "function "
		}
		if c, ok := x.Get("constructor").(*goja.Object); ok {
			if name := c.Get("name"); name != nil && name.String() != "" {
				return "an instance of " + name.String()
			}
		}
		return "an instance of " + x.ClassName()
	case *goja.Symbol:
		return "type symbol (Symbol(" + x.String() + "))"
	}
	if _, ok := v.Export().(bool); ok {
		return "type boolean (" + v.String() + ")"
	}
	return "type number (" + v.String() + ")"
}
