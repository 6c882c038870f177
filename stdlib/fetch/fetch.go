// Package fetch is the web's fetch on net/http, with its Headers, Request
// and Response classes.
//
// fetch(url, init) returns a Task (a Go-backed operation) that resolves to a
// Response once the response headers have arrived; response.text(),
// json(), arrayBuffer() and bytes() read the body as another Task.
// Cancelling either Task aborts the request at once: its context is
// cancelled and the connection closed. init.signal is honoured the same way,
// except that the Task then rejects with the signal's reason, as the web
// specifies. Timeouts come from the task: waitFor(fetch(url), 500), or
// AbortSignal.timeout(500) as the signal.
//
// Supported: methods, headers, bodies given as a string, ArrayBuffer,
// TypedArray, DataView or URLSearchParams, and redirect "follow" (at most 20
// hops), "manual" (the 3xx response is returned as it is) and "error". A
// network failure rejects with TypeError("fetch failed") whose cause names
// it. Every connection, including each redirect hop, needs --allow-net for
// its host. Bodies are not streams: response.body, Blob and FormData are not
// provided, and a body is read whole by text(), json(), arrayBuffer() or
// bytes(); a body never read is released when the run ends.
package fetch

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/shieldjs/shieldjs/permission"
	"github.com/shieldjs/shieldjs/stdlib"
)

//go:embed fetch.js
var fetchJS string

// UserAgent is the user-agent header sent when a request sets none.
const UserAgent = "shieldjs"

// Module is fetch for one runtime.
type Module struct {
	env       *stdlib.Env
	rt        *goja.Runtime
	transport *http.Transport
	exports   *goja.Object
	jsonParse goja.Callable

	mu     sync.Mutex
	bodies map[*body]struct{} // bodies not yet read
}

// New returns fetch for env. Each Module has its own connection pool; Close
// releases it.
func New(env *stdlib.Env) *Module {
	rt := env.Runtime()
	m := &Module{env: env, rt: rt, bodies: map[*body]struct{}{}}
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		m.transport = t.Clone()
	} else {
		m.transport = &http.Transport{}
	}
	m.jsonParse, _ = goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
	return m
}

// Exports returns {fetch, Headers, Request, Response}, running the module's
// JavaScript the first time.
func (m *Module) Exports() *goja.Object {
	if m.exports == nil {
		m.exports = stdlib.RunJS(m.env.Scheduler, "fetch.js", fetchJS, m.natives()).ToObject(m.rt)
	}
	return m.exports
}

// Install defines fetch, Headers, Request and Response on global, built the
// first time a script reads one of them.
func (m *Module) Install(global *goja.Object) {
	for _, name := range []string{"fetch", "Headers", "Request", "Response"} {
		stdlib.DefineLazy(m.rt, global, name, func() goja.Value { return m.Exports().Get(name) })
	}
}

// Close aborts every response whose body was never read and closes the
// idle connections. The module can still be used afterwards.
func (m *Module) Close() {
	m.mu.Lock()
	bodies := m.bodies
	m.bodies = map[*body]struct{}{}
	m.mu.Unlock()
	for b := range bodies {
		b.close()
	}
	m.transport.CloseIdleConnections()
}

// body is a response body still to be read, and the means to abort the
// request it belongs to.
type body struct {
	rc     io.ReadCloser
	cancel context.CancelFunc
	once   sync.Once
}

func (b *body) close() {
	b.once.Do(func() {
		b.cancel()
		b.rc.Close()
	})
}

type request struct {
	url, method string
	headers     [][2]string
	body        []byte
	redirect    string
}

type response struct {
	status          int
	statusText, url string
	redirected      bool
	headers         [][2]string
	body            *body
}

func (m *Module) natives() *goja.Object {
	rt, realm := m.rt, m.env.Realm
	o := rt.NewObject()
	o.Set("encode", func(c goja.FunctionCall) goja.Value {
		return realm.Uint8Array([]byte(c.Argument(0).String()))
	})
	o.Set("reject", func(c goja.FunctionCall) goja.Value {
		return m.env.RejectValue("fetch", c.Argument(0))
	})
	o.Set("settle", func(c goja.FunctionCall) goja.Value {
		var data []byte
		if b, ok := realm.Bytes(c.Argument(0)); ok {
			data = append([]byte(nil), b...)
		}
		kind := c.Argument(1).String()
		return m.env.Go("body", func(context.Context) (any, error) { return data, nil }, m.bodyConverter(kind)).Object()
	})
	o.Set("readBody", func(c goja.FunctionCall) goja.Value {
		b, ok := c.Argument(0).Export().(*body)
		if !ok {
			panic(rt.NewTypeError("readBody: not a response body"))
		}
		sig, err := stdlib.SignalArg(c.Argument(2))
		if err != nil {
			return m.env.Reject("body", err)
		}
		op := m.env.Go("body", func(ctx context.Context) (any, error) {
			m.forget(b)
			stop := context.AfterFunc(ctx, b.close)
			defer stop()
			defer b.close()
			data, err := io.ReadAll(b.rc)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return nil, &stdlib.TypeError{Message: "terminated", Cause: err}
			}
			return data, nil
		}, m.bodyConverter(c.Argument(1).String()))
		m.env.FollowSignal(op, sig)
		return op.Object()
	})
	o.Set("fetch", func(c goja.FunctionCall) goja.Value {
		spec := c.Argument(0).ToObject(rt)
		req := &request{
			url:      spec.Get("url").String(),
			method:   spec.Get("method").String(),
			redirect: spec.Get("redirect").String(),
		}
		var pairs [][]string
		if err := rt.ExportTo(spec.Get("headers"), &pairs); err != nil {
			panic(err)
		}
		for _, p := range pairs {
			req.headers = append(req.headers, [2]string{p[0], p[1]})
		}
		if b, ok := realm.Bytes(spec.Get("body")); ok {
			req.body = append([]byte{}, b...)
		}
		makeResponse, _ := goja.AssertFunction(c.Argument(1))
		signal := c.Argument(2)
		sig, err := stdlib.SignalArg(signal)
		if err != nil {
			return m.env.Reject("fetch", err)
		}
		op := m.env.Go("fetch "+req.url, func(ctx context.Context) (any, error) {
			return m.do(ctx, req)
		}, func(rt *goja.Runtime, v any) (goja.Value, error) {
			r := v.(*response)
			hs := make([]any, len(r.headers))
			for i, h := range r.headers {
				hs[i] = rt.NewArray(h[0], h[1])
			}
			meta := rt.NewObject()
			meta.Set("status", r.status)
			meta.Set("statusText", r.statusText)
			meta.Set("url", r.url)
			meta.Set("redirected", r.redirected)
			meta.Set("headers", rt.NewArray(hs...))
			meta.Set("handle", r.body)
			meta.Set("signal", signal)
			return makeResponse(goja.Undefined(), meta)
		})
		m.env.FollowSignal(op, sig)
		return op.Object()
	})
	return o
}

func (m *Module) forget(b *body) {
	m.mu.Lock()
	delete(m.bodies, b)
	m.mu.Unlock()
}

func (m *Module) bodyConverter(kind string) func(rt *goja.Runtime, v any) (goja.Value, error) {
	return func(rt *goja.Runtime, v any) (goja.Value, error) {
		data := v.([]byte)
		switch kind {
		case "arrayBuffer":
			return rt.ToValue(rt.NewArrayBuffer(data)), nil
		case "bytes":
			return m.env.Realm.Uint8Array(data), nil
		}
		text, _, _ := stdlib.DecodeUTF8(data, false, true)
		text = strings.TrimPrefix(text, "\uFEFF")
		if kind == "json" {
			return m.jsonParse(goja.Undefined(), rt.ToValue(text))
		}
		return rt.ToValue(text), nil
	}
}

var errRedirect = errors.New("unexpected redirect")

// checkURL makes sure u may be fetched: an http(s) URL whose host is granted.
func checkURL(perms *permission.Policy, u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return &stdlib.TypeError{Message: "fetch failed", Cause: fmt.Errorf("unknown scheme %q", u.Scheme)}
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		return &stdlib.TypeError{Message: "fetch failed", Cause: fmt.Errorf("invalid port %q", port)}
	}
	return perms.CheckNet(u.Hostname(), n)
}

// do runs the request on its goroutine: it returns once the response
// headers are in, leaving the body to be read later.
func (m *Module) do(ctx context.Context, req *request) (any, error) {
	perms := m.env.Permissions()
	u, err := url.Parse(req.url)
	if err != nil {
		return nil, &stdlib.TypeError{Message: "Failed to parse URL from " + req.url, Cause: err}
	}
	if err := checkURL(perms, u); err != nil {
		return nil, err
	}
	// The request outlives this Task (its body is read later), so it gets
	// a context of its own, tied to the run; cancelling the Task before
	// the headers are in aborts it.
	parent := context.Background()
	if m.env.Context != nil {
		parent = m.env.Context()
	}
	reqCtx, cancelReq := context.WithCancel(parent)
	stop := context.AfterFunc(ctx, cancelReq)
	var reqBody io.Reader
	if req.body != nil {
		reqBody = bytes.NewReader(req.body)
	}
	hreq, err := http.NewRequestWithContext(reqCtx, req.method, u.String(), reqBody)
	if err != nil {
		stop()
		cancelReq()
		return nil, &stdlib.TypeError{Message: "fetch failed", Cause: err}
	}
	for _, h := range req.headers {
		hreq.Header.Add(h[0], h[1])
	}
	if hreq.Header.Get("User-Agent") == "" {
		hreq.Header.Set("User-Agent", UserAgent)
	}
	if hreq.Header.Get("Accept") == "" {
		hreq.Header.Set("Accept", "*/*")
	}
	hops := 0
	client := &http.Client{
		Transport: m.transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			switch req.redirect {
			case "manual":
				return http.ErrUseLastResponse
			case "error":
				return errRedirect
			}
			if len(via) > 20 {
				return errors.New("redirect count exceeded")
			}
			if err := checkURL(perms, next.URL); err != nil {
				return err
			}
			hops++
			return nil
		},
	}
	resp, err := client.Do(hreq)
	if err != nil {
		stop()
		cancelReq()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var pe *permission.Error
		if errors.As(err, &pe) {
			return nil, pe
		}
		var te *stdlib.TypeError
		if errors.As(err, &te) {
			return nil, te
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &stdlib.TypeError{Message: "fetch failed", Cause: err}
	}
	if !stop() {
		// The Task was cancelled as the headers came in.
		resp.Body.Close()
		cancelReq()
		return nil, ctx.Err()
	}
	b := &body{rc: resp.Body, cancel: cancelReq}
	m.mu.Lock()
	m.bodies[b] = struct{}{}
	m.mu.Unlock()
	r := &response{
		status:     resp.StatusCode,
		statusText: strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))),
		url:        resp.Request.URL.String(),
		redirected: hops > 0,
		body:       b,
	}
	names := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range resp.Header[k] {
			r.headers = append(r.headers, [2]string{strings.ToLower(k), v})
		}
	}
	return r, nil
}
