// flags: --timeout 200ms
// exit: 124
// stderr: timed out after 200ms
console.log("spinning");
while (true) {}
