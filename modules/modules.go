// Package modules implements CommonJS modules, Node's require, for a goja
// runtime.
//
// Resolution follows Node's algorithm (https://nodejs.org/api/modules.html#all-together):
// built-in modules first, with or without the "node:" prefix; then paths
// ("./", "../", "/") as a file, the file plus ".js", ".json" or ".cjs", or a
// directory (package.json "main", then index); then bare names through every
// node_modules folder from the requiring directory up to the root, honouring
// a package's "exports" field. Modules are cached by their real path, so a
// file reached through symlinks still runs once, and circular requires see
// partially filled exports, as in Node.
//
// Every source runs through [compile.Compile], so its awaits pass through the
// host's hooks like the main program's. ES module syntax is not supported.
package modules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/inspect"

	"github.com/shieldjs/shieldjs/compile"
)

// A Native module is implemented in Go: it fills module.exports, where module
// is the JS `module` object (it may also replace module.exports). It runs the
// first time the module is required; a returned error is thrown to the
// requiring code and the next require runs it again.
type Native func(rt *goja.Runtime, module *goja.Object) error

// Config is what a Loader needs from its host.
type Config struct {
	// Cache, if not nil, lets hosts share compiled programs.
	Cache *compile.Cache
	// Hooks are the mark and await hook values passed to every module
	// wrapper after its five CommonJS arguments (see package compile).
	Hooks [2]goja.Value
	// Natives are the built-in modules by name ("fs/promises", "util",
	// "shieldjs", ...). A plain name is also reachable as "node:"+name; a
	// name registered only with the "node:" prefix is reachable only so,
	// like Node's "node:test".
	Natives map[string]Native
	// ReadFile reads module sources and package.json files; nil means
	// os.ReadFile. Hosts use it for permission checks, so its errors are
	// thrown to the requiring code as they are.
	ReadFile func(path string) ([]byte, error)
	// Call is how module wrappers are called from Go, so that the host can
	// account for the JS it runs; nil means calling fn directly.
	Call func(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error)
}

// A Loader loads CommonJS modules into one runtime. Like the runtime, it must
// be used from one goroutine at a time.
type Loader struct {
	rt  *goja.Runtime
	cfg Config

	// natives holds cfg.Natives under names without the "node:" prefix;
	// nodeOnly marks those that were registered only with it.
	natives  map[string]Native
	nodeOnly map[string]bool
	loaded   map[string]*goja.Object // native module objects by name

	cache *goja.Object // require.cache: module objects by filename
	main  *record

	// Captured once, as Node captures its primordials, so that user code
	// replacing the globals cannot change how the loader reports errors or
	// parses JSON.
	errorCtor, syntaxErrorCtor *goja.Object
	jsonParse                  goja.Callable
}

// A record is the Go side of a JS module object.
type record struct {
	obj      *goja.Object
	filename string // absolute with symlinks resolved; how require stacks name it
	dir      string
	parent   *record      // the first module that required it
	require  *goja.Object // the require passed to its wrapper
}

// New returns a Loader for rt. It captures rt's Error, SyntaxError and
// JSON.parse, so it should be called before any user code runs.
func New(rt *goja.Runtime, cfg Config) *Loader {
	l := &Loader{
		rt:       rt,
		cfg:      cfg,
		natives:  make(map[string]Native),
		nodeOnly: make(map[string]bool),
		loaded:   make(map[string]*goja.Object),
		cache:    rt.NewObject(),
	}
	for name, fn := range cfg.Natives {
		base, prefixed := strings.CutPrefix(name, "node:")
		if !prefixed {
			l.natives[name] = fn
			continue
		}
		// The plain registration, if any, wins over the prefixed one.
		if _, plain := cfg.Natives[base]; !plain {
			l.natives[base] = fn
			l.nodeOnly[base] = true
		}
	}
	// Keys are filenames: an inherited "constructor" or "__proto__" must
	// not look like a cached module.
	_ = l.cache.SetPrototype(nil)
	l.errorCtor = rt.Get("Error").ToObject(rt)
	l.syntaxErrorCtor = rt.Get("SyntaxError").ToObject(rt)
	l.jsonParse, _ = goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
	return l
}

// RequireFunc returns a `require` function for code in directory dir, with
// require.resolve(spec) (and require.resolve.paths(spec)), require.cache
// (module objects keyed by resolved filename; deleting an entry makes the
// next require of that file load it again) and require.main (the module set
// by NewModule or SetMain). If dir is the main module's directory, the
// function requires on behalf of the main module, so that its children and
// "Require stack" lists name the main file; hosts should therefore call
// NewModule before RequireFunc for the main program.
func (l *Loader) RequireFunc(dir string) *goja.Object {
	dir = absPath(dir)
	return l.requireFunc(l.parentFor(dir), dir)
}

// Require loads spec as if required from directory dir and returns its
// exports. A JS exception is returned as a *goja.Exception; an interrupt of
// the runtime as the runtime reports it.
func (l *Loader) Require(dir, spec string) (goja.Value, error) {
	dir = absPath(dir)
	from := l.parentFor(dir)
	fn, _ := goja.AssertFunction(l.function("require", func(goja.FunctionCall) goja.Value {
		return l.load(from, dir, spec)
	}))
	// Calling through a native function lets goja turn our panics into a
	// returned error and restore its own state.
	return fn(goja.Undefined())
}

// NewModule creates the `module` object for a main program at filename and
// registers it as require.main and in require.cache, so that a module
// requiring the main file gets its exports instead of running it again.
// filename is made absolute and, if it exists, symlink-free, as Node does;
// the host should pass module.filename as __filename. module.require is a
// complete require function for the main program. The host sets
// module.loaded when the program has run.
func (l *Loader) NewModule(filename string) *goja.Object {
	filename = realPath(absPath(filename))
	m := l.newModule(filename, ".", nil)
	m.obj.Set("parent", goja.Null())
	l.main = m
	l.cache.Set(filename, m.obj)
	return m.obj
}

// SetMain makes module, a module object, require.main for every require
// function of the loader, including those created earlier; nil clears it.
// NewModule does this itself, so hosts need SetMain only for a main module
// made otherwise.
func (l *Loader) SetMain(module *goja.Object) {
	switch {
	case module == nil:
		l.main = nil
	case l.main != nil && l.main.obj == module:
	default:
		name := stringProp(module, "filename")
		if name == "" {
			name = stringProp(module, "id")
		}
		l.main = &record{obj: module, filename: name, dir: filepath.Dir(name)}
	}
}

// parentFor returns the module on whose behalf code in dir requires: the main
// module if dir is its directory, otherwise none.
func (l *Loader) parentFor(dir string) *record {
	if l.main != nil && (dir == l.main.dir || realPath(dir) == l.main.dir) {
		return l.main
	}
	return nil
}

func (l *Loader) newModule(filename, id string, parent *record) *record {
	rt := l.rt
	m := &record{obj: rt.NewObject(), filename: filename, dir: filepath.Dir(filename), parent: parent}
	m.require = l.requireFunc(m, m.dir)
	o := m.obj
	o.Set("id", id)
	o.Set("path", m.dir)
	o.Set("exports", rt.NewObject())
	o.Set("filename", filename)
	o.Set("loaded", false)
	o.Set("children", rt.NewArray())
	o.Set("paths", l.stringArray(nodeModulePaths(m.dir)))
	if parent != nil {
		o.Set("parent", parent.obj)
	} else {
		o.Set("parent", goja.Undefined())
	}
	o.Set("require", m.require)
	return m
}

func (l *Loader) requireFunc(from *record, dir string) *goja.Object {
	rt := l.rt
	req := l.function("require", func(c goja.FunctionCall) goja.Value {
		return l.load(from, dir, l.specArg(c.Argument(0)))
	})
	resolve := l.function("resolve", func(c goja.FunctionCall) goja.Value {
		spec := l.specArg(c.Argument(0))
		if _, ok := l.native(spec); ok {
			return rt.ToValue(spec)
		}
		filename, err := l.resolveFile(from, dir, spec)
		if err != nil {
			l.throw(err)
		}
		return rt.ToValue(filename)
	})
	resolve.Set("paths", l.function("paths", func(c goja.FunctionCall) goja.Value {
		spec := l.specArg(c.Argument(0))
		if _, ok := l.native(spec); ok {
			return goja.Null()
		}
		if isPath(spec) {
			return l.stringArray([]string{dir})
		}
		return l.stringArray(nodeModulePaths(dir))
	}))
	req.Set("resolve", resolve)
	req.Set("cache", l.cache)
	getMain := l.function("get main", func(goja.FunctionCall) goja.Value {
		if l.main == nil {
			return goja.Undefined()
		}
		return l.main.obj
	})
	// A getter, so that a require made before the host sets the main module
	// still sees it.
	_ = req.DefineAccessorProperty("main", getMain, nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	return req
}

// function makes a native function named as JS code and stack traces should
// see it, rather than by its Go name.
func (l *Loader) function(name string, fn func(goja.FunctionCall) goja.Value) *goja.Object {
	f := l.rt.ToValue(fn).(*goja.Object)
	_ = f.DefineDataProperty("name", l.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return f
}

// specArg checks require's argument as Node does.
func (l *Loader) specArg(v goja.Value) string {
	if !goja.IsString(v) {
		e := l.rt.NewTypeError(fmt.Sprintf("The \"id\" argument must be of type string. Received %s", inspect.Describe(v)))
		e.Set("code", "ERR_INVALID_ARG_TYPE")
		panic(e)
	}
	s := v.String()
	if s == "" {
		e := l.rt.NewTypeError("The argument 'id' must be a non-empty string. Received ''")
		e.Set("code", "ERR_INVALID_ARG_VALUE")
		panic(e)
	}
	return s
}

// native reports the built-in module name spec refers to.
func (l *Loader) native(spec string) (string, bool) {
	if base, ok := strings.CutPrefix(spec, "node:"); ok {
		_, found := l.natives[base]
		return base, found
	}
	_, found := l.natives[spec]
	return spec, found && !l.nodeOnly[spec]
}

// load is require: it panics with what it throws.
func (l *Loader) load(from *record, dir, spec string) goja.Value {
	if name, ok := l.native(spec); ok {
		return l.loadNative(name)
	}
	filename, err := l.resolveFile(from, dir, spec)
	if err != nil {
		l.throw(err)
	}
	if v := l.cache.Get(filename); v != nil && !goja.IsUndefined(v) {
		obj, ok := v.(*goja.Object)
		if !ok {
			return goja.Undefined()
		}
		l.addChild(from, obj, true)
		return orUndefined(obj.Get("exports"))
	}

	m := l.newModule(filename, filename, from)
	// Cached before it runs, so that a circular require gets the exports
	// filled so far instead of running the module again.
	l.cache.Set(filename, m.obj)
	l.addChild(from, m.obj, false)
	done := false
	defer func() {
		if done {
			return
		}
		// A module that failed must load afresh next time, as in Node;
		// unless a newer copy has already taken its place.
		if v := l.cache.Get(filename); v != nil && v.SameAs(m.obj) {
			l.cache.Delete(filename)
		}
		l.removeChild(from, m.obj)
	}()
	l.evaluate(m)
	done = true
	m.obj.Set("loaded", true)
	return orUndefined(m.obj.Get("exports"))
}

func (l *Loader) loadNative(name string) goja.Value {
	if m, ok := l.loaded[name]; ok {
		return orUndefined(m.Get("exports"))
	}
	m := l.rt.NewObject()
	m.Set("id", name)
	m.Set("exports", l.rt.NewObject())
	m.Set("loaded", false)
	// Registered first so that natives requiring each other see partial
	// exports rather than recursing.
	l.loaded[name] = m
	done := false
	defer func() {
		if !done {
			delete(l.loaded, name)
		}
	}()
	if err := l.natives[name](l.rt, m); err != nil {
		l.throw(err)
	}
	done = true
	m.Set("loaded", true)
	return orUndefined(m.Get("exports"))
}

// esmSyntax matches a line that starts with an import or export statement
// (not import() or import.meta, which are expressions).
var esmSyntax = regexp.MustCompile(`(?m)^[ \t]*(?:import[ \t]*(?:["'{*]|[\p{L}_$][\p{L}\p{N}_$]*[ \t]*(?:,|from\b))|export[ \t]*(?:[{*]|(?:default|const|let|var|function|class|async)\b))`)

const esmHint = "ES modules (import/export statements) are not supported: use require() and module.exports instead"

func (l *Loader) evaluate(m *record) {
	if filepath.Ext(m.filename) == ".node" {
		l.throw(&codedError{code: "ERR_DLOPEN_FAILED", msg: "Cannot load " + m.filename + ": native addons are not supported"})
	}
	src, err := l.readFile(m.filename)
	if err != nil {
		l.throw(err)
	}
	text := strings.TrimPrefix(string(src), "\uFEFF")
	if filepath.Ext(m.filename) == ".json" {
		l.evaluateJSON(m, text)
		return
	}

	p, err := l.compile(m.filename, text)
	if err != nil {
		var se *compile.SyntaxError
		if !errors.As(err, &se) {
			l.throw(err)
		}
		msg := se.Error()
		if esmSyntax.MatchString(text) {
			msg += "\n" + esmHint
		}
		panic(l.newError(l.syntaxErrorCtor, msg))
	}
	wrapper, err := l.rt.RunProgram(p.Program)
	if err != nil {
		l.throw(err)
	}
	fn, ok := goja.AssertFunction(wrapper)
	if !ok {
		panic(l.rt.NewTypeError("module wrapper of " + m.filename + " is not a function"))
	}
	exports := orUndefined(m.obj.Get("exports"))
	args := []goja.Value{
		exports, m.require, m.obj,
		l.rt.ToValue(m.filename), l.rt.ToValue(m.dir),
		orUndefined(l.cfg.Hooks[0]), orUndefined(l.cfg.Hooks[1]),
	}
	if l.cfg.Call != nil {
		_, err = l.cfg.Call(fn, exports, args...)
	} else {
		_, err = fn(exports, args...)
	}
	if err != nil {
		l.throw(err)
	}
}

func (l *Loader) evaluateJSON(m *record, text string) {
	v, err := l.jsonParse(goja.Undefined(), l.rt.ToValue(text))
	if err != nil {
		var ex *goja.Exception
		if errors.As(err, &ex) {
			// Node names the file by prefixing the parser's message.
			if obj, ok := ex.Value().(*goja.Object); ok {
				obj.Set("message", m.filename+": "+orUndefined(obj.Get("message")).String())
			}
		}
		l.throw(err)
	}
	m.obj.Set("exports", v)
}

func (l *Loader) compile(filename, src string) (*compile.Program, error) {
	if l.cfg.Cache != nil {
		return l.cfg.Cache.Compile(compile.Module, filename, src)
	}
	return compile.Compile(compile.Module, filename, src)
}

func (l *Loader) readFile(path string) ([]byte, error) {
	if l.cfg.ReadFile != nil {
		return l.cfg.ReadFile(path)
	}
	return os.ReadFile(path)
}

// addChild records child in parent.children as Node does; scan avoids a
// duplicate when a cached module is required again.
func (l *Loader) addChild(parent *record, child *goja.Object, scan bool) {
	arr := childrenOf(parent)
	if arr == nil {
		return
	}
	n := arr.Get("length").ToInteger()
	if scan {
		for i := range n {
			if v := arr.Get(strconv.FormatInt(i, 10)); v != nil && v.SameAs(child) {
				return
			}
		}
	}
	arr.Set(strconv.FormatInt(n, 10), child)
}

func (l *Loader) removeChild(parent *record, child *goja.Object) {
	arr := childrenOf(parent)
	if arr == nil {
		return
	}
	n := arr.Get("length").ToInteger()
	for i := range n {
		if v := arr.Get(strconv.FormatInt(i, 10)); v == nil || !v.SameAs(child) {
			continue
		}
		for j := i; j < n-1; j++ {
			arr.Set(strconv.FormatInt(j, 10), arr.Get(strconv.FormatInt(j+1, 10)))
		}
		arr.Set("length", n-1)
		return
	}
}

// childrenOf returns parent.children if it is still an array; user code
// may have replaced it.
func childrenOf(parent *record) *goja.Object {
	if parent == nil {
		return nil
	}
	arr, ok := parent.obj.Get("children").(*goja.Object)
	if !ok || arr.ClassName() != "Array" {
		return nil
	}
	return arr
}

// A codedError is an error to be thrown as a JS Error with a Node error code.
type codedError struct {
	code, msg string
	// requireStack, if not nil, becomes err.requireStack.
	requireStack []string
	// path is the package.json involved, if any.
	path string
}

func (e *codedError) Error() string { return e.msg }

// throw panics with err as a JS exception, which goja delivers to the
// calling JS code. Uncatchable errors, such as an interrupt, are re-panicked
// as they are so that they stay uncatchable.
func (l *Loader) throw(err error) {
	var ce *codedError
	var ex *goja.Exception
	switch {
	case isUncatchable(err):
		panic(err)
	case errors.As(err, &ce):
		e := l.newError(l.errorCtor, ce.msg)
		e.Set("code", ce.code)
		if ce.requireStack != nil {
			e.Set("requireStack", l.stringArray(ce.requireStack))
		}
		if ce.path != "" {
			e.Set("path", ce.path)
		}
		panic(e)
	case errors.As(err, &ex):
		panic(ex)
	default:
		panic(l.rt.NewGoError(err))
	}
}

func isUncatchable(err error) bool {
	var ie *goja.InterruptedError
	var so *goja.StackOverflowError
	return errors.As(err, &ie) || errors.As(err, &so)
}

func (l *Loader) newError(ctor *goja.Object, msg string) *goja.Object {
	e, err := l.rt.New(ctor, l.rt.ToValue(msg))
	if err != nil {
		panic(err)
	}
	return e
}

func (l *Loader) stringArray(s []string) *goja.Object {
	items := make([]any, len(s))
	for i, v := range s {
		items[i] = v
	}
	return l.rt.NewArray(items...)
}

func orUndefined(v goja.Value) goja.Value {
	if v == nil {
		return goja.Undefined()
	}
	return v
}

func stringProp(o *goja.Object, name string) string {
	v := o.Get(name)
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// realPath resolves symlinks in an absolute path, as Node's realpath, or
// returns it unchanged if it does not exist.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
