package inspect

import (
	"testing"

	"github.com/dop251/goja"
)

func TestDescribe(t *testing.T) {
	cases := []struct{ src, want string }{
		{"undefined", "undefined"},
		{"null", "null"},
		{"1.5", "type number (1.5)"},
		{"true", "type boolean (true)"},
		{"10n", "type bigint (10n)"},
		{"'short'", "type string ('short')"},
		{"'a string long enough to be cut short'", "type string ('a string long enough to ...)"},
		{"Symbol('s')", "type symbol (Symbol(s))"},
		{"(function named() {})", "function named"},
		{"({})", "an instance of Object"},
		{"new (class Point {})()", "an instance of Point"},
		{"Object.create(null)", "an instance of Object"},
	}
	rt := goja.New()
	for _, c := range cases {
		v, err := rt.RunString(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := Describe(v); got != c.want {
			t.Errorf("Describe(%s) = %q, want %q", c.src, got, c.want)
		}
	}
}
