// Package compile turns JavaScript source into goja programs whose every
// await passes through the host, the mechanism by which a task's suspension
// points become visible and cancellable (see DESIGN.md).
//
// A source is wrapped in a function, as Node wraps CommonJS modules, so that
// it gets exports/require/module/__filename/__dirname and, for scripts, a
// top-level await. Each `await X` is rewritten to `await %await(%mark(), X)`:
// %mark runs before X, so the host can tell whether evaluating X suspended
// other work in the same task. The two names are not valid identifiers, so
// user code can neither see nor shadow them. Positions in the tree are moved
// back onto the original text, so stack traces and error locations are those
// of the file as written.
package compile

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/unistring"
)

// Names of the two hook parameters that every compiled wrapper takes after
// the five CommonJS parameters.
const (
	MarkName  = "%mark"
	AwaitName = "%await"
)

// Kind says how a source is wrapped.
type Kind int

const (
	// Script is the main program or an eval'd string: an async function, so
	// that top-level await works; it returns a promise of its completion.
	Script Kind = iota
	// Module is a CommonJS module: a plain function, as in Node.
	Module
	// Eval is a Script whose promise resolves to the value of its last
	// statement when that is an expression, as `node -p` and a REPL show.
	Eval
	// REPL is one input of an interactive session (see repl.go): an Eval
	// whose top-level declarations become globals, listed in
	// Program.Globals, so that they persist across inputs; its wrapper
	// takes a third hook, %result, that receives the value of a trailing
	// expression statement.
	REPL
)

func (k Kind) prefix() string {
	if k == Script || k == Eval {
		return "(async function (exports, require, module, __filename, __dirname) {"
	}
	return "(function (exports, require, module, __filename, __dirname) {"
}

const suffix = "\n})"

// A Program is compiled source. Running it yields the wrapper function, to be
// called with (exports, require, module, __filename, __dirname, mark, await).
type Program struct {
	*goja.Program
	Filename string
	// Globals, for a REPL input, names what the input declares at top
	// level; the host defines them on the global object before running it.
	Globals []string
}

// SyntaxError is a parse or early error, located in the original source.
type SyntaxError struct {
	Filename     string
	Line, Column int
	Message      string
	// SourceLine is the text of the offending line, without its newline.
	SourceLine string
}

// Error formats the error the way Node does: the location, the line and a
// caret under the column, then the message.
func (e *SyntaxError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d\n", e.Filename, e.Line, e.Column)
	b.WriteString(Excerpt(e.SourceLine, e.Column))
	fmt.Fprintf(&b, "\nSyntaxError: %s", e.Message)
	return b.String()
}

// Excerpt shows a source line with a caret under the given 1-based column,
// as error reports do: "line\n    ^\n". Tabs are kept so that the caret
// lines up. An empty line gives an empty excerpt.
func Excerpt(line string, column int) string {
	if line == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(line)
	b.WriteByte('\n')
	col := min(max(column-1, 0), len(line))
	for _, r := range line[:col] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString("^\n")
	return b.String()
}

// Cache holds compiled programs keyed by kind, name and source. A goja
// Program is immutable and may be run by many runtimes, so one Cache can serve
// any number of hosts. The zero value is ready to use.
type Cache struct {
	mu sync.Mutex
	m  map[cacheKey]*Program
}

type cacheKey struct {
	kind      Kind
	name, src string
}

// Compile is like the package-level Compile but returns a cached program when
// the same source was compiled before.
func (c *Cache) Compile(kind Kind, filename, src string) (*Program, error) {
	k := cacheKey{kind, filename, src}
	c.mu.Lock()
	p := c.m[k]
	c.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := Compile(kind, filename, src)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[cacheKey]*Program)
	}
	c.m[k] = p
	c.mu.Unlock()
	return p, nil
}

// Compile parses src, rewrites its awaits and compiles it. A syntax error is
// returned as a *SyntaxError located in src.
func Compile(kind Kind, filename, src string) (*Program, error) {
	if kind == REPL {
		return compileREPL(filename, src)
	}
	if strings.HasPrefix(src, "#!") {
		src = "//" + src[2:] // a shebang line; same length keeps positions
	}
	pre := kind.prefix()
	wrapped := pre + src + suffix
	prg, err := parser.ParseFile(nil, filename, wrapped, 0, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, syntaxError(filename, src, len(pre), err)
	}
	fn, ok := wrapperOf(prg)
	if !ok {
		// The source closed the wrapper early, e.g. "}) + (function() {".
		return nil, &SyntaxError{Filename: filename, Line: 1, Column: 1, Message: "Unexpected token '}'", SourceLine: lineAt(src, 1)}
	}
	fn.ParameterList.List = append(fn.ParameterList.List,
		&ast.Binding{Target: &ast.Identifier{Name: MarkName}},
		&ast.Binding{Target: &ast.Identifier{Name: AwaitName}})

	if kind == Eval {
		returnLast(fn.Body)
	}
	return finish(prg, filename, src, len(pre), nil)
}

// finish rewrites the awaits of a parsed, wrapped source, moves its
// positions back by shift onto src, and compiles it.
func finish(prg *ast.Program, filename, src string, shift int, globals []string) (*Program, error) {
	rw := rewriter{shift: file.Idx(shift), seen: map[uintptr]bool{}}
	rw.walk(reflect.ValueOf(prg.Body))
	prg.File = file.NewFile(filename, src, 1)

	p, err := goja.CompileAST(prg, false)
	if err != nil {
		var se *goja.CompilerSyntaxError
		if errors.As(err, &se) {
			pos := prg.File.Position(se.Offset)
			return nil, &SyntaxError{Filename: filename, Line: pos.Line, Column: pos.Column, Message: se.Message, SourceLine: lineAt(src, pos.Line)}
		}
		return nil, err
	}
	return &Program{Program: p, Filename: filename, Globals: globals}, nil
}

// returnLast makes a trailing expression statement the function's result.
func returnLast(body *ast.BlockStatement) {
	if n := len(body.List); n > 0 {
		if es, ok := body.List[n-1].(*ast.ExpressionStatement); ok {
			body.List[n-1] = &ast.ReturnStatement{Return: es.Idx0(), Argument: es.Expression}
		}
	}
}

// wrapperOf finds the wrapper function literal, checking that the source
// did not change the program's shape.
func wrapperOf(prg *ast.Program) (*ast.FunctionLiteral, bool) {
	if len(prg.Body) != 1 {
		return nil, false
	}
	es, ok := prg.Body[0].(*ast.ExpressionStatement)
	if !ok {
		return nil, false
	}
	e := es.Expression
	for {
		if pe, ok := e.(*ast.SequenceExpression); ok && len(pe.Sequence) == 1 {
			e = pe.Sequence[0]
			continue
		}
		break
	}
	fn, ok := e.(*ast.FunctionLiteral)
	return fn, ok
}

func syntaxError(filename, src string, shift int, err error) error {
	var list parser.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return &SyntaxError{Filename: filename, Line: 1, Column: 1, Message: err.Error()}
	}
	e := list[0]
	line, col := e.Position.Line, e.Position.Column
	if line == 1 {
		col -= shift
	}
	// An error reported on the wrapper's closing line means the source ended
	// early (an unclosed bracket or string): point at the end of the source.
	last := strings.Count(src, "\n") + 1
	msg := e.Message
	if line > last || (line == last && col > len(lineAt(src, last))) {
		line = last
		col = len(lineAt(src, last)) + 1
		msg = "Unexpected end of input"
	}
	if col < 1 {
		col = 1
	}
	return &SyntaxError{Filename: filename, Line: line, Column: col, Message: msg, SourceLine: lineAt(src, line)}
}

func lineAt(src string, line int) string {
	for i := 1; i < line; i++ {
		j := strings.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := strings.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimSuffix(src, "\r")
}

var (
	idxType   = reflect.TypeOf(file.Idx(0))
	awaitType = reflect.TypeOf((*ast.AwaitExpression)(nil))
	astPkg    = reflect.TypeOf(ast.Program{}).PkgPath()
)

// rewriter moves every position in a tree back by shift and wraps each await
// argument in the hook calls. It walks by reflection so that node types added
// to goja's AST are covered without a change here.
type rewriter struct {
	shift file.Idx
	seen  map[uintptr]bool
}

func (rw *rewriter) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			rw.walk(v.Elem())
		}
	case reflect.Pointer:
		if v.IsNil() || v.Type().Elem().Kind() != reflect.Struct || v.Type().Elem().PkgPath() != astPkg {
			return
		}
		if rw.seen[v.Pointer()] {
			return
		}
		rw.seen[v.Pointer()] = true
		rw.walk(v.Elem())
		if v.Type() == awaitType {
			rw.hook(v.Interface().(*ast.AwaitExpression))
		}
	case reflect.Struct:
		if v.Type().PkgPath() != astPkg {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if f.Type() == idxType {
				if f.CanSet() && f.Int() > 0 {
					f.SetInt(f.Int() - int64(rw.shift))
				}
				continue
			}
			if f.CanInterface() {
				rw.walk(f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			rw.walk(v.Index(i))
		}
	}
}

func (rw *rewriter) hook(aw *ast.AwaitExpression) {
	arg := aw.Argument
	at := arg.Idx0()
	aw.Argument = &ast.CallExpression{
		Callee:          &ast.Identifier{Name: unistring.String(AwaitName), Idx: at},
		LeftParenthesis: at,
		ArgumentList: []ast.Expression{
			&ast.CallExpression{Callee: &ast.Identifier{Name: unistring.String(MarkName), Idx: at}, LeftParenthesis: at, RightParenthesis: at},
			arg,
		},
		RightParenthesis: arg.Idx1(),
	}
}
