package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode"
)

// ExplainJSON rewrites an error of encoding/json for data, the text it
// was decoding, in the reader's terms: the line (and column) and the
// field, and what was found and what belongs there, without Go's names
// ("json: cannot unmarshal string into Go struct field ShardFile.schema
// of type int" becomes "line 3, field schema: a string where a whole
// number belongs"). An error it does not know is returned as it is.
func ExplainJSON(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF) && len(strings.TrimSpace(string(data))) == 0:
		return errors.New("the file is empty")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syn) && syn.Error() == "unexpected end of JSON input":
		return errors.New("the JSON ends before it is complete: the file is cut short (was it copied or written in full?)")
	case errors.As(err, &syn):
		// The decoder stops just past the byte at fault.
		line, col := position(data, syn.Offset-1)
		return fmt.Errorf("line %d, column %d: not valid JSON (%s)", line, col, syn.Error())
	case errors.As(err, &typ):
		line, _ := position(data, typ.Offset)
		where := fmt.Sprintf("line %d", line)
		if f := jsonField(typ.Field); f != "" {
			where += ", field " + f
		}
		return fmt.Errorf("%s: %s where %s belongs", where, found(typ.Value), wanted(typ.Type))
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		return errors.New(strings.TrimPrefix(msg, "json: "))
	}
	return err
}

// position is the line and column (from 1) of byte offset off in data.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := string(data[:off])
	line = strings.Count(before, "\n") + 1
	return line, int(off) - (strings.LastIndex(before, "\n") + 1) + 1
}

// jsonField drops the Go names of embedded structs from a field's path
// ("ShardHeader.schema" is "schema"): the file's own keys are lower case.
func jsonField(path string) string {
	var keep []string
	for _, p := range strings.Split(path, ".") {
		if p == "" || unicode.IsUpper([]rune(p)[0]) {
			continue
		}
		keep = append(keep, p)
	}
	return strings.Join(keep, ".")
}

// found says what the file holds: encoding/json's "string", "number",
// "number -1", "array", "object" or "bool".
func found(v string) string {
	switch {
	case v == "string":
		return "a string"
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case v == "bool":
		return "true or false"
	case strings.HasPrefix(v, "number "):
		return "the number " + strings.TrimPrefix(v, "number ")
	case v == "number":
		return "a number"
	}
	return v
}

// wanted says what the reader expects of a Go type.
func wanted(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number from 0"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return wanted(t.Elem())
	}
	return "another value"
}
