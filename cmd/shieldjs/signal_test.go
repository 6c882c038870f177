package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startScript starts the CLI on src and returns it with a reader of its
// stdout lines; stderr is collected into the returned buffer.
func startScript(t *testing.T, src string, flags ...string) (*exec.Cmd, *bufio.Reader, *bytes.Buffer) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.js")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, append(append([]string{"run"}, flags...), p)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewReader(out), &errb
}

// waitLine reads stdout until a line equal to want arrives.
func waitLine(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		for {
			line, err := r.ReadString('\n')
			if strings.TrimSpace(line) == want {
				done <- nil
				return
			}
			if err != nil {
				done <- err
				return
			}
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("waiting for %q: %v", want, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %q", want)
	}
}

func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func TestCtrlCCancelsMainTask(t *testing.T) {
	cmd, out, errb := startScript(t, `
const guarded = createTask(async () => { await sleep(300); console.log("shielded work finished"); });
try {
  console.log("ready");
  await shield(guarded);
} catch (e) {
  console.log("main got " + e.name);
} finally {
  console.log("finally ran");
}
`)
	waitLine(t, out, "ready")
	cmd.Process.Signal(syscall.SIGINT)
	rest, _ := io.ReadAll(out)
	code := exitCode(t, cmd)
	want := "main got CancelledError\nfinally ran\nshielded work finished\n"
	if string(rest) != want || code != exitSignal {
		t.Fatalf("exit %d, stdout after ready:\n%s\nwant exit 130 and\n%s\nstderr:\n%s", code, rest, want, errb)
	}
}

func TestSecondCtrlCEndsAtOnce(t *testing.T) {
	cmd, out, _ := startScript(t, `
console.log("ready");
try { await sleep(60000); } finally {
  console.log("cleanup starts");
  await sleep(60000); // a cleanup that would hang
}
`)
	waitLine(t, out, "ready")
	cmd.Process.Signal(syscall.SIGINT)
	waitLine(t, out, "cleanup starts")
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != exitSignal {
		t.Fatalf("exit %d, want 130", code)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("second Ctrl-C took %v", el)
	}
}

func TestCtrlCInterruptsBusyLoop(t *testing.T) {
	cmd, out, _ := startScript(t, `console.log("ready"); while (true) {}`)
	waitLine(t, out, "ready")
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != exitSignal {
		t.Fatalf("exit %d, want 130", code)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("took %v to interrupt", el)
	}
}

func TestTimeout(t *testing.T) {
	cases := []struct{ name, src, stdout string }{
		{"awaiting", `try { await sleep(60000); } finally { console.log("finally ran"); }`, "finally ran\n"},
		{"busy loop", `while (true) {}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "t.js")
			os.WriteFile(p, []byte(c.src), 0o644)
			r := shieldjs(t, t.TempDir(), 30*time.Second, "", "run", "--timeout", "200ms", p)
			if r.code != exitTimeout || r.stdout != c.stdout || !strings.Contains(r.stderr, "timed out after 200ms") {
				t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
			}
			if r.elapsed > 5*time.Second {
				t.Fatalf("took %v", r.elapsed)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"repl", "extra"}, exitUsage, "Usage: shieldjs repl"}, // no arguments at all is the REPL: see repl_test.go
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"run"}, exitUsage, "missing FILE"},
		{[]string{"run", "--nope", "x.js"}, exitUsage, "flag provided but not defined"},
		{[]string{"help"}, exitOK, "Usage:"},
		{[]string{"run", "--help"}, exitOK, "Usage: shieldjs run"},
		{[]string{"version"}, exitOK, "shieldjs "},
		{[]string{"version", "--help"}, exitOK, "Usage: shieldjs version"},
		{[]string{"eval", "--help"}, exitOK, "Usage: shieldjs eval"},
		{[]string{"repl", "--help"}, exitOK, "Usage: shieldjs repl"},
		{[]string{"run", "no-such-file.js"}, exitFailure, "no such file"},
	}
	for _, c := range cases {
		r := shieldjs(t, t.TempDir(), 30*time.Second, "", c.args...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.out) {
			t.Errorf("shieldjs %v: exit %d, output %q; want exit %d containing %q", c.args, r.code, r.stdout+r.stderr, c.code, c.out)
		}
	}
}

func TestEvalPrint(t *testing.T) {
	r := shieldjs(t, t.TempDir(), 30*time.Second, "", "eval", "-p", "await sleep(1, 20) + 22")
	if r.code != 0 || r.stdout != "42\n" {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestOutputFlushedOnExit(t *testing.T) {
	r := shieldjs(t, t.TempDir(), 30*time.Second, "", "eval", `for (let i = 0; i < 5000; i++) console.log("line " + i); process.exit(5)`)
	if r.code != 5 || strings.Count(r.stdout, "\n") != 5000 {
		t.Fatalf("exit %d, %d lines", r.code, strings.Count(r.stdout, "\n"))
	}
}
