package host_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldjs/shieldjs/host"
	"github.com/shieldjs/shieldjs/permission"
)

// tempDir is a fresh directory without symbolic links in its path.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFSOperations(t *testing.T) {
	dir := tempDir(t)
	all := permission.Grant{List: []string{dir}}
	out, err := runGlobals(t, permission.Set{Read: all, Write: all}, map[string]any{"dir": dir}, `
const fs = require("node:fs/promises");
const p = (name) => dir + "/" + name;
await fs.writeFile(p("a.txt"), "héllo");
await fs.appendFile(p("a.txt"), Buffer.from(" world"));
console.log(await fs.readFile(p("a.txt"), "utf8"), await fs.readFile(p("a.txt"), {encoding: "base64"}));
const buf = await fs.readFile(p("a.txt"));
console.log(Buffer.isBuffer ? "" : "", buf instanceof Uint8Array, buf.length, buf.toString());
await fs.writeFile(p("b.bin"), new Uint8Array([1, 2, 3]));
console.log([...(await fs.readFile(p("b.bin")))].join(","));

console.log(await fs.mkdir(p("x/y/z"), {recursive: true}) === p("x"));
console.log(await fs.mkdir(p("x/y"), {recursive: true}));
await fs.writeFile(p("x/y/f.txt"), "f");
console.log((await fs.readdir(dir)).join(","));
const ents = await fs.readdir(dir, {withFileTypes: true});
console.log(ents.map((d) => d.name + ":" + (d.isDirectory() ? "dir" : d.isFile() ? "file" : "?")).join(","));
console.log((await fs.readdir(p("x"), {recursive: true})).join(","));

const st = await fs.stat(p("a.txt"));
console.log(st.isFile(), st.isDirectory(), st.size, typeof st.mtimeMs, st.mtime instanceof Date, Math.abs(st.mtimeMs - Date.now()) < 60000);
console.log((await fs.stat(dir)).isDirectory());

await fs.rename(p("a.txt"), p("c.txt"));
console.log(await fs.readFile(p("c.txt"), "utf8"));
await fs.rm(p("x"), {recursive: true});
await fs.rm(p("nothing"), {force: true});
await fs.rm(p("c.txt"));
console.log((await fs.readdir(dir)).join(","));

for (const [what, fn] of [
  ["readFile", () => fs.readFile(p("missing.txt"))],
  ["stat", () => fs.stat(p("missing"))],
  ["readdir", () => fs.readdir(p("missing"))],
  ["rename", () => fs.rename(p("missing"), p("other"))],
  ["mkdir", () => fs.mkdir(dir)],
  ["rm", () => fs.rm(p("missing"))],
  ["rmdir", () => fs.mkdir(p("d")).then(() => fs.rm(p("d")))],
  ["readdir file", () => fs.readdir(p("b.bin"))],
  ["read a directory", () => fs.readFile(dir)],
  ["bad path", () => fs.readFile(42)],
]) {
  try {
    await fn();
    console.log(what, "succeeded");
  } catch (e) {
    console.log(what, "|", e.code, e.syscall, e.errno, e.path === undefined ? "-" : e.path.replace(dir, "DIR"), e.dest === undefined ? "-" : e.dest.replace(dir, "DIR"), "|", e.message.split(dir).join("DIR"));
  }
}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `héllo world aMOpbGxvIHdvcmxk
 true 12 héllo world
1,2,3
true
undefined
a.txt,b.bin,x
a.txt:file,b.bin:file,x:dir
y,y/f.txt,y/z
true false 12 number true true
true
héllo world
b.bin
readFile | ENOENT open -2 DIR/missing.txt - | ENOENT: no such file or directory, open 'DIR/missing.txt'
stat | ENOENT stat -2 DIR/missing - | ENOENT: no such file or directory, stat 'DIR/missing'
readdir | ENOENT scandir -2 DIR/missing - | ENOENT: no such file or directory, scandir 'DIR/missing'
rename | ENOENT rename -2 DIR/missing DIR/other | ENOENT: no such file or directory, rename 'DIR/missing' -> 'DIR/other'
mkdir | EEXIST mkdir -17 DIR - | EEXIST: file already exists, mkdir 'DIR'
rm | ENOENT lstat -2 DIR/missing - | ENOENT: no such file or directory, lstat 'DIR/missing'
rmdir | ERR_FS_EISDIR rm 21 DIR/d - | Path is a directory: rm returned EISDIR (is a directory) DIR/d
readdir file | ENOTDIR scandir -20 DIR/b.bin - | ENOTDIR: not a directory, scandir 'DIR/b.bin'
read a directory | EISDIR read -21 - - | EISDIR: illegal operation on a directory, read
bad path | ERR_INVALID_ARG_TYPE undefined undefined - - | The "path" argument must be of type string or an instance of Buffer or URL. Received type number (42)
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestFSPermissions(t *testing.T) {
	root := tempDir(t)
	allowed := filepath.Join(root, "allowed")
	secret := filepath.Join(root, "secret")
	for _, d := range []string{allowed, secret} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "f.txt"), []byte("content of "+filepath.Base(d)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(secret, filepath.Join(allowed, "link")); err != nil {
		t.Fatal(err)
	}
	src := `
const fs = require("fs/promises");
const tries = {
  "read allowed": () => fs.readFile(allowed + "/f.txt", "utf8"),
  "read secret": () => fs.readFile(secret + "/f.txt", "utf8"),
  "read via ..": () => fs.readFile(allowed + "/../secret/f.txt", "utf8"),
  "read via symlink": () => fs.readFile(allowed + "/link/f.txt", "utf8"),
  "stat secret": () => fs.stat(secret).then(() => "stat ok"),
  "readdir secret": () => fs.readdir(secret).then((l) => l.join()),
  "write allowed": () => fs.writeFile(allowed + "/new.txt", "x").then(() => "written"),
  "write via symlink": () => fs.writeFile(allowed + "/link/new.txt", "x").then(() => "written"),
  "mkdir secret": () => fs.mkdir(secret + "/d").then(() => "made"),
  "rm secret": () => fs.rm(secret + "/f.txt").then(() => "removed"),
  "rename out": () => fs.rename(allowed + "/f.txt", secret + "/moved.txt").then(() => "renamed"),
};
for (const [name, fn] of Object.entries(tries)) {
  try {
    console.log(name, "->", await fn());
  } catch (e) {
    console.log(name, "->", e.name, e.message.split(root).join("ROOT"));
  }
}
`
	run := func(perms permission.Set) string {
		h, out, errb := newHost(t, host.WithPermissions(perms))
		h.Define("allowed", allowed)
		h.Define("secret", secret)
		h.Define("root", root)
		if _, err := h.RunString(t.Context(), "perms.js", src); err != nil {
			t.Fatalf("%v\n%s", err, errb)
		}
		return out.String()
	}
	scoped := permission.Grant{List: []string{allowed}}
	got := run(permission.Set{Read: scoped, Write: scoped})
	want := `read allowed -> content of allowed
read secret -> PermissionError Requires read access to "ROOT/secret/f.txt", run again with the --allow-read flag
read via .. -> PermissionError Requires read access to "ROOT/secret/f.txt", run again with the --allow-read flag
read via symlink -> PermissionError Requires read access to "ROOT/allowed/link/f.txt", run again with the --allow-read flag
stat secret -> PermissionError Requires read access to "ROOT/secret", run again with the --allow-read flag
readdir secret -> PermissionError Requires read access to "ROOT/secret", run again with the --allow-read flag
write allowed -> written
write via symlink -> PermissionError Requires write access to "ROOT/allowed/link/new.txt", run again with the --allow-write flag
mkdir secret -> PermissionError Requires write access to "ROOT/secret/d", run again with the --allow-write flag
rm secret -> PermissionError Requires write access to "ROOT/secret/f.txt", run again with the --allow-write flag
rename out -> PermissionError Requires write access to "ROOT/secret/moved.txt", run again with the --allow-write flag
`
	if got != want {
		t.Errorf("scoped: got:\n%s\nwant:\n%s", got, want)
	}
	// Nothing granted: everything is denied, reads and writes alike.
	got = run(permission.Set{})
	if strings.Count(got, "PermissionError") != 11 {
		t.Errorf("nothing granted: got:\n%s", got)
	}
	// Everything granted.
	got = run(permission.All())
	if strings.Contains(got, "PermissionError") || !strings.Contains(got, "read via symlink -> content of secret") {
		t.Errorf("all granted: got:\n%s", got)
	}
}
