// exit: 1
// stderr: throw_in_timer.js:7:9
// stderr: error: Uncaught Error: boom in a timer
// stderr:     throw new Error("boom in a timer");
console.log("before");
setTimeout(() => {
  throw new Error("boom in a timer");
}, 1);
