package inspect

import (
	"strings"

	"github.com/dop251/goja"
)

// formatError mirrors Node's formatError: the stack (or "[Name: message]"
// when there are no frames), with the constructor name worked in, followed
// by cause and errors. It returns the keys still to print.
func (s *state) formatError(err *goja.Object, constructor string, ctorNull bool, tag string, keys []propKey) (string, []propKey) {
	name := "Error"
	if n, ex := s.get(err, propKey{name: "name"}); ex == nil && !isUndef(n) && !goja.IsNull(n) {
		name = n.String()
	}
	stack := s.stackString(err)

	if !s.showHidden && len(keys) != 0 {
		for _, k := range [...]string{"name", "message", "stack"} {
			idx := indexKey(keys, k)
			if idx == -1 {
				continue
			}
			// Only hide the property when the stack already shows it.
			if v, ex := s.get(err, propKey{name: k}); ex == nil && strings.Contains(stack, v.String()) {
				keys = append(keys[:idx:idx], keys[idx+1:]...)
			}
		}
	}

	var hasCause bool
	_ = s.try(func() {
		hasCause = s.hasProperty(err, "cause")
	})
	if hasCause && indexKey(keys, "cause") == -1 {
		keys = append(keys, propKey{name: "cause"})
	}
	if errs, ex := s.get(err, propKey{name: "errors"}); ex == nil {
		if o, ok := errs.(*goja.Object); ok && o.ClassName() == "Array" && indexKey(keys, "errors") == -1 {
			keys = append(keys, propKey{name: "errors"})
		}
	}

	stack = improveStack(stack, constructor, ctorNull, name, tag)

	// Ignore the error message if it's contained in the stack.
	pos := -1
	if m, ex := s.get(err, propKey{name: "message"}); ex == nil && m.ToBoolean() {
		msg := m.String()
		if i := strings.Index(stack, msg); i > 0 {
			pos = i + len(msg)
		}
	}
	from := max(pos, 0)
	stackStart := -1
	if from <= len(stack) {
		if i := strings.Index(stack[from:], "\n    at"); i != -1 {
			stackStart = from + i
		}
	}
	if stackStart == -1 {
		stack = "[" + stack + "]"
	} else {
		newStack := stack[:stackStart]
		lines := s.stackFrames(err, stack[stackStart+1:])
		if s.colors {
			for _, line := range lines {
				newStack += "\n" + s.markNodeModules(line)
			}
		} else {
			newStack += "\n" + strings.Join(lines, "\n")
		}
		stack = newStack
	}
	if s.indentationLvl != 0 {
		stack = strings.ReplaceAll(stack, "\n", "\n"+spaces(s.indentationLvl))
	}
	return stack, keys
}

// hasProperty is the `in` operator for a string key.
func (s *state) hasProperty(obj *goja.Object, key string) bool {
	for o, n := obj, 0; o != nil && n < maxChain; o, n = o.Prototype(), n+1 {
		if s.hasOwn(o, propKey{name: key}) {
			return true
		}
	}
	return false
}

func indexKey(keys []propKey, name string) int {
	for i, k := range keys {
		if k.sym == nil && k.name == name {
			return i
		}
	}
	return -1
}

// stackString is Node's getStackString, adapted to goja's stack format:
// goja indents frames with a tab and ends the stack with a newline where V8
// uses four spaces and no newline, and Node's layout depends on the V8 form.
func (s *state) stackString(err *goja.Object) string {
	if v, ex := s.get(err, propKey{name: "stack"}); ex == nil && v.ToBoolean() {
		return normalizeStack(v.String())
	}
	return s.errorToString(err)
}

func normalizeStack(stack string) string {
	if strings.Contains(stack, "\n\tat ") {
		stack = strings.ReplaceAll(stack, "\n\tat ", "\n    at ")
		stack = strings.TrimRight(stack, "\n")
	}
	return stack
}

// errorToString is Error.prototype.toString.
func (s *state) errorToString(err *goja.Object) string {
	name := "Error"
	if n, ex := s.get(err, propKey{name: "name"}); ex == nil && !isUndef(n) {
		name = n.String()
	}
	msg := ""
	if m, ex := s.get(err, propKey{name: "message"}); ex == nil && !isUndef(m) {
		msg = m.String()
	}
	switch {
	case name == "":
		return msg
	case msg == "":
		return name
	}
	return name + ": " + msg
}

// improveStack is Node's: for errors that look normal, make the first line
// name the constructor, e.g. "TypeError [ERR_X]: …" or "Foo [Error]: …".
func improveStack(stack, constructor string, ctorNull bool, name, tag string) string {
	l := len(name)
	if ctorNull || (strings.HasSuffix(name, "Error") && strings.HasPrefix(stack, name) &&
		(len(stack) == l || stack[l] == ':' || stack[l] == '\n')) {
		fallback := "Error"
		if ctorNull {
			fallback = nullProtoErrorName(stack)
			l = len(fallback)
			if fallback == "" {
				fallback = "Error"
			}
		}
		prefix := getPrefix(constructor, ctorNull, tag, fallback, "")
		prefix = prefix[:len(prefix)-1]
		if name != prefix {
			if strings.Contains(prefix, name) {
				if l == 0 {
					stack = prefix + ": " + stack
				} else {
					stack = prefix + stack[l:]
				}
			} else {
				stack = prefix + " [" + name + "]" + stack[l:]
			}
		}
	}
	return stack
}

// nullProtoErrorName extracts the error name from the start of a stack,
// as Node's regular expressions in improveStack do.
func nullProtoErrorName(stack string) string {
	// /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/
	if len(stack) > 0 && stack[0] >= 'A' && stack[0] <= 'Z' {
		i := 1
		for i < len(stack) && isNameChar(stack[i]) {
			i++
		}
		// The character class has a greedy +, so back off until the
		// terminator matches.
		for j := i; j >= 2; j-- {
			if strings.HasPrefix(stack[j:], ":") || strings.HasPrefix(stack[j:], "\n    at") {
				return stack[:j]
			}
		}
	}
	// /^([a-z_A-Z0-9-]*Error)$/
	if strings.HasSuffix(stack, "Error") {
		ok := true
		for i := 0; i < len(stack); i++ {
			c := stack[i]
			if !(c == '_' || c == '-' || isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z')) {
				ok = false
				break
			}
		}
		if ok {
			return stack
		}
	}
	return ""
}

func isNameChar(c byte) bool {
	return c == '_' || c == ' ' || c == '[' || c == ']' || c == '(' || c == ')' || c == '-' ||
		isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// stackFrames is Node's getStackFrames: frames shared with the cause's
// stack are collapsed into "... n lines matching cause stack trace ...".
func (s *state) stackFrames(err *goja.Object, stack string) []string {
	frames := strings.Split(stack, "\n")
	cause, ex := s.get(err, propKey{name: "cause"})
	if ex != nil {
		return frames
	}
	co, ok := cause.(*goja.Object)
	if !ok || !s.isError(co) {
		return frames
	}
	causeStack := s.stackString(co)
	start := strings.Index(causeStack, "\n    at")
	if start == -1 {
		return frames
	}
	causeFrames := strings.Split(causeStack[start+1:], "\n")
	length, offset := identicalSequenceRange(frames, causeFrames)
	if length > 0 {
		skipped := length - 2
		msg := s.stylize("    ... "+itoa(skipped)+" lines matching cause stack trace ...", "undefined")
		rest := append([]string{msg}, frames[offset+1+skipped:]...)
		frames = append(frames[:offset+1:offset+1], rest...)
	}
	return frames
}

func (s *state) isError(o *goja.Object) bool {
	if o.ClassName() == "Error" {
		return true
	}
	return s.inChain(o, s.in.proto("Error"))
}

// identicalSequenceRange is Node's: the longest run (over three) of
// entries of a that also appear consecutively in b.
func identicalSequenceRange(a, b []string) (length, offset int) {
	for i := 0; i < len(a)-3; i++ {
		pos := -1
		for j, x := range b {
			if x == a[i] {
				pos = j
				break
			}
		}
		if pos != -1 {
			rest := len(b) - pos
			if rest > 3 {
				l := 1
				maxLen := min(len(a)-i, rest)
				for maxLen > l && a[i+l] == b[pos+l] {
					l++
				}
				if l > 3 {
					return l, i
				}
			}
		}
	}
	return 0, 0
}

// markNodeModules underlines package names in node_modules paths, as Node
// does when colours are on.
func (s *state) markNodeModules(line string) string {
	var b strings.Builder
	lastPos, searchFrom := 0, 0
	for {
		i := strings.Index(line[searchFrom:], "node_modules")
		if i == -1 {
			break
		}
		p := searchFrom + i
		if p == 0 || p+12 >= len(line) {
			searchFrom = p + 1
			continue
		}
		sep, after := line[p-1], line[p+12]
		if (after != '/' && after != '\\') || (sep != '/' && sep != '\\') {
			searchFrom = p + 1
			continue
		}
		moduleStart := p + 13
		b.WriteString(line[lastPos:moduleStart])
		moduleEnd := indexFrom(line, sep, moduleStart)
		if moduleStart < len(line) && line[moduleStart] == '@' && moduleEnd != -1 {
			moduleEnd = indexFrom(line, sep, moduleEnd+1)
		}
		if moduleEnd == -1 {
			moduleEnd = len(line)
		}
		b.WriteString(s.stylize(line[moduleStart:moduleEnd], "module"))
		lastPos, searchFrom = moduleEnd, moduleEnd
	}
	if lastPos == 0 {
		return line
	}
	b.WriteString(line[lastPos:])
	return b.String()
}

func indexFrom(s string, c byte, from int) int {
	if from >= len(s) {
		return -1
	}
	i := strings.IndexByte(s[from:], c)
	if i == -1 {
		return -1
	}
	return from + i
}
