package scenarios

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxTableErrors caps the problems a data table's reader reports: a
// file wrong throughout says so in its first ones.
const MaxTableErrors = 50

// TableReader reads a data table a user gives (the nowcast's
// observations, the era's bilateral onsets) from r and returns a CSV
// reader of it for a strict reader's rows; file names it in messages. A
// read error is
// "<readOp> <file>: …"; a file over maxSize bytes is an ErrorList saying
// so with sizeHint, and one that is not UTF-8 an ErrorList naming the
// line of its first invalid byte. A byte-order mark, as spreadsheets
// write one, is dropped.
func TableReader(file string, r io.Reader, maxSize int, readOp, sizeHint string) (*csv.Reader, error) {
	src, err := io.ReadAll(io.LimitReader(r, int64(maxSize)+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", readOp, file, err)
	}
	if len(src) > maxSize {
		return nil, ErrorList{{File: file, Msg: fmt.Sprintf("the file is larger than %d bytes", maxSize), Hint: sizeHint}}
	}
	if !utf8.Valid(src) {
		return nil, ErrorList{{File: file, Line: 1 + bytes.Count(src[:invalidAt(src)], []byte("\n")), Msg: "the file is not valid UTF-8",
			Hint: "save it as UTF-8 (most spreadsheets offer \"CSV UTF-8\")"}}
	}
	return csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff")))), nil
}

// invalidAt is the offset of the first byte of src that is not UTF-8.
func invalidAt(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(src)
}

// AddLine adds a problem of a line-oriented file (a data table) at line,
// in field, unless the list holds MaxTableErrors already.
func (l *ErrorList) AddLine(file string, line int, field, msg, hint string) {
	if len(*l) < MaxTableErrors {
		*l = append(*l, &Error{File: file, Line: line, Path: field, Msg: msg, Hint: hint})
	}
}
