package host_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/shieldjs/shieldjs/host"
	"github.com/shieldjs/shieldjs/permission"
)

// The smallest embedding: run a script and wait for everything it started.
func Example() {
	h := host.New(host.WithStdout(os.Stdout))
	defer h.Close()
	_, err := h.RunString(context.Background(), "hello.js", `
const t = createTask(async () => { await sleep(10); return "world"; });
console.log("hello", await t);
`)
	if err != nil {
		fmt.Println(err)
	}
	// Output: hello world
}

// A Go function that scripts call like an async function. Each call runs on
// its own goroutine and gives the script a Task; when the script cancels
// the Task (here through waitFor's timeout), ctx is cancelled at once.
func ExampleHost_DefineAsync() {
	h := host.New(host.WithStdout(os.Stdout))
	defer h.Close()
	cancelled := make(chan struct{})
	h.DefineAsync("slowQuery", func(ctx context.Context, args ...any) (any, error) {
		select {
		case <-time.After(time.Minute):
			return "rows", nil
		case <-ctx.Done():
			close(cancelled)
			return nil, ctx.Err()
		}
	})
	h.DefineAsync("double", func(ctx context.Context, args ...any) (any, error) {
		n, _ := args[0].(int64)
		return 2 * n, nil
	})
	_, err := h.RunString(context.Background(), "query.js", `
console.log(await double(21));
try {
  await waitFor(slowQuery("SELECT 1"), 20);
} catch (e) {
  console.log(e.name);
}
`)
	if err != nil {
		fmt.Println(err)
	}
	<-cancelled
	fmt.Println("the Go side saw the cancellation")
	// Output:
	// 42
	// TimeoutError
	// the Go side saw the cancellation
}

// A wall-clock limit comes from the context: at the deadline every task is
// cancelled (finally blocks run), and the run returns an error wrapping
// context.DeadlineExceeded.
func ExampleHost_RunString_deadline() {
	h := host.New(host.WithStdout(os.Stdout))
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := h.RunString(ctx, "forever.js", `
try {
  await sleep(60_000);
} finally {
  console.log("cleaning up");
}
`)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// cleaning up
	// true
}

// Call calls a JavaScript function from Go and runs the loop until the
// promise it returns settles.
func ExampleHost_Call() {
	h := host.New(host.WithStdout(os.Stdout))
	defer h.Close()
	ctx := context.Background()
	// The script defines a handler as a global.
	if _, err := h.RunString(ctx, "handler.js", `
globalThis.greet = async (name) => {
  await sleep(5);
  return "hello, " + name;
};
`); err != nil {
		fmt.Println(err)
		return
	}
	v, err := h.Call(ctx, "greet", "gopher")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.String())
	// Output: hello, gopher
}

// Scripts are denied everything outside the VM unless it is granted. A
// denied operation rejects with a PermissionError that names the flag.
func ExampleWithPermissions() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	os.WriteFile(dir+"/data.txt", []byte("granted"), 0o644)

	h := host.New(
		host.WithStdout(os.Stdout),
		host.WithPermissions(permission.Set{Read: permission.Grant{List: []string{dir}}}),
	)
	defer h.Close()
	h.Define("dir", dir)
	_, err := h.RunString(context.Background(), "perms.js", `
const fs = require("fs/promises");
console.log(await fs.readFile(dir + "/data.txt", "utf8"));
try {
  await fs.writeFile(dir + "/data.txt", "changed");
} catch (e) {
  console.log(e.name + ": " + e.message.replace(dir, "$DIR"));
}
`)
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// granted
	// PermissionError: Requires write access to "$DIR/data.txt", run again with the --allow-write flag
}
