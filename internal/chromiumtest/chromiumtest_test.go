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

// TestTail: Tail keeps a short text whole and cuts a long one to its last
// n bytes behind "…".
func TestTail(t *testing.T) {
	t.Parallel()
	if got := Tail("abc", 3); got != "abc" {
		t.Errorf("Tail(abc, 3) = %q", got)
	}
	if got := Tail("abcdef", 2); got != "…ef" {
		t.Errorf("Tail(abcdef, 2) = %q", got)
	}
}
