package inspect_test

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/inspect"
)

func Example() {
	rt := goja.New()
	v, err := rt.RunString(`({
		name: 'shield',
		tags: new Set(['js', 'go']),
		nested: { deep: { deeper: { deepest: 1 } } },
	})`)
	if err != nil {
		panic(err)
	}
	fmt.Println(inspect.Inspect(rt, v, inspect.Defaults()))

	// What console.log('%s has %d tags', 'shield', 2, [1, 2]) prints.
	args := []goja.Value{rt.ToValue("%s has %d tags"), rt.ToValue("shield"), rt.ToValue(2), rt.NewArray(1, 2)}
	fmt.Println(inspect.Format(rt, args, inspect.Defaults()))
	// Output:
	// {
	//   name: 'shield',
	//   tags: Set(2) { 'js', 'go' },
	//   nested: { deep: { deeper: [Object] } }
	// }
	// shield has 2 tags [ 1, 2 ]
}
