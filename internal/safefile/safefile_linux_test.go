//go:build linux

package safefile

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadFIFO: a FIFO with no writer is refused at once, not waited on.
func TestReadFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	var nr NotRegular
	if _, err := Read(fifo, 0); !errors.As(err, &nr) || nr.Error() != "a named pipe (FIFO), not a file" {
		t.Errorf("a FIFO: %v", err)
	}
}
