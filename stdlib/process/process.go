// Package process provides a Node-style process object: argv, env, exit,
// exitCode, platform, cwd, nextTick and the stdout/stderr streams.
package process

import (
	"io"
	"os"
	"runtime"

	"github.com/dop251/goja"
)

// Config describes the process a script sees.
type Config struct {
	// Argv is process.argv: the executable, the script, then its arguments.
	Argv []string
	// Env is what process.env shows; the host filters it by permission.
	Env map[string]string
	// Exit is called by process.exit(code); it must stop the script.
	Exit func(code int)
	// Stdout and Stderr back process.stdout.write and process.stderr.write.
	Stdout, Stderr io.Writer
	// Version is the host's version string, as process.version.
	Version string
	// NextTick queues a callback before other pending work.
	NextTick func(fn goja.Value, args []goja.Value)
}

// New returns a process object for rt.
func New(rt *goja.Runtime, cfg Config) *goja.Object {
	p := rt.NewObject()
	argv := make([]any, len(cfg.Argv))
	for i, a := range cfg.Argv {
		argv[i] = a
	}
	p.Set("argv", rt.NewArray(argv...))
	env := rt.NewObject()
	for k, v := range cfg.Env {
		env.Set(k, v)
	}
	p.Set("env", env)
	p.Set("exitCode", goja.Undefined())
	p.Set("platform", runtime.GOOS)
	p.Set("arch", map[string]string{"amd64": "x64", "386": "ia32"}[runtime.GOARCH])
	if a := p.Get("arch"); a == nil || a.String() == "" {
		p.Set("arch", runtime.GOARCH)
	}
	p.Set("pid", os.Getpid())
	p.Set("version", cfg.Version)
	p.Set("versions", map[string]any{"shieldjs": cfg.Version, "go": runtime.Version()})
	p.Set("cwd", func(goja.FunctionCall) goja.Value {
		wd, err := os.Getwd()
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return rt.ToValue(wd)
	})
	p.Set("exit", func(call goja.FunctionCall) goja.Value {
		code := 0
		if v := call.Argument(0); !goja.IsUndefined(v) && !goja.IsNull(v) {
			code = int(v.ToInteger())
		} else if v := p.Get("exitCode"); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			code = int(v.ToInteger())
		}
		cfg.Exit(code)
		return goja.Undefined()
	})
	p.Set("nextTick", func(call goja.FunctionCall) goja.Value {
		fn := call.Argument(0)
		if _, ok := goja.AssertFunction(fn); !ok {
			panic(rt.NewTypeError("The \"callback\" argument must be of type function."))
		}
		var args []goja.Value
		if len(call.Arguments) > 1 {
			args = append(args, call.Arguments[1:]...)
		}
		cfg.NextTick(fn, args)
		return goja.Undefined()
	})
	stream := func(w io.Writer, fd int) *goja.Object {
		s := rt.NewObject()
		s.Set("write", func(call goja.FunctionCall) goja.Value {
			io.WriteString(w, call.Argument(0).String())
			return rt.ToValue(true)
		})
		s.Set("fd", fd)
		return s
	}
	p.Set("stdout", stream(cfg.Stdout, 1))
	p.Set("stderr", stream(cfg.Stderr, 2))
	return p
}

// ExitCode reads process.exitCode as Node does at the end of a run.
func ExitCode(p *goja.Object) int {
	v := p.Get("exitCode")
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return 0
	}
	return int(v.ToInteger())
}
