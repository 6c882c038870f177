package inspect

import (
	"testing"

	"github.com/dop251/goja"
)

// console.log of small values is the hot path these keep an eye on.

func benchInspect(b *testing.B, expr string) {
	rt := goja.New()
	v, err := rt.RunString(expr)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Inspect(rt, v, Defaults())
	}
}

func BenchmarkString(b *testing.B)      { benchInspect(b, "'hello'") }
func BenchmarkSmallObject(b *testing.B) { benchInspect(b, "({ a: 1, b: 'x' })") }
func BenchmarkClassInstance(b *testing.B) {
	benchInspect(b, "class Foo { constructor() { this.x = 1 } }; new Foo")
}
func BenchmarkNested(b *testing.B) {
	benchInspect(b, "({ id: 1, name: 'x', tags: ['a', 'b'], meta: { created: new Date(0), n: null }, list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })")
}
func BenchmarkArray100(b *testing.B) { benchInspect(b, "Array.from({ length: 100 }, (_, i) => i)") }
func BenchmarkMap(b *testing.B)      { benchInspect(b, "new Map([['a', 1], ['b', 2]])") }

func BenchmarkFormat(b *testing.B) {
	rt := goja.New()
	args := []goja.Value{rt.ToValue("%s: %d"), rt.ToValue("count"), rt.ToValue(42)}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Format(rt, args, Defaults())
	}
}
