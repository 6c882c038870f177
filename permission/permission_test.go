package permission_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldjs/shieldjs/permission"
)

func TestDeniedByDefault(t *testing.T) {
	p := permission.New(permission.Set{})
	checks := []struct {
		err  error
		want string
	}{
		{p.CheckRead("/etc/passwd"), `Requires read access to "/etc/passwd", run again with the --allow-read flag`},
		{p.CheckWrite("/tmp/x"), `Requires write access to "/tmp/x", run again with the --allow-write flag`},
		{p.CheckNet("Example.com", 443), `Requires net access to "example.com:443", run again with the --allow-net flag`},
		{p.CheckRun("ls"), `Requires run access to "ls", run again with the --allow-run flag`},
		{p.CheckEnv("HOME"), `Requires env access to "HOME", run again with the --allow-env flag`},
	}
	for _, c := range checks {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("got %v, want %s", c.err, c.want)
		}
		if !permission.IsDenied(c.err) {
			t.Errorf("IsDenied(%v) = false", c.err)
		}
	}
}

func TestAllowAll(t *testing.T) {
	p := permission.New(permission.All())
	for _, err := range []error{
		p.CheckRead("/etc/passwd"), p.CheckWrite("/x"), p.CheckNet("a.b", 1),
		p.CheckRun("whatever"), p.CheckEnv("X"),
	} {
		if err != nil {
			t.Error(err)
		}
	}
}

// tree makes dir/allowed/{file,sub/}, dir/secret/file, a symlink
// allowed/escape -> ../secret and allowed/inner -> sub.
func tree(t *testing.T) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"allowed/sub", "secret"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"allowed/file", "secret/file"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("../secret", filepath.Join(dir, "allowed/escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "allowed/inner")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPathScopes(t *testing.T) {
	dir := tree(t)
	p := permission.NewAt(permission.Set{
		Read:  permission.Grant{List: []string{"allowed"}},
		Write: permission.Grant{List: []string{filepath.Join(dir, "allowed", "sub")}},
	}, dir)
	allowedReads := []string{
		"allowed", "allowed/file", "allowed/sub", "allowed/new-file", "allowed/new/dir/x",
		filepath.Join(dir, "allowed/file"), "allowed/inner/x", "allowed/sub/../file",
		"secret/../allowed/file",
	}
	for _, path := range allowedReads {
		if err := p.CheckRead(path); err != nil {
			t.Errorf("read %s: %v", path, err)
		}
	}
	deniedReads := []string{
		".", "secret/file", "allowed/../secret/file", "allowed/escape/file", "allowed/escape",
		"/etc/passwd", "allowedx", "allowed/nonexistent/../../secret/file",
	}
	for _, path := range deniedReads {
		err := p.CheckRead(path)
		if err == nil {
			t.Errorf("read %s allowed", path)
			continue
		}
		if !strings.Contains(err.Error(), "--allow-read") {
			t.Errorf("read %s: %v", path, err)
		}
	}
	if err := p.CheckRead("allowed/escape/../allowed/file"); err != nil {
		t.Errorf(".. after a symlink applies to the link's target: %v", err)
	}
	if err := p.CheckWrite("allowed/inner/new"); err != nil {
		t.Errorf("write through a symlink into a granted directory: %v", err)
	}
	for _, path := range []string{"allowed/file", "allowed/sub/../file", "secret/x"} {
		if err := p.CheckWrite(path); err == nil {
			t.Errorf("write %s allowed", path)
		}
	}
	// The message shows the path as asked for, made absolute.
	err := p.CheckRead("secret/../secret/file")
	if want := filepath.Join(dir, "secret/file"); err == nil || !strings.Contains(err.Error(), `"`+want+`"`) {
		t.Errorf("err = %v, want it to name %s", err, want)
	}
}

func TestNet(t *testing.T) {
	p := permission.New(permission.Set{Net: permission.Grant{List: []string{"example.com", "127.0.0.1:8080", "[::1]:9000", "Other.org."}}})
	for _, c := range []struct {
		host string
		port int
		ok   bool
	}{
		{"example.com", 443, true}, {"EXAMPLE.com", 80, true}, {"sub.example.com", 443, false},
		{"127.0.0.1", 8080, true}, {"127.0.0.1", 8081, false}, {"::1", 9000, true}, {"[::1]", 9000, true},
		{"::1", 9001, false}, {"other.org", 1, true}, {"localhost", 8080, false},
	} {
		if err := p.CheckNet(c.host, c.port); (err == nil) != c.ok {
			t.Errorf("%s:%d: %v, want allowed=%v", c.host, c.port, err, c.ok)
		}
	}
}

func TestRunAndEnv(t *testing.T) {
	p := permission.New(permission.Set{
		Run: permission.Grant{List: []string{"sleep"}},
		Env: permission.Grant{List: []string{"HOME", "AWS_*"}},
	})
	if err := p.CheckRun("sleep"); err != nil {
		t.Error(err)
	}
	if err := p.CheckRun("echo"); err == nil {
		t.Error("echo allowed")
	}
	if path, err := exec.LookPath("sleep"); err == nil {
		if err := p.CheckRun(path); err != nil {
			t.Errorf("the path of a granted name: %v", err)
		}
	}
	for name, ok := range map[string]bool{"HOME": true, "AWS_KEY": true, "AWS": false, "PATH": false} {
		if p.CanEnv(name) != ok {
			t.Errorf("env %s: allowed=%v", name, !ok)
		}
	}
	got := p.FilterEnv(map[string]string{"HOME": "/h", "PATH": "/bin", "AWS_X": "1"})
	if len(got) != 2 || got["HOME"] != "/h" || got["AWS_X"] != "1" {
		t.Errorf("FilterEnv = %v", got)
	}
}

func TestFlags(t *testing.T) {
	parse := func(args ...string) (permission.Set, []string) {
		t.Helper()
		var s permission.Set
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		permission.RegisterFlags(fs, &s)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return s, fs.Args()
	}
	s, rest := parse("--allow-read", "--allow-net=a.com,b.com:81", "--allow-net=c", "--allow-env=HOME", "main.js", "--allow-run")
	if !s.Read.All || s.Write.Granted() || strings.Join(s.Net.List, " ") != "a.com b.com:81 c" || s.Env.List[0] != "HOME" || s.Run.Granted() {
		t.Errorf("set = %+v", s)
	}
	if strings.Join(rest, " ") != "main.js --allow-run" {
		t.Errorf("args = %v", rest)
	}
	s, _ = parse("-A")
	if !s.Write.All || !s.Run.All {
		t.Errorf("-A: %+v", s)
	}
	s, _ = parse("--allow-all")
	if !s.Env.All {
		t.Errorf("--allow-all: %+v", s)
	}
	s, _ = parse("--allow-write=")
	if !s.Write.All {
		t.Errorf("--allow-write=: %+v", s)
	}
}
