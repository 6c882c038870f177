// Package console provides the console object as Node.js users know it:
// log/info/debug to stdout, error/warn/trace to stderr, no timestamps, and
// arguments formatted like util.format.
package console

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// Config says where the console writes and how it formats values.
type Config struct {
	Stdout, Stderr io.Writer
	// Format renders console.log's arguments (util.format semantics).
	Format func(args []goja.Value) string
	// Inspect renders one value for console.dir.
	Inspect func(v goja.Value) string
	// Now is a monotonic clock for console.time; nil means time.Now.
	Now func() time.Duration
	// Stack returns the current JavaScript stack, for console.trace.
	Stack func() string
}

type console struct {
	cfg    Config
	indent string
	counts map[string]int
	timers map[string]time.Duration
}

// New returns a console object for rt.
func New(rt *goja.Runtime, cfg Config) *goja.Object {
	if cfg.Now == nil {
		origin := time.Now()
		cfg.Now = func() time.Duration { return time.Since(origin) }
	}
	c := &console{cfg: cfg, counts: map[string]int{}, timers: map[string]time.Duration{}}
	o := rt.NewObject()
	out := func(w io.Writer) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			c.print(w, cfg.Format(call.Arguments))
			return goja.Undefined()
		}
	}
	o.Set("log", out(cfg.Stdout))
	o.Set("info", out(cfg.Stdout))
	o.Set("debug", out(cfg.Stdout))
	o.Set("error", out(cfg.Stderr))
	o.Set("warn", out(cfg.Stderr))
	o.Set("dir", func(call goja.FunctionCall) goja.Value {
		c.print(cfg.Stdout, cfg.Inspect(call.Argument(0)))
		return goja.Undefined()
	})
	o.Set("trace", func(call goja.FunctionCall) goja.Value {
		msg := "Trace"
		if len(call.Arguments) > 0 {
			msg += ": " + cfg.Format(call.Arguments)
		}
		if cfg.Stack != nil {
			if st := cfg.Stack(); st != "" {
				msg += "\n" + st
			}
		}
		c.print(cfg.Stderr, msg)
		return goja.Undefined()
	})
	o.Set("assert", func(call goja.FunctionCall) goja.Value {
		if call.Argument(0).ToBoolean() {
			return goja.Undefined()
		}
		msg := "Assertion failed"
		if len(call.Arguments) > 1 {
			msg += ": " + cfg.Format(call.Arguments[1:])
		}
		c.print(cfg.Stderr, msg)
		return goja.Undefined()
	})
	o.Set("count", func(call goja.FunctionCall) goja.Value {
		l := label(call)
		c.counts[l]++
		c.print(cfg.Stdout, fmt.Sprintf("%s: %d", l, c.counts[l]))
		return goja.Undefined()
	})
	o.Set("countReset", func(call goja.FunctionCall) goja.Value {
		delete(c.counts, label(call))
		return goja.Undefined()
	})
	o.Set("time", func(call goja.FunctionCall) goja.Value {
		l := label(call)
		if _, ok := c.timers[l]; ok {
			c.print(cfg.Stderr, fmt.Sprintf("Warning: Label '%s' already exists for console.time()", l))
			return goja.Undefined()
		}
		c.timers[l] = cfg.Now()
		return goja.Undefined()
	})
	timeLog := func(end bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			l := label(call)
			start, ok := c.timers[l]
			if !ok {
				c.print(cfg.Stderr, fmt.Sprintf("Warning: No such label '%s' for console.time%s()", l, map[bool]string{true: "End", false: "Log"}[end]))
				return goja.Undefined()
			}
			if end {
				delete(c.timers, l)
			}
			msg := fmt.Sprintf("%s: %s", l, formatDuration(cfg.Now()-start))
			if !end && len(call.Arguments) > 1 {
				msg += " " + cfg.Format(call.Arguments[1:])
			}
			c.print(cfg.Stdout, msg)
			return goja.Undefined()
		}
	}
	o.Set("timeEnd", timeLog(true))
	o.Set("timeLog", timeLog(false))
	group := func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) > 0 {
			c.print(cfg.Stdout, cfg.Format(call.Arguments))
		}
		c.indent += "  "
		return goja.Undefined()
	}
	o.Set("group", group)
	o.Set("groupCollapsed", group)
	o.Set("groupEnd", func(goja.FunctionCall) goja.Value {
		if len(c.indent) >= 2 {
			c.indent = c.indent[2:]
		}
		return goja.Undefined()
	})
	o.Set("table", out(cfg.Stdout))
	return o
}

func label(call goja.FunctionCall) string {
	if v := call.Argument(0); !goja.IsUndefined(v) {
		return v.String()
	}
	return "default"
}

func (c *console) print(w io.Writer, s string) {
	if c.indent != "" {
		s = c.indent + strings.ReplaceAll(s, "\n", "\n"+c.indent)
	}
	io.WriteString(w, s+"\n")
}

// formatDuration prints like Node's console.timeEnd: "1.234ms", "1.5s".
func formatDuration(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms >= 1000 {
		return fmt.Sprintf("%.3fs", ms/1000)
	}
	return fmt.Sprintf("%.3fms", ms)
}
