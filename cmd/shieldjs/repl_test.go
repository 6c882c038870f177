//go:build !windows

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// replTimeout bounds every wait on the REPL's output; the binary may be
// built with the race detector, which makes it slow.
const replTimeout = 30 * time.Second

// terminal drives the REPL through a pseudo-terminal, answering the cursor
// position queries (ESC[6n) that the line editor makes before each prompt,
// as a terminal would.
type terminal struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // its exit status, once done

	mu       sync.Mutex
	raw      bytes.Buffer
	answered int // cursor position queries answered
	seen     int // offset in the cleaned output already matched by expect
}

// startREPL starts `shieldjs args...` on a new pseudo-terminal with HOME set
// to home.
func startREPL(t *testing.T, home string, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = home
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "HOME=") && !strings.HasPrefix(e, "SHIELDJS_REPL_HISTORY=") && !strings.HasPrefix(e, "TERM=") {
			env = append(env, e)
		}
	}
	cmd.Env = append(env, "HOME="+home, "TERM=xterm")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, pty: f, cmd: cmd, done: make(chan struct{})}
	go term.read()
	go func() {
		term.err = cmd.Wait()
		close(term.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-term.done
		f.Close()
	})
	return term
}

func (term *terminal) read() {
	buf := make([]byte, 4096)
	for {
		n, err := term.pty.Read(buf)
		if n > 0 {
			term.mu.Lock()
			term.raw.Write(buf[:n])
			queries := bytes.Count(term.raw.Bytes(), []byte("\x1b[6n"))
			for ; term.answered < queries; term.answered++ {
				term.pty.Write([]byte("\x1b[1;1R"))
			}
			term.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r| \x08`)

// output is what the terminal showed, without escape sequences.
func (term *terminal) output() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return ansi.ReplaceAllString(term.raw.String(), "")
}

// expect waits until want appears in the output after what earlier expects
// matched.
func (term *terminal) expect(want string) {
	term.t.Helper()
	deadline := time.Now().Add(replTimeout)
	for {
		out := term.output()
		term.mu.Lock()
		seen := term.seen
		term.mu.Unlock()
		if i := strings.Index(out[seen:], want); i >= 0 {
			term.mu.Lock()
			term.seen = seen + i + len(want)
			term.mu.Unlock()
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the REPL never printed %q; it printed:\n%s", want, out[seen:])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// expectPrompt waits for a fresh "> " prompt.
func (term *terminal) expectPrompt() {
	term.t.Helper()
	term.expect("\n> ")
}

// eval types an input and waits for want and then the next prompt. want
// must not occur in the input, which the terminal echoes.
func (term *terminal) eval(input, want string) {
	term.t.Helper()
	if strings.Contains(input, want) {
		term.t.Fatalf("test bug: %q contains %q", input, want)
	}
	term.send(input + "\r")
	term.expect(want)
	term.expectPrompt()
}

// send types s.
func (term *terminal) send(s string) {
	term.t.Helper()
	if _, err := term.pty.Write([]byte(s)); err != nil {
		term.t.Fatal(err)
	}
}

// wait waits for the REPL to exit and returns its exit status.
func (term *terminal) wait() int {
	term.t.Helper()
	select {
	case <-term.done:
	case <-time.After(replTimeout):
		term.t.Fatalf("the REPL did not exit; it printed:\n%s", term.output())
	}
	if ee, ok := term.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if term.err != nil {
		term.t.Fatal(term.err)
	}
	return 0
}

// exitREPL leaves with Ctrl-D and checks the exit status.
func (term *terminal) exitREPL() {
	term.t.Helper()
	term.send("\x04")
	if code := term.wait(); code != 0 {
		term.t.Fatalf("exit status %d; the REPL printed:\n%s", code, term.output())
	}
}

func TestREPLTopLevelAwaitAndPersistence(t *testing.T) {
	term := startREPL(t, t.TempDir())
	term.expect("> ")
	for _, step := range []struct{ in, want string }{
		{"let x = await sleep(10, 40)", "undefined"},
		{"x + 2", "42"},
		{"const { a, b: [c] } = { a: 1, b: [2] }", "undefined"},
		{"function add(p, q) { return p + q }", "undefined"},
		{"class Point { constructor(x, y) { this.x = x; this.y = y } }", "undefined"},
		{"new Point(add(a, c), x)", "Point { x: 3, y: 40 }"},
		{"_.y + 2", "42"},
		{"await Promise.reject(new Error('nope'))", "Uncaught Error: nope"},
		{"_error.message.toUpperCase()", "'NOPE'"},
		{"Promise.resolve(7)", "Promise { 7 }"},
		{"x = 'changed'; typeof add", "'function'"},
		{"x.length", "7"},
	} {
		term.eval(step.in, step.want)
	}
	term.exitREPL()
}

func TestREPLMultiLineInput(t *testing.T) {
	term := startREPL(t, t.TempDir())
	term.expectPrompt()
	term.send("function mul(a, b) {\r")
	term.expect("\n... ")
	term.send("  return a * b\r")
	term.expect("\n... ")
	term.eval("}", "undefined")
	term.send("mul(6,\r")
	term.expect("\n... ")
	term.eval("7)", "42")
	term.send("`one\r")
	term.expect("\n... ")
	term.eval("two`.toUpperCase()", "'ONE\\nTWO'")
	// .break abandons an unfinished input.
	term.send("[1, 2,\r")
	term.expect("\n... ")
	term.send(".break\r")
	term.expectPrompt()
	term.eval("'after' + ' break'", "'after break'")
	// A syntax error that more lines cannot fix is reported at once.
	term.eval("let = = 1", "Uncaught SyntaxError")
	term.exitREPL()
}

func TestREPLCompletion(t *testing.T) {
	term := startREPL(t, t.TempDir())
	term.expectPrompt()
	// Two candidates: the first Tab completes what they share, the
	// second lists them.
	term.send("Promise.al\t\t")
	term.expect("allSettled")
	term.send("\x03\x03")
	term.expectPrompt()
	// A global prefix with one candidate is completed in place.
	term.eval("setTimeo\t", "[Function: setTimeout]")
	// Names declared by earlier inputs complete too, and their properties.
	term.eval("const myLongName = { inner: 6 }", "undefined")
	term.eval("myLongN\t.inn\t * 7", "42")
	term.exitREPL()
}

func TestREPLCtrlCCancelsAwait(t *testing.T) {
	term := startREPL(t, t.TempDir())
	term.expectPrompt()
	term.send("const work = createTask(async () => { await sleep(500); console.log('shielded', 'done'); return 42 }); " +
		"console.log('wait', 'ing'); try { await shield(work) } finally { console.log('finally', 'ran') }\r")
	term.expect("wait ing")
	term.send("\x03")
	term.expect("finally ran")
	term.expect("Uncaught CancelledError")
	term.expectPrompt()
	// The shielded task keeps running and its output appears at the prompt.
	term.expect("shielded done")
	term.eval("[work.done(), work.cancelled(), work.result()]", "[ true, false, 42 ]")
	term.exitREPL()
}

func TestREPLCtrlCInterruptsBusyLoop(t *testing.T) {
	term := startREPL(t, t.TempDir())
	term.expectPrompt()
	term.eval("let kept = 'state'", "undefined")
	term.send("console.log('spin', 'ning'); while (true) {}\r")
	term.expect("spin ning")
	term.send("\x03")
	term.expect("Uncaught Error: Script execution was interrupted")
	term.expectPrompt()
	term.eval("kept + ' intact'", "'state intact'")
	term.eval("await sleep(10, 'loop') + ' ok'", "'loop ok'")
	term.exitREPL()
}

func TestREPLExits(t *testing.T) {
	t.Run("ctrl-c twice", func(t *testing.T) {
		term := startREPL(t, t.TempDir())
		term.expectPrompt()
		term.send("\x03")
		term.expect("(To exit, press Ctrl+C again or Ctrl+D or type .exit)")
		term.expectPrompt()
		term.send("\x03")
		if code := term.wait(); code != 0 {
			t.Fatalf("exit status %d", code)
		}
	})
	t.Run(".exit", func(t *testing.T) {
		term := startREPL(t, t.TempDir(), "repl")
		term.expectPrompt()
		term.send(".exit\r")
		if code := term.wait(); code != 0 {
			t.Fatalf("exit status %d", code)
		}
	})
	t.Run("process.exit", func(t *testing.T) {
		term := startREPL(t, t.TempDir())
		term.expectPrompt()
		term.eval("setTimeout(() => process.exit(7), 50); 'arm' + 'ed'", "'armed'")
		if code := term.wait(); code != 7 {
			t.Fatalf("exit status %d", code)
		}
	})
}

func TestREPLHistory(t *testing.T) {
	home := t.TempDir()
	term := startREPL(t, home)
	term.expectPrompt()
	term.eval("6 * 7", "42")
	term.eval("'second' + ' entry'", "'second entry'")
	term.exitREPL()

	hist := filepath.Join(home, ".shieldjs_history")
	b, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "6 * 7\n'second' + ' entry'\n" {
		t.Fatalf("history file holds %q", b)
	}
	if st, err := os.Stat(hist); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("history file mode %v, %v", st.Mode(), err)
	}

	// A new REPL reads it back: Up recalls the last entry, Ctrl-R finds
	// an older one.
	term = startREPL(t, home)
	term.expectPrompt()
	term.send("\x1b[A")
	term.expect("'second' + ' entry'")
	term.send("\r")
	term.expect("'second entry'")
	term.expectPrompt()
	term.send("\x126 *")
	term.expect("6 * 7")
	term.send("\r\r")
	term.expect("42")
	term.expectPrompt()
	term.exitREPL()
}

func TestREPLCommands(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib.js")
	os.WriteFile(lib, []byte("const loaded = 'from file'\nfunction twice(n) { return 2 * n }\n"), 0o644)
	saved := filepath.Join(dir, "saved.js")
	term := startREPL(t, dir)
	term.expectPrompt()
	term.eval(".help", "editor mode")
	term.eval(".load "+lib, "undefined")
	term.eval("loaded.toUpperCase() + ' ' + twice(21)", "'FROM FILE 42'")
	term.send(".editor\r")
	term.expect("// Entering editor mode")
	term.send("const e = 20\r")
	term.send("e + 1\r")
	term.send("\x04")
	term.expect("21")
	term.expectPrompt()
	term.eval(".save "+saved, "Session saved to:")
	term.eval(".nope", "Invalid REPL keyword")
	term.exitREPL()
	b, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "loaded.toUpperCase() + ' ' + twice(21)\n") || !strings.Contains(string(b), "const e = 20\ne + 1\n") {
		t.Fatalf("saved %q", b)
	}
}

func TestREPLPiped(t *testing.T) {
	dir := t.TempDir()
	r := shieldjs(t, dir, 60*time.Second, "let x = await sleep(5, 40)\nx +\n  2\nconst o = {\n  a: [1, {b: 2}],\n}\no\n"+
		"createTask(async () => { await sleep(50); console.log('background finished') }); 'started'\n")
	if r.code != 0 || r.stdout != "undefined\n42\nundefined\n{ a: [ 1, { b: 2 } ] }\n'started'\nbackground finished\n" || r.stderr != "" {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	// A failed input sets the exit status, later inputs still run.
	r = shieldjs(t, dir, 60*time.Second, "throw new TypeError('bad')\n'after'\n", "repl")
	if r.code != 1 || r.stdout != "'after'\n" || !strings.Contains(r.stderr, "Uncaught TypeError: bad") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	// So does a failure in the background, and a syntax error.
	r = shieldjs(t, dir, 60*time.Second, "setTimeout(() => { throw new Error('late') }, 10); 1\n")
	if r.code != 1 || !strings.Contains(r.stderr, "Uncaught Error: late") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = shieldjs(t, dir, 60*time.Second, "1 +\n")
	if r.code != 1 || !strings.Contains(r.stderr, "SyntaxError") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = shieldjs(t, dir, 60*time.Second, "console.log('bye'); process.exit(4)\n'never'\n")
	if r.code != 4 || r.stdout != "bye\n" {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = shieldjs(t, dir, 60*time.Second, "")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("empty input: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestREPLPermissions(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "data.txt"), []byte("secret"), 0o644)
	src := "const fs = require('fs/promises'); await fs.readFile('data.txt', 'utf8')\n"
	r := shieldjs(t, dir, 60*time.Second, src)
	if r.code != 1 || !strings.Contains(r.stderr, "--allow-read") {
		t.Fatalf("without the flag: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = shieldjs(t, dir, 60*time.Second, src, "repl", "--allow-read")
	if r.code != 0 || r.stdout != "'secret'\n" {
		t.Fatalf("with --allow-read: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}
