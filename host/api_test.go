package host_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shieldjs/shieldjs/host"
	"github.com/shieldjs/shieldjs/permission"
)

func TestCall(t *testing.T) {
	h, out, _ := newHost(t)
	ctx := context.Background()
	if _, err := h.RunString(ctx, "defs.js", `
globalThis.add = (a, b) => a + b;
globalThis.later = async (v) => { await sleep(5); return v * 2; };
globalThis.fails = async () => { await sleep(1); throw new TypeError("bad call"); };
globalThis.background = () => { createTask(async () => { await sleep(20); console.log("background done"); }); return "started"; };
globalThis.forever = async () => { try { await sleep(60000); } finally { console.log("forever cleaned up"); } };
`); err != nil {
		t.Fatal(err)
	}
	v, err := h.Call(ctx, "add", 2, 3)
	if err != nil || v.ToInteger() != 5 {
		t.Fatalf("add = %v, %v", v, err)
	}
	v, err = h.Call(ctx, h.Runtime().Get("later"), 21)
	if err != nil || v.ToInteger() != 42 {
		t.Fatalf("later = %v, %v", v, err)
	}
	_, err = h.Call(ctx, "fails")
	var se *host.ScriptError
	if !errors.As(err, &se) || se.Message != "TypeError: bad call" || !strings.Contains(se.Stack, "defs.js:4") {
		t.Fatalf("fails: %#v", err)
	}
	if _, err := h.Call(ctx, "nothing"); err == nil {
		t.Fatal("calling a missing function succeeded")
	}
	// Work a call leaves behind goes on at the next call.
	if v, err := h.Call(ctx, "background"); err != nil || v.String() != "started" {
		t.Fatalf("background = %v, %v", v, err)
	}
	v, err = h.Call(ctx, "later", 1)
	if err != nil || v.ToInteger() != 2 {
		t.Fatalf("later = %v, %v", v, err)
	}
	// Cancelling ctx cancels the call's task; its finally runs.
	cctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	_, err = h.Call(cctx, "forever")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("forever: %v", err)
	}
	// What is still pending finishes in a final run.
	if _, err := h.RunString(ctx, "end.js", `await sleep(30)`); err != nil {
		t.Fatal(err)
	}
	// The background task finished during the later calls.
	if got := out.String(); got != "background done\nforever cleaned up\n" {
		t.Errorf("stdout = %q", got)
	}
}

func TestCloseCancelsOperationsInFlight(t *testing.T) {
	h, _, _ := newHost(t)
	stopped := make(chan struct{})
	h.DefineAsync("wait", func(ctx context.Context, _ ...any) (any, error) {
		<-ctx.Done()
		close(stopped)
		return nil, ctx.Err()
	})
	if _, err := h.RunString(context.Background(), "defs.js", `globalThis.start = () => { wait(); }`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Call(context.Background(), "start"); err != nil {
		t.Fatal(err)
	}
	h.Close()
	select {
	case <-stopped:
	default:
		t.Fatal("Close returned before the operation's goroutine")
	}
	if _, err := h.RunString(context.Background(), "x.js", "1"); !errors.Is(err, host.ErrClosed) {
		t.Fatalf("run after Close: %v", err)
	}
}

func TestManyHostsInParallel(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out strings.Builder
			h := host.New(host.WithStdout(&out), host.WithStderr(&out))
			defer h.Close()
			h.DefineAsync("square", func(ctx context.Context, args ...any) (any, error) {
				n := args[0].(int64)
				return n * n, nil
			})
			_, err := h.RunString(context.Background(), "par.js", fmt.Sprintf(`
let sum = 0;
await taskGroup(async (tg) => {
  for (let i = 0; i < 20; i++) tg.createTask(async () => { await sleep(1); const v = await square(i); sum += v; });
});
console.log(%d, sum, new TextDecoder().decode(new TextEncoder().encode("ok")), Buffer.from("hi").toString("hex"));
`, i))
			if err != nil {
				errs <- err
				return
			}
			if want := fmt.Sprintf("%d 2470 ok 6869\n", i); out.String() != want {
				errs <- fmt.Errorf("host %d printed %q, want %q", i, out.String(), want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestValuesCrossingGoAndJS(t *testing.T) {
	h, out, _ := newHost(t)
	var got []any
	h.DefineAsync("take", func(ctx context.Context, args ...any) (any, error) {
		got = args
		return map[string]any{"n": 1, "list": []string{"a", "b"}, "nested": map[string]any{"ok": true}}, nil
	})
	h.DefineAsync("giveChan", func(ctx context.Context, _ ...any) (any, error) { return make(chan int), nil })
	h.DefineAsync("giveNested", func(ctx context.Context, _ ...any) (any, error) {
		return struct{ Inner []any }{Inner: []any{1, complex(1, 2)}}, nil
	})
	h.DefineAsync("fails", func(ctx context.Context, _ ...any) (any, error) {
		return nil, &permission.Error{Kind: permission.Net, Target: "example.com:443"}
	})
	_, err := h.RunString(context.Background(), "values.js", `
const r = await take(1, 2.5, "s", true, null, undefined, [1, [2]], {a: {b: "c"}}, new Uint8Array([7, 8]), 10n, new Date(0));
console.log(r.n, r.list.join(), r.nested.ok);
for (const bad of [() => 1, Symbol("s"), Promise.resolve(1), new Map(), {deep: [1, () => 2]}]) {
  try { take(bad); console.log("passed?"); } catch (e) { console.log(e.name + ": " + e.message); }
}
const cyc = {}; cyc.self = cyc;
try { take(cyc); } catch (e) { console.log(e.name + ": " + e.message); }
for (const f of [giveChan, giveNested]) {
  try { await f(); } catch (e) { console.log(e.name + ": " + e.message); }
}
try { await fails(); } catch (e) { console.log(e.name, e instanceof PermissionError, e.message); }
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `1 a,b true
TypeError: take: argument 1 is a function, which cannot be passed to Go
TypeError: take: argument 1 is a symbol, which cannot be passed to Go
TypeError: take: argument 1 is a Promise, which cannot be passed to Go
TypeError: take: argument 1 is a Map, which cannot be passed to Go
TypeError: take: argument 1.deep[1] is a function, which cannot be passed to Go
TypeError: take: argument 1.self is a circular structure, which cannot be passed to Go
TypeError: giveChan: the result is a value of Go type chan int, which cannot be passed to JavaScript
TypeError: giveNested: the result is a value of Go type complex128 (at .Inner[1]), which cannot be passed to JavaScript
PermissionError true Requires net access to "example.com:443", run again with the --allow-net flag
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	wantArgs := fmt.Sprint([]any{int64(1), 2.5, "s", true, nil, nil, []any{int64(1), []any{int64(2)}},
		map[string]any{"a": map[string]any{"b": "c"}}, []byte{7, 8}, "10", time.Unix(0, 0)})
	if g := fmt.Sprint(got); g != wantArgs {
		t.Errorf("args = %s, want %s", g, wantArgs)
	}
	if err := h.Define("ch", make(chan int)); err == nil || !strings.Contains(err.Error(), "chan int") {
		t.Errorf("Define(chan) = %v", err)
	}
}

func TestStackOverflow(t *testing.T) {
	h, out, _ := newHost(t, host.WithMaxCallStackSize(500))
	_, err := h.RunString(context.Background(), "overflow.js", `
function r() { return r() + 1; }
// In a task: the task fails with a RangeError its awaiter can catch.
try { await createTask(() => r()); } catch (e) { console.log("sync body:", e instanceof RangeError, e.message); }
try { await createTask(async () => { await sleep(1); r(); }); } catch (e) { console.log("after an await:", e instanceof RangeError, e.stack.split("\n")[1].trim()); }
// The program goes on normally.
await sleep(1);
console.log(await Promise.resolve("still running"));
r();
`)
	want := `sync body: true Maximum call stack size exceeded
after an await: true at r (overflow.js:2:24)
still running
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	var se *host.ScriptError
	if !errors.As(err, &se) || se.Message != "RangeError: Maximum call stack size exceeded" || se.Line != 2 {
		t.Fatalf("err = %#v", err)
	}
}

// A module that overflows while it loads throws a RangeError at require.
func TestStackOverflowInRequire(t *testing.T) {
	dir := tempDir(t)
	os.WriteFile(filepath.Join(dir, "deep.js"), []byte("function r() { return r() } r();"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.js"), []byte(`
try { require("./deep.js"); } catch (e) { console.log(e.name, e.message); }
`), 0o644)
	h, out, _ := newHost(t, host.WithMaxCallStackSize(500))
	if _, err := h.RunFile(context.Background(), filepath.Join(dir, "main.js")); err != nil {
		t.Fatal(err)
	}
	if out.String() != "RangeError Maximum call stack size exceeded\n" {
		t.Errorf("stdout = %q", out)
	}
}

// A busy loop is interrupted within 100ms of the deadline.
func TestBusyLoopInterruptedPromptly(t *testing.T) {
	for _, src := range []string{
		`while (true) {}`,
		`await sleep(1); for (;;) {}`,
		`createTask(async () => { for (;;) {} }); await sleep(60000);`,
	} {
		h, _, _ := newHost(t)
		const limit = 100 * time.Millisecond
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		start := time.Now()
		_, err := h.RunString(ctx, "busy.js", src)
		late := time.Since(start) - limit
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%s: err = %v", src, err)
		}
		t.Logf("%s: returned %v after the deadline", src, late)
		if late > 100*time.Millisecond {
			t.Errorf("%s: returned %v after the deadline", src, late)
		}
	}
}

func TestEnvPermission(t *testing.T) {
	env := map[string]string{"HOME": "/home/x", "SECRET": "s3cr3t", "AWS_KEY": "k"}
	for _, c := range []struct {
		grant permission.Grant
		want  string
	}{
		{permission.Grant{}, "[]"},
		{permission.Grant{List: []string{"HOME", "AWS_*"}}, `["AWS_KEY","HOME"]`},
		{permission.Grant{All: true}, `["AWS_KEY","HOME","SECRET"]`},
	} {
		h, out, _ := newHost(t, host.WithEnv(env), host.WithPermissions(permission.Set{Env: c.grant}))
		if _, err := h.RunString(context.Background(), "env.js", `console.log(JSON.stringify(Object.keys(process.env).sort()))`); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(out.String()); got != c.want {
			t.Errorf("%+v: process.env has %s, want %s", c.grant, got, c.want)
		}
	}
}

// Modules in the script's project load without read permission; others
// need it.
func TestModuleReads(t *testing.T) {
	root := tempDir(t)
	project := filepath.Join(root, "project")
	outside := filepath.Join(root, "outside")
	for _, d := range []string{filepath.Join(project, "lib"), outside} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(filepath.Join(project, "package.json"), []byte(`{"name": "p"}`), 0o644)
	os.WriteFile(filepath.Join(project, "lib", "a.js"), []byte(`module.exports = "a";`), 0o644)
	os.WriteFile(filepath.Join(outside, "b.js"), []byte(`module.exports = "b";`), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.json"), []byte(`{"k": 1}`), 0o644)
	os.MkdirAll(filepath.Join(project, "src"), 0o755)
	main := filepath.Join(project, "src", "main.js")
	os.WriteFile(main, []byte(`
console.log(require("../lib/a.js"));
for (const m of ["../../outside/b.js", "../../outside/secret.json"]) {
  try { console.log(require(m)); } catch (e) { console.log(e.name, e.message.split(process.argv[2]).join("ROOT")); }
}
`), 0o644)
	run := func(perms permission.Set) string {
		h, out, errb := newHost(t, host.WithPermissions(perms), host.WithArgs(root))
		if _, err := h.RunFile(context.Background(), main); err != nil {
			t.Fatalf("%v\n%s", err, errb)
		}
		return out.String()
	}
	want := `a
PermissionError Requires read access to "ROOT/outside/b.js", run again with the --allow-read flag
PermissionError Requires read access to "ROOT/outside/secret.json", run again with the --allow-read flag
`
	if got := run(permission.Set{}); got != want {
		t.Errorf("denied: got:\n%s\nwant:\n%s", got, want)
	}
	if got := run(permission.Set{Read: permission.Grant{List: []string{outside}}}); got != "a\nb\n{ k: 1 }\n" {
		t.Errorf("granted: got:\n%s", got)
	}
}

func TestWebStandards(t *testing.T) {
	out, err := runJS(t, permission.Set{}, `
const util = require("util");
console.log(util.format("%s:%d:%j", "a", 42, {x: 1}), util.inspect({a: {b: {c: {}}}}, {depth: 0}));
console.log(util.types.isPromise(Promise.resolve()), util.types.isDate(new Date()), util.isDeepStrictEqual({a: [1]}, {a: [1]}));
const p = util.promisify((x, cb) => setTimeout(() => cb(null, x + 1), 1));
console.log(await p(1));
const EventEmitter = require("events");
const e = new EventEmitter();
e.once("x", (v) => console.log("once", v));
e.on("x", (v) => console.log("on", v));
e.emit("x", 1); e.emit("x", 2);
setTimeout(() => e.emit("ready", "go"), 1);
console.log(await EventEmitter.once(e, "ready"));

const enc = new TextEncoder().encode("€uro");
console.log(enc.length, new TextDecoder().decode(enc), new TextDecoder("utf-16le").decode(new Uint8Array([65, 0, 66, 0])));
const d = new TextDecoder();
console.log(d.decode(enc.subarray(0, 2), {stream: true}) + d.decode(enc.subarray(2)));
try { new TextDecoder("nope"); } catch (err) { console.log(err.name, err.code); }

const src = {n: 1, d: new Date(5), m: new Map([["k", new Set([1])]]), u: new Uint8Array([1, 2]), e: new RangeError("r")};
src.self = src;
const c = structuredClone(src);
console.log(c !== src, c.self === c, c.d.getTime(), c.m.get("k").has(1), c.u[1], c.e instanceof RangeError, c.e.message);
try { structuredClone({f() {}}); } catch (err) { console.log(err.name); }

const b = Buffer.from("héllo");
console.log(b.length, b.toString("base64"), Buffer.from("aGk=", "base64").toString(), require("buffer").Buffer === Buffer);
const url = new URL("https://user@example.com:8080/p/a?q=1&r=2#h");
console.log(url.hostname, url.port, url.pathname, url.searchParams.get("r"), require("url").URL === URL);
console.log(typeof fetch, typeof Headers, typeof Request, typeof Response, typeof PermissionError);
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `a:42:{"x":1} { a: [Object] }
true true true
2
once 1
on 1
on 2
[ 'go' ]
6 €uro AB
€uro
RangeError ERR_ENCODING_NOT_SUPPORTED
true true 5 true 2 true r
DataCloneError
6 aMOpbGxv hi true
example.com 8080 /p/a 2 true
function function function function function
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

// Globals built on first use are not built before: a host that never uses
// fetch or Buffer does not pay for them.
func TestLazyGlobals(t *testing.T) {
	h, out, _ := newHost(t)
	if _, err := h.RunString(context.Background(), "lazy.js", `
const d = Object.getOwnPropertyDescriptor(globalThis, "fetch");
console.log(typeof d.get, Object.keys(globalThis).includes("fetch"));
fetch; // builds it
const d2 = Object.getOwnPropertyDescriptor(globalThis, "fetch");
console.log(typeof d2.value, d2.writable);
globalThis.Buffer = 5;
console.log(Buffer);
`); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "function false\nfunction true\n5\n" {
		t.Errorf("stdout = %q", got)
	}
}

// A run cannot start inside another, from a Go function a script calls.
func TestNoNestedRuns(t *testing.T) {
	h, out, _ := newHost(t)
	h.Define("nested", func() string {
		_, err := h.RunString(context.Background(), "inner.js", "1")
		return fmt.Sprint(errors.Is(err, host.ErrRunning))
	})
	if _, err := h.RunString(context.Background(), "outer.js", "console.log(nested())"); err != nil {
		t.Fatal(err)
	}
	if out.String() != "true\n" {
		t.Errorf("stdout = %q", out)
	}
}
