// flags: --virtual-time
// AbortController and AbortSignal as the web defines them, and task.signal.
const { test, run, eq, assert, deepEq, throws } = require("../../lib/check.js");

test("controller_abort_default_reason", () => {
  const ac = new AbortController();
  const s = ac.signal;
  eq(ac.signal, s, "one signal per controller");
  eq(s.aborted, false);
  eq(s.reason, undefined);
  s.throwIfAborted(); // does nothing
  ac.abort();
  eq(s.aborted, true);
  assert(s.reason instanceof Error);
  eq(s.reason.name, "AbortError");
  eq(s.reason.message, "This operation was aborted");
  const e = throws(() => s.throwIfAborted());
  eq(e, s.reason, "throwIfAborted throws the reason itself");
  const r = s.reason;
  ac.abort("again");
  eq(s.reason, r, "a second abort changes nothing");
});

test("controller_abort_custom_reason", () => {
  const ac = new AbortController();
  const reason = { why: "custom" };
  ac.abort(reason);
  eq(ac.signal.reason, reason);
  eq(throws(() => ac.signal.throwIfAborted()), reason);
  const ac2 = new AbortController();
  ac2.abort(null);
  eq(ac2.signal.reason, null, "null is a reason, undefined is not");
});

test("signal_is_not_constructible", () => {
  throws(() => new AbortSignal(), TypeError);
  assert(new AbortController().signal instanceof AbortSignal);
  eq(Object.prototype.toString.call(new AbortController().signal), "[object AbortSignal]");
  eq(Object.prototype.toString.call(new AbortController()), "[object AbortController]");
});

test("listeners_event_object_and_order", () => {
  const ac = new AbortController();
  const s = ac.signal;
  const log = [];
  s.addEventListener("abort", function (ev) {
    log.push(`a:${ev.type}:${ev.target === s}:${ev.currentTarget === s}:${this === s}`);
  });
  s.onabort = (ev) => log.push(`onabort:${ev.type}`);
  s.addEventListener("abort", { handleEvent(ev) { log.push(`obj:${ev.type}`); } });
  s.addEventListener("other", () => log.push("other"));
  ac.abort();
  deepEq(log, ["a:abort:true:true:true", "onabort:abort", "obj:abort"]);
  ac.abort();
  eq(log.length, 3, "listeners run once");
});

test("onabort_keeps_its_place_and_can_be_cleared", () => {
  const ac = new AbortController();
  const s = ac.signal;
  const log = [];
  eq(s.onabort, null);
  s.onabort = () => log.push("first handler");
  s.addEventListener("abort", () => log.push("listener"));
  const h = () => log.push("second handler");
  s.onabort = h; // replaces the handler in its original position
  eq(s.onabort, h);
  ac.abort();
  deepEq(log, ["second handler", "listener"]);
  const ac2 = new AbortController();
  ac2.signal.onabort = () => log.push("never");
  ac2.signal.onabort = null;
  eq(ac2.signal.onabort, null);
  ac2.abort();
  eq(log.length, 2);
});

test("add_remove_once_and_duplicates", () => {
  const ac = new AbortController();
  const s = ac.signal;
  let n = 0;
  const f = () => n++;
  s.addEventListener("abort", f);
  s.addEventListener("abort", f); // a duplicate is ignored
  s.addEventListener("abort", f, true); // a different capture flag is not
  const g = () => { n += 100; };
  s.addEventListener("abort", g);
  s.removeEventListener("abort", g);
  s.removeEventListener("abort", () => {}); // unknown: ignored
  let once = 0;
  s.addEventListener("abort", () => once++, { once: true });
  ac.abort();
  eq(n, 2);
  eq(once, 1);
  // Dispatching another event reaches listeners of that type only.
  let other = 0;
  s.addEventListener("ping", (e) => { other++; eq(e.type, "ping"); });
  s.dispatchEvent({ type: "ping" });
  eq(other, 1);
});

test("listener_removed_by_earlier_listener_does_not_run", () => {
  const ac = new AbortController();
  const log = [];
  const second = () => log.push("second");
  ac.signal.addEventListener("abort", () => {
    log.push("first");
    ac.signal.removeEventListener("abort", second);
  });
  ac.signal.addEventListener("abort", second);
  ac.abort();
  deepEq(log, ["first"]);
});

test("stop_immediate_propagation", () => {
  const ac = new AbortController();
  const log = [];
  ac.signal.addEventListener("abort", (e) => { log.push(1); e.stopImmediatePropagation(); });
  ac.signal.addEventListener("abort", () => log.push(2));
  ac.abort();
  deepEq(log, [1]);
});

test("listener_signal_option_removes_listener", () => {
  const ac = new AbortController();
  const remover = new AbortController();
  let n = 0;
  ac.signal.addEventListener("abort", () => n++, { signal: remover.signal });
  remover.abort();
  ac.abort();
  eq(n, 0);
  // An already-aborted option signal adds nothing.
  const ac2 = new AbortController();
  ac2.signal.addEventListener("abort", () => n++, { signal: AbortSignal.abort() });
  ac2.abort();
  eq(n, 0);
});

test("abort_static", () => {
  const s = AbortSignal.abort();
  eq(s.aborted, true);
  eq(s.reason.name, "AbortError");
  const reason = new RangeError("r");
  eq(AbortSignal.abort(reason).reason, reason);
  let fired = false;
  s.addEventListener("abort", () => { fired = true; });
  assert(!fired, "an already-aborted signal fires nothing later");
});

test("timeout_aborts_with_timeout_error", async () => {
  const s = AbortSignal.timeout(50);
  const log = [];
  s.addEventListener("abort", (e) => log.push(`abort at ${now()}`));
  await sleep(49);
  eq(s.aborted, false);
  await sleep(2);
  eq(s.aborted, true);
  eq(s.reason.name, "TimeoutError");
  eq(s.reason.message, "The operation was aborted due to timeout");
  assert(s.reason instanceof Error);
  eq(log.length, 1);
  throws(() => AbortSignal.timeout(-1), RangeError);
  throws(() => AbortSignal.timeout("5"), TypeError);
  throws(() => AbortSignal.timeout(Infinity), RangeError);
});

test("any_follows_the_first_to_abort", () => {
  const a = new AbortController(), b = new AbortController();
  const s = AbortSignal.any([a.signal, b.signal]);
  eq(s.aborted, false);
  const log = [];
  s.onabort = () => log.push("any");
  a.signal.onabort = () => log.push("a");
  b.abort("from b");
  eq(s.aborted, true);
  eq(s.reason, "from b");
  a.abort("from a");
  eq(s.reason, "from b");
  deepEq(log, ["any", "a"]);
});

test("any_already_aborted_and_empty", () => {
  const aborted = AbortSignal.abort("early");
  const s = AbortSignal.any([new AbortController().signal, aborted]);
  eq(s.aborted, true);
  eq(s.reason, "early");
  const never = AbortSignal.any([]);
  eq(never.aborted, false);
  throws(() => AbortSignal.any([{}]), TypeError);
  throws(() => AbortSignal.any(), TypeError);
});

test("any_of_any_links_to_the_sources", () => {
  const a = new AbortController();
  const inner = AbortSignal.any([a.signal]);
  const outer = AbortSignal.any([inner]);
  const log = [];
  inner.onabort = () => log.push("inner");
  outer.onabort = () => log.push("outer");
  a.abort("x");
  // Dependents are marked aborted first, then the events fire in order.
  eq(inner.reason, "x");
  eq(outer.reason, "x");
  deepEq(log, ["inner", "outer"]);
});

test("any_dependents_see_aborted_state_in_source_listener", () => {
  const a = new AbortController();
  const dep = AbortSignal.any([a.signal]);
  let seen;
  a.signal.onabort = () => { seen = dep.aborted; };
  a.abort();
  eq(seen, true, "every dependent is aborted before any event fires");
});

test("any_with_timeout", async () => {
  const user = new AbortController();
  const s = AbortSignal.any([user.signal, AbortSignal.timeout(20)]);
  await sleep(25);
  eq(s.aborted, true);
  eq(s.reason.name, "TimeoutError");
  eq(user.signal.aborted, false);
});

test("aborted_any_is_dropped_by_its_sources", () => {
  const a = new AbortController(), b = new AbortController();
  for (let i = 0; i < 100; i++) AbortSignal.any([a.signal, b.signal]);
  eq(a.signal._dependents.size, 100);
  a.abort();
  eq(b.signal._dependents.size, 0, "dependents aborted through a are unlinked from b");
});

test("task_signal_aborted_on_cancel_with_message", async () => {
  const log = [];
  const t = createTask(async () => {
    const s = currentTask().signal;
    s.addEventListener("abort", () => log.push(`abort: ${s.reason.name} ${JSON.stringify(s.reason.message)}`));
    try {
      await sleep(100);
    } catch (e) {
      log.push(`caught ${e.name}, signal.aborted=${s.aborted}`);
      throw e;
    }
  });
  await sleep(1);
  eq(t.signal, t.signal, "one signal per task");
  eq(t.signal.aborted, false);
  t.cancel("stop now");
  eq(t.signal.aborted, true, "aborted as soon as cancel() is called");
  assert(t.signal.reason instanceof CancelledError);
  eq(t.signal.reason.message, "stop now");
  try { await t; } catch (e) { assert(e instanceof CancelledError); }
  deepEq(log, ['abort: CancelledError "stop now"', "caught CancelledError, signal.aborted=true"]);
});

test("task_signal_of_finished_tasks", async () => {
  const ok = createTask(async () => 1);
  await ok;
  eq(ok.signal.aborted, false);
  const failed = createTask(async () => { throw new RangeError("x"); });
  try { await failed; } catch (e) { /* observed */ }
  eq(failed.signal.aborted, false);
  const cancelled = createTask(() => sleep(10));
  await sleep(0);
  cancelled.cancel("gone");
  try { await cancelled; } catch (e) { /* cancelled */ }
  eq(cancelled.signal.aborted, true);
  assert(cancelled.signal.reason instanceof CancelledError);
  eq(cancelled.signal.reason.message, "gone");
  const never = createTask(() => 1);
  never.cancel();
  eq(never.signal.aborted, true, "cancel requested before the signal was made");
  try { await never; } catch (e) { /* cancelled before it ran */ }
});

test("task_signal_aborts_before_the_cancel_is_delivered", async () => {
  // The signal aborts synchronously inside cancel(); the task sees its
  // CancelledError afterwards, at its await, and may still recover (as a
  // timeout does, with uncancel()).
  const log = [];
  const t = createTask(async () => {
    const s = currentTask().signal;
    s.addEventListener("abort", () => log.push("abort event"));
    setTimeout(() => {
      currentTask().cancel("deadline");
      log.push("cancel() returned");
    }, 5);
    try {
      await new Promise(() => {});
    } catch (e) {
      log.push(`caught ${e.name}: ${e.message}`);
      eq(currentTask().uncancel(), 0);
      return s.aborted ? "recovered, signal stays aborted" : "?";
    }
  });
  eq(await t, "recovered, signal stays aborted");
  deepEq(log, ["abort event", "cancel() returned", "caught CancelledError: deadline"]);
});

test("signal_feeds_a_cancellable_wait", async () => {
  // The usual pattern: stop waiting when a signal aborts.
  const ac = new AbortController();
  const ev = new Event();
  const waiter = createTask(() => ev.wait());
  ac.signal.addEventListener("abort", () => waiter.cancel(String(ac.signal.reason.name)), { once: true });
  setTimeout(() => ac.abort(), 10);
  try {
    await waiter;
    assert(false, "not cancelled");
  } catch (e) {
    eq(e.message, "AbortError");
  }
  eq(ev._waiters.size, 0);
});

test("inspect_and_to_string", () => {
  const ac = new AbortController();
  const inspect = Symbol.for("nodejs.util.inspect.custom");
  eq(ac.signal[inspect](), "AbortSignal { aborted: false }");
  ac.abort();
  eq(ac[inspect](), "AbortController { signal: AbortSignal { aborted: true } }");
});

await run();
