package compile

import (
	"errors"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"
	"github.com/dop251/goja/unistring"
)

// ResultName is the hook parameter that a REPL wrapper takes after %mark and
// %await: the input's trailing expression statement `X` becomes
// `%result(X)`, so the host learns the input's value without the value
// passing through the wrapper's promise (which would adopt a returned
// promise or Task instead of showing it).
const ResultName = "%result"

// compileREPL compiles one REPL input (see REPL). Early errors are those of
// the source as written: it is compiled once untransformed to find them.
func compileREPL(filename, src string) (*Program, error) {
	if strings.HasPrefix(src, "#!") {
		src = "//" + src[2:]
	}
	// As Node's REPL does, an input that starts with `{` and does not end
	// with `;` is first tried as an object literal rather than a block.
	if t := strings.TrimSpace(src); strings.HasPrefix(t, "{") && !strings.HasSuffix(t, ";") {
		if p, err := buildREPL(filename, src, "(", "\n)", true); err == nil {
			return p, nil
		}
	}
	if _, err := buildREPL(filename, src, "", "", false); err != nil {
		return nil, err
	}
	return buildREPL(filename, src, "", "", true)
}

// buildREPL parses open+src+close inside the async wrapper and, if
// transform is set, rewrites its top-level declarations (see declare).
func buildREPL(filename, src, open, close string, transform bool) (*Program, error) {
	pre := Eval.prefix() + open
	wrapped := pre + src + close + suffix
	prg, err := parser.ParseFile(nil, filename, wrapped, 0, parser.WithDisableSourceMaps)
	if err != nil {
		if open != "" {
			return nil, err
		}
		se := syntaxError(filename, src, len(pre), err).(*SyntaxError)
		if atEnd(wrapped, len(pre)+len(src), err) || continuedString(src, err) {
			return nil, &incompleteError{se}
		}
		return nil, se
	}
	fn, ok := wrapperOf(prg)
	if !ok || (open != "" && !singleExpression(fn.Body)) {
		return nil, &SyntaxError{Filename: filename, Line: 1, Column: 1, Message: "Unexpected token '}'", SourceLine: lineAt(src, 1)}
	}
	fn.ParameterList.List = append(fn.ParameterList.List,
		&ast.Binding{Target: &ast.Identifier{Name: MarkName}},
		&ast.Binding{Target: &ast.Identifier{Name: AwaitName}},
		&ast.Binding{Target: &ast.Identifier{Name: ResultName}})
	var globals []string
	if transform {
		reportLast(fn.Body)
		globals = declare(fn)
	}
	return finish(prg, filename, src, len(pre), globals)
}

// incompleteError is a syntax error caused by the source ending too early:
// an open bracket, template literal or comment, a dangling operator.
type incompleteError struct{ *SyntaxError }

func (e *incompleteError) Unwrap() error { return e.SyntaxError }

// IsIncomplete reports whether err, from compiling a REPL input, means the
// input ended too early (an unclosed bracket, template literal or block
// comment, an operator with nothing after it, a string continued with a
// trailing backslash), so that a REPL should read more lines rather than
// report an error. The error is also a *SyntaxError.
func IsIncomplete(err error) bool {
	var ie *incompleteError
	return errors.As(err, &ie)
}

// atEnd reports whether the parse error is located at or after offset end
// of text, where the wrapper's own closing text begins.
func atEnd(text string, end int, err error) bool {
	var list parser.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return false
	}
	pos := list[0].Position
	off := 0
	for line := 1; line < pos.Line; line++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return true
		}
		off += i + 1
	}
	return off+pos.Column-1 >= end
}

// continuedString reports a string literal broken by a line continuation
// (a backslash at the end of the input), which the parser reports as an
// illegal token at the string's start.
func continuedString(src string, err error) bool {
	var list parser.ErrorList
	if !errors.As(err, &list) || len(list) == 0 || !strings.Contains(list[0].Message, "ILLEGAL") {
		return false
	}
	t := strings.TrimRight(src, "\r\n")
	n := len(t) - len(strings.TrimRight(t, `\`))
	return n%2 == 1
}

func singleExpression(body *ast.BlockStatement) bool {
	if len(body.List) != 1 {
		return false
	}
	_, ok := body.List[0].(*ast.ExpressionStatement)
	return ok
}

// declare turns the wrapper's top-level declarations into assignments to
// globals and returns the names, which the host defines on the global
// object before running the input, so that they persist across inputs:
//
//	let x = 1, y     → x = 1, y = void 0
//	const {a, b} = o → ({a, b} = o)
//	class C {}       → C = class C {}
//	function f() {}  → f = function f() {}, hoisted to the top of the input
//	var v = 1        → unchanged, but v is no longer local: v = 1 (also
//	                   for a var in a nested block or a for statement)
//
// Positions are those of the original declarations.
func declare(fn *ast.FunctionLiteral) []string {
	var names []string
	seen := map[unistring.String]bool{}
	add := func(n unistring.String) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n.String())
		}
	}
	for _, d := range fn.DeclarationList {
		for _, b := range d.List {
			bindingNames(b.Target, add)
		}
	}
	fn.DeclarationList = nil

	body := fn.Body
	var hoisted, out []ast.Statement
	directives := 0
	for i, st := range body.List {
		if es, ok := st.(*ast.ExpressionStatement); ok && i == directives {
			if _, ok := es.Expression.(*ast.StringLiteral); ok {
				directives++
			}
		}
		switch st := st.(type) {
		case *ast.LexicalDeclaration:
			var seq []ast.Expression
			for _, b := range st.List {
				bindingNames(b.Target, add)
				init := b.Initializer
				if init == nil {
					init = &ast.UnaryExpression{Operator: token.VOID, Idx: b.Target.Idx0(), Operand: &ast.NumberLiteral{Idx: b.Target.Idx0(), Literal: "0", Value: int64(0)}}
				}
				seq = append(seq, &ast.AssignExpression{Operator: token.ASSIGN, Left: b.Target.(ast.Expression), Right: init})
			}
			var e ast.Expression = seq[0]
			if len(seq) > 1 {
				e = &ast.SequenceExpression{Sequence: seq}
			}
			out = append(out, &ast.ExpressionStatement{Expression: e})
		case *ast.ClassDeclaration:
			c := st.Class
			add(c.Name.Name)
			out = append(out, &ast.ExpressionStatement{Expression: &ast.AssignExpression{
				Operator: token.ASSIGN, Left: &ast.Identifier{Name: c.Name.Name, Idx: c.Name.Idx}, Right: c,
			}})
		case *ast.FunctionDeclaration:
			f := st.Function
			add(f.Name.Name)
			hoisted = append(hoisted, &ast.ExpressionStatement{Expression: &ast.AssignExpression{
				Operator: token.ASSIGN, Left: &ast.Identifier{Name: f.Name.Name, Idx: f.Name.Idx}, Right: f,
			}})
		default:
			out = append(out, st)
		}
	}
	if len(hoisted) > 0 {
		d := min(directives, len(out))
		out = append(out[:d:d], append(hoisted, out[d:]...)...)
	}
	body.List = out
	return names
}

// bindingNames calls add for each name a binding target declares.
func bindingNames(t ast.Node, add func(unistring.String)) {
	switch t := t.(type) {
	case *ast.Identifier:
		add(t.Name)
	case *ast.ObjectPattern:
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				add(p.Name.Name)
			case *ast.PropertyKeyed:
				bindingNames(p.Value, add)
			}
		}
		if t.Rest != nil {
			bindingNames(t.Rest, add)
		}
	case *ast.ArrayPattern:
		for _, e := range t.Elements {
			if e != nil {
				bindingNames(e, add)
			}
		}
		if t.Rest != nil {
			bindingNames(t.Rest, add)
		}
	case *ast.AssignExpression: // a target with a default value
		bindingNames(t.Left, add)
	}
}

// reportLast passes a trailing expression statement's value to %result.
// Function declarations, which produce no value, are looked past, as a
// script's completion value does.
func reportLast(body *ast.BlockStatement) {
	for i := len(body.List) - 1; i >= 0; i-- {
		switch st := body.List[i].(type) {
		case *ast.EmptyStatement, *ast.FunctionDeclaration:
			continue
		case *ast.ExpressionStatement:
			at := st.Expression.Idx0()
			st.Expression = &ast.CallExpression{
				Callee:           &ast.Identifier{Name: ResultName, Idx: at},
				LeftParenthesis:  at,
				ArgumentList:     []ast.Expression{st.Expression},
				RightParenthesis: st.Expression.Idx1(),
			}
		}
		return
	}
}
