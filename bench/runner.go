package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// config is what the flags set.
type config struct {
	scale    float64
	rounds   int
	only     map[string]bool // workload ids; empty means all
	json     bool
	markdown bool
	save     string // also write the JSON report to this file
	quiet    bool
	timeout  time.Duration

	shieldjs    string   // path to the CLI; empty: build it
	shieldjsEnv []string // extra environment for shieldjs children (GOGC=...)
	python      string   // "" skips Python
	node        string   // "" skips Node
	noGoja      bool
	goBench     string // -benchtime for W5

	// selfExec is the program re-executed for the goja column (and, in
	// tests, as a shieldjs stand-in); the running executable by default.
	selfExec string
	// shieldjsStandIn, set by tests, runs shieldjs workloads by re-executing
	// selfExec with childEnv=shieldjs instead of a built CLI.
	shieldjsStandIn bool
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	var only, env string
	fs.Float64Var(&cfg.scale, "n", 1, "scale every workload's N by this factor (0.001 for a smoke run)")
	fs.IntVar(&cfg.rounds, "rounds", 5, "rounds; each runs every workload once in every runtime")
	fs.StringVar(&only, "only", "", "comma-separated workload ids to run (e.g. W1,W3); default all")
	fs.BoolVar(&cfg.json, "json", false, "print the results as JSON instead of a table")
	fs.BoolVar(&cfg.markdown, "md", false, "print Markdown tables (for BENCHMARKS.md)")
	fs.StringVar(&cfg.save, "save", "", "also write the JSON report (every sample) to this file")
	fs.BoolVar(&cfg.quiet, "q", false, "no progress on stderr")
	fs.DurationVar(&cfg.timeout, "timeout", 5*time.Minute, "limit for one child process")
	fs.StringVar(&cfg.shieldjs, "shieldjs", "", "shieldjs binary to use (default: build ./cmd/shieldjs into a temp dir)")
	fs.StringVar(&env, "shieldjs-env", "", "comma-separated KEY=VALUE added to shieldjs children's environment (e.g. GOGC=200)")
	fs.StringVar(&cfg.python, "python", lookPath("python3"), "Python 3 interpreter; empty skips Python")
	fs.StringVar(&cfg.node, "node", lookPath("node"), "Node.js binary; empty skips Node")
	fs.BoolVar(&cfg.noGoja, "no-goja", false, "skip the bare-goja reference column")
	fs.StringVar(&cfg.goBench, "benchtime", "1s", "-benchtime for the W5 Go benchmark")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: go run ./bench [flags]\n\nRuns the workloads of issue 6 in shieldjs, Python asyncio, Node.js and bare goja.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bench: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return nil, errors.New("usage")
	}
	if cfg.rounds < 1 || cfg.scale <= 0 {
		fmt.Fprintln(stderr, "bench: -rounds must be ≥ 1 and -n > 0")
		return nil, errors.New("usage")
	}
	cfg.only = map[string]bool{}
	for _, id := range strings.Split(only, ",") {
		if id = strings.ToUpper(strings.TrimSpace(id)); id != "" {
			if findWorkload(id) == nil {
				fmt.Fprintf(stderr, "bench: unknown workload %q\n", id)
				return nil, errors.New("usage")
			}
			cfg.only[id] = true
		}
	}
	for _, kv := range strings.Split(env, ",") {
		if kv = strings.TrimSpace(kv); kv != "" {
			cfg.shieldjsEnv = append(cfg.shieldjsEnv, kv)
		}
	}
	return cfg, nil
}

func lookPath(name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		return ""
	}
	return p
}

func findWorkload(id string) *workload {
	for i := range workloads {
		if workloads[i].id == id {
			return &workloads[i]
		}
	}
	return nil
}

// A sample is one run of one workload in one runtime.
type sample struct {
	Round  int            `json:"round"`
	N      int            `json:"n"`
	Ms     float64        `json:"ms"`               // in-process time (W7: process wall time)
	WallMs float64        `json:"wallMs"`           // process wall time
	RSSKB  int64          `json:"rssKB"`            // peak RSS of the child
	Small  *sample        `json:"small,omitempty"`  // W2: the same run at a small N
	Detail map[string]any `json:"detail,omitempty"` // the rest of the script's JSON line
	OK     bool           `json:"ok"`
	Err    string         `json:"error,omitempty"`
}

// bench holds one run of the runner.
type bench struct {
	cfg      *config
	dir      string // scripts and the built CLI
	runtimes []string
	notes    []string
	samples  map[string]map[string][]sample // workload id → runtime → by round
	machine  machine
	goBench  []goBenchResult
	log      io.Writer
}

func run(cfg *config, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "shieldjs-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b := &bench{cfg: cfg, dir: dir, samples: map[string]map[string][]sample{}, log: stderr}
	if cfg.quiet {
		b.log = io.Discard
	}
	if cfg.selfExec == "" {
		if cfg.selfExec, err = os.Executable(); err != nil {
			return err
		}
	}
	if err := writeScripts(dir); err != nil {
		return err
	}
	if err := b.prepare(); err != nil {
		return err
	}
	b.machine = b.describeMachine()

	selected := b.selected()
	for r := 0; r < cfg.rounds; r++ {
		for _, w := range selected {
			if w.kind == kindGoBench {
				continue
			}
			// Rotate the runtimes from round to round so that none is
			// always first after another one's garbage.
			rts := b.runtimesFor(w)
			for i := range rts {
				rt := rts[(i+r)%len(rts)]
				s := b.runOne(w, rt, r)
				b.samples[w.id][rt] = append(b.samples[w.id][rt], s)
			}
		}
	}
	for _, w := range selected {
		if w.kind == kindGoBench {
			b.runGoBench()
		}
	}

	sum := b.summarise(selected)
	if cfg.save != "" {
		data, err := json.MarshalIndent(b.jsonReport(sum), "", "  ")
		if err == nil {
			err = os.WriteFile(cfg.save, append(data, '\n'), 0o644)
		}
		if err != nil {
			return fmt.Errorf("-save: %w", err)
		}
	}
	switch {
	case cfg.json:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b.jsonReport(sum)); err != nil {
			return err
		}
	case cfg.markdown:
		b.printMarkdown(stdout, sum)
	default:
		b.printTable(stdout, sum)
	}
	var failed []string
	for _, row := range sum.rows {
		if row.failures > 0 {
			failed = append(failed, fmt.Sprintf("%s/%s (%d of %d: %s)", row.w.id, row.rt, row.failures, len(row.samples), row.firstErr))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("failed runs: %s", strings.Join(failed, "; "))
	}
	return nil
}

// prepare builds shieldjs (unless given) and decides which runtimes run.
func (b *bench) prepare() error {
	cfg := b.cfg
	switch {
	case cfg.shieldjsStandIn:
	case cfg.shieldjs != "":
		if _, err := os.Stat(cfg.shieldjs); err != nil {
			return fmt.Errorf("-shieldjs: %w", err)
		}
	default:
		bin := filepath.Join(b.dir, "shieldjs")
		fmt.Fprintln(b.log, "building shieldjs …")
		cmd := exec.Command("go", "build", "-o", bin, "github.com/shieldjs/shieldjs/cmd/shieldjs")
		cmd.Stderr = b.log
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building shieldjs (run from inside the module): %w", err)
		}
		cfg.shieldjs = bin
	}
	b.runtimes = []string{rtShieldjs}
	if cfg.python != "" {
		b.runtimes = append(b.runtimes, rtPython)
	} else {
		b.notes = append(b.notes, "Python 3 not found (or -python=''): Python columns skipped")
	}
	if cfg.node != "" {
		b.runtimes = append(b.runtimes, rtNode)
	} else {
		b.notes = append(b.notes, "Node.js not found (or -node=''): Node columns skipped")
	}
	if !cfg.noGoja {
		b.runtimes = append(b.runtimes, rtGoja)
	}
	return nil
}

func (b *bench) selected() []workload {
	var out []workload
	for _, w := range workloads {
		if len(b.cfg.only) == 0 || b.cfg.only[w.id] {
			out = append(out, w)
			b.samples[w.id] = map[string][]sample{}
		}
	}
	return out
}

// runtimesFor lists the runtimes that have something to run for w.
func (b *bench) runtimesFor(w workload) []string {
	var out []string
	for _, rt := range b.runtimes {
		if w.kind == kindStartup && rt != rtGoja || w.hasScript(rt) {
			out = append(out, rt)
		}
	}
	return out
}

// command returns the command line and extra environment for a runtime.
func (b *bench) command(rt string, args ...string) (argv, env []string) {
	switch rt {
	case rtShieldjs:
		if b.cfg.shieldjsStandIn {
			return append([]string{b.cfg.selfExec}, args...), append([]string{childEnv + "=shieldjs"}, b.cfg.shieldjsEnv...)
		}
		return append([]string{b.cfg.shieldjs}, args...), b.cfg.shieldjsEnv
	case rtPython:
		return append([]string{b.cfg.python}, args...), nil
	case rtNode:
		return append([]string{b.cfg.node}, args...), nil
	case rtGoja:
		return append([]string{b.cfg.selfExec}, args...), []string{childEnv + "=goja"}
	}
	panic("unknown runtime " + rt)
}

// runOne runs workload w in runtime rt for one round.
func (b *bench) runOne(w workload, rt string, round int) sample {
	var s sample
	if w.kind == kindStartup {
		var argv, env []string
		switch rt {
		case rtShieldjs:
			argv, env = b.command(rt, "eval", "console.log(1)")
		case rtPython:
			argv, env = b.command(rt, "-c", "print(1)")
		case rtNode:
			argv, env = b.command(rt, "-e", "console.log(1)")
		}
		s = b.exec(argv, env, false)
		s.Ms = s.WallMs
		if s.Err == "" && strings.TrimSpace(fmt.Sprint(s.Detail["stdout"])) != "1" {
			s.OK, s.Err = false, fmt.Sprintf("printed %q, not 1", s.Detail["stdout"])
		}
	} else {
		n := w.size(b.cfg.scale)
		s = b.runScript(w, rt, n)
		if w.kind == kindSleepers && s.Err == "" {
			small := b.runScript(w, rt, smallSize(n))
			s.Small = &small
			if small.Err != "" {
				s.OK, s.Err = false, "small run: "+small.Err
			}
		}
	}
	s.Round = round
	status := "ok"
	if s.Err != "" {
		status = "FAILED: " + s.Err
	}
	fmt.Fprintf(b.log, "round %d  %-3s %-8s %10.1f ms  %7.1f MB  %s\n", round+1, w.id, rt, s.Ms, float64(s.RSSKB)/1024, status)
	return s
}

func (b *bench) runScript(w workload, rt string, n int) sample {
	file := filepath.Join(b.dir, w.base+scriptSuffix[rt])
	argv, env := b.command(rt, runArgs(rt, file, strconv.Itoa(n))...)
	s := b.exec(argv, env, true)
	s.N = n
	return s
}

// runArgs is how each runtime is told to run a file.
func runArgs(rt, file, n string) []string {
	if rt == rtShieldjs {
		return []string{"run", file, n}
	}
	return []string{file, n}
}

// exec runs one child and measures it. With parse, the last line of its
// stdout must be the workload's JSON report.
func (b *bench) exec(argv, env []string, parse bool) sample {
	ctx, cancel := context.WithTimeout(context.Background(), b.cfg.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = b.dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	s := sample{WallMs: float64(wall) / float64(time.Millisecond)}
	if cmd.ProcessState != nil {
		s.RSSKB = maxRSSKB(cmd.ProcessState)
	}
	if err != nil {
		msg := strings.TrimSpace(errb.String())
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		if ctx.Err() != nil {
			msg = fmt.Sprintf("timed out after %s", b.cfg.timeout)
		}
		s.Err = fmt.Sprintf("%v: %s", err, msg)
		return s
	}
	if !parse {
		s.OK = true
		s.Detail = map[string]any{"stdout": out.String()}
		return s
	}
	line := lastLine(out.String())
	var rep map[string]any
	if err := json.Unmarshal([]byte(line), &rep); err != nil {
		s.Err = fmt.Sprintf("no JSON report on stdout (%q)", line)
		return s
	}
	ms, ok1 := rep["ms"].(float64)
	okv, ok2 := rep["ok"].(bool)
	if !ok1 || !ok2 {
		s.Err = fmt.Sprintf("report lacks ms/ok: %s", line)
		return s
	}
	delete(rep, "ms")
	delete(rep, "ok")
	s.Ms, s.OK, s.Detail = ms, okv, rep
	if !okv {
		s.Err = "the workload's result check failed: " + line
	}
	return s
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// ---------------------------------------------------------------- W5

type goBenchResult struct {
	Name    string  `json:"name"`
	NsPerOp float64 `json:"nsPerOp"` // median over -count runs
	Runs    int     `json:"runs"`
	Note    string  `json:"note,omitempty"`
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op`)

// runGoBench runs W5, host's BenchmarkGoRoundTrip, if it exists yet.
func (b *bench) runGoBench() {
	root, err := moduleRoot()
	if err != nil {
		b.goBench = append(b.goBench, goBenchResult{Name: "BenchmarkGoRoundTrip", Note: "module root not found: " + err.Error()})
		return
	}
	files, _ := filepath.Glob(filepath.Join(root, "host", "*_test.go"))
	found := false
	for _, f := range files {
		if src, err := os.ReadFile(f); err == nil && bytes.Contains(src, []byte("func BenchmarkGoRoundTrip")) {
			found = true
		}
	}
	if !found {
		b.goBench = append(b.goBench, goBenchResult{Name: "BenchmarkGoRoundTrip", Note: "not present yet in host/ (skipped)"})
		return
	}
	fmt.Fprintln(b.log, "W5: go test -bench GoRoundTrip ./host/ …")
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "GoRoundTrip", "-benchtime", b.cfg.goBench,
		"-count", strconv.Itoa(b.cfg.rounds), "./host/")
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		b.goBench = append(b.goBench, goBenchResult{Name: "BenchmarkGoRoundTrip", Note: fmt.Sprintf("go test failed: %v: %s", err, lastLine(out.String()))})
		return
	}
	byName := map[string][]float64{}
	var names []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		v, _ := strconv.ParseFloat(m[2], 64)
		if _, seen := byName[m[1]]; !seen {
			names = append(names, m[1])
		}
		byName[m[1]] = append(byName[m[1]], v)
	}
	for _, n := range names {
		b.goBench = append(b.goBench, goBenchResult{Name: n, NsPerOp: median(byName[n]), Runs: len(byName[n])})
	}
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// ---------------------------------------------------------------- machine

type machine struct {
	CPUs     int    `json:"cpus"`
	CPU      string `json:"cpu"`
	OS       string `json:"os"`
	Go       string `json:"go"`
	Python   string `json:"python,omitempty"`
	Node     string `json:"node,omitempty"`
	Shieldjs string `json:"shieldjs,omitempty"`
}

func (b *bench) describeMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: runtime.Version()}
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(info), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	version := func(argv ...string) string {
		out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(lastLine(string(out)))
	}
	if b.cfg.python != "" {
		m.Python = version(b.cfg.python, "--version")
	}
	if b.cfg.node != "" {
		m.Node = version(b.cfg.node, "--version")
	}
	if !b.cfg.shieldjsStandIn {
		m.Shieldjs = version(b.cfg.shieldjs, "version")
	}
	return m
}
