package host

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// exportArg copies a script's argument into Go values for an AsyncFunc
// (see its documentation); where names the argument in an error.
func (h *Host) exportArg(v goja.Value, where string, seen map[*goja.Object]bool) (any, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		if _, isSym := v.(*goja.Symbol); isSym {
			return nil, crossError(where, "a symbol")
		}
		return v.Export(), nil
	}
	if _, isFn := goja.AssertFunction(obj); isFn {
		return nil, crossError(where, "a function")
	}
	if b, ok := h.realm.Bytes(obj); ok {
		return append([]byte(nil), b...), nil
	}
	if seen[obj] {
		return nil, crossError(where, "a circular structure")
	}
	switch tag := h.tagOf(obj); tag {
	case "Array":
		if seen == nil {
			seen = map[*goja.Object]bool{}
		}
		seen[obj] = true
		defer delete(seen, obj)
		n := obj.Get("length").ToInteger()
		out := make([]any, n)
		for i := range n {
			e, err := h.exportArg(obj.Get(strconv.FormatInt(i, 10)), fmt.Sprintf("%s[%d]", where, i), seen)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case "Date":
		if t, ok := obj.Export().(time.Time); ok {
			return t, nil
		}
		return nil, crossError(where, "an invalid Date")
	case "String", "Number", "Boolean", "BigInt":
		return obj.Export(), nil
	case "Object", "Error":
		if _, isPromise := obj.Export().(*goja.Promise); isPromise {
			return nil, crossError(where, "a Promise")
		}
		// A Go value that a script got from Define and passes back.
		switch x := obj.Export().(type) {
		case map[string]any:
		case *big.Int:
			return x, nil
		default:
			if x != nil && reflect.TypeOf(x).Kind() != reflect.Map {
				return x, nil
			}
		}
		if seen == nil {
			seen = map[*goja.Object]bool{}
		}
		seen[obj] = true
		defer delete(seen, obj)
		out := make(map[string]any)
		keys := obj.Keys()
		if tag == "Error" {
			keys = append(keys, "name", "message")
		}
		for _, k := range keys {
			e, err := h.exportArg(obj.Get(k), where+"."+k, seen)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case "Promise":
		return nil, crossError(where, "a Promise")
	default:
		return nil, crossError(where, "a "+tag)
	}
}

// tagOf is the class of a built-in object as Object.prototype.toString
// names it: "Array", "Map", "Date", "Object"...
func (h *Host) tagOf(obj *goja.Object) string {
	if h.toStringTag == nil {
		h.toStringTag, _ = goja.AssertFunction(h.rt.Get("Object").ToObject(h.rt).Get("prototype").ToObject(h.rt).Get("toString"))
	}
	v, err := h.toStringTag(obj)
	if err != nil {
		return obj.ClassName()
	}
	s := v.String()
	return strings.TrimSuffix(strings.TrimPrefix(s, "[object "), "]")
}

func crossError(where, what string) error {
	return fmt.Errorf("%s is %s, which cannot be passed to Go", where, what)
}

var (
	valueType = reflect.TypeOf((*goja.Value)(nil)).Elem()
	timeType  = reflect.TypeOf(time.Time{})
)

// checkGoValue reports whether v can be handed to JavaScript: everything
// goja's ToValue takes, except what has no meaning there (channels,
// complex numbers, unsafe pointers), anywhere inside v.
func checkGoValue(v any) error {
	if v == nil {
		return nil
	}
	if _, ok := v.(goja.Value); ok {
		return nil
	}
	return checkReflect(reflect.ValueOf(v), "", map[uintptr]bool{}, 0)
}

// errNotTransferable marks the errors of checkGoValue.
var errNotTransferable = errors.New("cannot be passed to JavaScript")

func checkReflect(v reflect.Value, path string, seen map[uintptr]bool, depth int) error {
	if depth > 64 || !v.IsValid() {
		return nil
	}
	t := v.Type()
	if t.Implements(valueType) || t == timeType {
		return nil
	}
	bad := func() error {
		where := ""
		if path != "" {
			where = " (at " + path + ")"
		}
		return fmt.Errorf("a value of Go type %s%s, which %w", t, where, errNotTransferable)
	}
	switch t.Kind() {
	case reflect.Chan, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return bad()
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return nil
		}
		seen[v.Pointer()] = true
		return checkReflect(v.Elem(), path, seen, depth+1)
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkReflect(v.Elem(), path, seen, depth+1)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil
		}
		if t.Kind() == reflect.Slice {
			if v.IsNil() {
				return nil
			}
			if v.Len() > 0 && seen[v.Pointer()] {
				return nil
			}
			if v.Len() > 0 {
				seen[v.Pointer()] = true
			}
		}
		for i := 0; i < v.Len(); i++ {
			if err := checkReflect(v.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.IsNil() || seen[v.Pointer()] {
			return nil
		}
		seen[v.Pointer()] = true
		it := v.MapRange()
		for it.Next() {
			if err := checkReflect(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), seen, depth+1); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			if err := checkReflect(v.Field(i), path+"."+t.Field(i).Name, seen, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// convertResult turns an AsyncFunc's result into a JavaScript value on the
// loop; a value that cannot cross rejects the Task with a TypeError.
func convertResult(rt *goja.Runtime, v any) (goja.Value, error) {
	if v == nil {
		return goja.Undefined(), nil
	}
	if jv, ok := v.(goja.Value); ok {
		return jv, nil
	}
	switch v.(type) {
	case string, bool, int, int64, float64, []byte:
		return rt.ToValue(v), nil
	}
	if err := checkGoValue(v); err != nil {
		return nil, fmt.Errorf("the result is %w", err)
	}
	return rt.ToValue(v), nil
}
