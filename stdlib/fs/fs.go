// Package fs is require("fs/promises") (also "node:fs/promises"): readFile,
// writeFile, appendFile, readdir, stat, lstat, mkdir, rm, rmdir, unlink,
// rename, copyFile, access and realpath with Node's argument shapes, results
// and errors (an Error with code "ENOENT", errno, syscall and path, and
// the message "ENOENT: no such file or directory, open '/x'").
//
// Each call returns a Task whose work runs on its own goroutine; the
// permission check (read or write access to the resolved path) happens
// there, and a denied one rejects the Task with a PermissionError.
package fs

import (
	"context"
	_ "embed"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/inspect"

	"github.com/shieldjs/shieldjs/stdlib"
)

//go:embed fs.js
var fsJS string

// Module is fs/promises for one runtime.
type Module struct {
	env *stdlib.Env
	rt  *goja.Runtime
	js  *goja.Object
}

// New returns fs/promises for env.
func New(env *stdlib.Env) *Module {
	return &Module{env: env, rt: env.Runtime()}
}

// constants are fs.constants as far as fs/promises uses them, in order.
var constants = []struct {
	name  string
	value int
}{
	{"F_OK", 0}, {"R_OK", 4}, {"W_OK", 2}, {"X_OK", 1},
	{"COPYFILE_EXCL", 1}, {"COPYFILE_FICLONE", 2}, {"COPYFILE_FICLONE_FORCE", 4},
	{"O_RDONLY", os.O_RDONLY}, {"O_WRONLY", os.O_WRONLY}, {"O_RDWR", os.O_RDWR},
	{"O_CREAT", os.O_CREATE}, {"O_EXCL", os.O_EXCL}, {"O_TRUNC", os.O_TRUNC}, {"O_APPEND", os.O_APPEND},
}

// ConstantsObject returns a new fs.constants object.
func ConstantsObject(rt *goja.Runtime) *goja.Object {
	o := rt.NewObject()
	for _, c := range constants {
		o.Set(c.name, c.value)
	}
	return o
}

// Require fills module.exports; it is the modules.Native for "fs/promises".
func (m *Module) Require(rt *goja.Runtime, module *goja.Object) error {
	m.js = stdlib.RunJS(m.env.Scheduler, "fs.js", fsJS, goja.Undefined()).ToObject(rt)
	e := rt.NewObject()
	fns := []struct {
		name string
		fn   func(goja.FunctionCall) goja.Value
	}{
		{"access", m.access},
		{"appendFile", func(c goja.FunctionCall) goja.Value { return m.write("appendFile", c, "a") }},
		{"copyFile", m.copyFile},
		{"lstat", func(c goja.FunctionCall) goja.Value { return m.stat("lstat", c) }},
		{"mkdir", m.mkdir},
		{"readFile", m.readFile},
		{"readdir", m.readdir},
		{"realpath", m.realpath},
		{"rename", m.rename},
		{"rm", m.rm},
		{"rmdir", m.rmdir},
		{"stat", func(c goja.FunctionCall) goja.Value { return m.stat("stat", c) }},
		{"unlink", m.unlink},
		{"writeFile", func(c goja.FunctionCall) goja.Value { return m.write("writeFile", c, "w") }},
	}
	for _, f := range fns {
		fo := rt.ToValue(f.fn).(*goja.Object)
		_ = fo.DefineDataProperty("name", rt.ToValue(f.name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		e.Set(f.name, fo)
	}
	e.Set("constants", ConstantsObject(rt))
	return module.Set("exports", e)
}

// pathArg converts a path argument (string, Buffer or file: URL) as Node does.
func (m *Module) pathArg(v goja.Value, name string) (string, error) {
	var p string
	switch {
	case goja.IsString(v):
		p = v.String()
	default:
		obj, ok := v.(*goja.Object)
		if !ok {
			return "", stdlib.InvalidArgType(name, "of type string or an instance of Buffer or URL", v)
		}
		if b, ok := m.env.Realm.Bytes(obj); ok {
			p = string(b)
			break
		}
		href, proto := obj.Get("href"), obj.Get("protocol")
		if href == nil || proto == nil || goja.IsUndefined(href) {
			return "", stdlib.InvalidArgType(name, "of type string or an instance of Buffer or URL", v)
		}
		if proto.String() != "file:" {
			return "", &stdlib.TypeError{Message: "The URL must be of scheme file", Code: "ERR_INVALID_URL_SCHEME"}
		}
		u, err := url.Parse(href.String())
		if err != nil {
			return "", &stdlib.TypeError{Message: "Invalid URL", Code: "ERR_INVALID_URL"}
		}
		if u.Host != "" && u.Host != "localhost" {
			return "", &stdlib.TypeError{Message: `File URL host must be "localhost" or empty on ` + goosName(), Code: "ERR_INVALID_FILE_URL_HOST"}
		}
		p = u.Path
	}
	if strings.IndexByte(p, 0) >= 0 {
		return "", &stdlib.TypeError{Message: "The argument '" + name + "' must be a string, Uint8Array, or URL without null bytes. Received " + inspect.Describe(v), Code: "ERR_INVALID_ARG_VALUE"}
	}
	return p, nil
}

func goosName() string { return "linux" }

// options reads an options argument that may also be an encoding string.
type options struct {
	obj      *goja.Object
	encoding string
}

func (m *Module) optionsArg(v goja.Value, defaultEnc string) (options, error) {
	o := options{encoding: defaultEnc}
	switch {
	case v == nil || goja.IsUndefined(v) || goja.IsNull(v):
	case goja.IsString(v):
		o.encoding = v.String()
	default:
		obj, ok := v.(*goja.Object)
		if !ok {
			return o, stdlib.InvalidArgType("options", "one of type string or object", v)
		}
		if _, fn := goja.AssertFunction(obj); fn {
			return o, stdlib.InvalidArgType("options", "one of type string or object", v)
		}
		o.obj = obj
		if e := obj.Get("encoding"); e != nil && !goja.IsUndefined(e) && !goja.IsNull(e) {
			o.encoding = e.String()
		} else if e != nil && goja.IsNull(e) {
			o.encoding = ""
		}
	}
	if o.encoding != "" && o.encoding != "buffer" && stdlib.NormalizeEncoding(o.encoding) == "" {
		return o, &stdlib.TypeError{Message: "The argument 'encoding' is invalid encoding. Received '" + o.encoding + "'", Code: "ERR_INVALID_ARG_VALUE"}
	}
	if o.encoding == "buffer" {
		o.encoding = ""
	}
	return o, nil
}

func (o options) get(name string) goja.Value {
	if o.obj == nil {
		return goja.Undefined()
	}
	if v := o.obj.Get(name); v != nil {
		return v
	}
	return goja.Undefined()
}

func (o options) bool(name string) bool { return o.get(name).ToBoolean() }

func (o options) mode(def os.FileMode) os.FileMode {
	v := o.get("mode")
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return def
	}
	if goja.IsString(v) {
		var n uint32
		for _, c := range v.String() {
			if c < '0' || c > '7' {
				return def
			}
			n = n*8 + uint32(c-'0')
		}
		return os.FileMode(n)
	}
	return os.FileMode(v.ToInteger()) & os.ModePerm
}

// start runs fn as the operation name, following options.signal.
func (m *Module) start(name string, o options, fn func(ctx context.Context) (any, error), conv func(rt *goja.Runtime, v any) (goja.Value, error)) goja.Value {
	sig, err := stdlib.SignalArg(o.get("signal"))
	if err != nil {
		return m.env.Reject(name, err)
	}
	op := m.env.Go(name, fn, conv)
	m.env.FollowSignal(op, sig)
	return op.Object()
}

func (m *Module) sysErr(err error, syscall, path, dest string) error {
	return stdlib.NewSystemError(err, syscall, path, dest)
}

func (m *Module) readFile(c goja.FunctionCall) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject("readFile", err)
	}
	o, err := m.optionsArg(c.Argument(1), "")
	if err != nil {
		return m.env.Reject("readFile", err)
	}
	flag, err := parseFlag(o.get("flag"), "r")
	if err != nil {
		return m.env.Reject("readFile", err)
	}
	perms := m.env.Permissions()
	return m.start("readFile", o, func(ctx context.Context) (any, error) {
		if err := perms.CheckRead(path); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, flag, 0o666)
		if err != nil {
			return nil, m.sysErr(err, "open", path, "")
		}
		defer f.Close()
		b, err := readAll(ctx, f)
		if err != nil {
			return nil, m.sysErr(err, "read", "", "")
		}
		return b, nil
	}, func(rt *goja.Runtime, v any) (goja.Value, error) {
		if o.encoding != "" {
			return rt.ToValue(stdlib.EncodeString(v.([]byte), o.encoding)), nil
		}
		return m.env.Bytes(v.([]byte)), nil
	})
}

// readAll reads r in chunks, giving up when ctx is cancelled.
func readAll(ctx context.Context, r io.Reader) ([]byte, error) {
	var out []byte
	buf := make([]byte, 256<<10)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			if out == nil {
				out = []byte{}
			}
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// parseFlag turns Node's file system flags ("r", "w", "a", "wx", "a+", ...)
// into os.OpenFile flags.
func parseFlag(v goja.Value, def string) (int, error) {
	s := def
	if v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
		s = v.String()
	}
	flags := map[string]int{
		"r": os.O_RDONLY, "rs": os.O_RDONLY | os.O_SYNC, "sr": os.O_RDONLY | os.O_SYNC,
		"r+": os.O_RDWR, "rs+": os.O_RDWR | os.O_SYNC, "sr+": os.O_RDWR | os.O_SYNC,
		"w": os.O_TRUNC | os.O_CREATE | os.O_WRONLY, "wx": os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
		"xw": os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
		"w+": os.O_TRUNC | os.O_CREATE | os.O_RDWR, "wx+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
		"xw+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
		"a":   os.O_APPEND | os.O_CREATE | os.O_WRONLY, "ax": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
		"xa": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL, "as": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_SYNC,
		"sa": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_SYNC,
		"a+": os.O_APPEND | os.O_CREATE | os.O_RDWR, "ax+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL,
		"xa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL, "as+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_SYNC,
		"sa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_SYNC,
	}
	f, ok := flags[s]
	if !ok {
		return 0, &stdlib.TypeError{Message: "The value \"" + s + "\" is invalid for option \"flags\"", Code: "ERR_INVALID_ARG_VALUE"}
	}
	return f, nil
}

// dataArg returns the bytes to write: a string in the given encoding, or a
// copy of a Buffer, TypedArray or DataView.
func (m *Module) dataArg(v goja.Value, enc string) ([]byte, error) {
	if goja.IsString(v) {
		return stdlib.DecodeString(v.String(), enc), nil
	}
	if b, ok := m.env.Realm.Bytes(v); ok {
		if _, isAB := v.Export().(goja.ArrayBuffer); !isAB {
			return append([]byte(nil), b...), nil
		}
	}
	return nil, stdlib.InvalidArgType("data", "of type string or an instance of Buffer, TypedArray, or DataView", v)
}

func (m *Module) write(name string, c goja.FunctionCall, defFlag string) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject(name, err)
	}
	o, err := m.optionsArg(c.Argument(2), "utf8")
	if err != nil {
		return m.env.Reject(name, err)
	}
	data, err := m.dataArg(c.Argument(1), o.encoding)
	if err != nil {
		return m.env.Reject(name, err)
	}
	flag, err := parseFlag(o.get("flag"), defFlag)
	if err != nil {
		return m.env.Reject(name, err)
	}
	mode := o.mode(0o666)
	perms := m.env.Permissions()
	return m.start(name, o, func(ctx context.Context) (any, error) {
		if err := perms.CheckWrite(path); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, flag, mode)
		if err != nil {
			return nil, m.sysErr(err, "open", path, "")
		}
		for len(data) > 0 {
			if err := ctx.Err(); err != nil {
				f.Close()
				return nil, err
			}
			n := min(len(data), 1<<20)
			if _, err := f.Write(data[:n]); err != nil {
				f.Close()
				return nil, m.sysErr(err, "write", "", "")
			}
			data = data[n:]
		}
		if err := f.Close(); err != nil {
			return nil, m.sysErr(err, "close", "", "")
		}
		return nil, nil
	}, nil)
}

// dirent types, as Node numbers them.
const (
	direntFile = 1 + iota
	direntDir
	direntLink
	direntFIFO
	direntSocket
	direntChar
	direntBlock
)

func direntType(m os.FileMode) int {
	switch {
	case m.IsRegular():
		return direntFile
	case m.IsDir():
		return direntDir
	case m&os.ModeSymlink != 0:
		return direntLink
	case m&os.ModeNamedPipe != 0:
		return direntFIFO
	case m&os.ModeSocket != 0:
		return direntSocket
	case m&os.ModeCharDevice != 0:
		return direntChar
	case m&os.ModeDevice != 0:
		return direntBlock
	}
	return 0
}

type dirent struct {
	Name string `json:"name"`
	Type int    `json:"type"`
	Path string `json:"path"`
}

func (m *Module) readdir(c goja.FunctionCall) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject("readdir", err)
	}
	o, err := m.optionsArg(c.Argument(1), "utf8")
	if err != nil {
		return m.env.Reject("readdir", err)
	}
	withTypes, recursive := o.bool("withFileTypes"), o.bool("recursive")
	perms := m.env.Permissions()
	return m.start("readdir", o, func(ctx context.Context) (any, error) {
		if err := perms.CheckRead(path); err != nil {
			return nil, err
		}
		var out []dirent
		var walk func(dir, rel string) error
		walk = func(dir, rel string) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				return m.sysErr(err, "scandir", dir, "")
			}
			for _, e := range entries {
				name := e.Name()
				if rel != "" {
					name = filepath.Join(rel, name)
				}
				parent := dir
				if withTypes && rel != "" {
					name = e.Name()
				}
				out = append(out, dirent{Name: name, Type: direntType(e.Type()), Path: parent})
				if recursive && e.IsDir() {
					if err := walk(filepath.Join(dir, e.Name()), filepath.Join(rel, e.Name())); err != nil {
						return err
					}
				}
			}
			return nil
		}
		if err := walk(path, ""); err != nil {
			return nil, err
		}
		return out, nil
	}, func(rt *goja.Runtime, v any) (goja.Value, error) {
		list := v.([]dirent)
		if withTypes {
			items := make([]any, len(list))
			for i, d := range list {
				items[i] = map[string]any{"name": m.encodeName(d.Name, o.encoding), "type": d.Type, "path": d.Path}
			}
			make, _ := goja.AssertFunction(m.js.Get("makeDirents"))
			return make(goja.Undefined(), rt.NewArray(items...))
		}
		items := make([]any, len(list))
		for i, d := range list {
			items[i] = m.encodeName(d.Name, o.encoding)
		}
		return rt.NewArray(items...), nil
	})
}

func (m *Module) encodeName(name, enc string) goja.Value {
	if enc == "" {
		return m.env.Bytes([]byte(name))
	}
	if stdlib.NormalizeEncoding(enc) == "utf8" {
		return m.rt.ToValue(name)
	}
	return m.rt.ToValue(stdlib.EncodeString([]byte(name), enc))
}

func (m *Module) stat(name string, c goja.FunctionCall) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject(name, err)
	}
	o, err := m.optionsArg(c.Argument(1), "")
	if err != nil {
		return m.env.Reject(name, err)
	}
	perms := m.env.Permissions()
	return m.start(name, o, func(ctx context.Context) (any, error) {
		if err := perms.CheckRead(path); err != nil {
			return nil, err
		}
		stat := os.Stat
		if name == "lstat" {
			stat = os.Lstat
		}
		fi, err := stat(path)
		if err != nil {
			return nil, m.sysErr(err, name, path, "")
		}
		return statOf(fi), nil
	}, func(rt *goja.Runtime, v any) (goja.Value, error) {
		make, _ := goja.AssertFunction(m.js.Get("makeStats"))
		return make(goja.Undefined(), rt.ToValue(v))
	})
}

func (m *Module) mkdir(c goja.FunctionCall) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject("mkdir", err)
	}
	var o options
	if v := c.Argument(1); goja.IsNumber(v) || goja.IsString(v) {
		obj := m.rt.NewObject()
		obj.Set("mode", v)
		o.obj = obj
	} else if o, err = m.optionsArg(v, ""); err != nil {
		return m.env.Reject("mkdir", err)
	}
	recursive, mode := o.bool("recursive"), o.mode(0o777)
	perms := m.env.Permissions()
	return m.start("mkdir", o, func(ctx context.Context) (any, error) {
		if err := perms.CheckWrite(path); err != nil {
			return nil, err
		}
		if !recursive {
			if err := os.Mkdir(path, mode); err != nil {
				return nil, m.sysErr(err, "mkdir", path, "")
			}
			return nil, nil
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		// The first directory created is the shallowest missing one.
		first := ""
		for p := abs; ; p = filepath.Dir(p) {
			fi, err := os.Stat(p)
			if err == nil {
				if !fi.IsDir() {
					return nil, m.sysErr(syscall.EEXIST, "mkdir", path, "")
				}
				break
			}
			first = p
			if filepath.Dir(p) == p {
				break
			}
		}
		if err := os.MkdirAll(abs, mode); err != nil {
			return nil, m.sysErr(err, "mkdir", path, "")
		}
		if first == "" {
			return nil, nil
		}
		return first, nil
	}, nil)
}

func (m *Module) rm(c goja.FunctionCall) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject("rm", err)
	}
	o, err := m.optionsArg(c.Argument(1), "")
	if err != nil {
		return m.env.Reject("rm", err)
	}
	recursive, force := o.bool("recursive"), o.bool("force")
	perms := m.env.Permissions()
	return m.start("rm", o, func(ctx context.Context) (any, error) {
		if err := perms.CheckWrite(path); err != nil {
			return nil, err
		}
		fi, err := os.Lstat(path)
		if err != nil {
			if force && errors.Is(err, os.ErrNotExist) {
				return nil, nil
			}
			return nil, m.sysErr(err, "lstat", path, "")
		}
		if fi.IsDir() {
			if !recursive {
				return nil, &stdlib.SystemError{
					Code: "ERR_FS_EISDIR", Errno: int(syscall.EISDIR), Syscall: "rm", Path: path,
					Message: "Path is a directory: rm returned EISDIR (is a directory) " + path,
				}
			}
			if err := os.RemoveAll(path); err != nil {
				return nil, m.sysErr(err, "rm", path, "")
			}
			return nil, nil
		}
		if err := os.Remove(path); err != nil {
			return nil, m.sysErr(err, "rm", path, "")
		}
		return nil, nil
	}, nil)
}

func (m *Module) rmdir(c goja.FunctionCall) goja.Value {
	return m.remove("rmdir", c, func(path string, fi os.FileInfo) error {
		if !fi.IsDir() {
			return syscall.ENOTDIR
		}
		return os.Remove(path)
	})
}

func (m *Module) unlink(c goja.FunctionCall) goja.Value {
	return m.remove("unlink", c, func(path string, fi os.FileInfo) error {
		if fi.IsDir() {
			return syscall.EISDIR
		}
		return os.Remove(path)
	})
}

func (m *Module) remove(name string, c goja.FunctionCall, fn func(string, os.FileInfo) error) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject(name, err)
	}
	perms := m.env.Permissions()
	return m.start(name, options{}, func(ctx context.Context) (any, error) {
		if err := perms.CheckWrite(path); err != nil {
			return nil, err
		}
		fi, err := os.Lstat(path)
		if err == nil {
			err = fn(path, fi)
		}
		if err != nil {
			return nil, m.sysErr(err, name, path, "")
		}
		return nil, nil
	}, nil)
}

func (m *Module) rename(c goja.FunctionCall) goja.Value {
	from, err := m.pathArg(c.Argument(0), "oldPath")
	if err != nil {
		return m.env.Reject("rename", err)
	}
	to, err := m.pathArg(c.Argument(1), "newPath")
	if err != nil {
		return m.env.Reject("rename", err)
	}
	perms := m.env.Permissions()
	return m.start("rename", options{}, func(ctx context.Context) (any, error) {
		if err := perms.CheckWrite(from); err != nil {
			return nil, err
		}
		if err := perms.CheckWrite(to); err != nil {
			return nil, err
		}
		if err := os.Rename(from, to); err != nil {
			return nil, m.sysErr(err, "rename", from, to)
		}
		return nil, nil
	}, nil)
}

func (m *Module) copyFile(c goja.FunctionCall) goja.Value {
	src, err := m.pathArg(c.Argument(0), "src")
	if err != nil {
		return m.env.Reject("copyFile", err)
	}
	dst, err := m.pathArg(c.Argument(1), "dest")
	if err != nil {
		return m.env.Reject("copyFile", err)
	}
	excl := c.Argument(2).ToInteger()&1 != 0
	perms := m.env.Permissions()
	return m.start("copyFile", options{}, func(ctx context.Context) (any, error) {
		if err := perms.CheckRead(src); err != nil {
			return nil, err
		}
		if err := perms.CheckWrite(dst); err != nil {
			return nil, err
		}
		in, err := os.Open(src)
		if err != nil {
			return nil, m.sysErr(err, "copyfile", src, dst)
		}
		defer in.Close()
		fi, err := in.Stat()
		if err != nil {
			return nil, m.sysErr(err, "copyfile", src, dst)
		}
		flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if excl {
			flag |= os.O_EXCL
		}
		out, err := os.OpenFile(dst, flag, fi.Mode().Perm())
		if err != nil {
			return nil, m.sysErr(err, "copyfile", src, dst)
		}
		_, err = io.Copy(out, ctxReader{ctx, in})
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, m.sysErr(err, "copyfile", src, dst)
		}
		return nil, nil
	}, nil)
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func (m *Module) access(c goja.FunctionCall) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject("access", err)
	}
	mode := uint32(c.Argument(1).ToInteger())
	perms := m.env.Permissions()
	return m.start("access", options{}, func(ctx context.Context) (any, error) {
		if err := perms.CheckRead(path); err != nil {
			return nil, err
		}
		if err := access(path, mode); err != nil {
			return nil, m.sysErr(err, "access", path, "")
		}
		return nil, nil
	}, nil)
}

func (m *Module) realpath(c goja.FunctionCall) goja.Value {
	path, err := m.pathArg(c.Argument(0), "path")
	if err != nil {
		return m.env.Reject("realpath", err)
	}
	o, err := m.optionsArg(c.Argument(1), "utf8")
	if err != nil {
		return m.env.Reject("realpath", err)
	}
	perms := m.env.Permissions()
	return m.start("realpath", o, func(ctx context.Context) (any, error) {
		if err := perms.CheckRead(path); err != nil {
			return nil, err
		}
		abs, err := filepath.Abs(path)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		if err != nil {
			return nil, m.sysErr(err, "realpath", path, "")
		}
		return abs, nil
	}, func(rt *goja.Runtime, v any) (goja.Value, error) {
		return m.encodeName(v.(string), o.encoding), nil
	})
}
