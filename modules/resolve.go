package modules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// resolveFile returns the absolute, symlink-free filename that spec, required
// from dir on behalf of from, names. It does not consider natives.
func (l *Loader) resolveFile(from *record, dir, spec string) (string, error) {
	if strings.HasPrefix(spec, "node:") {
		return "", &codedError{code: "ERR_UNKNOWN_BUILTIN_MODULE", msg: "No such built-in module: " + spec}
	}
	trailing := trailingSlash(spec)
	if isPath(spec) {
		p := filepath.FromSlash(spec)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if f, err := l.loadPath(filepath.Clean(p), trailing); f != "" || err != nil {
			return f, err
		}
	} else {
		for _, nm := range nodeModulePaths(dir) {
			if f, err := l.loadPackageExports(nm, spec); f != "" || err != nil {
				return f, err
			}
			if f, err := l.loadPath(filepath.Join(nm, filepath.FromSlash(spec)), trailing); f != "" || err != nil {
				return f, err
			}
		}
	}
	return "", notFound(spec, from)
}

func notFound(spec string, from *record) error {
	stack := []string{}
	for m := from; m != nil; m = m.parent {
		stack = append(stack, m.filename)
	}
	msg := "Cannot find module '" + spec + "'"
	if len(stack) > 0 {
		msg += "\nRequire stack:\n- " + strings.Join(stack, "\n- ")
	}
	return &codedError{code: "MODULE_NOT_FOUND", msg: msg, requireStack: stack}
}

// isPath reports whether spec is a path rather than a package name.
func isPath(spec string) bool {
	return spec == "." || spec == ".." ||
		strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || strings.HasPrefix(spec, "/")
}

// trailingSlash reports whether spec can only name a directory, as Node
// decides it: it ends in "/" or its last segment is "." or "..".
func trailingSlash(spec string) bool {
	last := spec[strings.LastIndexByte(spec, '/')+1:]
	return last == "" || last == "." || last == ".."
}

// loadPath is LOAD_AS_FILE then LOAD_AS_DIRECTORY.
func (l *Loader) loadPath(p string, dirOnly bool) (string, error) {
	if !dirOnly {
		if f := tryFile(p); f != "" {
			return f, nil
		}
		if f := tryExtensions(p); f != "" {
			return f, nil
		}
	}
	if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
		return "", nil
	}
	pkg, err := l.readPackage(p)
	if err != nil {
		return "", err
	}
	index := filepath.Join(p, "index")
	if pkg == nil || pkg.main == "" {
		return tryExtensions(index), nil
	}
	main := filepath.Join(p, filepath.FromSlash(pkg.main))
	if f := tryFile(main); f != "" {
		return f, nil
	}
	if f := tryExtensions(main); f != "" {
		return f, nil
	}
	if f := tryExtensions(filepath.Join(main, "index")); f != "" {
		return f, nil
	}
	// Node falls back to the directory's index when "main" is broken.
	if f := tryExtensions(index); f != "" {
		return f, nil
	}
	return "", &codedError{
		code: "MODULE_NOT_FOUND",
		msg:  fmt.Sprintf("Cannot find module '%s'. Please verify that the package.json has a valid \"main\" entry", main),
		path: pkg.path,
	}
}

// tryFile returns the real path of p if it exists and is not a directory.
func tryFile(p string) string {
	fi, err := os.Stat(p)
	if err != nil || fi.IsDir() {
		return ""
	}
	return realPath(p)
}

// tryExtensions tries the extensions a require may leave out, in order, for
// a path and for a directory's index alike.
func tryExtensions(p string) string {
	for _, ext := range [...]string{".js", ".json", ".cjs"} {
		if f := tryFile(p + ext); f != "" {
			return f
		}
	}
	return ""
}

// nodeModulePaths lists the node_modules folders searched for a bare name
// required from dir, nearest first. A folder already named node_modules gets
// no node_modules/node_modules.
func nodeModulePaths(dir string) []string {
	var paths []string
	for {
		if filepath.Base(dir) != "node_modules" {
			paths = append(paths, filepath.Join(dir, "node_modules"))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return paths
		}
		dir = parent
	}
}

// packageName splits a bare specifier into the package name, which may be
// scoped, and the subpath within it, as Node's EXPORTS_PATTERN does.
var packageName = regexp.MustCompile(`^((?:@[^/\\%]+/)?[^./\\%][^/\\%]*)(/.*)?$`)

// loadPackageExports is LOAD_PACKAGE_EXPORTS: if the package spec names in
// folder nm has an "exports" field, that field alone decides the file.
func (l *Loader) loadPackageExports(nm, spec string) (string, error) {
	m := packageName.FindStringSubmatch(spec)
	if m == nil {
		return "", nil
	}
	pkgDir := filepath.Join(nm, filepath.FromSlash(m[1]))
	pkg, err := l.readPackage(pkgDir)
	if err != nil || pkg == nil || pkg.exports == nil {
		return "", err
	}
	target, err := resolveExports(pkgDir, "."+m[2], pkg)
	if err != nil {
		return "", err
	}
	// An export names an exact file: no extensions, no index.
	if f := tryFile(target); f != "" {
		return f, nil
	}
	return "", &codedError{code: "MODULE_NOT_FOUND", msg: "Cannot find module '" + target + "'", path: pkg.path}
}

// resolveExports is PACKAGE_EXPORTS_RESOLVE for subpath ("." or "./sub"),
// with subpath patterns ("./*") and fallback arrays as well.
func resolveExports(pkgDir, subpath string, pkg *packageJSON) (string, error) {
	exports := pkg.exports
	sugar, err := isMainSugar(exports, pkg.path)
	if err != nil {
		return "", err
	}
	if sugar {
		exports = &jsonObject{keys: []string{"."}, vals: map[string]any{".": exports}}
	}
	obj := exports.(*jsonObject)
	r := targetResolver{pkgDir: pkgDir, pkgPath: pkg.path, subpath: subpath}

	var target any
	var match string
	found, pattern := false, false
	if t, ok := obj.vals[subpath]; ok && !strings.Contains(subpath, "*") {
		target, found = t, true
	} else {
		best := ""
		for _, key := range obj.keys {
			star := strings.IndexByte(key, '*')
			if star < 0 || strings.LastIndexByte(key, '*') != star || !strings.HasPrefix(subpath, key[:star]) {
				continue
			}
			trailer := key[star+1:]
			if len(subpath) >= len(key) && strings.HasSuffix(subpath, trailer) && patternKeyCompare(best, key) == 1 {
				best = key
				match = subpath[star : len(subpath)-len(trailer)]
			}
		}
		if best != "" {
			target, found, pattern = obj.vals[best], true, true
		}
	}
	if found {
		f, st, err := r.resolve(target, match, pattern)
		if err != nil {
			return "", err
		}
		if st == resolved {
			return f, nil
		}
	}
	msg := fmt.Sprintf("Package subpath '%s' is not defined by \"exports\" in %s", subpath, pkg.path)
	if subpath == "." {
		msg = "No \"exports\" main defined in " + pkg.path
	}
	return "", &codedError{code: "ERR_PACKAGE_PATH_NOT_EXPORTED", msg: msg}
}

// isMainSugar reports whether exports is the target of "." alone rather than
// a map of subpaths.
func isMainSugar(exports any, pkgPath string) (bool, error) {
	obj, ok := exports.(*jsonObject)
	if !ok {
		return true, nil
	}
	dots := 0
	for _, k := range obj.keys {
		if strings.HasPrefix(k, ".") {
			dots++
		}
	}
	if dots != 0 && dots != len(obj.keys) {
		return false, &codedError{
			code: "ERR_INVALID_PACKAGE_CONFIG",
			msg:  fmt.Sprintf("Invalid package config %s: \"exports\" cannot contain some keys starting with '.' and some not", pkgPath),
		}
	}
	return dots == 0, nil
}

// patternKeyCompare orders pattern keys by specificity, as Node's
// PATTERN_KEY_COMPARE: 1 means b is more specific than a.
func patternKeyCompare(a, b string) int {
	aStar, bStar := strings.IndexByte(a, '*'), strings.IndexByte(b, '*')
	baseA, baseB := len(a), len(b)
	if aStar >= 0 {
		baseA = aStar + 1
	}
	if bStar >= 0 {
		baseB = bStar + 1
	}
	switch {
	case baseA > baseB:
		return -1
	case baseB > baseA:
		return 1
	case aStar < 0:
		return 1
	case bStar < 0:
		return -1
	case len(a) > len(b):
		return -1
	case len(b) > len(a):
		return 1
	}
	return 0
}

type targetResolver struct {
	pkgDir, pkgPath, subpath string
}

// A targetState is what an exports target comes to, short of an error.
type targetState int

const (
	// unmatched is Node's undefined: no condition matched, so a containing
	// conditions object goes on to its next key.
	unmatched targetState = iota
	// excluded is Node's null: the subpath is deliberately not exported.
	excluded
	resolved
)

// resolve is PACKAGE_TARGET_RESOLVE.
func (r targetResolver) resolve(target any, match string, pattern bool) (string, targetState, error) {
	switch t := target.(type) {
	case string:
		return r.resolveString(t, match, pattern)
	case []any:
		// A fallback list: the first valid target wins; invalid ones are
		// skipped, and reported only if nothing else was found.
		var last error
		state := unmatched
		for _, alt := range t {
			f, st, err := r.resolve(alt, match, pattern)
			if err != nil {
				var ce *codedError
				if errors.As(err, &ce) && ce.code == "ERR_INVALID_PACKAGE_TARGET" {
					last = err
					continue
				}
				return "", 0, err
			}
			switch st {
			case resolved:
				return f, st, nil
			case excluded:
				last, state = nil, excluded
			}
		}
		return "", state, last
	case *jsonObject:
		for _, key := range t.keys {
			if key != "default" && key != "require" && key != "node" {
				continue
			}
			f, st, err := r.resolve(t.vals[key], match, pattern)
			if err != nil || st != unmatched {
				return f, st, err
			}
		}
		return "", unmatched, nil
	case nil:
		return "", excluded, nil
	}
	return "", 0, r.invalid(target)
}

func (r targetResolver) resolveString(target, match string, pattern bool) (string, targetState, error) {
	if !strings.HasPrefix(target, "./") || hasInvalidSegment(target[2:]) {
		return "", 0, r.invalid(target)
	}
	if pattern {
		if hasInvalidSegment(match) {
			return "", 0, &codedError{
				code: "ERR_INVALID_MODULE_SPECIFIER",
				msg:  fmt.Sprintf("Invalid module %q: request is not a valid match in pattern for the \"exports\" resolution of %s", r.subpath, r.pkgPath),
			}
		}
		target = strings.ReplaceAll(target, "*", match)
	}
	return filepath.Join(r.pkgDir, filepath.FromSlash(target)), resolved, nil
}

func (r targetResolver) invalid(target any) error {
	t, _ := json.Marshal(plain(target))
	return &codedError{
		code: "ERR_INVALID_PACKAGE_TARGET",
		msg:  fmt.Sprintf("Invalid \"exports\" target %s defined for '%s' in the package config %s; targets must start with \"./\" and stay inside the package", t, r.subpath, r.pkgPath),
	}
}

// hasInvalidSegment reports a path segment that could leave the package or
// reach into another: empty, ".", ".." or "node_modules".
func hasInvalidSegment(p string) bool {
	for _, seg := range strings.Split(strings.ReplaceAll(p, "\\", "/"), "/") {
		switch strings.ToLower(seg) {
		case "", ".", "..", "node_modules":
			return true
		}
	}
	return false
}

// packageJSON holds the fields of a package.json the loader uses.
type packageJSON struct {
	path    string
	main    string
	exports any // nil when absent or null
}

// readPackage reads dir/package.json; it returns nil if there is none.
func (l *Loader) readPackage(dir string) (*packageJSON, error) {
	path := filepath.Join(dir, "package.json")
	if fi, err := os.Stat(path); err != nil || fi.IsDir() {
		return nil, nil
	}
	data, err := l.readFile(path)
	if err != nil {
		return nil, err
	}
	v, err := decodeJSON(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if err != nil {
		return nil, &codedError{code: "ERR_INVALID_PACKAGE_CONFIG", msg: fmt.Sprintf("Invalid package config %s: %v", path, err), path: path}
	}
	pkg := &packageJSON{path: path}
	if obj, ok := v.(*jsonObject); ok {
		pkg.main, _ = obj.vals["main"].(string)
		pkg.exports = obj.vals["exports"]
	}
	return pkg, nil
}

// A jsonObject is a decoded JSON object that keeps its key order, which
// decides which export condition matches first.
type jsonObject struct {
	keys []string
	vals map[string]any
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the top-level value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		obj := &jsonObject{vals: map[string]any{}}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k := kt.(string)
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			if _, dup := obj.vals[k]; !dup {
				obj.keys = append(obj.keys, k)
			}
			obj.vals[k] = v
		}
		_, err := dec.Token()
		return obj, err
	case json.Delim('['):
		arr := []any{}
		for dec.More() {
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token()
		return arr, err
	}
	return tok, nil
}

// plain converts decoded JSON back to values encoding/json can marshal, for
// error messages.
func plain(v any) any {
	switch t := v.(type) {
	case *jsonObject:
		m := make(map[string]any, len(t.vals))
		for k, x := range t.vals {
			m[k] = plain(x)
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = plain(x)
		}
		return out
	}
	return v
}
