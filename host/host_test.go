package host_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/shieldjs/shieldjs/eventloop"
	"github.com/shieldjs/shieldjs/host"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// newHost returns a host writing to buffers, closed when the test ends.
func newHost(t *testing.T, opts ...host.Option) (*host.Host, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errb bytes.Buffer
	h := host.New(append([]host.Option{host.WithStdout(&out), host.WithStderr(&errb)}, opts...)...)
	t.Cleanup(func() { h.Close() })
	return h, &out, &errb
}

func TestGoroutineKeepsLoopAlive(t *testing.T) {
	h, out, _ := newHost(t)
	h.DefineAsync("slow", func(ctx context.Context, args ...any) (any, error) {
		select {
		case <-time.After(100 * time.Millisecond):
			return "settled from a goroutine", nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	start := time.Now()
	// Nothing but the goroutine keeps this program alive.
	_, err := h.RunString(context.Background(), "keepalive.js", `slow().then((v) => console.log(v));`)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "settled from a goroutine\n" {
		t.Fatalf("stdout = %q", got)
	}
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Fatalf("run returned after %v, before the goroutine finished", el)
	}
}

func TestCancellingGoTaskCancelsContext(t *testing.T) {
	h, out, _ := newHost(t)
	cancelled := make(chan struct{})
	h.DefineAsync("wait", func(ctx context.Context, args ...any) (any, error) {
		<-ctx.Done()
		close(cancelled)
		return nil, ctx.Err()
	})
	_, err := h.RunString(context.Background(), "cancel.js", `
const t = wait();
await sleep(10);
t.cancel();
try { await t; } catch (e) { console.log(e.name, t.cancelled()); }
`)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-cancelled:
	case <-time.After(time.Second):
		t.Fatal("the goroutine's context was not cancelled")
	}
	if got := out.String(); got != "CancelledError true\n" {
		t.Fatalf("stdout = %q", got)
	}
}

func TestAsyncErrorAndPanicReject(t *testing.T) {
	h, out, _ := newHost(t)
	h.DefineAsync("fails", func(ctx context.Context, args ...any) (any, error) {
		return nil, errors.New("disk full")
	})
	h.DefineAsync("panics", func(ctx context.Context, args ...any) (any, error) {
		panic("oops")
	})
	_, err := h.RunString(context.Background(), "errs.js", `
try { await fails(); } catch (e) { console.log("error:", e.message); }
try { await panics(); } catch (e) { console.log("panic:", e.message.split("\n")[0]); }
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "error: disk full\npanic: panics panicked: oops\n"
	if got := out.String(); got != want {
		t.Fatalf("stdout = %q, want %q", got, want)
	}
}

func TestErrorPaths(t *testing.T) {
	cases := []struct {
		name, src string
		check     func(t *testing.T, err error)
	}{
		{"uncaught in timer", `setTimeout(() => { throw new Error("tick") }, 1)`, func(t *testing.T, err error) {
			var se *host.ScriptError
			if !errors.As(err, &se) || se.Kind != "Uncaught" || se.Message != "Error: tick" || se.Line != 1 {
				t.Fatalf("err = %#v", err)
			}
		}},
		{"unhandled rejection", `Promise.reject(new RangeError("nope")); null`, func(t *testing.T, err error) {
			var se *host.ScriptError
			if !errors.As(err, &se) || se.Kind != "Uncaught (in promise)" || se.Message != "RangeError: nope" {
				t.Fatalf("err = %#v", err)
			}
		}},
		{"process.exit", `process.exit(3); console.log("no")`, func(t *testing.T, err error) {
			var ee *host.ExitError
			if !errors.As(err, &ee) || ee.Code != 3 {
				t.Fatalf("err = %v", err)
			}
		}},
		{"main task cancelled", `currentTask().cancel("bye"); await sleep(1)`, func(t *testing.T, err error) {
			var ce *host.CancelledError
			if !errors.As(err, &ce) || ce.Message != "bye" {
				t.Fatalf("err = %v", err)
			}
		}},
		{"stack overflow", `function f() { return f() + 1 } f()`, func(t *testing.T, err error) {
			if err == nil || !strings.Contains(err.Error(), "call stack") {
				t.Fatalf("err = %v", err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, _, _ := newHost(t, host.WithClock(eventloop.NewVirtualClock()))
			_, err := h.RunString(context.Background(), "case.js", c.src)
			c.check(t, err)
		})
	}
}

func TestContextCancelDeliversCancelledError(t *testing.T) {
	h, out, _ := newHost(t, host.WithGracePeriod(time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := h.RunString(ctx, "ctx.js", `
try { await sleep(60000); } finally { console.log("finally ran"); }
`)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if got := out.String(); got != "finally ran\n" {
		t.Fatalf("stdout = %q", got)
	}
}

func TestBusyLoopInterrupted(t *testing.T) {
	h, _, _ := newHost(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := h.RunString(ctx, "busy.js", `while (true) {}`)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if el := time.Since(start); el > 50*time.Millisecond+time.Second {
		t.Fatalf("took %v to interrupt", el)
	}
}

func TestConsoleShowsFuturesAndTasks(t *testing.T) {
	h, out, errb := newHost(t, host.WithClock(eventloop.NewVirtualClock()))
	_, err := h.RunString(context.Background(), "show.js", `
const t = createTask(() => sleep(5, { a: [1, 2] }), { name: "worker" });
console.log(t);
await t;
console.log(t);
const f = new Future(); f.cancel();
const g = new Future(); g.setException(new Error("boom"));
console.log(f, String(g).length > 0);
console.log(g);
null
`)
	want := "Task(worker) { <pending> }\nTask(worker) { { a: [ 1, 2 ] } }\nFuture { <cancelled> } true\nFuture {\n  <failed> Error: boom\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Fatalf("stdout:\n%s\nwant prefix:\n%s", out, want)
	}
	// Showing a failed future is not retrieving its exception.
	var se *host.ScriptError
	if !errors.As(err, &se) || !strings.Contains(se.Kind, "never retrieved") {
		t.Fatalf("err = %v, stderr %s", err, errb)
	}
}
