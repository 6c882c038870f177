// Command bench runs shieldjs's benchmark workloads (issue 6) side by side
// in shieldjs, Python 3 asyncio, Node.js and, where it makes sense, a bare
// goja runtime, and prints one table.
//
// Usage, from the repository root:
//
//	go run ./bench                      # every workload, default sizes, 5 rounds
//	go run ./bench -n 0.1 -rounds 3     # a tenth of the default sizes
//	go run ./bench -only W1,W9 -json    # selected workloads, JSON output
//	go run ./bench -md -save run.json   # Markdown tables (BENCHMARKS.md), and every sample as JSON
//
// Every workload script measures its own time with a monotonic clock and
// prints it as one JSON line, so process start-up is excluded (except in W7,
// which measures exactly that). Peak RSS is the child's rusage maxrss. The
// runtimes are interleaved round by round, and the ratio to Python is taken
// within each round before the median is taken.
//
// The runner builds the shieldjs CLI itself, into a temporary directory;
// -shieldjs PATH uses an existing binary instead. Python and Node are found
// on $PATH (-python, -node override; an empty value skips the runtime); a
// runtime that is missing is skipped with a note. The "goja" column runs the
// same JavaScript on a bare goja.Runtime inside this very program, re-executed
// as a child, so that it too is a process of its own with its own RSS.
package main

import (
	"fmt"
	"os"
)

func main() {
	if handled, code := childMain(); handled {
		os.Exit(code)
	}
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
