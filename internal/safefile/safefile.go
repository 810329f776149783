// Package safefile reads the files a user points the tool at (scenarios,
// configs, posterior samples, saved results, the output folder's own
// files) so that a wrong path cannot hang or flood the command: only a
// regular file is read, opened without blocking (a FIFO with no writer
// would block a plain open for ever, where even SIGTERM cannot reach the
// reader), checked as opened (not as the name pointed a moment before),
// and read through a limit.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by the error for a path that is not a regular
// file (a folder, a FIFO, a device, a socket); NotRegular says which.
var ErrNotRegular = errors.New("not a regular file")

// NotRegular is the error for a path that is not a regular file.
type NotRegular struct{ Mode fs.FileMode }

func (e NotRegular) Error() string {
	switch {
	case e.Mode.IsDir():
		return "a folder, not a file"
	case e.Mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO), not a file"
	case e.Mode&fs.ModeDevice != 0, e.Mode&fs.ModeCharDevice != 0:
		return "a device, not a file"
	case e.Mode&fs.ModeSocket != 0:
		return "a socket, not a file"
	}
	return "not a regular file"
}

func (e NotRegular) Unwrap() error { return ErrNotRegular }

// ErrTooLarge is wrapped by the error for a file over the limit.
var ErrTooLarge = errors.New("file too large")

// Read reads the regular file at path, of at most limit bytes (limit ≤ 0:
// no bound). Errors are *fs.PathError with Op "read": wrapping a
// NotRegular for anything but a regular file, ErrTooLarge for a file over
// the limit, or the system's error.
func Read(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &fs.PathError{Op: "read", Path: path, Err: pe.Err}
		}
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: NotRegular{info.Mode()}}
	}
	var r io.Reader = f
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if limit > 0 && int64(len(b)) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)}
	}
	return b, nil
}
