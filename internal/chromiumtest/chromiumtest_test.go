package chromiumtest

import (
	"os/exec"
	"testing"
)

// TestFind: Find returns a browser exactly when one of Names is in PATH.
func TestFind(t *testing.T) {
	t.Parallel()
	inPath := false
	for _, name := range Names {
		if _, err := exec.LookPath(name); err == nil {
			inPath = true
		}
	}
	if got := Find(); (got != "") != inPath {
		t.Errorf("Find() = %q, but a browser in PATH: %v", got, inPath)
	}
}
