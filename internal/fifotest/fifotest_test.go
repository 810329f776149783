package fifotest

import (
	"os"
	"testing"
)

// TestMake: Make returns the path of a FIFO in the folder.
func TestMake(t *testing.T) {
	t.Parallel()
	fifo := Make(t, t.TempDir(), "pipe")
	st, err := os.Lstat(fifo)
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("Make: %s is %v, %v; want a FIFO", fifo, st, err)
	}
}
