package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/alliancesim/alliancesim/internal/safefile"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CheckSchema is nil when a file's schema version got is the one this
// version reads, want; otherwise it names the file kind ("compare",
// "summary"; "" for none) and both versions, so that every file refused
// for its version is refused in the same words.
func CheckSchema(kind string, got, want int) error {
	switch {
	case got == want:
		return nil
	case kind == "":
		return fmt.Errorf("schema %d: this version reads schema %d", got, want)
	}
	return fmt.Errorf("%s schema %d: this version reads schema %d", kind, got, want)
}

// readFile reads a results file of kind (see CheckSchema) whose schema
// version, schema of it, must be want.
func readFile[T any](data []byte, kind string, want int, schema func(*T) int) (*T, error) {
	f, err := decodeJSON[T](data, false)
	if err != nil {
		return nil, fmt.Errorf("not a results file of this tool: %v", err)
	}
	if err := CheckSchema(kind, schema(f), want); err != nil {
		return nil, err
	}
	return f, nil
}

// FileSpec says how ReadJSON reads one kind of file.
type FileSpec struct {
	// Kind names the file in messages: "shard file" gives "<path>: not a
	// shard file: …".
	Kind string
	// Name is the file's name in an output folder: a folder given to
	// ReadJSON stands for the file Name inside it. Empty: a folder is read
	// as it is (and refused).
	Name string
	// Limit bounds the file's size in bytes, checked before it is read,
	// so that a wrong path cannot make the reader take in a huge file; 0
	// reads the file whole. Either way it must be a regular file.
	Limit int64
	// Strict refuses a field the type does not have: for a file that must
	// come from this version, where a stray field means another format.
	// It then decodes only the first JSON value of the file.
	Strict bool
}

// ReadJSON reads the file at path as spec says and decodes it into a new
// T, then checks it with check (when not nil). Every error but the
// operating system's own names the file: "<path>: not a <kind>: …" for
// one that is not JSON of T, "<path>: <check's error>" for one that check
// refuses.
func ReadJSON[T any](path string, spec FileSpec, check func(*T) error) (*T, error) {
	if spec.Name != "" {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			path = filepath.Join(path, spec.Name)
		}
	}
	b, err := spec.read(path)
	if err != nil {
		return nil, err
	}
	return DecodeJSON(path, b, spec, check)
}

// DecodeJSON is ReadJSON for a file's content b already in memory (such as
// a file embedded in the binary), name naming it in errors.
func DecodeJSON[T any](name string, b []byte, spec FileSpec, check func(*T) error) (*T, error) {
	f, err := decodeJSON[T](b, spec.Strict)
	if err != nil {
		return nil, fmt.Errorf("%s: not a %s: %v", name, spec.Kind, err)
	}
	if check != nil {
		if err := check(f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return f, nil
}

// read reads path whole, within spec's limit.
func (spec FileSpec) read(path string) ([]byte, error) {
	// Only a regular file is read: a FIFO or a device would block the
	// command, or feed it for ever, before any check could speak.
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, missingError(path)
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if spec.Limit > 0 && info.Size() > spec.Limit {
		return nil, fmt.Errorf("%s: %d bytes, more than a %s can be (%d)", path, info.Size(), spec.Kind, spec.Limit)
	}
	// Opened without blocking and checked as opened: a FIFO swapped in
	// after the Stat above is refused too.
	return safefile.Read(path, spec.Limit)
}

// missingError is a file that is not there: "<path>: no such file or
// folder" rather than the system's "stat <path>: no such file or
// directory". It is an fs.ErrNotExist.
type missingError string

func (e missingError) Error() string { return string(e) + ": no such file or folder" }
func (e missingError) Unwrap() error { return fs.ErrNotExist }

// decodeJSON decodes data into a new T; strict as FileSpec.Strict.
func decodeJSON[T any](data []byte, strict bool) (*T, error) {
	var f T
	if !strict {
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, ExplainJSON(data, err)
		}
		return &f, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			// The decoder stops just past the field's name.
			line, _ := position(data, dec.InputOffset())
			return nil, fmt.Errorf("line %d: %w", line, ExplainJSON(data, err))
		}
		return nil, ExplainJSON(data, err)
	}
	return &f, nil
}
