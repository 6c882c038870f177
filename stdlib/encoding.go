package stdlib

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeUTF8 is the WHATWG UTF-8 decoder: each maximal invalid subpart
// becomes one U+FFFD. Without flush, an incomplete sequence at the end is
// returned as rest.
func DecodeUTF8(b []byte, fatal, flush bool) (string, []byte, bool) {
	var sb strings.Builder
	sb.Grow(len(b))
	bad := func() bool {
		if fatal {
			return false
		}
		sb.WriteRune(utf8.RuneError)
		return true
	}
	i := 0
	for i < len(b) {
		c := b[i]
		if c < 0x80 {
			sb.WriteByte(c)
			i++
			continue
		}
		var need int
		lower, upper := byte(0x80), byte(0xBF)
		var cp rune
		switch {
		case c >= 0xC2 && c <= 0xDF:
			need, cp = 1, rune(c&0x1F)
		case c >= 0xE0 && c <= 0xEF:
			if c == 0xE0 {
				lower = 0xA0
			}
			if c == 0xED {
				upper = 0x9F
			}
			need, cp = 2, rune(c&0x0F)
		case c >= 0xF0 && c <= 0xF4:
			if c == 0xF0 {
				lower = 0x90
			}
			if c == 0xF4 {
				upper = 0x8F
			}
			need, cp = 3, rune(c&0x07)
		default:
			if !bad() {
				return "", nil, false
			}
			i++
			continue
		}
		j := i + 1
		complete := true
		for k := 0; k < need; k++ {
			if j >= len(b) {
				if !flush {
					return sb.String(), b[i:], true
				}
				complete = false
				break
			}
			d := b[j]
			if d < lower || d > upper {
				complete = false
				break
			}
			lower, upper = 0x80, 0xBF
			cp = cp<<6 | rune(d&0x3F)
			j++
		}
		if !complete {
			if !bad() {
				return "", nil, false
			}
			i = j
			continue
		}
		sb.WriteRune(cp)
		i = j
	}
	return sb.String(), nil, true
}

// NormalizeEncoding returns the canonical name of one of Node's Buffer
// encodings ("utf8", "utf16le", "latin1", "ascii", "base64", "base64url",
// "hex"), or "" for an unknown one.
func NormalizeEncoding(enc string) string {
	switch strings.ToLower(enc) {
	case "utf8", "utf-8":
		return "utf8"
	case "utf16le", "utf-16le", "ucs2", "ucs-2":
		return "utf16le"
	case "latin1", "binary":
		return "latin1"
	case "ascii":
		return "ascii"
	case "base64":
		return "base64"
	case "base64url":
		return "base64url"
	case "hex":
		return "hex"
	}
	return ""
}

// EncodeString renders b in a Node encoding, as buf.toString(enc) does.
// enc must be a name NormalizeEncoding accepts.
func EncodeString(b []byte, enc string) string {
	switch NormalizeEncoding(enc) {
	case "utf16le":
		units := make([]uint16, len(b)/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return string(utf16.Decode(units))
	case "latin1":
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	case "ascii":
		r := make([]byte, len(b))
		for i, c := range b {
			r[i] = c & 0x7f
		}
		return string(r)
	case "base64":
		return base64.StdEncoding.EncodeToString(b)
	case "base64url":
		return base64.RawURLEncoding.EncodeToString(b)
	case "hex":
		return hex.EncodeToString(b)
	}
	s, _, _ := DecodeUTF8(b, false, true)
	return s
}

// DecodeString is the reverse of EncodeString, as Buffer.from(s, enc):
// invalid base64 or hex input is decoded as far as it goes.
func DecodeString(s, enc string) []byte {
	switch NormalizeEncoding(enc) {
	case "utf16le":
		units := utf16.Encode([]rune(s))
		b := make([]byte, 2*len(units))
		for i, u := range units {
			b[2*i], b[2*i+1] = byte(u), byte(u>>8)
		}
		return b
	case "latin1", "ascii":
		b := make([]byte, 0, len(s))
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b
	case "base64", "base64url":
		clean := strings.Map(func(r rune) rune {
			switch {
			case r == '-':
				return '+'
			case r == '_':
				return '/'
			case r == '=' || r == ' ' || r == '\n' || r == '\r' || r == '\t':
				return -1
			}
			return r
		}, s)
		b, err := base64.RawStdEncoding.DecodeString(clean)
		if err != nil {
			if ce, ok := err.(base64.CorruptInputError); ok {
				b, _ = base64.RawStdEncoding.DecodeString(clean[:int(ce)/4*4])
			}
		}
		return b
	case "hex":
		n := len(s) / 2 * 2
		b := make([]byte, 0, n/2)
		for i := 0; i < n; i += 2 {
			v, err := hex.DecodeString(s[i : i+2])
			if err != nil {
				break
			}
			b = append(b, v...)
		}
		return b
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return []byte(s)
}
