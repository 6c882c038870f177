package host_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/host"
)

// syncBuffer is a bytes.Buffer safe for the loop goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor polls until out contains want.
func waitFor(t *testing.T, out *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("output never contained %q:\n%s", want, out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type session struct {
	*host.Session
	out, errs *syncBuffer
	bg        chan *host.EvalError
	reached   chan string // what the script passed to reached()
}

func newSession(t *testing.T) *session {
	t.Helper()
	out, errs := &syncBuffer{}, &syncBuffer{}
	h := host.New(host.WithStdout(out), host.WithStderr(errs), host.WithGracePeriod(time.Second))
	bg := make(chan *host.EvalError, 16)
	reached := make(chan string, 16)
	h.Define("reached", func(what string) { reached <- what })
	s, err := h.StartSession(host.SessionOptions{OnError: func(e *host.EvalError) { bg <- e }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		h.Close()
	})
	return &session{s, out, errs, bg, reached}
}

func (s *session) eval(t *testing.T, src string) string {
	t.Helper()
	v, err := s.Eval(context.Background(), src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

func TestSessionPersistsDeclarations(t *testing.T) {
	s := newSession(t)
	for _, step := range []struct{ src, want string }{
		{"let x = await sleep(10, 40)", "undefined"},
		{"x + 2", "42"},
		{"_ * 2", "84"},
		{"const o = {a: 1, nested: {deep: {deeper: {deepest: 1}}}}", "undefined"},
		{"o", "{ a: 1, nested: { deep: { deeper: [Object] } } }"},
		{"function f() { return 'f' }", "undefined"},
		{"class K { get v() { return f() } }", "undefined"},
		{"new K().v", "'f'"},
		{"'str'", "'str'"},
		{"Promise.resolve(3)", "Promise { 3 }"},
		{"{ a: 1 }", "{ a: 1 }"},
	} {
		if got := s.eval(t, step.src); got != step.want {
			t.Errorf("%s = %s, want %s", step.src, got, step.want)
		}
	}
}

func TestSessionErrors(t *testing.T) {
	s := newSession(t)
	_, err := s.Eval(context.Background(), "function boom() { throw new TypeError('no') }\nboom()")
	var ee *host.EvalError
	if !errors.As(err, &ee) || !strings.HasPrefix(ee.Error(), "Uncaught TypeError: no\n    at boom (REPL1:1:") {
		t.Fatalf("err = %v", err)
	}
	if got := s.eval(t, "_error.message"); got != "'no'" {
		t.Errorf("_error.message = %s", got)
	}
	_, err = s.Eval(context.Background(), "throw {code: 1}")
	if err == nil || err.Error() != "Uncaught { code: 1 }" {
		t.Errorf("err = %v", err)
	}
	_, err = s.Eval(context.Background(), "foo(")
	var se *compile.SyntaxError
	if !errors.As(err, &se) || !compile.IsIncomplete(err) {
		t.Errorf("err = %#v, want an incomplete syntax error", err)
	}
	_, err = s.Eval(context.Background(), "foo)")
	if !errors.As(err, &se) || compile.IsIncomplete(err) {
		t.Errorf("err = %#v, want a syntax error", err)
	}
}

func TestSessionCancelKeepsShieldedWork(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error, 1)
	go func() {
		_, err := s.Eval(ctx, `
			const bg = shield(async () => { await sleep(200); console.log('shielded done') });
			try { await bg } finally { console.log('finally ran') }`)
		res <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	err := <-res
	var ee *host.EvalError
	if !errors.As(err, &ee) || !ee.Cancelled || !strings.Contains(ee.Text, "CancelledError") {
		t.Fatalf("err = %#v", err)
	}
	waitFor(t, s.out, "finally ran\n")
	waitFor(t, s.out, "shielded done\n")
	if got := s.eval(t, "bg.done()"); got != "true" {
		t.Errorf("bg.done() = %s", got)
	}
}

func TestSessionInterruptsBusyInput(t *testing.T) {
	s := newSession(t)
	s.eval(t, "let kept = 'state'")
	res := make(chan error, 1)
	go func() {
		_, err := s.Eval(context.Background(), "reached('spinning'); while (true) {}")
		res <- err
	}()
	<-s.reached
	if n := s.CancelCurrent(); n != 1 {
		t.Errorf("CancelCurrent() = %d", n)
	}
	err := <-res
	var ee *host.EvalError
	if !errors.As(err, &ee) || !ee.Interrupted || ee.Text != "Error: Script execution was interrupted" {
		t.Fatalf("err = %#v", err)
	}
	if got := s.eval(t, "kept"); got != "'state'" {
		t.Errorf("kept = %s", got)
	}
	// A busy continuation after an await is interrupted the same way.
	go func() {
		_, err := s.Eval(context.Background(), "await sleep(1); reached('again'); for (;;) {}")
		res <- err
	}()
	<-s.reached
	s.CancelCurrent()
	if err := <-res; !errors.As(err, &ee) || !ee.Interrupted {
		t.Fatalf("err = %#v", err)
	}
	if got := s.eval(t, "await sleep(1, kept)"); got != "'state'" {
		t.Errorf("kept = %s", got)
	}
}

func TestSessionStackOverflow(t *testing.T) {
	s := newSession(t)
	_, err := s.Eval(context.Background(), "function r() { return r() } r()")
	var ee *host.EvalError
	if !errors.As(err, &ee) || !strings.Contains(ee.Text, "Maximum call stack size exceeded") {
		t.Fatalf("err = %#v", err)
	}
	if got := s.eval(t, "1 + 1"); got != "2" {
		t.Errorf("1 + 1 = %s", got)
	}
}

func TestSessionBackgroundTasks(t *testing.T) {
	s := newSession(t)
	s.eval(t, "createTask(async () => { await sleep(50); console.log('background') })")
	waitFor(t, s.out, "background\n")
	s.eval(t, "createTask(async () => { await sleep(10); throw new Error('lost') })")
	select {
	case e := <-s.bg:
		if !strings.HasPrefix(e.Kind, "Task exception was never retrieved") || !strings.HasPrefix(e.Text, "Error: lost") {
			t.Errorf("background error = %#v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the failed task was never reported")
	}
	s.eval(t, "setTimeout(() => { throw new RangeError('in a timer') }, 1)")
	select {
	case e := <-s.bg:
		if e.Kind != "Uncaught" || !strings.HasPrefix(e.Text, "RangeError: in a timer") {
			t.Errorf("background error = %#v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the timer's error was never reported")
	}
	if got := s.eval(t, "'still here'"); got != "'still here'" {
		t.Errorf("got %s", got)
	}
}

func TestSessionExit(t *testing.T) {
	s := newSession(t)
	_, err := s.Eval(context.Background(), "process.exit(3)")
	var exit *host.ExitError
	if !errors.As(err, &exit) || exit.Code != 3 {
		t.Fatalf("err = %#v", err)
	}
	<-s.Done()
	if err := s.Err(); !errors.As(err, &exit) {
		t.Fatalf("Err() = %v", err)
	}
	if _, err := s.Eval(context.Background(), "1"); !errors.Is(err, host.ErrSessionClosed) {
		t.Fatalf("Eval after exit: %v", err)
	}
}

func TestSessionComplete(t *testing.T) {
	s := newSession(t)
	s.eval(t, "const myObject = {alpha: 1, alps: 2, get trap() { throw new Error('getter ran') }}")
	ctx := context.Background()
	for _, c := range []struct {
		line  string
		start int
		want  []string
	}{
		{"Promise.al", 8, []string{"all", "allSettled"}},
		{"x = myOb", 4, []string{"myObject"}},
		{"myObject.al", 9, []string{"alpha", "alps"}},
		{"myObject.trap.", 14, nil},
		{"'Promise.al", 11, nil},
	} {
		start, got := s.Complete(ctx, c.line)
		if start != c.start || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("Complete(%q) = %d %q, want %d %q", c.line, start, got, c.start, c.want)
		}
	}
	_, got := s.Complete(ctx, "aw")
	if fmt.Sprint(got) != "[await]" {
		t.Errorf("keywords: %q", got)
	}
}

func TestSessionWaitDrains(t *testing.T) {
	s := newSession(t)
	s.eval(t, "createTask(async () => { await sleep(50); console.log('finished') })")
	s.eval(t, "createTask(async () => { try { await new Promise(() => {}) } finally { console.log('swept') } })")
	if err := s.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out := s.out.String(); !strings.Contains(out, "finished\n") || !strings.Contains(out, "swept\n") {
		t.Fatalf("stdout = %q", out)
	}
}

func TestSessionCloseCancels(t *testing.T) {
	s := newSession(t)
	s.eval(t, "createTask(async () => { try { await sleep(60000) } finally { console.log('cleaned up') } })")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if out := s.out.String(); !strings.Contains(out, "cleaned up\n") {
		t.Fatalf("stdout = %q", out)
	}
}

func TestSessionDetach(t *testing.T) {
	s := newSession(t)
	res := make(chan error, 1)
	go func() {
		_, err := s.Eval(context.Background(), `
			createTask(async () => { await sleep(20); reached('stubborn') });
			let tries = 0;
			for (;;) { try { await sleep(60000) } catch { tries++ } }`)
		res <- err
	}()
	<-s.reached
	for i := 1; i <= 3; i++ {
		if n := s.CancelCurrent(); n != i {
			t.Fatalf("CancelCurrent() = %d, want %d", n, i)
		}
	}
	select {
	case err := <-res:
		t.Fatalf("Eval returned %v although the input ignores cancellation", err)
	case <-time.After(50 * time.Millisecond):
	}
	s.Detach()
	if err := <-res; !errors.Is(err, host.ErrDetached) {
		t.Fatalf("err = %v", err)
	}
	// The session goes on while the detached input keeps running.
	// (Cancels that arrive before the task resumes count as one, as in
	// asyncio.)
	if got := s.eval(t, "await sleep(1, tries > 0)"); got != "true" {
		t.Errorf("tries > 0 = %s", got)
	}
}

func ExampleSession() {
	h := host.New(host.WithStdout(os.Stdout))
	defer h.Close()
	s, err := h.StartSession(host.SessionOptions{})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, input := range []string{
		"let answer = await sleep(10, 42)",
		"answer",
		"const t = createTask(async () => { await sleep(10); console.log('later') }, {name: 'bg'}); t",
		"await t; [t.done(), answer]",
	} {
		v, err := s.Eval(ctx, input)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(v)
	}
	// Output:
	// undefined
	// 42
	// Task(bg) { <pending> }
	// later
	// [ true, 42 ]
}
