// exit: 4
process.exitCode = 4;
console.log("set exitCode");
