package stdlib_test

import (
	"testing"

	"github.com/shieldjs/shieldjs/stdlib"
)

func TestDecodeUTF8(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"plain", "plain"},
		{"h\xc3\xa9", "hé"},
		{"\xff", "\uFFFD"},
		{"\xe2\x82", "\uFFFD"},                 // a truncated sequence is one replacement
		{"\xe2\x82A", "\uFFFDA"},               // ... also before another character
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // a surrogate: each byte replaced
		{"\xf0\x9f\x98\x80", "😀"},
		{"\xc0\xaf", "\uFFFD\uFFFD"}, // overlong
	} {
		got, rest, ok := stdlib.DecodeUTF8([]byte(c.in), false, true)
		if got != c.want || rest != nil || !ok {
			t.Errorf("DecodeUTF8(%q) = %q, %q, %v; want %q", c.in, got, rest, ok, c.want)
		}
	}
	if _, _, ok := stdlib.DecodeUTF8([]byte("\xff"), true, true); ok {
		t.Error("fatal decoding of invalid input succeeded")
	}
	got, rest, ok := stdlib.DecodeUTF8([]byte("a\xe2\x82"), false, false)
	if got != "a" || string(rest) != "\xe2\x82" || !ok {
		t.Errorf("streaming: %q, %q, %v", got, rest, ok)
	}
}

func TestEncodings(t *testing.T) {
	data := []byte{0, 'h', 'i', 0xe9, 0xff}
	for _, enc := range []string{"utf16le", "latin1", "base64", "base64url", "hex"} {
		s := stdlib.EncodeString(data, enc)
		if enc == "utf16le" {
			data := data[:4]
			s := stdlib.EncodeString(data, enc)
			if back := stdlib.DecodeString(s, enc); string(back) != string(data) {
				t.Errorf("%s: %q -> %q -> %q", enc, data, s, back)
			}
			continue
		}
		if back := stdlib.DecodeString(s, enc); string(back) != string(data) {
			t.Errorf("%s: %q -> %q -> %q", enc, data, s, back)
		}
	}
	if got := stdlib.EncodeString([]byte("hi"), "hex"); got != "6869" {
		t.Errorf("hex = %q", got)
	}
	if got := stdlib.EncodeString([]byte{0xfb, 0xff}, "base64url"); got != "-_8" {
		t.Errorf("base64url = %q", got)
	}
	if got := string(stdlib.DecodeString("aGk=", "base64")); got != "hi" {
		t.Errorf("base64 = %q", got)
	}
	if stdlib.NormalizeEncoding("UTF-8") != "utf8" || stdlib.NormalizeEncoding("nope") != "" {
		t.Error("NormalizeEncoding")
	}
}
