package modules_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/compile"
	"github.com/shieldjs/shieldjs/modules"
)

// hooks are the trivial mark and await hooks of a runtime without a
// scheduler: awaits just await the value.
func hooks(rt *goja.Runtime) [2]goja.Value {
	return [2]goja.Value{
		rt.ToValue(func(goja.FunctionCall) goja.Value { return rt.ToValue(0) }),
		rt.ToValue(func(c goja.FunctionCall) goja.Value { return c.Argument(1) }),
	}
}

func newLoader(cfg modules.Config) (*goja.Runtime, *modules.Loader) {
	rt := goja.New()
	cfg.Hooks = hooks(rt)
	return rt, modules.New(rt, cfg)
}

// tree writes files (slash-separated paths relative to a fresh directory;
// a value starting with "->" makes a symlink) and returns the directory's
// real path, which is how the loader names files.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok {
			err = os.Symlink(filepath.FromSlash(target), p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// eval runs src with a global require for dir.
func eval(rt *goja.Runtime, l *modules.Loader, dir, src string) (goja.Value, error) {
	rt.Set("require", l.RequireFunc(dir))
	return rt.RunString(src)
}

func mustEval(t *testing.T, rt *goja.Runtime, l *modules.Loader, dir, src string) goja.Value {
	t.Helper()
	v, err := eval(rt, l, dir, src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// thrown returns the JS value err carries.
func thrown(t *testing.T, err error) *goja.Object {
	t.Helper()
	var ex *goja.Exception
	if !errors.As(err, &ex) {
		t.Fatalf("want a JS exception, got %T %v", err, err)
	}
	obj, ok := ex.Value().(*goja.Object)
	if !ok {
		t.Fatalf("thrown %v is not an object", ex.Value())
	}
	return obj
}

func prop(o *goja.Object, name string) string {
	v := o.Get(name)
	if v == nil {
		return "<absent>"
	}
	return v.String()
}

// runMain runs filename as the main program, the way a host does.
func runMain(t *testing.T, rt *goja.Runtime, l *modules.Loader, filename string) (*goja.Object, error) {
	t.Helper()
	src, err := os.ReadFile(filename)
	if err != nil {
		t.Fatal(err)
	}
	m := l.NewModule(filename)
	p, err := compile.Compile(compile.Module, filename, string(src))
	if err != nil {
		t.Fatal(err)
	}
	w, err := rt.RunProgram(p.Program)
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(w)
	h := hooks(rt)
	exports := m.Get("exports")
	_, err = fn(exports, exports, m.Get("require"), m, rt.ToValue(prop(m, "filename")), rt.ToValue(prop(m, "path")), h[0], h[1])
	return m, err
}

func TestResolve(t *testing.T) {
	root := tree(t, map[string]string{
		"a":                              "",
		"a.js":                           "",
		"b.json":                         "{}",
		"c.cjs":                          "",
		"only.js":                        "",
		"dir/index.js":                   "",
		"dir.js":                         "",
		"jdir/index.json":                "{}",
		"pkg/package.json":               `{"main": "lib/main"}`,
		"pkg/lib/main.js":                "",
		"pkg2/package.json":              `{"main": "./lib"}`,
		"pkg2/lib/index.js":              "",
		"pkg3/package.json":              `{"main": "missing.js"}`,
		"pkg3/index.js":                  "",
		"pkg4/package.json":              `{"main": "missing.js"}`,
		"pkg5/package.json":              `{"name": "no-main"}`,
		"pkg5/index.json":                "{}",
		"sub/deep/x.js":                  "",
		"node_modules/x/index.js":        "",
		"node_modules/y/package.json":    `{"main": "y.js"}`,
		"node_modules/y/y.js":            "",
		"node_modules/y/lib/f.js":        "",
		"sub/node_modules/x/index.js":    "",
		"node_modules/@s/p/package.json": `{"main": "main.js"}`,
		"node_modules/@s/p/main.js":      "",
		"node_modules/@s/p/sub/file.js":  "",

		"node_modules/e1/package.json": `{"main": "main.js", "exports": "./dist/e1.js"}`,
		"node_modules/e1/main.js":      "",
		"node_modules/e1/dist/e1.js":   "",
		"node_modules/e1/lib.js":       "",

		"node_modules/e2/package.json": `{"exports": {
			".": {"import": "./esm.mjs", "require": "./cjs.js"},
			"./sub": {"default": "./sub/index.js"},
			"./ordered": {"browser": "./browser.js", "node": "./node.js", "default": "./default.js"},
			"./nested": {"node": {"import": "./esm.mjs"}, "default": "./default.js"},
			"./feat/*": "./src/feat/*.js",
			"./feat/internal/*": null,
			"./fallback": ["bad", "./default.js"],
			"./missing": "./nope.js",
			"./escape": "./../outside.js",
			"./esm-only": {"import": "./esm.mjs"}
		}}`,
		"node_modules/e2/esm.mjs":                "",
		"node_modules/e2/cjs.js":                 "",
		"node_modules/e2/sub/index.js":           "",
		"node_modules/e2/browser.js":             "",
		"node_modules/e2/node.js":                "",
		"node_modules/e2/default.js":             "",
		"node_modules/e2/src/feat/a.js":          "",
		"node_modules/e2/src/feat/internal/b.js": "",
		"node_modules/e3/package.json":           `{"exports": {"import": "./esm.mjs"}}`,
		"node_modules/e4/package.json":           `{"exports": {".": "./a.js", "import": "./b.js"}}`,
		"node_modules/bad/package.json":          `{"main": `,
		"node_modules/nullexp/package.json":      `{"exports": null, "main": "m.js"}`,
		"node_modules/nullexp/m.js":              "",
	})
	sub := filepath.Join(root, "sub", "deep")
	tests := []struct {
		name, dir, spec string
		want            string // file relative to root, or an error substring after "!"
	}{
		{"exact file first", root, "./a", "a"},
		{"exact with extension", root, "./a.js", "a.js"},
		{"adds .js", root, "./only", "only.js"},
		{"adds .json", root, "./b", "b.json"},
		{"adds .cjs", root, "./c", "c.cjs"},
		{"file before directory", root, "./dir", "dir.js"},
		{"trailing slash means directory", root, "./dir/", "dir/index.js"},
		{"index.json", root, "./jdir", "jdir/index.json"},
		{"main without extension", root, "./pkg", "pkg/lib/main.js"},
		{"main names a directory", root, "./pkg2", "pkg2/lib/index.js"},
		{"broken main falls back to index", root, "./pkg3", "pkg3/index.js"},
		{"broken main without index", root, "./pkg4", `!valid "main" entry`},
		{"package.json without main", root, "./pkg5", "pkg5/index.json"},
		{"parent directory", sub, "../../a.js", "a.js"},
		{"dot", filepath.Join(root, "dir"), ".", "dir/index.js"},
		{"absolute", sub, filepath.Join(root, "only"), "only.js"},
		{"walks up to node_modules", sub, "y", "node_modules/y/y.js"},
		{"nearest node_modules wins", sub, "x", "sub/node_modules/x/index.js"},
		{"package subpath", sub, "y/lib/f", "node_modules/y/lib/f.js"},
		{"scoped package", root, "@s/p", "node_modules/@s/p/main.js"},
		{"scoped subpath", root, "@s/p/sub/file", "node_modules/@s/p/sub/file.js"},
		{"exports string beats main", root, "e1", "node_modules/e1/dist/e1.js"},
		{"exports string hides files", root, "e1/lib.js", "!Package subpath './lib.js' is not defined"},
		{"require condition", root, "e2", "node_modules/e2/cjs.js"},
		{"default condition", root, "e2/sub", "node_modules/e2/sub/index.js"},
		{"first matching condition in order", root, "e2/ordered", "node_modules/e2/node.js"},
		{"nested conditions fall through", root, "e2/nested", "node_modules/e2/default.js"},
		{"pattern", root, "e2/feat/a", "node_modules/e2/src/feat/a.js"},
		{"null pattern excludes", root, "e2/feat/internal/b", "!is not defined by \"exports\""},
		{"fallback array", root, "e2/fallback", "node_modules/e2/default.js"},
		{"export target missing", root, "e2/missing", "!Cannot find module '" + filepath.Join(root, "node_modules/e2/nope.js") + "'"},
		{"target leaving the package", root, "e2/escape", "!Invalid \"exports\" target"},
		{"import only", root, "e2/esm-only", "!is not defined by \"exports\""},
		{"no require main", root, "e3", `!No "exports" main defined`},
		{"mixed exports keys", root, "e4", "!cannot contain some keys starting with '.'"},
		{"invalid package.json", root, "bad", "!Invalid package config"},
		{"null exports means none", root, "nullexp", "node_modules/nullexp/m.js"},
		{"not found", root, "./none", "!Cannot find module './none'"},
		{"bare not found", root, "none", "!Cannot find module 'none'"},
		{"unknown builtin", root, "node:none", "!No such built-in module: node:none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, l := newLoader(modules.Config{})
			rt.Set("spec", tt.spec)
			v, err := eval(rt, l, tt.dir, "require.resolve(spec)")
			if msg, ok := strings.CutPrefix(tt.want, "!"); ok {
				if err == nil {
					t.Fatalf("resolved to %v, want error %q", v, msg)
				}
				if !strings.Contains(err.Error(), msg) {
					t.Fatalf("error %q, want it to contain %q", err, msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(root, filepath.FromSlash(tt.want)); v.String() != want {
				t.Fatalf("resolved to %s, want %s", v, want)
			}
		})
	}
}

func TestResolvePaths(t *testing.T) {
	rt, l := newLoader(modules.Config{Natives: map[string]modules.Native{"util": func(*goja.Runtime, *goja.Object) error { return nil }}})
	v := mustEval(t, rt, l, "/a/node_modules/b", `JSON.stringify([require.resolve.paths("x"), require.resolve.paths("./x"), require.resolve.paths("util")])`)
	want := `[["/a/node_modules/b/node_modules","/a/node_modules","/node_modules"],["/a/node_modules/b"],null]`
	if v.String() != want {
		t.Fatalf("got %s, want %s", v, want)
	}
}

func TestModuleObject(t *testing.T) {
	root := tree(t, map[string]string{
		"main.js": `
			const child = require("./lib/child");
			exports.checks = child.checks;
			exports.loadedAfter = require.cache[require.resolve("./lib/child")].loaded;
			exports.children = module.children.map(m => m.id);
			exports.childParentIsMain = require.cache[require.resolve("./lib/child")].parent === module;
			exports.again = require("./lib/child") === child && module.children.length === 1;
		`,
		"lib/child.js": `
			exports.checks = {
				filename: __filename,
				dirname: __dirname,
				thisIsExports: this === module.exports && this === exports,
				id: module.id,
				loaded: module.loaded,
				path: module.path,
				firstPath: module.paths[0],
				mainId: require.main.id,
				requireName: require.name,
				inCache: require.cache[__filename] === module,
				requireIsModuleRequire: typeof module.require === "function",
			};
		`,
	})
	rt, l := newLoader(modules.Config{})
	m, err := runMain(t, rt, l, filepath.Join(root, "main.js"))
	if err != nil {
		t.Fatal(err)
	}
	rt.Set("m", m)
	got := mustEval(t, rt, l, root, "JSON.stringify(m.exports)").String()
	child := filepath.Join(root, "lib", "child.js")
	want := fmt.Sprintf(`{"checks":{"filename":%[1]q,"dirname":%[2]q,"thisIsExports":true,"id":%[1]q,"loaded":false,"path":%[2]q,"firstPath":%[3]q,"mainId":".","requireName":"require","inCache":true,"requireIsModuleRequire":true},"loadedAfter":true,"children":[%[1]q],"childParentIsMain":true,"again":true}`,
		child, filepath.Dir(child), filepath.Join(root, "lib", "node_modules"))
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestMainModule(t *testing.T) {
	root := tree(t, map[string]string{
		"main.js": `exports.early = 1; exports.child = require("./child"); exports.late = 2;`,
		"child.js": `
			globalThis.runs = (globalThis.runs || 0) + 1;
			const main = require("./main");
			module.exports = {sawEarly: main.early, sawLate: main.late, isMain: require.main === require.cache[require.resolve("./main")]};
		`,
	})
	rt, l := newLoader(modules.Config{})
	m, err := runMain(t, rt, l, filepath.Join(root, "main.js"))
	if err != nil {
		t.Fatal(err)
	}
	rt.Set("m", m)
	got := mustEval(t, rt, l, root, `JSON.stringify([m.id, m.parent, m.exports.child, require.main === m, runs])`).String()
	if want := `[".",null,{"sawEarly":1,"isMain":true},true,1]`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestJSON(t *testing.T) {
	root := tree(t, map[string]string{
		"data.json": "\uFEFF{\"a\": [1, 2], \"b\": {\"c\": \"d\"}}",
		"bad.json":  `{"a": 1,}`,
	})
	rt, l := newLoader(modules.Config{})
	got := mustEval(t, rt, l, root, `JSON.stringify(require("./data")) + (require("./data.json") === require("./data"))`).String()
	if want := `{"a":[1,2],"b":{"c":"d"}}true`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	_, err := eval(rt, l, root, `require("./bad.json")`)
	if err == nil {
		t.Fatal("bad JSON loaded")
	}
	e := thrown(t, err)
	if name, msg := prop(e, "name"), prop(e, "message"); name != "SyntaxError" || !strings.HasPrefix(msg, filepath.Join(root, "bad.json")+": ") {
		t.Fatalf("got %s: %s, want a SyntaxError naming the file", name, msg)
	}
}

// TestCycle is the example of https://nodejs.org/api/modules.html#cycles.
func TestCycle(t *testing.T) {
	root := tree(t, map[string]string{
		"a.js": `
			log.push("a starting");
			exports.done = false;
			const b = require("./b.js");
			log.push("in a, b.done = " + b.done);
			exports.done = true;
			log.push("a done");`,
		"b.js": `
			log.push("b starting");
			exports.done = false;
			const a = require("./a.js");
			log.push("in b, a.done = " + a.done);
			exports.done = true;
			log.push("b done");`,
		"main.js": `
			log.push("main starting");
			const a = require("./a.js");
			const b = require("./b.js");
			log.push("in main, a.done = " + a.done + ", b.done = " + b.done);`,
	})
	rt, l := newLoader(modules.Config{})
	got := mustEval(t, rt, l, root, `var log = []; require("./main"); log.join("\n")`).String()
	want := strings.Join([]string{
		"main starting", "a starting", "b starting", "in b, a.done = false", "b done",
		"in a, b.done = true", "a done", "in main, a.done = true, b.done = true",
	}, "\n")
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCache(t *testing.T) {
	root := tree(t, map[string]string{
		"counter.js":  `globalThis.runs = (globalThis.runs || 0) + 1; exports.run = runs;`,
		"real/mod.js": `globalThis.linked = (globalThis.linked || 0) + 1;`,
		"link.js":     "->real/mod.js",
		"linkdir":     "->real",
	})
	rt, l := newLoader(modules.Config{})
	rt.Set("root", root)
	got := mustEval(t, rt, l, root, `
		const first = require("./counter");
		const same = require("./counter.js") === first && require(root + "/counter") === first;
		const key = require.resolve("./counter");
		const cached = require.cache[key].exports === first;
		delete require.cache[key];
		const second = require("./counter");
		require("./link"); require("./linkdir/mod"); require("./real/mod.js");
		JSON.stringify([same, cached, first.run, second.run, second !== first, runs, linked,
			require.resolve("./link") === require.resolve("./real/mod"), Object.keys(require.cache).length])
	`)
	if want := `[true,true,1,2,true,2,1,true,2]`; got.String() != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestNotFound(t *testing.T) {
	root := tree(t, map[string]string{
		"main.js":  `require("./lib/a");`,
		"lib/a.js": `require("./missing");`,
	})
	rt, l := newLoader(modules.Config{})
	_, err := runMain(t, rt, l, filepath.Join(root, "main.js"))
	e := thrown(t, err)
	a, main := filepath.Join(root, "lib", "a.js"), filepath.Join(root, "main.js")
	if want := "Cannot find module './missing'\nRequire stack:\n- " + a + "\n- " + main; prop(e, "message") != want {
		t.Fatalf("message %q, want %q", prop(e, "message"), want)
	}
	if prop(e, "code") != "MODULE_NOT_FOUND" || prop(e, "requireStack") != a+","+main {
		t.Fatalf("code %s, requireStack %s", prop(e, "code"), prop(e, "requireStack"))
	}
	// The failed module is not left half-loaded in the cache.
	rt.Set("a", a)
	if v := mustEval(t, rt, l, root, "a in require.cache"); v.ToBoolean() {
		t.Fatal("failed module stayed in require.cache")
	}

	// Code outside any module has no require stack, as with node -e.
	_, l2 := newLoader(modules.Config{})
	_, err = l2.Require(root, "nope")
	if e := thrown(t, err); prop(e, "message") != "Cannot find module 'nope'" || prop(e, "requireStack") != "" {
		t.Fatalf("got %q, stack %q", prop(e, "message"), prop(e, "requireStack"))
	}
}

func TestSyntaxError(t *testing.T) {
	root := tree(t, map[string]string{
		"bad.js":        "const a = 1;\nconst b = ;\n",
		"esm.js":        "import fs from 'fs';\nexport const x = 1;\n",
		"ok-dynamic.js": "const a = 1;\nconst b = ;\n// import('x') is fine\n",
	})
	tests := []struct {
		file     string
		location string
		esm      bool
	}{
		{"bad.js", "bad.js:2:11", false},
		{"esm.js", "esm.js:1:1", true},
		{"ok-dynamic.js", "ok-dynamic.js:2:11", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rt, l := newLoader(modules.Config{})
			_, err := eval(rt, l, root, fmt.Sprintf("require(%q)", "./"+tt.file))
			e := thrown(t, err)
			msg := prop(e, "message")
			if prop(e, "name") != "SyntaxError" {
				t.Errorf("name %s, want SyntaxError", prop(e, "name"))
			}
			if !strings.HasPrefix(msg, filepath.Join(root, tt.location)+"\n") {
				t.Errorf("message %q does not start with %s", msg, tt.location)
			}
			if !strings.Contains(msg, "\nSyntaxError: ") {
				t.Errorf("message %q lacks the compiler's text", msg)
			}
			if got := strings.Contains(msg, "ES modules") && strings.Contains(msg, "require()"); got != tt.esm {
				t.Errorf("ES module hint is %v in %q", got, msg)
			}
		})
	}
}

func TestNatives(t *testing.T) {
	root := tree(t, map[string]string{"node_modules/util/index.js": `module.exports = "from node_modules";`})
	runs := map[string]int{}
	fail := true
	natives := map[string]modules.Native{
		"util": func(rt *goja.Runtime, m *goja.Object) error {
			runs["util"]++
			m.Get("exports").ToObject(rt).Set("name", "util")
			return nil
		},
		"fs/promises": func(rt *goja.Runtime, m *goja.Object) error {
			m.Set("exports", "replaced")
			return nil
		},
		"node:test": func(rt *goja.Runtime, m *goja.Object) error {
			m.Set("exports", "test")
			return nil
		},
		"flaky": func(rt *goja.Runtime, m *goja.Object) error {
			runs["flaky"]++
			if fail {
				fail = false
				return errors.New("flaky failed")
			}
			return nil
		},
	}
	rt, l := newLoader(modules.Config{Natives: natives})
	got := mustEval(t, rt, l, root, `JSON.stringify([
		require("util").name, require("util") === require("node:util"),
		require("fs/promises"), require("node:fs/promises"), require("node:test"),
		require.resolve("util"), require.resolve("node:util"),
	])`).String()
	if want := `["util",true,"replaced","replaced","test","util","node:util"]`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if runs["util"] != 1 {
		t.Errorf("util ran %d times", runs["util"])
	}

	errs := []struct{ spec, msg, code string }{
		{"test", "Cannot find module 'test'", "MODULE_NOT_FOUND"},
		{"node:nope", "No such built-in module: node:nope", "ERR_UNKNOWN_BUILTIN_MODULE"},
		{"flaky", "flaky failed", "<absent>"},
	}
	for _, tt := range errs {
		_, err := l.Require(root, tt.spec)
		e := thrown(t, err)
		if prop(e, "message") != tt.msg || prop(e, "code") != tt.code {
			t.Errorf("require(%q): %s (%s), want %s (%s)", tt.spec, prop(e, "message"), prop(e, "code"), tt.msg, tt.code)
		}
	}
	if _, err := l.Require(root, "flaky"); err != nil || runs["flaky"] != 2 {
		t.Errorf("flaky after failure: %v, ran %d times", err, runs["flaky"])
	}
}

func TestThrowDuringLoad(t *testing.T) {
	root := tree(t, map[string]string{
		"thrower.js": `
			globalThis.runs = (globalThis.runs || 0) + 1;
			exports.partial = true;
			if (runs === 1) throw new RangeError("first load fails");
			exports.run = runs;`,
		"main.js": `
			try { require("./thrower"); } catch (e) { exports.caught = e.name + ": " + e.message; }
			exports.cachedAfterFailure = require.resolve("./thrower") in require.cache;
			exports.childrenAfterFailure = module.children.length;
			exports.second = require("./thrower").run;
			exports.childrenAfterSuccess = module.children.length;`,
	})
	rt, l := newLoader(modules.Config{})
	m, err := runMain(t, rt, l, filepath.Join(root, "main.js"))
	if err != nil {
		t.Fatal(err)
	}
	rt.Set("m", m)
	got := mustEval(t, rt, l, root, "JSON.stringify(m.exports)").String()
	if want := `{"caught":"RangeError: first load fails","cachedAfterFailure":false,"childrenAfterFailure":0,"second":2,"childrenAfterSuccess":1}`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestInvalidArgument(t *testing.T) {
	rt, l := newLoader(modules.Config{})
	for src, code := range map[string]string{"require(1)": "ERR_INVALID_ARG_TYPE", "require('')": "ERR_INVALID_ARG_VALUE", "require.resolve()": "ERR_INVALID_ARG_TYPE"} {
		_, err := eval(rt, l, "/", src)
		if e := thrown(t, err); prop(e, "name") != "TypeError" || prop(e, "code") != code {
			t.Errorf("%s: %s %s, want TypeError %s", src, prop(e, "name"), prop(e, "code"), code)
		}
	}
}

func TestConfig(t *testing.T) {
	root := tree(t, map[string]string{
		"a.js":      `exports.b = require("./b");`,
		"b.js":      `module.exports = "b";`,
		"secret.js": `module.exports = "secret";`,
	})
	var reads []string
	calls := 0
	cfg := modules.Config{
		Cache: new(compile.Cache),
		ReadFile: func(path string) ([]byte, error) {
			if filepath.Base(path) == "secret.js" {
				return nil, fmt.Errorf("read %s: permission denied", path)
			}
			reads = append(reads, filepath.Base(path))
			return os.ReadFile(path)
		},
		Call: func(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
			calls++
			return fn(this, args...)
		},
	}
	rt, l := newLoader(cfg)
	v, err := l.Require(root, "./a")
	if err != nil {
		t.Fatal(err)
	}
	if got := v.ToObject(rt).Get("b").String(); got != "b" || calls != 2 || strings.Join(reads, ",") != "a.js,b.js" {
		t.Fatalf("got %s with %d calls and reads %v", got, calls, reads)
	}
	_, err = l.Require(root, "./secret")
	if e := thrown(t, err); !strings.Contains(prop(e, "message"), "permission denied") {
		t.Fatalf("got %s", prop(e, "message"))
	}

	// A compile.Cache may serve runtimes on other goroutines.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rt, l := newLoader(modules.Config{Cache: cfg.Cache})
			if v, err := l.Require(root, "./a"); err != nil || v.ToObject(rt).Get("b").String() != "b" {
				t.Errorf("got %v, %v", v, err)
			}
		}()
	}
	wg.Wait()
}

func TestHooks(t *testing.T) {
	root := tree(t, map[string]string{
		"async.js": `exports.f = async function () { return await Promise.resolve(41) + 1; };`,
	})
	rt := goja.New()
	marks := 0
	h := hooks(rt)
	h[0] = rt.ToValue(func(goja.FunctionCall) goja.Value { marks++; return rt.ToValue(0) })
	l := modules.New(rt, modules.Config{Hooks: h})
	mustEval(t, rt, l, root, `var out; require("./async").f().then(v => { out = v; });`)
	if out := rt.Get("out"); out.ToInteger() != 42 || marks != 1 {
		t.Fatalf("out = %v, marks = %d", out, marks)
	}
}

func TestInterrupt(t *testing.T) {
	root := tree(t, map[string]string{"loop.js": `for (;;) {}`})
	rt, l := newLoader(modules.Config{})
	timer := time.AfterFunc(50*time.Millisecond, func() { rt.Interrupt("stop") })
	defer timer.Stop()
	_, err := eval(rt, l, root, `try { require("./loop"); } catch (e) { "caught" }`)
	var ie *goja.InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("got %T %v, want an interrupt", err, err)
	}
	rt.ClearInterrupt()
	if v := mustEval(t, rt, l, root, `require.resolve("./loop") in require.cache`); v.ToBoolean() {
		t.Fatal("interrupted module stayed in require.cache")
	}
}

func TestSetMain(t *testing.T) {
	root := tree(t, map[string]string{"addon.node": "\x7fELF"})
	rt, l := newLoader(modules.Config{})
	rt.Set("require", l.RequireFunc(root))
	if v := mustEval(t, rt, l, root, "require.main"); !goja.IsUndefined(v) {
		t.Fatalf("require.main = %v before any main", v)
	}
	main := rt.NewObject()
	main.Set("filename", filepath.Join(root, "app.js"))
	l.SetMain(main)
	early := l.RequireFunc(filepath.Join(root, "elsewhere"))
	rt.Set("early", early)
	// A require made before SetMain sees the new main; one for the main's
	// directory requires on its behalf.
	got := mustEval(t, rt, l, root, `
		let msg;
		try { require("./missing"); } catch (e) { msg = e.message; }
		JSON.stringify([early.main.filename, msg])`).String()
	want := fmt.Sprintf(`[%q,%q]`, filepath.Join(root, "app.js"), "Cannot find module './missing'\nRequire stack:\n- "+filepath.Join(root, "app.js"))
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	l.SetMain(nil)
	if v := mustEval(t, rt, l, root, "early.main"); !goja.IsUndefined(v) {
		t.Fatalf("require.main = %v after SetMain(nil)", v)
	}

	_, err := l.Require(root, "./addon.node")
	if e := thrown(t, err); prop(e, "code") != "ERR_DLOPEN_FAILED" {
		t.Fatalf("native addon: %s (%s)", prop(e, "message"), prop(e, "code"))
	}
}
