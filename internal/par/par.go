// Package par is the one home of the rule by which a parallel computation
// (a Sobol or Morris design, PRIM's peeling, the nowcast's particle
// filter) picks its number of goroutines from its options.
package par

import "runtime"

// Workers is the number of goroutines asked for by n: n itself, or one per
// CPU when n is 0 or less (an option left unset).
func Workers(n int) int {
	if n <= 0 {
		return runtime.NumCPU()
	}
	return n
}
