package shield_test

import (
	"sort"
	"strings"
	"testing"
)

// TestToolkitTable checks that the lazy globals Install defines are exactly
// what the toolkit modules export, so a new export cannot be forgotten.
func TestToolkitTable(t *testing.T) {
	e := newEnv(t)
	main := e.run(t, `
const names = ["waiting", "timeouts", "taskgroup", "locks", "queues", "abort"];
const got = [];
for (const n of names) {
  for (const k of Object.keys(require_internal(n))) got.push(k + "=" + n);
}
log(got.sort().join(" "));
`)
	if _, failed := main.Outcome(); failed {
		t.Fatal("script failed")
	}
	got := strings.Fields(e.out.String())
	want := shieldToolkit()
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("modules export\n%v\nthe toolkit table says\n%v", got, want)
	}
}

func TestToolkitIsLazy(t *testing.T) {
	expect(t, `
log(loadedModules().join(","));
const q = new Queue();
log(loadedModules().join(","));
log(typeof gather, loadedModules().join(","));
const t = createTask(() => sleep(10));
log(t.signal.aborted);
t.cancel("why");
log(t.signal.aborted, t.signal.reason.message, loadedModules().join(","));
await t.catch(() => {});
globalThis.Lock = "overwritten";
log(Lock);
`, `

locks,queues
function locks,queues,waiting,waitutil
false
true why abort,locks,queues,waiting,waitutil
overwritten
`)
}
