// flags: --virtual-time
// Ported from CPython test_futures.py (3.13) test_uninitialized: the
// methods of a Future whose constructor never ran must fail cleanly, never
// crash the runtime. CPython's object from Future.__new__ without __init__
// is, in JS, Object.create(Future.prototype) (or a Future method called on
// any other object). CPython raises InvalidStateError from result() and
// exception(), RuntimeError/AttributeError from the rest, and cancelled()
// and done() return False; a JS built-in called on a foreign receiver
// throws TypeError, which is accepted everywhere.
const { test, run, assert } = require("../../lib/check.js");

function check(name, call, { allowed = [TypeError], orReturn } = {}) {
  let r;
  try {
    r = call();
  } catch (e) {
    assert(allowed.some((C) => e instanceof C), `${name}: unexpected ${e && e.name}: ${e && e.message}`);
    return;
  }
  assert(orReturn !== undefined && r === orReturn, `${name}: returned ${String(r)} instead of throwing`);
}

test("test_uninitialized", async () => {
  const fresh = () => Object.create(Future.prototype);
  check("result()", () => fresh().result(), { allowed: [InvalidStateError, TypeError] });
  check("exception()", () => fresh().exception(), { allowed: [InvalidStateError, TypeError] });
  check("setResult()", () => fresh().setResult(null));
  check("setException()", () => fresh().setException(new Error()));
  check("cancel()", () => fresh().cancel());
  check("addDoneCallback()", () => fresh().addDoneCallback(() => {}));
  check("removeDoneCallback()", () => fresh().removeDoneCallback(() => {}));
  check("cancelled()", () => fresh().cancelled(), { orReturn: false });
  check("done()", () => fresh().done(), { orReturn: false });
  // The same methods on objects that are not Futures at all.
  check("result.call({})", () => Future.prototype.result.call({}), { allowed: [InvalidStateError, TypeError] });
  check("done.call(promise)", () => Future.prototype.done.call(Promise.resolve(1)), { orReturn: false });
  check("getName.call(future)", () => Task.prototype.getName.call(new Future()));
});

await run();
