// Package par is the one home of the rule by which a parallel computation
// (a Sobol or Morris design, PRIM's peeling, the nowcast's particle
// filter) picks its number of goroutines from its options, and of For,
// the loop that shares indices among them.
package par

import (
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
	workers = max(1, min(workers, n))
	if workers == 1 {
		for i := range n {
			body(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				body(w, i)
			}
		})
	}
	wg.Wait()
}
