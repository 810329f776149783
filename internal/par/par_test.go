package par

import (
	"context"
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

// TestChunks: every index runs once, in ranges of the chunk's length
// (the last one shorter), on goroutines numbered below the workers and
// below the number of ranges; a context done before the loop runs no
// range and is returned.
func TestChunks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ n, chunk, workers int }{{0, 8, 4}, {5, 8, 4}, {17, 8, 4}, {1000, 64, 1}, {1000, 7, 3}, {10, 0, 2}} {
		runs := make([]atomic.Int32, c.n)
		var bad atomic.Int32
		ranges := (c.n + max(c.chunk, 1) - 1) / max(c.chunk, 1)
		err := Chunks(context.Background(), c.n, c.chunk, c.workers, func(w, lo, hi int) {
			if w < 0 || w >= max(1, min(c.workers, ranges)) || lo%max(c.chunk, 1) != 0 || (hi-lo != max(c.chunk, 1) && hi != c.n) {
				bad.Add(1)
			}
			for i := lo; i < hi; i++ {
				runs[i].Add(1)
			}
		})
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		for i := range runs {
			if r := runs[i].Load(); r != 1 {
				t.Fatalf("%+v: index %d ran %d times", c, i, r)
			}
		}
		if bad.Load() != 0 {
			t.Errorf("%+v: %d calls with a range or goroutine out of bounds", c, bad.Load())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	for _, workers := range []int{1, 3} {
		if err := Chunks(ctx, 100, 10, workers, func(_, _, _ int) { ran.Add(1) }); err != context.Canceled {
			t.Errorf("%d workers, cancelled: err = %v, want context.Canceled", workers, err)
		}
	}
	if ran.Load() != 0 {
		t.Errorf("a cancelled context ran %d ranges", ran.Load())
	}
	// Cancelled by the first range: each goroutine finishes the range it
	// has begun and begins no other.
	for _, workers := range []int{1, 3} {
		ctx, cancel := context.WithCancel(context.Background())
		ran.Store(0)
		err := Chunks(ctx, 1000, 10, workers, func(_, _, _ int) { ran.Add(1); cancel() })
		if err != context.Canceled || ran.Load() > int32(workers) {
			t.Errorf("%d workers, cancelled by a range: err = %v after %d ranges, want context.Canceled after at most %d", workers, err, ran.Load(), workers)
		}
		cancel()
	}
}
