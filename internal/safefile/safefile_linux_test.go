//go:build linux

package safefile

import (
	"errors"
	"testing"

	"github.com/alliancesim/alliancesim/internal/fifotest"
)

// TestReadFIFO: a FIFO with no writer is refused at once, not waited on.
func TestReadFIFO(t *testing.T) {
	fifo := fifotest.Make(t, t.TempDir(), "fifo")
	var nr NotRegular
	if _, err := Read(fifo, 0); !errors.As(err, &nr) || nr.Error() != "a named pipe (FIFO), not a file" {
		t.Errorf("a FIFO: %v", err)
	}
}
