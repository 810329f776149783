package par

import (
	"runtime"
	"sync/atomic"
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

// TestFor: every index runs once, on a goroutine numbered below the
// workers asked for (and below n), for a loop shorter and longer than the
// workers and an empty one.
func TestFor(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {3, 8}, {1000, 1}, {1000, 3}} {
		runs := make([]atomic.Int32, c.n)
		var bad atomic.Int32
		For(c.n, c.workers, func(w, i int) {
			if w < 0 || w >= min(c.workers, max(c.n, 1)) {
				bad.Add(1)
			}
			runs[i].Add(1)
		})
		for i := range runs {
			if r := runs[i].Load(); r != 1 {
				t.Fatalf("n %d, %d workers: index %d ran %d times", c.n, c.workers, i, r)
			}
		}
		if bad.Load() != 0 {
			t.Errorf("n %d, %d workers: %d calls on a goroutine out of range", c.n, c.workers, bad.Load())
		}
	}
}
