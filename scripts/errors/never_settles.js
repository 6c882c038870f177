// exit: 1
// stderr: the main task can never finish
try {
  await new Promise(() => {});
} finally {
  console.log("finally runs when the stuck main task is cancelled");
}
