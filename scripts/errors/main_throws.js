// exit: 1
// stderr: error: Uncaught TypeError: bad input
// stderr: at check (
// stderr: main_throws.js:6:9
function check(x) {
  throw new TypeError("bad input");
}
await sleep(1);
check(1);
