package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ergochat/readline"
	"golang.org/x/term"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/host"
	"github.com/shieldjs/shieldjs/inspect"
	"github.com/shieldjs/shieldjs/permission"
)

// The REPL: `shieldjs` or `shieldjs repl`. Each input is evaluated as a task
// of a host.Session (see there for the semantics). On a terminal it edits
// lines with github.com/ergochat/readline; otherwise it reads inputs from
// stdin without prompts or colours.

const (
	prompt         = "> "
	continuePrompt = "... "
	historyLimit   = 1000
	// cancelsBeforeDetach is how many Ctrl-Cs an input may ignore (by
	// catching CancelledError and awaiting again) before the REPL stops
	// waiting for it and leaves it running in the background.
	cancelsBeforeDetach = 3
)

const replHelp = `.break    Abandon the input being typed
.editor   Enter editor mode: several lines, evaluated at Ctrl+D
.exit     Exit the REPL
.help     Show this help
.load     Evaluate a file as one input: .load FILE
.save     Save the inputs of this session to a file: .save FILE

Each input runs as a task: top-level await works, and Ctrl+C cancels the
input (CancelledError at its await; shielded work goes on) or interrupts it
if it does not yield. Tasks started by an input keep running between
prompts. _ holds the last value, _error the last error.
Press Ctrl+C twice on an empty line, or Ctrl+D, to exit.
`

var commandRE = regexp.MustCompile(`^\.([A-Za-z]+)(?:\s+(.*))?$`)

func replCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("shieldjs repl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var perms permission.Set
	permission.RegisterFlags(fs, &perms)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: shieldjs repl [flags]\n\nThe interactive REPL; with stdin not a terminal, evaluates the inputs it reads.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "shieldjs repl: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	opts := []host.Option{host.WithPermissions(perms)}
	in, isFile := stdin.(*os.File)
	out, outFile := stdout.(*os.File)
	// A dumb terminal cannot take the line editor's escape sequences nor
	// answer its cursor position queries: read lines as from a pipe.
	if isFile && outFile && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) && os.Getenv("TERM") != "dumb" {
		return interactive(in, out, stderr, opts)
	}
	return piped(stdin, stdout, stderr, opts)
}

// repl is what the terminal and the piped front ends share.
type repl struct {
	sess    *host.Session
	out     io.Writer // results
	errw    io.Writer // failures
	inputs  []string  // evaluated this session, for .save
	failed  atomic.Bool
	evaling atomic.Bool
	exit    *host.ExitError
}

// eval evaluates src and prints its value or its failure. It reports
// whether src was incomplete (nothing was evaluated) and whether the
// session has ended (process.exit).
func (r *repl) eval(src string, final bool) (incomplete, ended bool) {
	r.evaling.Store(true)
	v, err := r.sess.Eval(context.Background(), src)
	r.evaling.Store(false)
	var se *compile.SyntaxError
	var ee *host.EvalError
	var exit *host.ExitError
	switch {
	case err == nil:
		r.inputs = append(r.inputs, src)
		fmt.Fprintln(r.out, v)
	case compile.IsIncomplete(err) && !final:
		return true, false
	case errors.As(err, &se):
		r.failed.Store(true)
		fmt.Fprintln(r.errw, syntaxReport(se))
	case errors.As(err, &ee):
		r.inputs = append(r.inputs, src)
		r.failed.Store(true)
		fmt.Fprintln(r.errw, ee.Error())
	case errors.As(err, &exit):
		r.exit = exit
		return false, true
	case errors.Is(err, host.ErrDetached):
		r.inputs = append(r.inputs, src)
		fmt.Fprintln(r.errw, "(the input no longer holds the prompt: it keeps running in the background)")
	case errors.Is(err, host.ErrSessionClosed):
		return false, true
	default:
		r.failed.Store(true)
		fmt.Fprintln(r.errw, "error:", err)
		var ie *host.InternalError
		if errors.As(err, &ie) {
			return false, true
		}
	}
	return false, false
}

// syntaxReport shows a syntax error as Node's REPL does: the line, a caret,
// and the message.
func syntaxReport(se *compile.SyntaxError) string {
	var b strings.Builder
	if ex := compile.Excerpt(se.SourceLine, se.Column); ex != "" {
		b.WriteString(ex)
		b.WriteByte('\n')
	}
	b.WriteString("Uncaught SyntaxError: ")
	b.WriteString(se.Message)
	return b.String()
}

// command runs a dot-command. readMore reads the lines of .editor mode.
// It reports whether the REPL should exit.
func (r *repl) command(name, arg string, readMore func() (string, bool)) (exit bool) {
	switch name {
	case "exit":
		return true
	case "help":
		fmt.Fprint(r.out, replHelp)
	case "break":
	case "load":
		if arg == "" {
			fmt.Fprintln(r.errw, "Usage: .load FILE")
			return false
		}
		src, err := os.ReadFile(arg)
		if err != nil {
			r.failed.Store(true)
			fmt.Fprintf(r.errw, "Failed to load: %v\n", err)
			return false
		}
		_, ended := r.eval(string(src), true)
		return ended
	case "save":
		if arg == "" {
			fmt.Fprintln(r.errw, "Usage: .save FILE")
			return false
		}
		text := strings.Join(r.inputs, "\n")
		if text != "" {
			text += "\n"
		}
		if err := os.WriteFile(arg, []byte(text), 0o644); err != nil {
			fmt.Fprintf(r.errw, "Failed to save: %v\n", err)
			return false
		}
		fmt.Fprintf(r.out, "Session saved to: %s\n", arg)
	case "editor":
		fmt.Fprintln(r.out, "// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)")
		src, ok := readMore()
		if !ok {
			return false
		}
		if strings.TrimSpace(src) == "" {
			return false
		}
		_, ended := r.eval(src, true)
		return ended
	default:
		fmt.Fprintln(r.errw, "Invalid REPL keyword")
	}
	return false
}

// cancelOnSignal turns SIGINT, while an input is being evaluated, into a
// cancellation of that input (and, after cancelsBeforeDetach of them, into
// detaching it); onCancel, if not nil, is called first. Otherwise it calls
// idle, if not nil. The returned function stops it.
func (r *repl) cancelOnSignal(onCancel, idle func()) (stop func()) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-sigs:
				if !r.evaling.Load() {
					if idle != nil {
						idle()
					}
					continue
				}
				if onCancel != nil {
					onCancel()
				}
				if n := r.sess.CancelCurrent(); n >= cancelsBeforeDetach {
					r.sess.Detach()
				}
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
		wg.Wait()
	}
}

// interactive is the REPL on a terminal.
func interactive(in, out *os.File, stderr io.Writer, opts []host.Option) int {
	var sess *host.Session
	var lineLen atomic.Int64
	cfg := &readline.Config{
		Prompt:          prompt,
		HistoryFile:     historyFile(),
		HistoryLimit:    historyLimit,
		AutoComplete:    completer{&sess},
		InterruptPrompt: "^C",
		EOFPrompt:       "\n",
		Stdin:           in,
		Stdout:          out,
		Stderr:          stderr,
		Listener: func(line []rune, pos int, key rune) ([]rune, int, bool) {
			lineLen.Store(int64(len(line)))
			return nil, 0, false
		},
	}
	rl, err := readline.NewFromConfig(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "shieldjs: %v\n", err)
		return exitFailure
	}
	defer rl.Close()

	h := host.New(append(opts, host.WithStdout(rl.Stdout()), host.WithStderr(rl.Stderr()))...)
	defer h.Close()
	iopts := inspect.Defaults()
	iopts.Colors = true
	sess, err = h.StartSession(host.SessionOptions{
		Inspect: iopts,
		OnError: func(e *host.EvalError) { fmt.Fprintln(rl.Stderr(), e.Error()) },
	})
	if err != nil {
		fmt.Fprintf(stderr, "shieldjs: %v\n", err)
		return exitFailure
	}
	r := &repl{sess: sess, out: rl.Stdout(), errw: rl.Stderr()}
	// The terminal echoes ^C; what the cancelled input prints goes below.
	stop := r.cancelOnSignal(func() { fmt.Fprintln(rl.Stdout()) }, nil)
	defer stop()
	// process.exit from a background task ends the session while the
	// prompt waits for a line.
	go func() {
		<-sess.Done()
		rl.Close()
	}()

	fmt.Fprintf(out, "Welcome to shieldjs %s.\nType \".help\" for more information.\n", host.Version)
	var buf []string
	interrupts := 0
	for {
		if len(buf) == 0 {
			rl.SetPrompt(prompt)
		} else {
			rl.SetPrompt(continuePrompt)
		}
		line, err := rl.ReadLine()
		if sess.Err() != nil {
			break
		}
		if errors.Is(err, readline.ErrInterrupt) {
			if len(buf) > 0 || lineLen.Load() > 0 {
				buf, interrupts = nil, 0
				continue
			}
			interrupts++
			if interrupts >= 2 {
				break
			}
			fmt.Fprintln(out, "(To exit, press Ctrl+C again or Ctrl+D or type .exit)")
			continue
		}
		interrupts = 0
		if err != nil { // io.EOF: Ctrl-D
			break
		}
		if len(buf) == 0 {
			if m := commandRE.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				if r.command(m[1], strings.TrimSpace(m[2]), func() (string, bool) { return editor(rl) }) {
					break
				}
				continue
			}
		} else if strings.TrimSpace(line) == ".break" {
			buf = nil
			continue
		}
		buf = append(buf, line)
		src := strings.Join(buf, "\n")
		if strings.TrimSpace(src) == "" {
			buf = nil
			continue
		}
		incomplete, ended := r.eval(src, false)
		if ended {
			break
		}
		if !incomplete {
			buf = nil
		}
	}
	return r.finish(sess)
}

// finish closes the session and chooses the exit status: the code given to
// process.exit, or 0.
func (r *repl) finish(sess *host.Session) int {
	err := sess.Close()
	var exit *host.ExitError
	switch {
	case r.exit != nil:
		return r.exit.Code
	case errors.As(err, &exit):
		return exit.Code
	}
	return exitOK
}

// editor reads the lines of .editor mode until Ctrl-D; Ctrl-C abandons them.
func editor(rl *readline.Instance) (string, bool) {
	rl.SetPrompt("")
	var lines []string
	for {
		line, err := rl.ReadLine()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			return "", false
		case err != nil:
			return strings.Join(lines, "\n"), true
		}
		lines = append(lines, line)
	}
}

// historyFile is where the REPL keeps its history: $SHIELDJS_REPL_HISTORY
// if set (empty disables history), else ~/.shieldjs_history. The file is
// created readable by its owner only, as it may hold secrets.
func historyFile() string {
	path, ok := os.LookupEnv("SHIELDJS_REPL_HISTORY")
	if !ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		path = filepath.Join(home, ".shieldjs_history")
	}
	if path == "" {
		return ""
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
		f.Close()
	}
	return path
}

// completer offers globals, keywords and the properties after a `.`.
type completer struct{ sess **host.Session }

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	sess := *c.sess
	if sess == nil {
		return nil, 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	text := string(line[:pos])
	start, names := sess.Complete(ctx, text)
	partial := []rune(text[start:])
	var out [][]rune
	for _, n := range names {
		if rs := []rune(n); len(rs) >= len(partial) {
			out = append(out, rs[len(partial):])
		}
	}
	return out, len(partial)
}

// piped evaluates the inputs read from a pipe or file, statement by
// statement, without prompts or colours. The exit status is 1 if any input
// failed or anything failed in the background, the code given to
// process.exit if it was called, 0 otherwise; at the end of the input it
// waits, as `shieldjs run` does, for what the inputs started.
func piped(stdin io.Reader, stdout, stderr io.Writer, opts []host.Option) int {
	h := host.New(append(opts, host.WithStdout(stdout), host.WithStderr(stderr))...)
	defer h.Close()
	var r *repl
	sess, err := h.StartSession(host.SessionOptions{
		OnError: func(e *host.EvalError) {
			r.failed.Store(true)
			fmt.Fprintln(stderr, e.Error())
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "shieldjs: %v\n", err)
		return exitFailure
	}
	r = &repl{sess: sess, out: stdout, errw: stderr}
	// Ctrl-C cancels the input being evaluated; while waiting at the end,
	// it closes the session, which cancels what is left.
	var closing sync.Once
	stop := r.cancelOnSignal(nil, func() { closing.Do(func() { go sess.Close() }) })
	defer stop()

	lines := bufio.NewReader(stdin)
	var buf []string
	readLine := func() (string, bool) {
		l, err := lines.ReadString('\n')
		if err != nil && l == "" {
			return "", false
		}
		return strings.TrimRight(l, "\r\n"), true
	}
	for {
		line, ok := readLine()
		if !ok {
			break
		}
		if len(buf) == 0 {
			if m := commandRE.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				more := func() (string, bool) {
					var rest []string
					for l, ok := readLine(); ok; l, ok = readLine() {
						rest = append(rest, l)
					}
					return strings.Join(rest, "\n"), true
				}
				if r.command(m[1], strings.TrimSpace(m[2]), more) {
					return r.end(sess, false)
				}
				continue
			}
		}
		buf = append(buf, line)
		src := strings.Join(buf, "\n")
		if strings.TrimSpace(src) == "" {
			buf = nil
			continue
		}
		incomplete, ended := r.eval(src, false)
		if ended {
			return r.end(sess, false)
		}
		if !incomplete {
			buf = nil
		}
	}
	if len(buf) > 0 {
		// The input ended inside a statement: report it.
		if _, ended := r.eval(strings.Join(buf, "\n"), true); ended {
			return r.end(sess, false)
		}
	}
	return r.end(sess, true)
}

// end finishes a piped session: with wait, after what the inputs started
// is done.
func (r *repl) end(sess *host.Session, wait bool) int {
	var err error
	if wait {
		err = sess.Wait(context.Background())
	}
	if cerr := sess.Close(); err == nil {
		err = cerr
	}
	var exit *host.ExitError
	switch {
	case r.exit != nil:
		return r.exit.Code
	case errors.As(err, &exit):
		return exit.Code
	case r.failed.Load():
		return exitFailure
	}
	return exitOK
}
