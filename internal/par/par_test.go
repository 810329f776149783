package par

import (
	"runtime"
	"testing"
)

// TestWorkers: a number asked for is kept; 0 or less is one per CPU.
func TestWorkers(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]int{1: 1, 3: 3, 64: 64, 0: runtime.NumCPU(), -2: runtime.NumCPU()} {
		if got := Workers(n); got != want {
			t.Errorf("Workers(%d) = %d, want %d", n, got, want)
		}
	}
}
