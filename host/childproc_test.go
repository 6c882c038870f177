package host_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shieldjs/shieldjs/host"
	"github.com/shieldjs/shieldjs/permission"
)

func TestExec(t *testing.T) {
	dir := tempDir(t)
	out, err := runGlobals(t, permission.Set{Run: permission.Grant{All: true}, Env: permission.Grant{List: []string{"PATH"}}}, map[string]any{"dir": dir}, `
const { exec } = require("child_process");
let r = await exec("echo", ["hello", "world"]);
console.log(JSON.stringify(r));
r = await exec("sh", ["-c", "echo out; echo err >&2; exit 3"]);
console.log(r.code, JSON.stringify(r.stdout), JSON.stringify(r.stderr));
r = await exec("cat", [], {input: "from stdin"});
console.log(r.stdout);
r = await exec("sh", ["-c", "echo $FOO-${HOME:-nohome}"], {env: {FOO: "bar"}});
console.log(r.stdout.trim());
r = await exec("pwd", [], {cwd: dir});
console.log(r.stdout.trim() === dir);
r = await exec("sh", ["-c", "printf '\\001\\002'"], {encoding: "buffer"});
console.log(r.stdout instanceof Uint8Array, [...r.stdout].join(","));
r = await exec("sh", ["-c", "kill -TERM $$"]);
console.log(r.code, r.signal);
// The script's process.env is what a program inherits by default.
process.env.ADDED = "yes";
r = await exec("sh", ["-c", "echo ${ADDED:-unset} ${HOME:-nohome}"]);
console.log(r.stdout.trim());
try { await exec("no-such-program-xyz") } catch (e) { console.log(e.code, e.syscall, e.path, e.message) }
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":0,"signal":null,"stdout":"hello world\n","stderr":""}
3 "out\n" "err\n"
from stdin
bar-nohome
true
true 1,2
null SIGTERM
yes nohome
ENOENT spawn no-such-program-xyz no-such-program-xyz spawn no-such-program-xyz ENOENT
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestExecPermissions(t *testing.T) {
	src := `
const { exec } = require("child_process");
for (const p of ["echo", "sh"]) {
  try {
    console.log(p, JSON.stringify((await exec(p, ["-c", "echo hi"])).stdout));
  } catch (e) {
    console.log(p, e.name, e.message);
  }
}
`
	out, err := runJS(t, permission.Set{}, src)
	if err != nil {
		t.Fatal(err)
	}
	want := `echo PermissionError Requires run access to "echo", run again with the --allow-run flag
sh PermissionError Requires run access to "sh", run again with the --allow-run flag
`
	if out != want {
		t.Errorf("nothing granted: got:\n%s", out)
	}
	out, err = runJS(t, permission.Set{Run: permission.Grant{List: []string{"echo"}}}, src)
	if err != nil {
		t.Fatal(err)
	}
	want = `echo "-c echo hi\n"
sh PermissionError Requires run access to "sh", run again with the --allow-run flag
`
	if out != want {
		t.Errorf("echo granted: got:\n%s", out)
	}
}

// Cancelling an exec kills the program and its process group at once.
func TestExecCancelKillsProcessGroup(t *testing.T) {
	dir := tempDir(t)
	pidFile := filepath.Join(dir, "pids")
	h, out, errb := newHost(t, host.WithPermissions(permission.Set{Run: permission.Grant{List: []string{"sh"}}}))
	h.Define("pidFile", pidFile)
	var cancelledAt time.Time
	h.Define("markCancel", func() { cancelledAt = time.Now() })
	h.DefineAsync("started", func(ctx context.Context, _ ...any) (any, error) {
		for {
			if b, err := os.ReadFile(pidFile); err == nil && strings.Count(string(b), "\n") == 2 {
				return nil, nil
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	_, err := h.RunString(context.Background(), "kill.js", `
const { exec } = require("child_process");
// sh starts a grandchild (sleep) and waits for it; both write their pids.
const t = exec("sh", ["-c", "echo $$ >> " + pidFile + "; sleep 10 & echo $! >> " + pidFile + "; wait"]);
await started();
markCancel();
t.cancel();
try { await t } catch (e) { console.log(e.name, t.cancelled()) }
`)
	elapsed := time.Since(cancelledAt)
	if err != nil {
		t.Fatalf("%v\n%s", err, errb)
	}
	if out.String() != "CancelledError true\n" {
		t.Errorf("stdout = %q", out)
	}
	// The run waits for the program to be reaped, so the whole run after
	// the cancel bounds the time the kill took.
	if elapsed > 100*time.Millisecond {
		t.Errorf("the program was reaped %v after the cancel", elapsed)
	}
	t.Logf("cancel to reaped: %v", elapsed)
	b, _ := os.ReadFile(pidFile)
	for _, f := range strings.Fields(string(b)) {
		pid, _ := strconv.Atoi(f)
		if !gone(pid, time.Second) {
			t.Errorf("process %d survived the cancel", pid)
		}
	}
}

// gone reports whether pid has exited (or is a zombie) within limit.
func gone(pid int, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(pid, 0); err == syscall.ESRCH {
			return true
		}
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			// The state follows the command name in parentheses.
			if i := strings.LastIndexByte(string(b), ')'); i > 0 && i+2 < len(b) && b[i+2] == 'Z' {
				return true
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}
