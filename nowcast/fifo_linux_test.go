//go:build linux

package nowcast

import (
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/fifotest"
)

// TestReadFileRefusesFIFO: an observations "file" that is a FIFO is
// refused at once instead of blocking the command.
func TestReadFileRefusesFIFO(t *testing.T) {
	fifo := fifotest.Make(t, t.TempDir(), "observations.csv")
	if _, err := ReadFile(fifo); err == nil || !strings.Contains(err.Error(), "FIFO") || !strings.Contains(err.Error(), "observations.csv") {
		t.Errorf("a FIFO: %v", err)
	}
}
