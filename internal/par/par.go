// Package par is the one home of the rule by which a parallel computation
// (a Sobol or Morris design, PRIM's peeling, a Monte Carlo run's draws,
// the calibration's points, the nowcast's particle filter) picks its
// number of goroutines from its options, and of the loop that shares
// indices among them: For index by index, Chunks range by range and
// stopping when its context is done.
package par

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers is the number of goroutines asked for by n: n itself, or one per
// CPU when n is 0 or less (an option left unset).
func Workers(n int) int {
	if n <= 0 {
		return runtime.NumCPU()
	}
	return n
}

// For runs body(w, i) for i in [0, n) on workers goroutines (at most n,
// at least 1), each taking the next index when it is done with one; w
// identifies the goroutine (0 … workers−1), for per-worker scratch space.
// body must write only to memory owned by index i or by w. One goroutine
// runs the loop itself.
func For(n, workers int, body func(w, i int)) {
	_ = Chunks(context.Background(), n, 1, workers, func(w, i, _ int) { body(w, i) })
}

// Chunks runs body(w, lo, hi) over [0, n) in ranges of chunk indices (the
// last one shorter) on workers goroutines (at most the number of ranges,
// at least 1), each taking the next range when it is done with one; w
// identifies the goroutine, as in For. Ranges rather than single indices
// suit cheap bodies (a Monte Carlo draw, a particle's year), for which one
// atomic addition per index would cost more than the work. No range is
// begun once ctx is done: Chunks then returns ctx.Err(), with the ranges
// begun before finished; otherwise nil.
func Chunks(ctx context.Context, n, chunk, workers int, body func(w, lo, hi int)) error {
	chunk = max(1, chunk)
	ranges := (n + chunk - 1) / chunk
	workers = max(1, min(workers, ranges))
	loop := func(w int, next *atomic.Int64) {
		for ctx.Err() == nil {
			lo := int(next.Add(int64(chunk))) - chunk
			if lo >= n {
				return
			}
			body(w, lo, min(n, lo+chunk))
		}
	}
	var next atomic.Int64
	if workers == 1 {
		loop(0, &next)
		return ctx.Err()
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { loop(w, &next) })
	}
	wg.Wait()
	return ctx.Err()
}
