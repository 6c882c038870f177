package host

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/modules"
	"github.com/shieldjs/shieldjs/permission"
	"github.com/shieldjs/shieldjs/stdlib"
	"github.com/shieldjs/shieldjs/stdlib/childproc"
	"github.com/shieldjs/shieldjs/stdlib/fetch"
	"github.com/shieldjs/shieldjs/stdlib/fs"
	"github.com/shieldjs/shieldjs/stdlib/web"
)

// WithPermissions sets what scripts may do outside the VM: read and write
// files, open network connections, start programs, see environment
// variables. Everything is denied by default, as in Deno; a denied
// operation rejects with a PermissionError naming the flag that grants it.
// permission.All() grants everything.
//
// Whatever the permissions, a script may read itself and require the
// modules under its module root (see WithModuleRoot).
func WithPermissions(s permission.Set) Option { return func(c *config) { c.perms = s } }

// WithModuleRoot sets the directory whose files scripts may require without
// read permission. By default it is the project of the script given to
// RunFile (or of the working directory, for RunString and Call): the
// nearest directory above it that holds a package.json, a go.mod or a
// .git, or else the script's own directory. Modules elsewhere, node_modules folders above
// the root included, need read access like any other file.
func WithModuleRoot(dir string) Option { return func(c *config) { c.moduleRoot = dir } }

// Permissions returns the policy the host enforces.
func (h *Host) Permissions() *permission.Policy { return h.policy }

// setModuleRoot sets the root for a run: the configured one, or the
// project dir belongs to.
func (h *Host) setModuleRoot(dir string) {
	if h.cfg.moduleRoot != "" {
		h.moduleRoot = h.policy.Resolve(h.cfg.moduleRoot)
		return
	}
	h.moduleRoot = projectRoot(h.policy.Resolve(dir))
}

// projectRoot is the nearest directory from dir up that holds a
// package.json, a go.mod or a .git, or dir itself.
func projectRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		for _, marker := range []string{"package.json", "go.mod", ".git"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// checkModuleRead throws a PermissionError into the requiring code if the
// module at path may not be read.
func (h *Host) checkModuleRead(path string) {
	if h.moduleRoot != "" {
		p := h.policy.Resolve(path)
		sep := string(filepath.Separator)
		if p == h.moduleRoot || strings.HasPrefix(p, strings.TrimSuffix(h.moduleRoot, sep)+sep) {
			return
		}
	}
	var pe *permission.Error
	if err := h.policy.CheckRead(path); errors.As(err, &pe) {
		panic(h.realm.Permission(pe))
	}
}

// visibleEnv is what process.env starts as: the configured environment (by
// default the process's), less what the permissions do not grant.
func (h *Host) visibleEnv() map[string]string {
	env := h.cfg.env
	if env == nil {
		if !h.policy.Set().Env.Granted() {
			return map[string]string{}
		}
		env = permission.Environ()
	}
	return h.policy.FilterEnv(env)
}

// scriptEnv is the script's process.env as it is now, which started
// programs inherit.
func (h *Host) scriptEnv() map[string]string {
	out := map[string]string{}
	env, ok := h.process.Get("env").(*goja.Object)
	if !ok {
		return out
	}
	for _, k := range env.Keys() {
		if v := env.Get(k); v != nil && !goja.IsUndefined(v) {
			out[k] = v.String()
		}
	}
	return out
}

// newBuffer wraps b in a Buffer (a view, not a copy).
func (h *Host) newBuffer(b []byte) goja.Value {
	rt := h.rt
	if h.bufferFrom == nil {
		ctor := h.requireNative("buffer").ToObject(rt).Get("Buffer")
		from, ok := goja.AssertFunction(ctor.ToObject(rt).Get("from"))
		if !ok {
			panic(rt.NewTypeError("Buffer.from is not a function"))
		}
		h.bufferFrom, h.bufferCtor = from, ctor
	}
	v, err := h.bufferFrom(h.bufferCtor, rt.ToValue(rt.NewArrayBuffer(b)))
	if err != nil {
		panic(err)
	}
	return v
}

// requireNative loads a built-in module.
func (h *Host) requireNative(name string) goja.Value {
	wd, _ := os.Getwd()
	v, err := h.loader.Require(wd, name)
	if err != nil {
		panic(err)
	}
	return v
}

// standardModules builds the Go-backed standard library and returns its
// built-in modules for the loader.
func (h *Host) standardModules() map[string]modules.Native {
	h.std = &stdlib.Env{
		Scheduler: h.sched,
		Policy:    h.policy,
		Context:   h.opsContext,
		Realm:     h.realm,
		Buffer:    h.newBuffer,
		Environ:   h.scriptEnv,
	}
	h.web = web.New(web.Config{Scheduler: h.sched, Realm: h.realm, Warnings: h.out.stderr()})
	h.fetch = fetch.New(h.std)
	fsm := fs.New(h.std)
	cp := childproc.New(h.std)
	named := func(fn modules.Native) modules.Native {
		return func(rt *goja.Runtime, m *goja.Object) error {
			if err := fn(rt, m); err != nil {
				return err
			}
			if exports, ok := m.Get("exports").(*goja.Object); ok {
				h.namer.name(exports, 3)
			}
			return nil
		}
	}
	return map[string]modules.Native{
		"buffer":        named(web.BufferModule),
		"url":           named(web.URLModule),
		"util":          h.web.UtilModule,
		"events":        h.web.EventsModule,
		"fs/promises":   fsm.Require,
		"child_process": cp.Require,
		// require("fs") offers only what is implemented: fs.promises and
		// fs.constants, not the callback or synchronous functions.
		"fs": func(rt *goja.Runtime, m *goja.Object) error {
			e := rt.NewObject()
			e.Set("promises", h.requireNative("fs/promises"))
			e.Set("constants", fs.ConstantsObject(rt))
			return m.Set("exports", e)
		},
	}
}

// installStandardGlobals defines the standard globals: PermissionError, and
// Buffer, URL, URLSearchParams, TextEncoder, TextDecoder, structuredClone,
// fetch, Headers, Request and Response, which are built the first time a
// script reads them.
func (h *Host) installStandardGlobals(g *goja.Object) {
	rt := h.rt
	h.toStringTag, _ = goja.AssertFunction(g.Get("Object").ToObject(rt).Get("prototype").ToObject(rt).Get("toString"))
	_ = g.DefineDataProperty("PermissionError", h.realm.PermissionErrorClass(), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	fromModule := func(module, name string) {
		stdlib.DefineLazy(rt, g, name, func() goja.Value {
			return h.requireNative(module).ToObject(rt).Get(name)
		})
	}
	fromModule("buffer", "Buffer")
	fromModule("url", "URL")
	fromModule("url", "URLSearchParams")
	h.web.Install(g)
	h.fetch.Install(g)
}
