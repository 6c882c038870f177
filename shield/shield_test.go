package shield_test

import "testing"

func TestSeedExample(t *testing.T) {
	expect(t, `
async function coro() {
  log("start");
  await sleep(2000);
  log("finished sleeping", now());
}
async function cancelIt(t) {
  await sleep(500);
  t.cancel();
  log("cancelled", now());
}
const realTask = createTask(coro);
const shielded = shield(realTask);
createTask(() => cancelIt(shielded));
await realTask;
log(realTask.cancelled(), shielded.cancelled());
`, `
start
cancelled 500
finished sleeping 2000
false true
`)
}

func TestCancellation(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"await shield(t) in cancelled task: task gets CancelledError, t completes", `
const inner = createTask(async () => { await sleep(100); log("inner done"); return 7; });
const outer = createTask(async () => {
  try { await shield(inner); } catch (e) { log("outer got", e.name); throw e; }
});
await sleep(10);
outer.cancel();
try { await outer; } catch (e) { log("awaiting outer:", e.name); }
log("inner result", await inner, inner.cancelled(), outer.cancelled());
`, `
outer got CancelledError
awaiting outer: CancelledError
inner done
inner result 7 false true
`},
		{"plain await t: t is cancelled too", `
const inner = createTask(async () => { await sleep(100); log("inner done"); });
const outer = createTask(async () => { await inner; });
await sleep(10);
outer.cancel();
try { await outer; } catch (e) { log(e.name); }
log(inner.cancelled(), outer.cancelled());
`, `
CancelledError
true true
`},
		{"Promise.all in a cancelled task: both branches get it", `
async function a() { try { await sleep(100); } catch (e) { log("a", e.name); throw e; } }
async function b() { try { await new Promise(() => {}); } catch (e) { log("b", e.name); throw e; } }
const t = createTask(async () => { await Promise.all([a(), b()]); });
await sleep(10);
t.cancel();
try { await t; } catch (e) { log("t", e.name, t.cancelled()); }
`, `
a CancelledError
b CancelledError
t CancelledError true
`},
		{"callee that swallows CancelledError lets its caller continue", `
async function callee() {
  try { await sleep(100); } catch (e) { log("swallowed", e.name); return "x"; }
}
const t = createTask(async () => {
  const r = await callee();
  log("caller continues", r);
  await sleep(10);
  return "done";
});
await sleep(1);
t.cancel();
log(await t, t.cancelled(), t.cancelling());
`, `
swallowed CancelledError
caller continues x
done false 1
`},
		{"await on a plain new Promise is interrupted", `
const t = createTask(async () => { await new Promise(() => {}); });
await sleep(1);
t.cancel("stop");
try { await t; } catch (e) { log(e.name, JSON.stringify(e.message)); }
`, `
CancelledError "stop"
`},
		{"cancel before first step: body never runs", `
const t = createTask(async () => { log("ran"); });
log(t.cancel(), t.cancelled());
try { await t; } catch (e) { log(e.name); }
log(t.cancelled(), t.done());
`, `
true false
CancelledError
true true
`},
		{"cancel message reaches CancelledError", `
const t = createTask(() => sleep(100));
await sleep(1);
t.cancel("my message");
try { await t; } catch (e) { log(e.message); }
try { t.result(); } catch (e) { log("result:", e.message); }
`, `
my message
result: my message
`},
		{"cancelling and uncancel", `
const t = createTask(async () => {
  try { await sleep(100); } catch (e) {
    log("cancelling", currentTask().cancelling());
    log("uncancel", currentTask().uncancel());
  }
  await sleep(10);
  return "finished";
});
await sleep(1);
t.cancel();
log(await t, t.cancelling());
`, `
cancelling 1
uncancel 0
finished 0
`},
		{"running task cancelled: error at the next await", `
const t = createTask(async () => {
  currentTask().cancel();
  log("still running");
  try { await sleep(100); } catch (e) { log("next await", e.name); throw e; }
});
try { await t; } catch (e) {}
log(t.cancelled());
`, `
still running
next await CancelledError
true
`},
		{"body returns with a pending request: task ends cancelled", `
const t = createTask(() => { currentTask().cancel(); return 5; });
try { await t; } catch (e) { log(e.name); }
log(t.cancelled());
`, `
CancelledError
true
`},
		{"shield: inner cancelled by other means cancels the outer", `
const inner = createTask(() => sleep(100));
const outer = shield(inner);
await sleep(1);
inner.cancel();
try { await outer; } catch (e) { log(e.name, outer.cancelled()); }
`, `
CancelledError true
`},
		{"shield of a done task returns it", `
const t = createTask(async () => 1);
await t;
log(shield(t) === t);
`, `
true
`},
		{"shield: outer.cancel cancels only the outer", `
const inner = createTask(() => sleep(50, "v"));
const outer = shield(inner);
log(outer.cancel(), outer.cancelled(), inner.cancelled());
log(await inner);
`, `
true true false
v
`},
		{"sleep(0) yields exactly one loop turn", `
const order = [];
setTimeout(() => order.push("timer"), 0);
createTask(async () => { order.push("t1"); await sleep(0); order.push("t1b"); });
createTask(async () => { order.push("t2"); await sleep(0); order.push("t2b"); });
await sleep(0);
order.push("main");
await sleep(0);
order.push("main2");
await sleep(5);
log(order.join(" "));
`, `
t1 t2 main t1b t2b main2 timer
`},
		{"done callbacks are scheduled, never inline", `
const f = new Future();
f.addDoneCallback((x) => log("cb", x === f, x.result()));
f.setResult(3);
log("after setResult");
await sleep(0);
`, `
after setResult
cb true 3
`},
		{"currentTask and allTasks", `
const t = createTask(async () => { log(currentTask() === t, currentTask().getName()); await sleep(1); }, {name: "worker"});
await sleep(0);
log(allTasks().length, allTasks().map(x => x.getName()).join(","));
await t;
log(allTasks().length);
`, `
true worker
2 main,worker
1
`},
		{"Task is a Promise", `
const t = createTask(async () => 42);
log(t instanceof Promise, t instanceof Task, t instanceof Future);
log(await t.then(v => v + 1));
`, `
true true true
43
`},
		{"an await on a thenable is a cancellation point", `
const t = createTask(async () => {
  try { await { then(r) { setTimeout(() => r("late"), 1000); } }; } catch (e) { log("thenable await:", e.name, now()); throw e; }
});
await sleep(1);
t.cancel();
await t.catch(() => {});
log(await { then(r) { r("thenables still resolve"); } });
`, `
thenable await: CancelledError 1
thenables still resolve
`},
		{"awaiting a task from a finished task's context retrieves its exception", `
async function runner() {
  await sleep(1);
  try { await createTask(async () => { throw new Error("seen"); }); } catch (e) { log("caught", e.message); }
}
runner(); // not awaited: the main task ends first, runner goes on in its context
`, `
caught seen
`},
		{"CancelledError is an Error", `
const e = new CancelledError("m");
log(e instanceof Error, e.name, e.message, String(e));
`, `
true CancelledError m CancelledError: m
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expect(t, c.src, c.want) })
	}
}
