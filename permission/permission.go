// Package permission is the sandbox policy of a shieldjs host: what a script
// may read, write, connect to, run, and see of the environment. As in Deno,
// everything is denied unless it is granted.
//
// A [Set] says what is granted; it is a plain value, built in Go or from the
// command-line flags (see [Flag]). [New] turns it into a [Policy], which
// answers the checks that Go-backed operations make before they touch the
// outside world. A denied check returns an [*Error] whose message names the
// flag that would grant it:
//
//	Requires read access to "/etc/passwd", run again with the --allow-read flag
//
// Paths are resolved before they are compared: made absolute, with ".."
// applied where the operating system would apply it and the symbolic links
// of the longest existing prefix followed, so that neither "../" nor a
// symlink leads out of a granted directory.
package permission

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Kind is one kind of permission.
type Kind int

// The kinds of permission, each granted by its own flag.
const (
	Read  Kind = iota // reading files: --allow-read
	Write             // creating, changing and removing files: --allow-write
	Net               // network connections: --allow-net
	Run               // starting programs: --allow-run
	Env               // environment variables: --allow-env
)

var kindNames = [...]string{"read", "write", "net", "run", "env"}

// String returns the kind's name: "read", "write", "net", "run" or "env".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// Flag returns the command-line flag that grants the kind, such as "--allow-read".
func (k Kind) Flag() string { return "--allow-" + k.String() }

// A Grant is what is allowed of one kind: nothing (the zero value),
// everything (All), or the targets in List. Targets are paths for Read and
// Write, hosts ("example.com", "example.com:8080", "127.0.0.1",
// "[::1]:8080") for Net, program names or paths for Run, and variable names
// for Env (a trailing "*" matches any suffix, as in "AWS_*").
type Grant struct {
	All  bool
	List []string
}

// Granted reports whether anything at all is granted.
func (g Grant) Granted() bool { return g.All || len(g.List) > 0 }

// A Set is a complete permission set. The zero value denies everything.
type Set struct {
	Read, Write, Net, Run, Env Grant
}

// All returns a Set that grants everything, as --allow-all (-A) does.
func All() Set {
	all := Grant{All: true}
	return Set{Read: all, Write: all, Net: all, Run: all, Env: all}
}

// Grant returns a pointer to the Grant of kind k in s.
func (s *Set) Grant(k Kind) *Grant {
	switch k {
	case Read:
		return &s.Read
	case Write:
		return &s.Write
	case Net:
		return &s.Net
	case Run:
		return &s.Run
	case Env:
		return &s.Env
	}
	panic("permission: unknown kind " + k.String())
}

// Error reports a denied permission.
type Error struct {
	Kind Kind
	// Target is what was asked for: an absolute path, a "host:port", a
	// program, or an environment variable's name.
	Target string
}

// Error returns Deno's message, which names the flag that grants the access.
func (e *Error) Error() string {
	return fmt.Sprintf("Requires %s access to %q, run again with the %s flag", e.Kind, e.Target, e.Kind.Flag())
}

// IsDenied reports whether err is (or wraps) a permission *Error.
func IsDenied(err error) bool {
	var pe *Error
	return errors.As(err, &pe)
}

// A Policy answers permission checks for a Set. It is immutable and safe
// for concurrent use; the checks of paths and programs consult the file
// system, so they belong on the goroutine of a Go-backed operation rather
// than on the event loop.
type Policy struct {
	set   Set
	cwd   string
	read  []string // resolved granted paths
	write []string
	net   []netGrant
}

type netGrant struct {
	host string
	port string // "" for any port
}

// New returns the Policy for s. Relative paths, in s and in later checks,
// are relative to the working directory at the time of the call.
func New(s Set) *Policy {
	cwd, _ := os.Getwd()
	return NewAt(s, cwd)
}

// NewAt is New with relative paths taken relative to dir.
func NewAt(s Set, dir string) *Policy {
	p := &Policy{set: cloneSet(s), cwd: dir}
	for _, e := range s.Read.List {
		p.read = append(p.read, p.Resolve(e))
	}
	for _, e := range s.Write.List {
		p.write = append(p.write, p.Resolve(e))
	}
	for _, e := range s.Net.List {
		p.net = append(p.net, parseNetGrant(e))
	}
	return p
}

func cloneSet(s Set) Set {
	for _, k := range []Kind{Read, Write, Net, Run, Env} {
		g := s.Grant(k)
		g.List = slices.Clone(g.List)
	}
	return s
}

// Set returns a copy of the permissions the policy enforces.
func (p *Policy) Set() Set { return cloneSet(p.set) }

// Dir returns the directory relative paths are resolved against.
func (p *Policy) Dir() string { return p.cwd }

// Resolve returns the absolute form of path that checks compare: relative
// paths are taken from the policy's directory; the longest prefix that
// exists is resolved as the operating system would (symbolic links
// followed, ".." taken after them); the rest, which does not exist, is
// cleaned lexically.
func (p *Policy) Resolve(path string) string { return resolve(path, p.cwd) }

func resolve(path, cwd string) string {
	if path == "" {
		path = "."
	}
	if !filepath.IsAbs(path) {
		path = cwd + string(filepath.Separator) + path
	}
	sep := string(filepath.Separator)
	parts := strings.Split(path, sep)
	for i := len(parts); i >= 1; i-- {
		prefix := strings.Join(parts[:i], sep)
		if prefix == "" {
			prefix = sep
		}
		real, err := filepath.EvalSymlinks(prefix)
		if err != nil {
			continue
		}
		rest := append([]string{real}, parts[i:]...)
		return filepath.Clean(strings.Join(rest, sep))
	}
	return filepath.Clean(path)
}

// display is how a path appears in an error: absolute, cleaned, without
// revealing where symbolic links lead.
func (p *Policy) display(path string) string {
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.cwd, path)
	}
	return filepath.Clean(path)
}

func within(path string, grants []string) bool {
	for _, g := range grants {
		if path == g || g == string(filepath.Separator) || strings.HasPrefix(path, g+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// CheckRead reports whether path may be read.
func (p *Policy) CheckRead(path string) error {
	if p.set.Read.All || within(p.Resolve(path), p.read) {
		return nil
	}
	return &Error{Kind: Read, Target: p.display(path)}
}

// CheckWrite reports whether path may be created, changed or removed.
func (p *Policy) CheckWrite(path string) error {
	if p.set.Write.All || within(p.Resolve(path), p.write) {
		return nil
	}
	return &Error{Kind: Write, Target: p.display(path)}
}

// CanRead is CheckRead as a boolean.
func (p *Policy) CanRead(path string) bool { return p.CheckRead(path) == nil }

func parseNetGrant(e string) netGrant {
	e = strings.TrimSpace(e)
	if h, port, err := net.SplitHostPort(e); err == nil {
		return netGrant{host: normHost(h), port: port}
	}
	return netGrant{host: normHost(strings.TrimSuffix(strings.TrimPrefix(e, "["), "]"))}
}

func normHost(h string) string {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if ip := net.ParseIP(h); ip != nil {
		return ip.String()
	}
	return h
}

// CheckNet reports whether a connection to host (a host name or IP
// address) on port may be made.
func (p *Policy) CheckNet(host string, port int) error {
	if p.set.Net.All {
		return nil
	}
	h := normHost(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	ps := strconv.Itoa(port)
	for _, g := range p.net {
		if g.host == h && (g.port == "" || g.port == ps) {
			return nil
		}
	}
	return &Error{Kind: Net, Target: net.JoinHostPort(h, ps)}
}

// CheckRun reports whether program may be started. A granted name matches
// the program of that name and whatever the name is found as on PATH; a
// granted path matches that file, however the program names it.
func (p *Policy) CheckRun(program string) error {
	if p.set.Run.All {
		return nil
	}
	want := p.programPath(program)
	for _, g := range p.set.Run.List {
		if g == program {
			return nil
		}
		if want != "" && p.programPath(g) == want {
			return nil
		}
	}
	return &Error{Kind: Run, Target: program}
}

// programPath is the resolved file a program name or path refers to, or "".
func (p *Policy) programPath(program string) string {
	path := program
	if !strings.ContainsRune(program, filepath.Separator) {
		found, err := exec.LookPath(program)
		if err != nil {
			return ""
		}
		path = found
	}
	return p.Resolve(path)
}

// CheckEnv reports whether the environment variable name may be read.
func (p *Policy) CheckEnv(name string) error {
	if p.CanEnv(name) {
		return nil
	}
	return &Error{Kind: Env, Target: name}
}

// CanEnv is CheckEnv as a boolean.
func (p *Policy) CanEnv(name string) bool {
	if p.set.Env.All {
		return true
	}
	for _, g := range p.set.Env.List {
		if g == name {
			return true
		}
		if prefix, ok := strings.CutSuffix(g, "*"); ok && strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// FilterEnv returns the entries of env whose names may be read.
func (p *Policy) FilterEnv(env map[string]string) map[string]string {
	out := make(map[string]string)
	for k, v := range env {
		if p.CanEnv(k) {
			out[k] = v
		}
	}
	return out
}

// Environ returns the process environment as a map.
func Environ() map[string]string {
	out := make(map[string]string)
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			out[k] = v
		}
	}
	return out
}
