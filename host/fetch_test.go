package host_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shieldjs/shieldjs/host"
	"github.com/shieldjs/shieldjs/permission"
)

// server is a loopback HTTP server whose slow endpoints report when a
// request arrives and when its connection goes away.
type server struct {
	*httptest.Server
	arrived chan string // the path of each slow request, when it arrives
	gone    chan string // the path of each slow request, when the client goes away
}

func newServer(t *testing.T) *server {
	t.Helper()
	s := &server{arrived: make(chan string, 16), gone: make(chan string, 16)}
	mux := http.NewServeMux()
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		fmt.Fprint(w, `{"hello": "world", "n": [1, 2, 3]}`)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"method": r.Method, "contentType": r.Header.Get("Content-Type"),
			"custom": r.Header.Get("X-Custom"), "body": string(body), "ua": r.Header.Get("User-Agent"),
		})
	})
	mux.HandleFunc("/status/", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/status/"), &code)
		w.WriteHeader(code)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte{0, 1, 2, 254, 255})
	})
	// /slow never answers; /slowbody sends its headers and then waits.
	slow := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slowbody" {
			w.WriteHeader(200)
			fmt.Fprint(w, "partial")
			w.(http.Flusher).Flush()
		}
		s.arrived <- r.URL.Path
		select {
		case <-r.Context().Done():
			s.gone <- r.URL.Path
		case <-time.After(10 * time.Second):
		}
	}
	mux.HandleFunc("/slow", slow)
	mux.HandleFunc("/slowbody", slow)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// hostPort is the server's address as --allow-net takes it.
func (s *server) hostPort() string {
	u, _ := url.Parse(s.URL)
	return u.Host
}

// runJS runs src on a new host with the given permissions and the server's
// URL as the global `base`, and returns what it printed.
func runJS(t *testing.T, perms permission.Set, src string, opts ...host.Option) (string, error) {
	t.Helper()
	h, out, errb := newHost(t, append([]host.Option{host.WithPermissions(perms)}, opts...)...)
	_, err := h.RunString(context.Background(), "test.js", src)
	if err != nil {
		t.Logf("stderr: %s", errb.String())
	}
	return out.String(), err
}

// runGlobals is runJS with Go values defined as globals.
func runGlobals(t *testing.T, perms permission.Set, globals map[string]any, src string) (string, error) {
	t.Helper()
	h, out, errb := newHost(t, host.WithPermissions(perms))
	for k, v := range globals {
		if err := h.Define(k, v); err != nil {
			t.Fatal(err)
		}
	}
	_, err := h.RunString(context.Background(), "test.js", src)
	if err != nil {
		t.Logf("stderr: %s", errb.String())
	}
	return out.String(), err
}

func netGrant(s *server) permission.Set {
	return permission.Set{Net: permission.Grant{List: []string{s.hostPort()}}}
}

func TestFetchBasics(t *testing.T) {
	s := newServer(t)
	out, err := runJS(t, netGrant(s), `
const base = `+"`"+s.URL+"`"+`;
let r = await fetch(base + "/json");
console.log(r.status, r.ok, r.statusText, r.url === base + "/json", r.redirected);
console.log(r.headers.get("content-type"), r.headers.get("x-multi"), r.headers.has("X-MULTI"));
console.log(JSON.stringify(await r.json()), r.bodyUsed);
try { await r.text() } catch (e) { console.log(e.name, e.message) }

r = await fetch(base + "/echo", {method: "post", headers: {"X-Custom": "yes"}, body: "plain text"});
console.log(JSON.stringify(await r.json()));
r = await fetch(new Request(base + "/echo", {method: "PUT", body: new URLSearchParams({a: "1", b: "two words"})}));
console.log(JSON.stringify(await r.json()));
r = await fetch(base + "/echo", {method: "POST", body: new Uint8Array([104, 105])});
console.log((await r.json()).body);

r = await fetch(base + "/bytes");
const ab = await r.arrayBuffer();
console.log(ab instanceof ArrayBuffer, [...new Uint8Array(ab)].join(","));
r = await fetch(base + "/status/404");
console.log(r.status, r.ok, r.statusText, JSON.stringify(await r.text()));

const h = new Headers([["A", "1"], ["b", "2"]]);
h.append("a", "3");
console.log([...h].join(";"), h.get("a"));
const made = new Response("made", {status: 201, headers: {"x-y": "z"}});
console.log(made.status, await made.text(), made.headers.get("content-type"));
console.log(JSON.stringify(await Response.json({k: 1}).json()));
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `200 true OK true false
application/json a, b true
{"hello":"world","n":[1,2,3]} true
TypeError Body is unusable: Body has already been read
{"body":"plain text","contentType":"text/plain;charset=UTF-8","custom":"yes","method":"POST","ua":"shieldjs"}
{"body":"a=1&b=two+words","contentType":"application/x-www-form-urlencoded;charset=UTF-8","custom":"","method":"PUT","ua":"shieldjs"}
hi
true 0,1,2,254,255
404 false Not Found ""
a,1, 3;b,2 1, 3
201 made text/plain;charset=UTF-8
{"k":1}
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestFetchRedirects(t *testing.T) {
	s := newServer(t)
	out, err := runJS(t, netGrant(s), `
const base = `+"`"+s.URL+"`"+`;
const to = encodeURIComponent(base + "/json");
let r = await fetch(base + "/redirect?to=" + to);
console.log(r.status, r.redirected, r.url === base + "/json");
r = await fetch(base + "/redirect?to=" + to, {redirect: "manual"});
console.log(r.status, r.redirected, r.headers.get("location") === base + "/json");
try { await fetch(base + "/redirect?to=" + to, {redirect: "error"}) } catch (e) { console.log(e.name, e.message, e.cause.message) }
// A redirect to a host that is not granted is denied.
const other = encodeURIComponent(base.replace("127.0.0.1", "localhost") + "/json");
try { await fetch(base + "/redirect?to=" + other) } catch (e) { console.log(e.name, e.message.replace(/:\d+/, ":PORT")) }
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `200 true true
302 false true
TypeError fetch failed unexpected redirect
PermissionError Requires net access to "localhost:PORT", run again with the --allow-net flag
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestFetchPermissionsAndErrors(t *testing.T) {
	s := newServer(t)
	// A port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	src := `
const base = ` + "`" + s.URL + "`" + `;
for (const u of [base + "/json", "http://` + closed + `/", "ftp://x/", "not a url"]) {
  try {
    const r = await fetch(u);
    console.log("ok", r.status);
  } catch (e) {
    console.log(e.name, e.message.replace(/:\d+/, ":PORT"));
  }
}
`
	out, err := runJS(t, permission.Set{}, src)
	if err != nil {
		t.Fatal(err)
	}
	want := `PermissionError Requires net access to "127.0.0.1:PORT", run again with the --allow-net flag
PermissionError Requires net access to "127.0.0.1:PORT", run again with the --allow-net flag
TypeError fetch failed
TypeError Failed to parse URL from not a url
`
	if out != want {
		t.Errorf("denied: got:\n%s\nwant:\n%s", out, want)
	}
	out, err = runJS(t, permission.Set{Net: permission.Grant{All: true}}, src)
	if err != nil {
		t.Fatal(err)
	}
	want = `ok 200
TypeError fetch failed
TypeError fetch failed
TypeError Failed to parse URL from not a url
`
	if out != want {
		t.Errorf("allowed: got:\n%s\nwant:\n%s", out, want)
	}
}

// Cancelling a fetch mid-request closes the connection at once: the server
// sees its request context end.
func TestFetchCancelAbortsRequest(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"task.cancel", `
const t = fetch(base + "/slow");
await arrived();
t.cancel();
try { await t } catch (e) { console.log(e.name, t.cancelled()) }
`, "CancelledError true\n"},
		{"waitFor timeout", `
try { await waitFor(fetch(base + "/slow"), 100) } catch (e) { console.log(e.name) }
`, "TimeoutError\n"},
		{"AbortController", `
const ac = new AbortController();
const t = fetch(base + "/slow", {signal: ac.signal});
await arrived();
ac.abort();
try { await t } catch (e) { console.log(e.name, t.cancelled()) }
`, "AbortError false\n"},
		{"AbortSignal.timeout", `
try { await fetch(base + "/slow", {signal: AbortSignal.timeout(100)}) } catch (e) { console.log(e.name) }
`, "TimeoutError\n"},
		{"cancelled body read", `
const r = await fetch(base + "/slowbody");
await arrived();
const t = r.text();
await sleep(20);
t.cancel();
try { await t } catch (e) { console.log(r.status, e.name) }
`, "200 CancelledError\n"},
		{"outer task cancelled", `
const worker = createTask(async () => { const r = await fetch(base + "/slow"); return r.status; });
await arrived();
worker.cancel();
try { await worker } catch (e) { console.log(e.name) }
`, "CancelledError\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newServer(t)
			h, out, errb := newHost(t, host.WithPermissions(netGrant(s)))
			h.Define("base", s.URL)
			h.DefineAsync("arrived", func(ctx context.Context, _ ...any) (any, error) {
				select {
				case <-s.arrived:
					return nil, nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			})
			done := make(chan time.Time, 1)
			go func() {
				select {
				case <-s.gone:
					done <- time.Now()
				case <-time.After(3 * time.Second):
				}
			}()
			_, err := h.RunString(context.Background(), "cancel.js", c.src)
			ended := time.Now()
			if err != nil {
				t.Fatalf("%v\n%s", err, errb)
			}
			if out.String() != c.want {
				t.Errorf("stdout = %q, want %q", out, c.want)
			}
			select {
			case at := <-done:
				if d := at.Sub(ended); d > 100*time.Millisecond {
					t.Errorf("the server saw the connection close %v after the run ended", d)
				}
			case <-time.After(2 * time.Second):
				t.Fatal("the server never saw the connection close")
			}
		})
	}
}
