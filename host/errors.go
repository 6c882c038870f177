package host

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/shield"
)

// ScriptError is a JavaScript failure that ended a run: the main task threw,
// a callback threw, a promise was rejected with no handler, or a task failed
// and nobody retrieved its exception.
type ScriptError struct {
	// Kind says how the error escaped: "Uncaught", "Uncaught (in promise)",
	// or "Task exception was never retrieved".
	Kind string
	// Message is the error's own first line, such as "TypeError: x is not a function".
	Message string
	// Stack holds the JavaScript stack frames, one "    at ..." line each.
	Stack string
	// Value is the thrown JavaScript value. It belongs to the host's
	// runtime and must only be used while the host is open.
	Value goja.Value
	// File, Line and Column locate the throw (the first stack frame) when
	// it is known; SourceLine is that line of the source.
	File         string
	Line, Column int
	SourceLine   string
}

// Report formats the error for a terminal: the location, the source line
// with a caret under the column, then the message and the stack.
func (e *ScriptError) Report() string {
	var b strings.Builder
	if e.File != "" && e.SourceLine != "" {
		fmt.Fprintf(&b, "%s:%d:%d\n%s\n", e.File, e.Line, e.Column, compile.Excerpt(e.SourceLine, e.Column))
	}
	b.WriteString("error: ")
	b.WriteString(e.Error())
	return b.String()
}

// Error returns the kind, the message and the JavaScript stack.
func (e *ScriptError) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind)
	b.WriteString(" ")
	b.WriteString(e.Message)
	if e.Stack != "" {
		b.WriteString("\n")
		b.WriteString(e.Stack)
	}
	return b.String()
}

// CancelledError reports that the main task ended cancelled.
type CancelledError struct{ Message string }

// Error says that the main task was cancelled, and with what message.
func (e *CancelledError) Error() string {
	if e.Message == "" {
		return "the main task was cancelled"
	}
	return "the main task was cancelled: " + e.Message
}

// ExitError reports that the script asked to exit with a status: it called
// process.exit(code), or set process.exitCode to a non-zero value.
type ExitError struct{ Code int }

// Error returns "exit status N".
func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ErrInterrupted is the reason a run stopped because the embedder (or the
// user, with Ctrl-C) asked it to.
var ErrInterrupted = errors.New("interrupted")

// TimeoutError reports that a run exceeded its time limit.
type TimeoutError struct{ Limit time.Duration }

// Error names the limit.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("the run exceeded its time limit of %s", e.Limit)
}

// InternalError is a bug in the host, never in the script. It carries the
// Go stack for a bug report.
type InternalError struct {
	Value any
	Stack []byte
}

// Error returns the panic value.
func (e *InternalError) Error() string { return fmt.Sprintf("internal error: %v", e.Value) }

var (
	pcSuffix = regexp.MustCompile(`:(\d+):(\d+)\(\d+\)`)
	frameLoc = regexp.MustCompile(`at (?:.* \()?(.+?):(\d+):(\d+)\)?$`)
)

// locate fills in where the error was thrown from its first frame.
func (e *ScriptError) locate(source func(file string) string) {
	// The first frame with a location: native frames have none.
	var m []string
	for _, line := range strings.Split(e.Stack, "\n") {
		if m = frameLoc.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			break
		}
	}
	if m == nil {
		return
	}
	e.File = m[1]
	fmt.Sscan(m[2], &e.Line)
	fmt.Sscan(m[3], &e.Column)
	if src := source(e.File); src != "" {
		lines := strings.Split(src, "\n")
		if e.Line >= 1 && e.Line <= len(lines) {
			e.SourceLine = strings.TrimRight(lines[e.Line-1], "\r")
		}
	}
}

// scriptError builds a ScriptError from a thrown value; ex, if not nil,
// supplies the frames of the throw when the value is not an Error.
func scriptError(kind string, v goja.Value, ex *goja.Exception) *ScriptError {
	e := &ScriptError{Kind: kind, Value: v}
	if obj, ok := v.(*goja.Object); ok {
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) && st.String() != "" {
			msg, frames := splitStack(st.String())
			e.Message, e.Stack = msg, frames
			return e
		}
	}
	e.Message = describeValue(v)
	if ex != nil {
		var lines []string
		for _, f := range ex.Stack() {
			if line := frameLine(f); line != "" {
				lines = append(lines, line)
			}
		}
		e.Stack = strings.Join(lines, "\n")
	}
	return e
}

func describeValue(v goja.Value) string {
	if v == nil {
		return "undefined"
	}
	if s, ok := v.Export().(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return v.String()
}

func frameLine(f goja.StackFrame) string {
	pos := f.Position()
	if strings.HasPrefix(pos.Filename, shield.InternalFile) || strings.HasPrefix(f.FuncName(), shield.InternalFile) {
		return ""
	}
	if f.SrcName() == "" && pos.Line == 0 {
		return ""
	}
	loc := fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Line, pos.Column)
	if name := f.FuncName(); name != "" {
		return fmt.Sprintf("    at %s (%s)", name, loc)
	}
	return "    at " + loc
}

// splitStack separates an Error's stack property into its message line(s)
// and its frames, dropping the host's internal frames and goja's program
// counters.
func splitStack(stack string) (msg, frames string) {
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	var head, out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "at ") {
			if strings.Contains(t, shield.InternalFile) {
				continue
			}
			out = append(out, "    "+pcSuffix.ReplaceAllString(t, ":$1:$2"))
			continue
		}
		if len(out) == 0 {
			head = append(head, l)
		}
	}
	return strings.Join(head, "\n"), strings.Join(out, "\n")
}

// FormatStack cleans a JavaScript stack string for display: internal frames
// and goja's program counters are removed.
func FormatStack(stack string) string {
	msg, frames := splitStack(stack)
	if frames == "" {
		return msg
	}
	return msg + "\n" + frames
}
