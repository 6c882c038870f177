"use strict";
// taskGroup(body): asyncio.TaskGroup (Python 3.13) as a function.
//
//   const r = await taskGroup(async (tg) => {
//     tg.createTask(a);
//     tg.createTask(b, { name: "b" });
//     return "body result";
//   });
//
// The body runs in the calling task (the group's parent). The group waits
// for every child; the first child failure cancels the other children and
// the parent (so the body stops at its current await), and the group then
// throws an AggregateError of the failures, asyncio's ExceptionGroup.
// Cancelling the parent cancels every child. cancelling()/uncancel() keep
// the parent's cancellation count as asyncio does, so a group that
// cancelled its parent itself does not leave it cancelled.

const { isCancelledError, InvalidStateError, Future, currentTask, createTask } = require("internal");

class TaskGroup {
  constructor() {
    this._entered = false;
    this._exiting = false;
    this._aborting = false;
    this._parent = null;
    this._parentCancelRequested = false;
    this._tasks = new Set();
    this._errors = [];
    this._onCompleted = null;
    this._bodyCancelled = false;
    this._propagateCancellation = null;
    // One done callback shared by every child of the group.
    this._onTaskDone = (task) => this._taskDone(task);
  }

  toString() {
    let info = "";
    if (this._tasks.size) info += ` tasks=${this._tasks.size}`;
    if (this._errors && this._errors.length) info += ` errors=${this._errors.length}`;
    if (this._aborting) info += " cancelling";
    else if (this._entered) info += " entered";
    return `<TaskGroup${info}>`;
  }

  // createTask(fn, {name}) starts fn as a child task of the group.
  createTask(fn, options) {
    if (!this._entered) throw new InvalidStateError(`TaskGroup ${this} has not been entered`);
    if (this._exiting && this._tasks.size === 0) throw new InvalidStateError(`TaskGroup ${this} is finished`);
    if (this._aborting) throw new InvalidStateError(`TaskGroup ${this} is shutting down`);
    const task = createTask(fn, options);
    this._tasks.add(task);
    task.addDoneCallback(this._onTaskDone);
    return task;
  }

  _enter() {
    const parent = currentTask();
    if (parent === null) throw new InvalidStateError(`TaskGroup ${this} cannot determine the parent task`);
    this._parent = parent;
    this._entered = true;
  }

  _abort() {
    this._aborting = true;
    for (const t of this._tasks) {
      if (!t.done()) t.cancel();
    }
  }

  _taskDone(task) {
    this._tasks.delete(task);
    if (this._onCompleted !== null && this._tasks.size === 0 && !this._onCompleted.done()) {
      this._onCompleted.setResult(true);
    }
    if (task.cancelled()) return;
    if (this._parent === null || this._parent.done()) {
      // Nobody is left to report this failure to: leave it unretrieved so
      // the host reports it as an unhandled failure.
      return;
    }
    const exc = task.exception();
    if (exc === null) return;
    this._errors.push(exc);
    if (!this._aborting && !this._parentCancelRequested) {
      // Cancel the other children and whatever the body is waiting on; the
      // parent is uncancelled again when the group exits.
      this._abort();
      this._parentCancelRequested = true;
      this._parent.cancel();
    }
  }

  // _startExit(failed, err) starts the exit once the body is done (failed/err
  // say how) and reports whether children are left to wait for.
  _startExit(failed, err) {
    this._exiting = true;
    this._bodyCancelled = failed && isCancelledError(err);
    this._propagateCancellation = this._bodyCancelled ? err : null;
    if (failed && !this._aborting) {
      // The parent is being cancelled, or the body threw: stop the children.
      this._abort();
    }
    return this._tasks.size > 0;
  }

  // _waitChildren waits until every child is done. A loop: the wait can be
  // cancelled again and again if the parent is cancelled repeatedly, or
  // once more while the group is already aborting.
  async _waitChildren() {
    while (this._tasks.size > 0) {
      if (this._onCompleted === null) this._onCompleted = new Future();
      try {
        await this._onCompleted;
      } catch (e) {
        if (!isCancelledError(e)) throw e;
        if (!this._aborting) {
          // The parent is cancelled while the body is done and children
          // still run.
          this._propagateCancellation = e;
          this._abort();
        }
      }
      this._onCompleted = null;
    }
  }

  // _finish ends the exit and throws what the group must throw. It never
  // awaits: a cancellation it re-requests must land at the parent's next
  // real suspension, not at an await of the group's own.
  _finish(failed, err) {
    const parent = this._parent;
    const errors = this._errors;
    let propagateCancellation = this._propagateCancellation;
    this._parent = null;
    this._errors = null;
    this._propagateCancellation = null;
    if (this._parentCancelRequested) {
      // We cancelled the parent ourselves: take that request back. With
      // no other request pending, the CancelledError was only ours.
      if (parent.uncancel() === 0) propagateCancellation = null;
    }
    // A CancelledError propagates, unless there are errors: they win.
    if (propagateCancellation !== null && errors.length === 0) throw propagateCancellation;
    if (failed && !this._bodyCancelled) errors.push(err);
    if (errors.length > 0) {
      // If the parent is also being cancelled from outside, uncancel and
      // cancel it again, which keeps the count stable while making sure the
      // cancellation is delivered at its next await.
      if (parent.cancelling()) {
        parent.uncancel();
        parent.cancel();
      }
      const n = errors.length;
      throw new AggregateError(errors, `unhandled errors in a TaskGroup (${n} sub-exception${n === 1 ? "" : "s"})`);
    }
  }
}
Object.defineProperty(TaskGroup.prototype, Symbol.toStringTag, { value: "TaskGroup" });

// taskGroup(body) runs body(tg) in the current task and resolves to what it
// returns once every task created with tg.createTask has finished.
async function taskGroup(body) {
  if (typeof body !== "function") throw new TypeError("taskGroup expects a function");
  const tg = new TaskGroup();
  tg._enter();
  let result;
  let failed = false;
  let err;
  try {
    result = await body(tg);
  } catch (e) {
    failed = true;
    err = e;
  }
  if (tg._startExit(failed, err)) await tg._waitChildren();
  tg._finish(failed, err);
  // Without a throw from _finish, a CancelledError from the body was the
  // group's own: carry on after the group.
  return failed ? undefined : result;
}

module.exports = { taskGroup };
