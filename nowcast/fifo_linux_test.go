//go:build linux

package nowcast

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFileRefusesFIFO: an observations "file" that is a FIFO is
// refused at once instead of blocking the command.
func TestReadFileRefusesFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "observations.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	if _, err := ReadFile(fifo); err == nil || !strings.Contains(err.Error(), "FIFO") || !strings.Contains(err.Error(), "observations.csv") {
		t.Errorf("a FIFO: %v", err)
	}
}
