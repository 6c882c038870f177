package host_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/shieldjs/shieldjs/host"
)

// BenchmarkGoRoundTrip measures the round trip of a Go-backed
// promise: a script calls an async Go function that returns at once, and
// awaits the Task it gets. Each operation is one call: a Task, a goroutine
// with its context, the result posted back to the loop, the Task settled
// and the awaiting code resumed. (The yardsticks: 7.3 µs for
// goja_nodejs's RunOnLoop, 0.5 µs for a bare Go channel.)
func BenchmarkGoRoundTrip(b *testing.B) {
	h := host.New(host.WithStdout(io.Discard), host.WithStderr(io.Discard))
	defer h.Close()
	h.DefineAsync("echo", func(ctx context.Context, args ...any) (any, error) {
		return args[0], nil
	})
	b.ReportAllocs()
	b.ResetTimer()
	v, err := h.RunString(context.Background(), "bench.js", fmt.Sprintf(`
let s = 0;
for (let i = 0; i < %d; i++) s += await echo(1);
s`, b.N))
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if v.ToInteger() != int64(b.N) {
		b.Fatalf("sum = %v, want %d", v, b.N)
	}
}

// BenchmarkGoPromiseConcurrent measures many Go-backed operations in
// flight at once: the script starts 100 calls and then awaits them all.
func BenchmarkGoPromiseConcurrent(b *testing.B) {
	h := host.New(host.WithStdout(io.Discard), host.WithStderr(io.Discard))
	defer h.Close()
	h.DefineAsync("echo", func(ctx context.Context, args ...any) (any, error) {
		return args[0], nil
	})
	b.ReportAllocs()
	b.ResetTimer()
	_, err := h.RunString(context.Background(), "bench.js", fmt.Sprintf(`
const n = %d;
for (let done = 0; done < n; ) {
  const batch = [];
  for (let i = 0; i < 100 && done + i < n; i++) batch.push(echo(i));
  await Promise.all(batch);
  done += batch.length;
}`, b.N))
	if err != nil {
		b.Fatal(err)
	}
}
