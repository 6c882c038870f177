// exit: 1
// stderr: syntax_error.js:5:13
// stderr: SyntaxError: Unexpected token
const ok = 1;
const bad = );
