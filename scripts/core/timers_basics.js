// flags: --virtual-time
// Timer functions as Node users know them: extra arguments, clear*, intervals,
// immediates before timers, unref'd timers do not keep the program alive, and
// callbacks run in the task that scheduled them.
const log = [];
setTimeout((a, b) => log.push(`timeout ${a}${b}`), 10, "x", "y");
const cancelled = setTimeout(() => log.push("cleared (wrong)"), 5);
clearTimeout(cancelled);
let n = 0;
const iv = setInterval(() => { log.push(`interval ${++n}`); if (n === 3) clearInterval(iv); }, 3);
setImmediate((v) => log.push(`immediate ${v}`), 1);
queueMicrotask(() => log.push("microtask"));
setTimeout(() => log.push("unref'd (wrong)"), 100000).unref();
const t = createTask(async () => {
  setTimeout(() => log.push(`timer in ${currentTask() && currentTask().getName()}`), 1);
  await sleep(20);
}, { name: "worker" });
await t;
console.log(log.join("\n"));
