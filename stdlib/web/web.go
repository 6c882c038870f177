// Package web provides the web and Node standards that scripts expect as
// globals and built-in modules: TextEncoder, TextDecoder, structuredClone,
// Buffer and require("buffer"), URL and URLSearchParams (require("url")),
// require("util") and require("events").
//
// Buffer and URL come from goja_nodejs; TextEncoder/TextDecoder, util
// (format and inspect render as console.log does, with package inspect),
// structuredClone and EventEmitter are implemented here.
package web

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
	"github.com/dop251/goja_nodejs/url"
	"golang.org/x/text/encoding/charmap"

	"github.com/shieldjs/shieldjs/inspect"
	"github.com/shieldjs/shieldjs/shield"
	"github.com/shieldjs/shieldjs/stdlib"
)

//go:embed web.js
var webJS string

//go:embed buffer.js
var bufferJS string

var bufferPatch = goja.MustCompile(shield.InternalFile+"/buffer.js", bufferJS, true)

// Config is what the web standards need from their host.
type Config struct {
	Scheduler *shield.Scheduler
	Realm     *stdlib.Realm
	// Warnings receives util.deprecate's warnings (nil discards them).
	Warnings io.Writer
}

// Web is the web standards of one runtime. Its JavaScript half runs the
// first time a script uses one of them.
type Web struct {
	cfg     Config
	rt      *goja.Runtime
	exports *goja.Object
}

// New returns the web standards for the scheduler's runtime.
func New(cfg Config) *Web {
	return &Web{cfg: cfg, rt: cfg.Scheduler.Runtime()}
}

func (w *Web) js() *goja.Object {
	if w.exports == nil {
		w.exports = stdlib.RunJS(w.cfg.Scheduler, "web.js", webJS, w.natives()).ToObject(w.rt)
	}
	return w.exports
}

func (w *Web) export(name string) goja.Value { return w.js().Get(name) }

// Install defines TextEncoder, TextDecoder and structuredClone on global,
// each built the first time a script reads it.
func (w *Web) Install(global *goja.Object) {
	for _, name := range []string{"TextEncoder", "TextDecoder", "structuredClone"} {
		stdlib.DefineLazy(w.rt, global, name, func() goja.Value { return w.export(name) })
	}
}

// UtilModule is require("util"): format, formatWithOptions, inspect,
// promisify, callbackify, inherits, deprecate, isDeepStrictEqual, types,
// TextEncoder and TextDecoder.
func (w *Web) UtilModule(rt *goja.Runtime, module *goja.Object) error {
	return module.Set("exports", w.export("util"))
}

// EventsModule is require("events"): Node's EventEmitter, which is also the
// module itself, with EventEmitter.once(emitter, name) returning a promise.
func (w *Web) EventsModule(rt *goja.Runtime, module *goja.Object) error {
	return module.Set("exports", w.export("EventEmitter"))
}

// BufferModule is require("buffer"): goja_nodejs's Buffer, completed with
// what Node has and it lacks (isBuffer, byteLength, compare, slice as a
// view, toJSON, copy, and the latin1, ascii, utf16le and base64url
// encodings).
func BufferModule(rt *goja.Runtime, module *goja.Object) error {
	buffer.Require(rt, module)
	exports := module.Get("exports").ToObject(rt)
	patch, err := rt.RunProgram(bufferPatch)
	if err != nil {
		return err
	}
	fn, _ := goja.AssertFunction(patch)
	natives := rt.NewObject()
	natives.Set("encode", func(c goja.FunctionCall) goja.Value {
		var b []byte
		if err := rt.ExportTo(c.Argument(0), &b); err != nil {
			panic(rt.NewTypeError("encode: " + err.Error()))
		}
		return rt.ToValue(stdlib.EncodeString(b, c.Argument(1).String()))
	})
	natives.Set("decode", func(c goja.FunctionCall) goja.Value {
		b := stdlib.DecodeString(c.Argument(0).String(), c.Argument(1).String())
		u8, err := rt.New(rt.Get("Uint8Array"), rt.ToValue(rt.NewArrayBuffer(b)))
		if err != nil {
			panic(err)
		}
		return u8
	})
	if _, err := fn(goja.Undefined(), exports.Get("Buffer"), natives); err != nil {
		return err
	}
	exports.Set("kMaxLength", math.MaxInt32)
	exports.Set("constants", map[string]any{"MAX_LENGTH": math.MaxInt32, "MAX_STRING_LENGTH": 1<<29 - 24})
	return nil
}

// URLModule is require("url"), goja_nodejs's WHATWG URL and URLSearchParams.
func URLModule(rt *goja.Runtime, module *goja.Object) error {
	url.Require(rt, module)
	return nil
}

func (w *Web) natives() *goja.Object {
	rt, realm := w.rt, w.cfg.Realm
	o := rt.NewObject()
	o.Set("encode", func(c goja.FunctionCall) goja.Value {
		return realm.Uint8Array([]byte(c.Argument(0).String()))
	})
	o.Set("encodeInto", func(c goja.FunctionCall) goja.Value {
		dest, _ := realm.Bytes(c.Argument(1))
		read, written := 0, 0
		for _, r := range c.Argument(0).String() {
			n := utf8.RuneLen(r)
			if written+n > len(dest) {
				break
			}
			utf8.EncodeRune(dest[written:], r)
			written += n
			read++
			if r >= 0x10000 {
				read++
			}
		}
		res := rt.NewObject()
		res.Set("read", read)
		res.Set("written", written)
		return res
	})
	o.Set("newDecoder", func(c goja.FunctionCall) goja.Value {
		label := c.Argument(0).String()
		enc := encodingOf(label)
		if enc == "" {
			e := realm.NewRangeError(fmt.Sprintf("The %q encoding is not supported", label))
			e.Set("code", "ERR_ENCODING_NOT_SUPPORTED")
			panic(e)
		}
		return rt.ToValue(&decoder{enc: enc, fatal: c.Argument(1).ToBoolean(), ignoreBOM: c.Argument(2).ToBoolean()})
	})
	o.Set("decoderInfo", func(c goja.FunctionCall) goja.Value {
		d := w.decoderArg(c.Argument(0))
		return rt.ToValue(map[string]any{"encoding": d.enc, "fatal": d.fatal, "ignoreBOM": d.ignoreBOM})
	})
	o.Set("decode", func(c goja.FunctionCall) goja.Value {
		d := w.decoderArg(c.Argument(0))
		var in []byte
		if v := c.Argument(1); !goja.IsUndefined(v) && !goja.IsNull(v) {
			b, ok := realm.Bytes(v)
			if !ok {
				e := realm.NewTypeError(`The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.`, nil)
				e.Set("code", "ERR_INVALID_ARG_TYPE")
				panic(e)
			}
			in = b
		}
		s, ok := d.decode(in, c.Argument(2).ToBoolean())
		if !ok {
			e := realm.NewTypeError("The encoded data was not valid for encoding "+d.enc, nil)
			e.Set("code", "ERR_ENCODING_INVALID_ENCODED_DATA")
			panic(e)
		}
		return rt.ToValue(s)
	})
	o.Set("format", func(c goja.FunctionCall) goja.Value {
		var args []goja.Value
		if err := rt.ExportTo(c.Argument(0), &args); err != nil {
			panic(err)
		}
		opts := inspect.Defaults()
		if o, ok := c.Argument(1).(*goja.Object); ok {
			opts = inspectOptions(o)
		}
		return rt.ToValue(inspect.Format(rt, args, opts))
	})
	o.Set("inspect", func(c goja.FunctionCall) goja.Value {
		opts := inspect.Defaults()
		if o, ok := c.Argument(1).(*goja.Object); ok {
			opts = inspectOptions(o)
		}
		return rt.ToValue(inspect.Inspect(rt, c.Argument(0), opts))
	})
	o.Set("warn", func(c goja.FunctionCall) goja.Value {
		if w.cfg.Warnings != nil {
			fmt.Fprintf(w.cfg.Warnings, "(shieldjs) %s\n", c.Argument(0).String())
		}
		return goja.Undefined()
	})
	promiseThen, _ := goja.AssertFunction(rt.Get("Promise").ToObject(rt).Get("prototype").ToObject(rt).Get("then"))
	o.Set("nextTick", func(c goja.FunctionCall) goja.Value {
		p, resolve, _ := rt.NewPromise()
		if _, err := promiseThen(rt.ToValue(p), c.Argument(0)); err != nil {
			panic(err)
		}
		if err := resolve(goja.Undefined()); err != nil {
			panic(err)
		}
		return goja.Undefined()
	})
	return o
}

func inspectOptions(o *goja.Object) inspect.Options {
	opts := inspect.Defaults()
	if v := o.Get("depth"); v != nil && !goja.IsUndefined(v) {
		if goja.IsNull(v) || math.IsInf(v.ToFloat(), 1) {
			opts.Depth = -1
		} else {
			opts.Depth = int(v.ToInteger())
		}
	}
	if v := o.Get("colors"); v != nil {
		opts.Colors = v.ToBoolean()
	}
	if v := o.Get("showHidden"); v != nil {
		opts.ShowHidden = v.ToBoolean()
	}
	if v := o.Get("breakLength"); v != nil && !goja.IsUndefined(v) {
		if f := v.ToFloat(); math.IsInf(f, 1) {
			opts.BreakLength = math.MaxInt32
		} else {
			opts.BreakLength = int(v.ToInteger())
		}
	}
	return opts
}

func (w *Web) decoderArg(v goja.Value) *decoder {
	d, ok := v.Export().(*decoder)
	if !ok {
		panic(w.rt.NewTypeError("Value of \"this\" must be of type TextDecoder"))
	}
	return d
}

// encodingOf returns the canonical name of a WHATWG encoding label, for the
// encodings supported, or "".
func encodingOf(label string) string {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
		return "utf-8"
	case "utf-16le", "utf-16", "ucs-2", "unicode", "unicodefeff", "csunicode", "iso-10646-ucs-2":
		return "utf-16le"
	case "utf-16be", "unicodefffe":
		return "utf-16be"
	case "latin1", "iso-8859-1", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1",
		"ascii", "us-ascii", "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", "csisolatin1", "iso-ir-100":
		return "windows-1252"
	}
	return ""
}

// decoder is a TextDecoder's state: the bytes of an incomplete sequence
// kept between streaming calls, and whether the BOM has been dealt with.
type decoder struct {
	enc              string
	fatal, ignoreBOM bool
	pending          []byte
	bomDone          bool
}

// decode decodes in after the pending bytes; with stream, an incomplete
// sequence at the end is kept for the next call. ok is false when fatal
// and the input is malformed.
func (d *decoder) decode(in []byte, stream bool) (s string, ok bool) {
	buf := append(d.pending, in...)
	d.pending = nil
	if !d.bomDone && !d.ignoreBOM {
		bom := map[string]string{"utf-8": "\xEF\xBB\xBF", "utf-16le": "\xFF\xFE", "utf-16be": "\xFE\xFF"}[d.enc]
		if bom != "" && len(buf) < len(bom) && stream && strings.HasPrefix(bom, string(buf)) {
			d.pending = buf
			return "", true
		}
		buf = []byte(strings.TrimPrefix(string(buf), bom))
	}
	if len(buf) > 0 || !stream {
		d.bomDone = stream
	}
	var rest []byte
	switch d.enc {
	case "utf-8":
		s, rest, ok = stdlib.DecodeUTF8(buf, d.fatal, !stream)
	case "utf-16le", "utf-16be":
		s, rest, ok = decodeUTF16(buf, d.enc == "utf-16be", d.fatal, !stream)
	default:
		out, err := charmap.Windows1252.NewDecoder().Bytes(buf)
		s, ok = string(out), err == nil
	}
	if !ok {
		d.bomDone = false
		return "", false
	}
	d.pending = append([]byte(nil), rest...)
	if !stream {
		d.bomDone = false
	}
	return s, true
}

func decodeUTF16(b []byte, bigEndian, fatal, flush bool) (string, []byte, bool) {
	n := len(b) / 2
	units := make([]uint16, n)
	for i := range n {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	var rest []byte
	if len(b)%2 == 1 {
		rest = b[len(b)-1:]
	}
	// A high surrogate at the end may be completed by the next chunk.
	if !flush && n > 0 && utf16.IsSurrogate(rune(units[n-1])) && units[n-1] < 0xDC00 {
		rest = b[2*(n-1):]
		units = units[:n-1]
	}
	if fatal {
		for i := 0; i < len(units); i++ {
			u := rune(units[i])
			if !utf16.IsSurrogate(u) {
				continue
			}
			if u >= 0xDC00 || i+1 >= len(units) || units[i+1] < 0xDC00 || units[i+1] > 0xDFFF {
				return "", nil, false
			}
			i++
		}
	}
	s := string(utf16.Decode(units))
	if flush && len(rest) > 0 {
		if fatal {
			return "", nil, false
		}
		s += "\uFFFD"
		rest = nil
	}
	return s, rest, true
}
