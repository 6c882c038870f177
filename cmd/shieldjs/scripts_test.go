package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// binary is the shieldjs CLI under test, built once by TestMain (with the
// race detector when the tests themselves run with it).
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "shieldjs-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "shieldjs")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building shieldjs:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the CLI produced.
type result struct {
	stdout, stderr string
	code           int
	elapsed        time.Duration
}

// shieldjs runs the CLI with args in dir and waits at most limit.
func shieldjs(t *testing.T, dir string, limit time.Duration, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("running shieldjs %v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("shieldjs %v did not finish within %s\nstdout:\n%s\nstderr:\n%s", args, limit, r.stdout, r.stderr)
	}
	return r
}

// directives are read from a script's leading comment lines:
//
//	// flags: --virtual-time        flags given to `shieldjs run` before the file
//	// argv: a b                    arguments after the file
//	// exit: 1                      expected exit status (default 0)
//	// stderr: text                 stderr must contain text (repeatable)
//	// stdout: text                 stdout must contain text (repeatable)
//
// A sibling NAME.out file holds the exact expected stdout.
type directives struct {
	flags, argv    []string
	exit           int
	stderr, stdout []string
}

func parseDirectives(src string) directives {
	var d directives
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#!") {
			continue
		}
		if !strings.HasPrefix(line, "//") {
			break
		}
		key, val, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "//")), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "flags":
			d.flags = strings.Fields(val)
		case "argv":
			d.argv = strings.Fields(val)
		case "exit":
			d.exit, _ = strconv.Atoi(val)
		case "stderr":
			d.stderr = append(d.stderr, val)
		case "stdout":
			d.stdout = append(d.stdout, val)
		}
	}
	return d
}

// TestScripts runs every script under scripts/ through the real CLI and
// checks its output and exit status. Files under a lib/, fixtures/ or
// node_modules/ directory are helpers, not tests.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../../scripts")
	if err != nil {
		t.Fatal(err)
	}
	var scripts []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "lib" || d.Name() == "fixtures" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".js") {
			scripts = append(scripts, p)
		}
		return nil
	})
	if len(scripts) == 0 {
		t.Fatal("no scripts found")
	}
	for _, p := range scripts {
		rel, _ := filepath.Rel(root, p)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			d := parseDirectives(string(src))
			args := append(append(append([]string{"run"}, d.flags...), p), d.argv...)
			r := shieldjs(t, root, 120*time.Second, "", args...)
			if r.code != d.exit {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, d.exit, r.stdout, r.stderr)
			}
			if want, err := os.ReadFile(strings.TrimSuffix(p, ".js") + ".out"); err == nil {
				if r.stdout != string(want) {
					t.Errorf("stdout mismatch\n--- got\n%s--- want\n%s", r.stdout, want)
				}
			}
			for _, s := range d.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q\nstdout:\n%s", s, r.stdout)
				}
			}
			for _, s := range d.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q\nstderr:\n%s", s, r.stderr)
				}
			}
			if strings.Contains(r.stdout, "not ok - ") {
				t.Errorf("a check failed:\n%s", r.stdout)
			}
		})
	}
}
