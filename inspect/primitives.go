package inspect

import (
	"math"
	"strings"

	"github.com/dop251/goja"
)

// formatPrimitive mirrors Node's formatPrimitive with ctx.stylize.
func (s *state) formatPrimitive(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return s.stylize("undefined", "undefined")
	case goja.IsNull(v):
		return s.stylize("null", "null")
	case goja.IsString(v):
		return s.formatString(v)
	case goja.IsNumber(v):
		return s.stylize(numberString(v), "number")
	case goja.IsBigInt(v):
		return s.stylize(v.String()+"n", "bigint")
	}
	if sym, ok := v.(*goja.Symbol); ok {
		return s.stylize(symbolString(sym), "symbol")
	}
	if v.ExportType() == typeBool {
		return s.stylize(v.String(), "boolean")
	}
	return v.String()
}

// numberString is `${n}` except that -0 keeps its sign.
func numberString(v goja.Value) string {
	f := v.ToFloat()
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return v.String()
}

// formatString quotes a string, truncating it at maxStringLength and
// splitting long multi-line strings into 'line\n' + pieces like Node.
func (s *state) formatString(v goja.Value) string {
	raw := v.String()
	// Pure ASCII here, so the byte length is the JavaScript length.
	if q, ok := quoteSimple(raw); ok && (len(raw) <= kMinLineLength || len(raw) <= s.breakLength-s.indentationLvl-4) {
		return s.stylize(q, "string")
	}
	u := jsString(v)
	trailer := ""
	if len(u) > maxStringLength {
		remaining := len(u) - maxStringLength
		u = u[:maxStringLength]
		trailer = "... " + itoa(remaining) + " more character" + plural(remaining)
	}
	if len(u) > kMinLineLength && len(u) > s.breakLength-s.indentationLvl-4 {
		var parts []string
		start := 0
		for i, c := range u {
			if c == '\n' {
				parts = append(parts, s.stylize(strEscape(u[start:i+1]), "string"))
				start = i + 1
			}
		}
		if start < len(u) {
			parts = append(parts, s.stylize(strEscape(u[start:]), "string"))
		}
		return strings.Join(parts, " +\n"+spaces(s.indentationLvl+2)) + trailer
	}
	return s.stylize(strEscape(u), "string") + trailer
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

func remainingText(n int) string {
	return "... " + itoa(n) + " more item" + plural(n)
}
