package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// childEnv selects what a re-executed copy of this program does.
const childEnv = "SHIELDJS_BENCH_CHILD"

// childMain runs this process as a benchmark child when childEnv says so,
// and reports whether it did. With childEnv=goja, os.Args[1] is a script that
// is run on a bare goja.Runtime: no host, no await rewrite, no event loop,
// only what the workload needs (now, console.log, process.argv). Promise
// jobs run when the script's top level returns, as goja does by itself.
func childMain() (handled bool, code int) {
	switch os.Getenv(childEnv) {
	case "":
		return false, 0
	case "goja":
		if len(os.Args) < 2 {
			fmt.Fprintln(os.Stderr, "goja child: missing script")
			return true, 2
		}
		if err := runBareGoja(os.Args[1], os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "goja child:", err)
			return true, 1
		}
		return true, 0
	}
	return false, 0
}

func runBareGoja(file string, args []string) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	prg, err := goja.Compile(file, string(src), true)
	if err != nil {
		return err
	}
	rt := goja.New()
	origin := time.Now()
	rt.Set("now", func() float64 { return float64(time.Since(origin)) / float64(time.Millisecond) })
	console := rt.NewObject()
	console.Set("log", func(c goja.FunctionCall) goja.Value {
		parts := make([]string, len(c.Arguments))
		for i, a := range c.Arguments {
			parts[i] = a.String()
		}
		fmt.Println(strings.Join(parts, " "))
		return goja.Undefined()
	})
	rt.Set("console", console)
	argv := []any{"goja", file}
	for _, a := range args {
		argv = append(argv, a)
	}
	process := rt.NewObject()
	process.Set("argv", rt.NewArray(argv...))
	rt.Set("process", process)
	_, err = rt.RunProgram(prg)
	return err
}
