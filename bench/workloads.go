package main

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
)

// The workload scripts, one per runtime: wN.shieldjs.js, wN.py, wN.node.js
// and, where a bare-goja reference makes sense, wN.goja.js. Each takes N as
// its first argument and prints one JSON line: {"ms": in-process time, "ok":
// whether the result checks out, ...details}.
//
//go:embed workloads/*
var scripts embed.FS

// Runtime names, in the order the table shows them.
const (
	rtShieldjs = "shieldjs"
	rtPython   = "python"
	rtNode     = "node"
	rtGoja     = "goja"
)

var runtimeOrder = []string{rtShieldjs, rtPython, rtNode, rtGoja}

// scriptSuffix maps a runtime to the suffix of its workload scripts.
var scriptSuffix = map[string]string{
	rtShieldjs: ".shieldjs.js",
	rtPython:   ".py",
	rtNode:     ".node.js",
	rtGoja:     ".goja.js",
}

// kind says how a workload is run and summarised.
type kind int

const (
	kindPerTask  kind = iota // time per task / per await: µs = ms*1000/N
	kindSleepers             // W2: wall time, and bytes per sleeping task from RSS at N and at a small N
	kindOrder                // W6: inversions
	kindStartup              // W7: process wall time of a trivial program
	kindGoBench              // W5: a Go benchmark in host/
)

// A workload is one row group of the table.
type workload struct {
	id    string
	title string
	n     int    // default size, multiplied by -n
	base  string // script base name in workloads/
	kind  kind
	unit  string // what the per-op column means
	// target is issue 6's goal for shieldjs, for the targets table.
	target string
}

var workloads = []workload{
	{id: "W1", title: "spawn-await", n: 100_000, base: "w1", kind: kindPerTask, unit: "µs/task",
		target: "≤ 0.8× Python"},
	{id: "W2", title: "sleepers", n: 100_000, base: "w2", kind: kindSleepers, unit: "B/task",
		target: "≤ 0.8× Python wall, ≤ 2 KB per sleeping task"},
	{id: "W3", title: "cancel-storm", n: 100_000, base: "w3", kind: kindPerTask, unit: "µs/task",
		target: "≤ 0.8× Python"},
	{id: "W4", title: "shield-storm", n: 50_000, base: "w4", kind: kindPerTask, unit: "µs/task",
		target: "≤ 0.5× Python"},
	{id: "W5", title: "Go round trip", kind: kindGoBench, unit: "µs/op",
		target: "≤ 2 µs per operation"},
	{id: "W6", title: "timer order", n: 10_000, base: "w6", kind: kindOrder, unit: "inversions",
		target: "0 inversions"},
	{id: "W7", title: "start-up", kind: kindStartup, unit: "wall ms",
		target: "≤ 15 ms, ≤ 20 MB"},
	{id: "W9", title: "await cost", n: 200_000, base: "w9", kind: kindPerTask, unit: "µs/await",
		target: "≤ 1.3× plain goja"},
}

// size returns the workload's N at the given scale (at least 1).
func (w workload) size(scale float64) int {
	n := int(float64(w.n)*scale + 0.5)
	if n < 1 {
		n = 1
	}
	return n
}

// smallSize is W2's reference size for bytes per task: a hundredth of N.
func smallSize(n int) int {
	s := n / 100
	if s < 1 {
		s = 1
	}
	return s
}

// hasScript reports whether the workload has a script for runtime rt.
func (w workload) hasScript(rt string) bool {
	if w.base == "" {
		return false
	}
	_, err := scripts.Open("workloads/" + w.base + scriptSuffix[rt])
	return err == nil
}

// writeScripts copies every workload script into dir.
func writeScripts(dir string) error {
	entries, err := scripts.ReadDir("workloads")
	if err != nil {
		return err
	}
	for _, e := range entries {
		b, err := scripts.ReadFile("workloads/" + e.Name())
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			return fmt.Errorf("writing workload: %w", err)
		}
	}
	return nil
}
