// Package fifotest makes the named pipes (FIFOs) with no writer that the
// tests give as files, to show that a reader refuses one at once instead
// of blocking for ever; each test skips in the same way where none can be
// made.
package fifotest

import (
	"path/filepath"
	"syscall"
	"testing"
)

// Make makes a FIFO named name in dir and returns its path; the test is
// skipped where none can be made.
func Make(t testing.TB, dir, name string) string {
	t.Helper()
	fifo := filepath.Join(dir, name)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	return fifo
}
