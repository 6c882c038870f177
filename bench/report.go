package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// A row summarises one workload in one runtime over every round.
type row struct {
	w        workload
	rt       string
	samples  []sample
	n        int
	ms       float64 // median in-process time (W7: process wall time)
	perOp    float64 // in the workload's unit; NaN if not measured
	rssKB    float64 // median peak RSS
	xPython  float64 // median of same-round ratios to Python; NaN if none
	xGoja    float64 // same, to bare goja
	notes    []string
	failures int
	firstErr string
}

type summary struct {
	rows    []*row
	targets []targetRow
}

type targetRow struct {
	ID       string `json:"id"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Met      *bool  `json:"met,omitempty"` // nil when not measured
}

func (b *bench) summarise(selected []workload) summary {
	var sum summary
	for _, w := range selected {
		if w.kind == kindGoBench {
			continue
		}
		byRT := b.samples[w.id]
		for _, rt := range runtimeOrder {
			ss, ok := byRT[rt]
			if !ok {
				continue
			}
			r := &row{w: w, rt: rt, samples: ss, perOp: math.NaN(), xPython: math.NaN(), xGoja: math.NaN()}
			var ms, rss, per []float64
			inversions := -1.0
			for _, s := range ss {
				if s.Err != "" {
					r.failures++
					if r.firstErr == "" {
						r.firstErr = s.Err
					}
					continue
				}
				r.n = s.N
				ms = append(ms, s.Ms)
				rss = append(rss, float64(s.RSSKB))
				switch w.kind {
				case kindPerTask:
					per = append(per, s.Ms*1000/float64(s.N))
				case kindSleepers:
					if s.Small != nil && s.N > s.Small.N {
						per = append(per, float64(s.RSSKB-s.Small.RSSKB)*1024/float64(s.N-s.Small.N))
					}
				case kindOrder:
					if v, ok := s.Detail["inversions"].(float64); ok && v > inversions {
						inversions = v
					}
				case kindStartup:
					per = append(per, s.Ms)
				}
			}
			r.ms, r.rssKB = median(ms), median(rss)
			if len(per) > 0 {
				r.perOp = median(per)
			}
			if w.kind == kindOrder && inversions >= 0 {
				r.perOp = inversions // the worst round
			}
			r.xPython = ratio(ss, byRT[rtPython])
			r.xGoja = ratio(ss, byRT[rtGoja])
			r.notes = detailNotes(ss)
			sum.rows = append(sum.rows, r)
		}
	}
	sum.targets = b.targets(selected, sum.rows)
	return sum
}

// ratio is the median over rounds of a's time divided by b's time in the
// same round, over rounds where both succeeded.
func ratio(a, b []sample) float64 {
	var rs []float64
	for i := range a {
		if i < len(b) && a[i].Err == "" && b[i].Err == "" && b[i].Ms > 0 {
			rs = append(rs, a[i].Ms/b[i].Ms)
		}
	}
	if len(rs) == 0 {
		return math.NaN()
	}
	return median(rs)
}

// detailNotes summarises what the scripts reported besides ms and ok.
func detailNotes(ss []sample) []string {
	nums := map[string][]float64{}
	strs := map[string]string{}
	for _, s := range ss {
		if s.Err != "" {
			continue
		}
		for k, v := range s.Detail {
			switch v := v.(type) {
			case float64:
				nums[k] = append(nums[k], v)
			case string:
				if k != "stdout" {
					strs[k] = v
				}
			}
		}
	}
	var out []string
	for _, k := range []string{"spawnMs", "cancelMs"} {
		if v := nums[k]; len(v) > 0 {
			out = append(out, fmt.Sprintf("%s %.0f ms", strings.TrimSuffix(k, "Ms"), median(v)))
		}
	}
	keys := make([]string, 0, len(strs))
	for k := range strs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, k+" "+strs[k])
	}
	return out
}

func (b *bench) targets(selected []workload, rows []*row) []targetRow {
	find := func(id, rt string) *row {
		for _, r := range rows {
			if r.w.id == id && r.rt == rt && r.failures < len(r.samples) {
				return r
			}
		}
		return nil
	}
	met := func(ok bool) *bool { return &ok }
	var out []targetRow
	for _, w := range selected {
		t := targetRow{ID: w.id, Target: w.target, Measured: "not measured"}
		sj := find(w.id, rtShieldjs)
		switch w.id {
		case "W1", "W3", "W4":
			limit := 0.8
			if w.id == "W4" {
				limit = 0.5
			}
			if sj != nil && !math.IsNaN(sj.xPython) {
				py := find(w.id, rtPython)
				t.Measured = fmt.Sprintf("%.2f× Python (%.1f vs %.1f %s)", sj.xPython, sj.perOp, py.perOp, w.unit)
				t.Met = met(sj.xPython <= limit)
			}
		case "W2":
			if sj != nil && !math.IsNaN(sj.xPython) && !math.IsNaN(sj.perOp) {
				py := find(w.id, rtPython)
				t.Measured = fmt.Sprintf("%.2f× Python wall; %s per sleeping task (Python %s)", sj.xPython, kb(sj.perOp), kb(py.perOp))
				t.Met = met(sj.xPython <= 0.8 && sj.perOp <= 2048)
			} else if sj != nil && !math.IsNaN(sj.perOp) {
				t.Measured = fmt.Sprintf("%s per sleeping task", kb(sj.perOp))
			}
		case "W5":
			for _, g := range b.goBench {
				if g.Note != "" {
					t.Measured = g.Note
					continue
				}
				t.Measured = fmt.Sprintf("%.2f µs/op (%s)", g.NsPerOp/1000, g.Name)
				t.Met = met(g.NsPerOp <= 2000)
				break
			}
		case "W6":
			if sj != nil {
				t.Measured = fmt.Sprintf("%.0f inversions (worst round)", sj.perOp)
				t.Met = met(sj.perOp == 0)
			}
		case "W7":
			if sj != nil {
				t.Measured = fmt.Sprintf("%.1f ms, %.1f MB", sj.ms, sj.rssKB/1024)
				t.Met = met(sj.ms <= 15 && sj.rssKB <= 20*1024)
			}
		case "W9":
			if sj != nil && !math.IsNaN(sj.xGoja) {
				g := find(w.id, rtGoja)
				t.Measured = fmt.Sprintf("%.2f× plain goja (%.2f vs %.2f µs/await)", sj.xGoja, sj.perOp, g.perOp)
				t.Met = met(sj.xGoja <= 1.3)
			}
		}
		out = append(out, t)
	}
	return out
}

func kb(bytes float64) string { return fmt.Sprintf("%.2f KB", bytes/1024) }

// ---------------------------------------------------------------- output

func (r *row) cells() []string {
	fnum := func(v float64, format string) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf(format, v)
	}
	per := "–"
	if !math.IsNaN(r.perOp) {
		switch r.w.kind {
		case kindSleepers:
			per = kb(r.perOp) + "/task"
		case kindOrder:
			per = fmt.Sprintf("%.0f inversions", r.perOp)
		case kindStartup:
			per = fmt.Sprintf("%.1f ms wall", r.perOp)
		default:
			per = fmt.Sprintf("%.2f %s", r.perOp, r.w.unit)
		}
	}
	ms := fnum(r.ms, "%.1f")
	notes := strings.Join(r.notes, ", ")
	if r.failures > 0 {
		ms = fmt.Sprintf("FAIL %d/%d", r.failures, len(r.samples))
		notes = r.firstErr
		if len(notes) > 80 {
			notes = notes[:80] + "…"
		}
	}
	return []string{
		r.w.id + " " + r.w.title, r.rt, nOf(r), ms, per,
		fnum(r.rssKB/1024, "%.1f MB"),
		fnum(r.xPython, "%.2f"), fnum(r.xGoja, "%.2f"), notes,
	}
}

func nOf(r *row) string {
	if r.w.kind == kindStartup {
		return "–"
	}
	if r.n == 0 {
		return "?"
	}
	return fmt.Sprint(r.n)
}

var header = []string{"workload", "runtime", "N", "median ms", "per op", "peak RSS", "×Python", "×goja", "notes"}

func (b *bench) printTable(w io.Writer, sum summary) {
	b.printMachine(w, "")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	prev := ""
	for _, r := range sum.rows {
		c := r.cells()
		if r.w.id == prev {
			c[0] = ""
		}
		prev = r.w.id
		fmt.Fprintln(tw, strings.Join(c, "\t"))
	}
	tw.Flush()
	b.printGoBench(w, "")
	if len(sum.targets) > 0 {
		fmt.Fprintln(w, "\ntargets (issue 6), shieldjs:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, t := range sum.targets {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, t.Target, t.Measured, metMark(t.Met))
		}
		tw.Flush()
	}
	for _, n := range b.notes {
		fmt.Fprintln(w, "note:", n)
	}
}

func metMark(m *bool) string {
	switch {
	case m == nil:
		return "–"
	case *m:
		return "met"
	}
	return "NOT MET"
}

func (b *bench) printMarkdown(w io.Writer, sum summary) {
	b.printMachine(w, "- ")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| "+strings.Join(header, " | ")+" |")
	fmt.Fprintln(w, "|"+strings.Repeat(" --- |", len(header)))
	prev := ""
	for _, r := range sum.rows {
		c := r.cells()
		if r.w.id == prev {
			c[0] = ""
		}
		prev = r.w.id
		fmt.Fprintln(w, "| "+strings.Join(c, " | ")+" |")
	}
	b.printGoBench(w, "- ")
	if len(sum.targets) > 0 {
		fmt.Fprintln(w, "\n| workload | target | measured | |\n| --- | --- | --- | --- |")
		for _, t := range sum.targets {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", t.ID, t.Target, t.Measured, metMark(t.Met))
		}
	}
	for _, n := range b.notes {
		fmt.Fprintln(w, "\nNote:", n)
	}
}

func (b *bench) printMachine(w io.Writer, bullet string) {
	m := b.machine
	fmt.Fprintf(w, "%smachine: %d CPUs, %s, %s\n", bullet, m.CPUs, orDash(m.CPU), m.OS)
	fmt.Fprintf(w, "%sversions: %s; shieldjs %s; %s; Node %s\n", bullet, m.Go, orDash(strings.TrimPrefix(m.Shieldjs, "shieldjs ")), orDash(m.Python), orDash(m.Node))
	fmt.Fprintf(w, "%srun: -n %g, %d rounds (medians; ratios are per round, then the median)\n", bullet, b.cfg.scale, b.cfg.rounds)
	if len(b.cfg.shieldjsEnv) > 0 {
		fmt.Fprintf(w, "%sshieldjs environment: %s\n", bullet, strings.Join(b.cfg.shieldjsEnv, " "))
	}
	if bullet == "" {
		fmt.Fprintln(w)
	}
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func (b *bench) printGoBench(w io.Writer, bullet string) {
	if len(b.goBench) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, g := range b.goBench {
		if g.Note != "" {
			fmt.Fprintf(w, "%sW5 %s: %s\n", bullet, g.Name, g.Note)
			continue
		}
		fmt.Fprintf(w, "%sW5 %s: %.2f µs/op (median of %d)\n", bullet, g.Name, g.NsPerOp/1000, g.Runs)
	}
}

type jsonRow struct {
	Workload string   `json:"workload"`
	Title    string   `json:"title"`
	Runtime  string   `json:"runtime"`
	N        int      `json:"n"`
	MedianMs float64  `json:"medianMs"`
	PerOp    *float64 `json:"perOp,omitempty"`
	Unit     string   `json:"unit"`
	RSSKB    float64  `json:"medianPeakRSSKB"`
	XPython  *float64 `json:"xPython,omitempty"`
	XGoja    *float64 `json:"xGoja,omitempty"`
	Failures int      `json:"failures"`
	Samples  []sample `json:"samples"`
}

func (b *bench) jsonReport(sum summary) any {
	num := func(v float64) *float64 {
		if math.IsNaN(v) {
			return nil
		}
		return &v
	}
	rows := []jsonRow{}
	for _, r := range sum.rows {
		rows = append(rows, jsonRow{
			Workload: r.w.id, Title: r.w.title, Runtime: r.rt, N: r.n, MedianMs: r.ms,
			PerOp: num(r.perOp), Unit: r.w.unit, RSSKB: r.rssKB,
			XPython: num(r.xPython), XGoja: num(r.xGoja), Failures: r.failures, Samples: r.samples,
		})
	}
	return map[string]any{
		"machine": b.machine,
		"scale":   b.cfg.scale,
		"rounds":  b.cfg.rounds,
		"rows":    rows,
		"goBench": b.goBench,
		"targets": sum.targets,
		"notes":   b.notes,
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
