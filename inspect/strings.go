package inspect

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ftoa"
	"golang.org/x/text/unicode/norm"
)

// meta is Node's table of escapes for control characters, the single quote
// and the backslash.
var meta = [0xa0]string{
	`\x00`, `\x01`, `\x02`, `\x03`, `\x04`, `\x05`, `\x06`, `\x07`,
	`\b`, `\t`, `\n`, `\x0B`, `\f`, `\r`, `\x0E`, `\x0F`,
	`\x10`, `\x11`, `\x12`, `\x13`, `\x14`, `\x15`, `\x16`, `\x17`,
	`\x18`, `\x19`, `\x1A`, `\x1B`, `\x1C`, `\x1D`, `\x1E`, `\x1F`,
	39: `\'`, 92: `\\`, 0x7f: `\x7F`,
	0x80: `\x80`, `\x81`, `\x82`, `\x83`, `\x84`, `\x85`, `\x86`, `\x87`,
	`\x88`, `\x89`, `\x8A`, `\x8B`, `\x8C`, `\x8D`, `\x8E`, `\x8F`,
	`\x90`, `\x91`, `\x92`, `\x93`, `\x94`, `\x95`, `\x96`, `\x97`,
	`\x98`, `\x99`, `\x9A`, `\x9B`, `\x9C`, `\x9D`, `\x9E`, `\x9F`,
}

// toUTF16 converts a Go string to the UTF-16 code units JavaScript sees.
func toUTF16(s string) []uint16 {
	return utf16.Encode([]rune(s))
}

// jsString returns the UTF-16 code units of a JavaScript string value,
// keeping lone surrogates that a conversion to Go would lose.
func jsString(v goja.Value) []uint16 {
	if gs, ok := v.(goja.String); ok {
		n := gs.Length()
		out := make([]uint16, n)
		for i := 0; i < n; i++ {
			out[i] = gs.CharAt(i)
		}
		return out
	}
	return toUTF16(v.String())
}

// fromUTF16 converts code units back to Go; lone surrogates have been
// escaped by then, so nothing is lost.
func fromUTF16(u []uint16) string {
	ascii := true
	for _, c := range u {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		b := make([]byte, len(u))
		for i, c := range u {
			b[i] = byte(c)
		}
		return string(b)
	}
	return string(utf16.Decode(u))
}

func containsUnit(u []uint16, c uint16) bool {
	for _, x := range u {
		if x == c {
			return true
		}
	}
	return false
}

func containsDollarBrace(u []uint16) bool {
	for i := 0; i+1 < len(u); i++ {
		if u[i] == '$' && u[i+1] == '{' {
			return true
		}
	}
	return false
}

// strEscape is Node's strEscape: pick the quote that needs no escaping
// ('…', then "…", then `…`) and escape control characters, the backslash,
// lone surrogates and, when single quotes are used, the single quote.
func strEscape(u []uint16) string {
	quote := uint16('\'')
	if containsUnit(u, '\'') {
		if !containsUnit(u, '"') {
			quote = '"'
		} else if !containsUnit(u, '`') && !containsDollarBrace(u) {
			quote = '`'
		}
	}
	var b strings.Builder
	b.Grow(len(u) + 2)
	b.WriteByte(byte(quote))
	start := 0
	flush := func(i int) {
		if start < i {
			b.WriteString(fromUTF16(u[start:i]))
		}
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if (c == '\'' && quote == '\'') || c == '\\' || c < 32 || (c > 126 && c < 160) {
			flush(i)
			b.WriteString(meta[c])
			start = i + 1
		} else if c >= 0xd800 && c <= 0xdfff {
			if c <= 0xdbff && i+1 < len(u) && u[i+1] >= 0xdc00 && u[i+1] <= 0xdfff {
				i++
				continue
			}
			flush(i)
			b.WriteString(`\u` + strconv.FormatUint(uint64(c), 16))
			start = i + 1
		}
	}
	flush(len(u))
	b.WriteByte(byte(quote))
	return b.String()
}

// escapeAll applies Node's strEscapeSequencesReplacer to unquoted text
// (symbol descriptions and non-enumerable keys).
func escapeAll(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 32 || c == '\'' || c == '\\' || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	u := toUTF16(s)
	var b strings.Builder
	start := 0
	flush := func(i int) {
		if start < i {
			b.WriteString(fromUTF16(u[start:i]))
		}
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c == '\'' || c == '\\' || c < 32 || (c > 126 && c < 160) {
			flush(i)
			b.WriteString(meta[c])
			start = i + 1
		} else if c >= 0xd800 && c <= 0xdfff {
			if c <= 0xdbff && i+1 < len(u) && u[i+1] >= 0xdc00 && u[i+1] <= 0xdfff {
				i++
				continue
			}
			flush(i)
			b.WriteString(`\u` + strconv.FormatUint(uint64(c), 16))
			start = i + 1
		}
	}
	flush(len(u))
	return b.String()
}

// quoteSimple quotes s when it needs no escaping at all, which is the
// common case and avoids the UTF-16 round trip.
func quoteSimple(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 32 || c == '\'' || c == '\\' || c >= 0x7f {
			return "", false
		}
	}
	return "'" + s + "'", true
}

// jsLen is String.prototype.length of a Go string: its UTF-16 length.
func jsLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r > 0xffff {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// removeColors is Node's removeColors: it strips only SGR sequences of one
// or two digits, which is all stylize produces.
func removeColors(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+3 < len(s) && s[i+1] == '[' && isDigit(s[i+2]) {
			j := i + 3
			if isDigit(s[j]) {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// stripVT approximates Node's stripVTControlCharacters for the sequences
// that can occur in inspect output: CSI sequences.
func stripVT(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 && !strings.Contains(s, "\u009b") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (isDigit(s[j]) || s[j] == ';') {
				j++
			}
			if j < len(s) {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// stringWidth is Node's getStringWidth without ICU: full-width characters
// count two columns, zero-width ones none.
func stringWidth(s string, removeControl bool) int {
	if removeControl {
		s = stripVT(s)
	}
	width := 0
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f {
			ascii = false
			break
		}
		if c >= 32 {
			width++
		}
	}
	if ascii {
		return width
	}
	width = 0
	for _, r := range norm.NFC.String(s) {
		switch {
		case isFullWidth(r):
			width += 2
		case !isZeroWidth(r):
			width++
		}
	}
	return width
}

func isZeroWidth(c rune) bool {
	return c <= 0x1f ||
		(c >= 0x7f && c <= 0x9f) ||
		(c >= 0x300 && c <= 0x36f) ||
		(c >= 0x200b && c <= 0x200f) ||
		(c >= 0x20d0 && c <= 0x20ff) ||
		(c >= 0xfe00 && c <= 0xfe0f) ||
		(c >= 0xfe20 && c <= 0xfe2f) ||
		(c >= 0xe0100 && c <= 0xe01ef)
}

func isFullWidth(c rune) bool {
	return c >= 0x1100 && (c <= 0x115f ||
		c == 0x2329 || c == 0x232a ||
		(c >= 0x2e80 && c <= 0x3247 && c != 0x303f) ||
		(c >= 0x3250 && c <= 0x4dbf) ||
		(c >= 0x4e00 && c <= 0xa4c6) ||
		(c >= 0xa960 && c <= 0xa97c) ||
		(c >= 0xac00 && c <= 0xd7a3) ||
		(c >= 0xf900 && c <= 0xfaff) ||
		(c >= 0xfe10 && c <= 0xfe19) ||
		(c >= 0xfe30 && c <= 0xfe6b) ||
		(c >= 0xff01 && c <= 0xff60) ||
		(c >= 0xffe0 && c <= 0xffe6) ||
		(c >= 0x1b000 && c <= 0x1b001) ||
		(c >= 0x1f200 && c <= 0x1f251) ||
		(c >= 0x1f300 && c <= 0x1f64f) ||
		(c >= 0x20000 && c <= 0x3fffd))
}

func itoa(i int) string { return strconv.Itoa(i) }

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}

// padStart and padEnd are the String.prototype methods with a space filler:
// width counts UTF-16 units like JavaScript.
func padStart(s string, width int) string {
	return spaces(width-jsLen(s)) + s
}

func padEnd(s string, width int) string {
	return s + spaces(width-jsLen(s))
}

// formatFloat is Number.prototype.toString for a Go float, except that -0
// prints as -0 as in Node's formatNumber.
func formatFloat(f float64) string {
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	var buf [128]byte
	return string(ftoa.FToStr(f, ftoa.ModeStandard, 0, buf[:0]))
}
