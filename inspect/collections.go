package inspect

import (
	"encoding/hex"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

var (
	typeBytes    = reflect.TypeOf([]uint8(nil))
	typeInt8s    = reflect.TypeOf([]int8(nil))
	typeUint16s  = reflect.TypeOf([]uint16(nil))
	typeInt16s   = reflect.TypeOf([]int16(nil))
	typeUint32s  = reflect.TypeOf([]uint32(nil))
	typeInt32s   = reflect.TypeOf([]int32(nil))
	typeFloat32s = reflect.TypeOf([]float32(nil))
	typeFloat64s = reflect.TypeOf([]float64(nil))
	typeInt64s   = reflect.TypeOf([]int64(nil))
	typeUint64s  = reflect.TypeOf([]uint64(nil))
)

// formatArray mirrors Node's formatArray. numeric receives, per element
// formatted, whether it is a number or bigint (for column alignment).
func (s *state) formatArray(value *goja.Object, valLen, recurseTimes int, numeric *[]bool) []string {
	n := min(maxArrayLength, valLen)
	vals := make([]goja.Value, n)
	var exs map[int]*goja.Exception
	// One Try for all the reads: they only throw for accessor elements.
	for i := 0; i < n; {
		ex := s.try(func() {
			for ; i < n; i++ {
				vals[i] = value.Get(strconv.Itoa(i))
			}
		})
		if ex != nil {
			if exs == nil {
				exs = make(map[int]*goja.Exception)
			}
			exs[i] = ex
			vals[i] = goja.Undefined()
			i++
		}
	}
	output := make([]string, 0, n+1)
	isNum := make([]bool, 0, n)
	for i, v := range vals {
		if ex := exs[i]; ex != nil {
			output = append(output, s.threw(ex))
			isNum = append(isNum, false)
			continue
		}
		// goja reports a hole as a missing value; Node checks
		// hasOwnProperty, which differs only if Array.prototype has
		// indexed properties.
		if v == nil {
			*numeric = isNum
			return s.formatSpecialArray(value, valLen, recurseTimes, n, output, i)
		}
		isNum = append(isNum, goja.IsNumber(v) || goja.IsBigInt(v))
		s.indentationLvl += 2
		output = append(output, s.formatValue(v, recurseTimes, false))
		s.indentationLvl -= 2
	}
	*numeric = isNum
	if remaining := valLen - n; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	return output
}

// formatSpecialArray is Node's handling of sparse arrays: runs of holes
// become "<n empty items>".
func (s *state) formatSpecialArray(value *goja.Object, valLen, recurseTimes, maxLength int, output []string, i int) []string {
	var keys []string
	if ex := s.try(func() { keys = value.Keys() }); ex != nil {
		return append(output, s.threw(ex))
	}
	index := i
	for ; i < len(keys) && len(output) < maxLength; i++ {
		key := keys[i]
		if !isArrayIndex(key) {
			break
		}
		tmp, _ := strconv.Atoi(key)
		if strconv.Itoa(index) != key {
			empty := tmp - index
			output = append(output, s.stylize("<"+itoa(empty)+" empty item"+plural(empty)+">", "undefined"))
			index = tmp
			if len(output) == maxLength {
				break
			}
		}
		output = append(output, s.formatProperty(value, recurseTimes, propKey{name: key}, kArrayType))
		index++
	}
	remaining := valLen - index
	if len(output) != maxLength {
		if remaining > 0 {
			output = append(output, s.stylize("<"+itoa(remaining)+" empty item"+plural(remaining)+">", "undefined"))
		}
	} else if remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	return output
}

// iterate runs the built-in iterator method ctor.prototype[method] on obj,
// stopping after limit values.
func (s *state) iterate(obj *goja.Object, ctor, method string, limit int, each func(v goja.Value)) *goja.Exception {
	iter, ok := s.call(s.in.method(ctor, method), obj)
	if !ok || limit <= 0 {
		return nil
	}
	n := 0
	return s.try(func() {
		s.rt.ForOf(iter, func(v goja.Value) bool {
			each(v)
			n++
			return n < limit
		})
	})
}

// formatSet mirrors Node's formatSet.
func (s *state) formatSet(value *goja.Object, size, recurseTimes int) []string {
	maxLength := min(maxArrayLength, size)
	output := make([]string, 0, maxLength+1)
	s.indentationLvl += 2
	ex := s.iterate(value, "Set", "values", maxLength, func(v goja.Value) {
		output = append(output, s.formatValue(v, recurseTimes, false))
	})
	if ex != nil {
		output = append(output, s.threw(ex))
	}
	if remaining := size - maxLength; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	s.indentationLvl -= 2
	return output
}

// formatMap mirrors Node's formatMap.
func (s *state) formatMap(value *goja.Object, size, recurseTimes int) []string {
	maxLength := min(maxArrayLength, size)
	output := make([]string, 0, maxLength+1)
	s.indentationLvl += 2
	ex := s.iterate(value, "Map", "entries", maxLength, func(v goja.Value) {
		entry, ok := v.(*goja.Object)
		if !ok {
			return
		}
		k := s.formatValue(entry.Get("0"), recurseTimes, false)
		output = append(output, k+" => "+s.formatValue(entry.Get("1"), recurseTimes, false))
	})
	if ex != nil {
		output = append(output, s.threw(ex))
	}
	if remaining := size - maxLength; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	s.indentationLvl -= 2
	return output
}

// typedElems wraps the Go slice goja exports for a typed array; it shares
// the array's memory, so reading it costs no copy and no JS calls.
type typedElems struct{ v interface{} }

func typedElements(obj *goja.Object) typedElems {
	return typedElems{obj.Export()}
}

func (e typedElems) length() int {
	rv := reflect.ValueOf(e.v)
	if rv.Kind() != reflect.Slice {
		return 0
	}
	return rv.Len()
}

// format returns element i as Node prints it, and whether it is a bigint.
func (e typedElems) format(i int) (string, bool) {
	switch a := e.v.(type) {
	case []uint8:
		return strconv.FormatUint(uint64(a[i]), 10), false
	case []int8:
		return strconv.FormatInt(int64(a[i]), 10), false
	case []uint16:
		return strconv.FormatUint(uint64(a[i]), 10), false
	case []int16:
		return strconv.FormatInt(int64(a[i]), 10), false
	case []uint32:
		return strconv.FormatUint(uint64(a[i]), 10), false
	case []int32:
		return strconv.FormatInt(int64(a[i]), 10), false
	case []float32:
		return formatFloat(float64(a[i])), false
	case []float64:
		return formatFloat(a[i]), false
	case []int64:
		return strconv.FormatInt(a[i], 10) + "n", true
	case []uint64:
		return strconv.FormatUint(a[i], 10) + "n", true
	}
	return "undefined", false
}

// formatTypedArray mirrors Node's formatTypedArray.
func (s *state) formatTypedArray(value *goja.Object, elems typedElems, recurseTimes int) []string {
	length := elems.length()
	maxLength := min(maxArrayLength, length)
	output := make([]string, 0, maxLength+1)
	for i := 0; i < maxLength; i++ {
		str, big := elems.format(i)
		if big {
			output = append(output, s.stylize(str, "bigint"))
		} else {
			output = append(output, s.stylize(str, "number"))
		}
	}
	if remaining := length - maxLength; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	if s.showHidden {
		s.indentationLvl += 2
		for _, key := range [...]string{"BYTES_PER_ELEMENT", "length", "byteLength", "byteOffset", "buffer"} {
			v, ex := s.get(value, propKey{name: key})
			str := ""
			if ex != nil {
				str = s.threw(ex)
			} else {
				str = s.formatValue(v, recurseTimes, true)
			}
			output = append(output, "["+key+"]: "+str)
		}
		s.indentationLvl -= 2
	}
	return output
}

// formatArrayBuffer mirrors Node's formatArrayBuffer.
func (s *state) formatArrayBuffer(ab goja.ArrayBuffer) []string {
	if ab.Detached() {
		return []string{s.stylize("(detached)", "special")}
	}
	b := ab.Bytes()
	n := min(maxArrayLength, len(b))
	str := hexBytes(b[:n])
	if remaining := len(b) - n; remaining > 0 {
		str += " ... " + itoa(remaining) + " more byte" + plural(remaining)
	}
	return []string{s.stylize("[Uint8Contents]", "special") + ": <" + str + ">"}
}

// hexBytes is hexSlice with a space after every byte, as Node shows
// buffer contents.
func hexBytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	h := hex.EncodeToString(b)
	var sb strings.Builder
	sb.Grow(len(b) * 3)
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(h[i : i+2])
	}
	return sb.String()
}

// formatPromise mirrors Node's formatPromise.
func (s *state) formatPromise(p *goja.Promise, recurseTimes int) []string {
	if p == nil || p.State() == goja.PromiseStatePending {
		return []string{s.stylize("<pending>", "special")}
	}
	s.indentationLvl += 2
	str := s.formatValue(p.Result(), recurseTimes, false)
	s.indentationLvl -= 2
	if p.State() == goja.PromiseStateRejected {
		return []string{s.stylize("<rejected>", "special") + " " + str}
	}
	return []string{str}
}

// bufferInspectMaxBytes is buffer.INSPECT_MAX_BYTES.
const bufferInspectMaxBytes = 50

// asBuffer reports whether obj is a Buffer (a Uint8Array whose chain holds
// globalThis.Buffer.prototype). Node prints those through the custom
// inspect hook Buffer.prototype carries; goja_nodejs has no such hook.
func (s *state) asBuffer(obj *goja.Object) bool {
	if obj.ExportType() != typeBytes {
		return false
	}
	bp := s.in.proto("Buffer")
	if bp == nil || !s.inChain(obj, bp) {
		return false
	}
	return s.typedArrayName(obj) == "Uint8Array"
}

// formatBuffer is Node's Buffer.prototype[inspect.custom].
func (s *state) formatBuffer(obj *goja.Object) string {
	b, _ := obj.Export().([]byte)
	n := min(bufferInspectMaxBytes, len(b))
	str := hexBytes(b[:n])
	if remaining := len(b) - bufferInspectMaxBytes; remaining > 0 {
		str += " ... " + itoa(remaining) + " more byte" + plural(remaining)
	}
	keys, _ := s.nonIndexKeys(obj)
	if len(keys) > 0 {
		// Node inspects the extra properties on one line with
		// breakLength: Infinity.
		sub := newState(s.rt, s.in, s.opt)
		sub.depth = s.depth
		sub.breakLength = math.MaxInt32
		sub.seen = s.seen
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, sub.formatProperty(obj, 1, k, kObjectType))
		}
		if len(b) != 0 {
			str += ", "
		}
		str += strings.Join(parts, ", ")
	}
	name := "Buffer"
	if c, ok := obj.Get("constructor").(*goja.Object); ok && c != s.globalBufferCtor() {
		if n := c.Get("name"); n != nil && !isGoFuncName(n.String()) {
			name = n.String()
		}
	}
	return "<" + name + " " + str + ">"
}
