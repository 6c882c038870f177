package timers_test

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/shield"
	"github.com/shieldjs/shieldjs/stdlib/timers"
)

func ExampleInstall() {
	rt := goja.New()
	loop := eventloop.New(eventloop.WithClock(eventloop.NewVirtualClock()))
	s := shield.New(rt, loop, shield.Config{})
	timers.Install(s, rt.GlobalObject())
	rt.Set("print", func(v goja.Value) { fmt.Println(v) })
	rt.RunString(`
setTimeout((who) => print("timeout for " + who), 20, "you");
const iv = setInterval(() => { print("tick"); if (++n === 2) clearInterval(iv); }, 5);
let n = 0;
setImmediate(() => print("immediate"));
queueMicrotask(() => print("microtask"));
`)
	if err := loop.Run(nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// microtask
	// immediate
	// tick
	// tick
	// timeout for you
}
