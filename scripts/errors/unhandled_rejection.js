// exit: 1
// stderr: error: Uncaught (in promise) Error: nobody handles me
// stderr: unhandled_rejection.js:4:16
Promise.reject(new Error("nobody handles me"));
