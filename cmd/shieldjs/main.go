// Command shieldjs runs JavaScript with Python asyncio's cancellation
// semantics: tasks, shield, timeouts, task groups, and Go-backed promises.
//
// Usage:
//
//	shieldjs run [flags] FILE [ARGS...]   run FILE as the main task
//	shieldjs eval [flags] CODE [ARGS...]  run CODE (top-level await allowed)
//	shieldjs version                      print the version
//
// Run `shieldjs help` or `shieldjs COMMAND --help` for the flags.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
