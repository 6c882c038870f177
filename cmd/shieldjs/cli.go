package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"time"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/host"
	"github.com/shieldjs/shieldjs/permission"
)

// Exit statuses, as API.md §1 gives them.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitInternal = 70
	exitTimeout  = 124
	exitSignal   = 130
)

const usage = `shieldjs — JavaScript with asyncio's tasks, cancellation and shield

Usage:
  shieldjs run [flags] FILE [ARGS...]    run FILE as the main task
  shieldjs eval [flags] CODE [ARGS...]   run CODE as the main task (top-level await allowed)
  shieldjs [repl] [flags]                the interactive REPL (reads inputs from stdin when piped)
  shieldjs version                       print the version
  shieldjs help                          show this help

Run 'shieldjs COMMAND --help' for a command's flags.
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "shieldjs: internal error: %v\nThis is a bug in shieldjs, not in your script; please report it with this trace:\n%s", p, debug.Stack())
			code = exitInternal
		}
	}()
	if len(args) == 0 {
		return replCommand(nil, stdin, stdout, stderr)
	}
	switch cmd := args[0]; cmd {
	case "run", "eval":
		return runCommand(cmd, args[1:], stdout, stderr)
	case "repl":
		return replCommand(args[1:], stdin, stdout, stderr)
	case "version", "--version", "-v":
		if len(args) > 1 && (args[1] == "--help" || args[1] == "-h" || args[1] == "-help") {
			fmt.Fprint(stdout, "Usage: shieldjs version\n\nPrints the version of shieldjs.\n")
			return exitOK
		}
		fmt.Fprintf(stdout, "shieldjs %s\n", host.Version)
		return exitOK
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		if strings.HasSuffix(cmd, ".js") || strings.HasSuffix(cmd, ".cjs") {
			return runCommand("run", args, stdout, stderr)
		}
		fmt.Fprintf(stderr, "shieldjs: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

type runFlags struct {
	timeout     time.Duration
	virtualTime bool
	print       bool
	perms       permission.Set
}

func runCommand(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("shieldjs "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	fs.DurationVar(&f.timeout, "timeout", 0, "bound the run: at expiry cancel the main task and exit 124 (e.g. 1.5s)")
	fs.BoolVar(&f.virtualTime, "virtual-time", false, "run timers on a virtual clock that jumps to the next deadline when idle (for deterministic tests)")
	permission.RegisterFlags(fs, &f.perms)
	if cmd == "eval" {
		fs.BoolVar(&f.print, "p", false, "print the result of CODE")
	}
	what := "FILE"
	if cmd == "eval" {
		what = "CODE"
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: shieldjs %s [flags] %s [ARGS...]\n\nFlags:\n", cmd, what)
		fs.PrintDefaults()
	}
	// The flag package prints the usage itself on -help and on errors;
	// collect it so that help goes to stdout (exit 0), errors to stderr.
	var parseOut strings.Builder
	fs.SetOutput(&parseOut)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stdout, parseOut.String())
			return exitOK
		}
		io.WriteString(stderr, parseOut.String())
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "shieldjs %s: missing %s\n", cmd, what)
		fs.Usage()
		return exitUsage
	}
	target, scriptArgs := fs.Arg(0), fs.Args()[1:]

	opts := []host.Option{host.WithStdout(stdout), host.WithStderr(stderr), host.WithArgs(scriptArgs...), host.WithPermissions(f.perms)}
	if f.virtualTime {
		opts = append(opts, host.WithClock(eventloop.NewVirtualClock()))
	}
	h := host.New(opts...)
	defer h.Close()

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		n := 0
		for {
			select {
			case <-sigs:
				n++
				if n == 1 {
					h.Stop(host.ErrInterrupted)
				} else {
					h.Interrupt(host.ErrInterrupted)
				}
			case <-done:
				return
			}
		}
	}()
	if f.timeout > 0 {
		t := time.AfterFunc(f.timeout, func() { h.Stop(&host.TimeoutError{Limit: f.timeout}) })
		defer t.Stop()
	}

	ctx := context.Background()
	if cmd == "run" {
		_, err = h.RunFile(ctx, target)
	} else {
		var res interface{ String() string }
		res, err = h.RunString(ctx, "[eval]", target)
		if f.print && err == nil && res != nil {
			fmt.Fprintln(stdout, res.String())
		}
	}
	h.Close()
	return report(err, stderr, f.timeout)
}

// report prints what ended the run and chooses the exit status.
func report(err error, stderr io.Writer, limit time.Duration) int {
	if err == nil {
		return exitOK
	}
	var (
		exit     *host.ExitError
		timeout  *host.TimeoutError
		internal *host.InternalError
		syntax   *compile.SyntaxError
	)
	switch {
	case errors.As(err, &exit):
		return exit.Code
	case errors.As(err, &timeout):
		fmt.Fprintf(stderr, "shieldjs: timed out after %s (--timeout %s)\n", timeout.Limit, limit)
		return exitTimeout
	case errors.Is(err, host.ErrInterrupted):
		return exitSignal
	case errors.As(err, &internal):
		fmt.Fprintf(stderr, "shieldjs: %v\nThis is a bug in shieldjs, not in your script; please report it with this trace:\n%s", internal, internal.Stack)
		return exitInternal
	case errors.As(err, &syntax):
		fmt.Fprintln(stderr, syntax.Error())
		return exitFailure
	}
	for _, e := range unjoin(err) {
		var se *host.ScriptError
		if errors.As(e, &se) {
			fmt.Fprintln(stderr, se.Report())
			continue
		}
		fmt.Fprintf(stderr, "error: %v\n", e)
	}
	return exitFailure
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
