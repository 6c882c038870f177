package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/shieldjs/shieldjs/host"
)

// TestMain lets the test binary stand in for the benchmark children: with
// childEnv=goja it runs a script on bare goja (as the runner itself does),
// and with childEnv=shieldjs it is a minimal `shieldjs run|eval` on the host
// package, so the smoke test needs no build of the CLI.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "shieldjs" {
		os.Exit(shieldjsStandIn(os.Args[1:]))
	}
	if handled, code := childMain(); handled {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func shieldjsStandIn(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: run FILE [ARGS...] | eval CODE")
		return 2
	}
	h := host.New(host.WithStdout(os.Stdout), host.WithStderr(os.Stderr), host.WithArgs(args[2:]...))
	var err error
	switch args[0] {
	case "run":
		_, err = h.RunFile(context.Background(), args[1])
	case "eval":
		_, err = h.RunString(context.Background(), "[eval]", args[1])
	default:
		err = fmt.Errorf("unknown command %q", args[0])
	}
	h.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestSmoke runs every scripted workload once at a thousandth of its size in
// shieldjs, and in Python and Node when they are installed, and checks that
// the runner produces a complete table. It never asserts on timings.
func TestSmoke(t *testing.T) {
	cfg, err := parseFlags([]string{"-n", "0.001", "-rounds", "1", "-q", "-only", "W1,W2,W3,W4,W6,W7,W9"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.shieldjsStandIn = true
	var out bytes.Buffer
	if err := run(cfg, &out, io.Discard); err != nil {
		t.Fatalf("runner failed: %v\n%s", err, out.String())
	}
	table := out.String()
	t.Log("\n" + table)
	for _, want := range []string{"W1 spawn-await", "W2 sleepers", "W3 cancel-storm", "W4 shield-storm",
		"W6 timer order", "W7 start-up", "W9 await cost", "targets (issue 6)"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	rows := 0
	for _, line := range strings.Split(table, "\n") {
		if strings.Contains(line, " "+rtShieldjs+" ") && strings.Contains(line, " MB ") {
			rows++
		}
	}
	if rows != 7 {
		t.Errorf("want 7 shieldjs rows, got %d", rows)
	}
	if strings.Contains(table, "FAIL") {
		t.Errorf("a workload failed")
	}
	for _, rt := range []struct{ name, path string }{{rtPython, cfg.python}, {rtNode, cfg.node}} {
		if rt.path == "" && !strings.Contains(table, "skipped") {
			t.Errorf("%s is missing but no note says it was skipped", rt.name)
		}
	}
}

func TestFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-only", "w1, W9", "-n", "0.5", "-shieldjs-env", "GOGC=200"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.only["W1"] || !cfg.only["W9"] || len(cfg.only) != 2 || cfg.scale != 0.5 || len(cfg.shieldjsEnv) != 1 {
		t.Errorf("parsed %+v", cfg)
	}
	for _, bad := range [][]string{{"-only", "W8"}, {"-rounds", "0"}, {"-n", "0"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%v: want a usage error", bad)
		}
	}
	if got := (workload{n: 100_000}).size(0.001); got != 100 {
		t.Errorf("size: %d", got)
	}
	if got := smallSize(100); got != 1 {
		t.Errorf("smallSize: %d", got)
	}
}
