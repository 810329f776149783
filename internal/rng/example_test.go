package rng_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// An event's yearly number depends only on the run's key, the year and
// the event's name, so two scenarios that share the event see the same
// numbers whatever other events they have (common random numbers).
func Example() {
	const runKey = 7
	war := rng.HashName("event:war")
	for _, year := range []int{2030, 2031} {
		yk := rng.Derive(runKey, uint64(year))
		fmt.Printf("%d: %.6f\n", year, rng.UnitAt(yk, war))
	}

	// Two PCG seed words for a purpose-keyed sub-stream, and a permutation
	// drawn from it, as a Latin hypercube column uses.
	r := rand.New(rand.NewPCG(rng.SubSeed(rng.Derive(1, 0), 0x6c6873)))
	p := make([]int, 5)
	rng.Permute(r, p)
	fmt.Println(p)
	// Output:
	// 2030: 0.955481
	// 2031: 0.494001
	// [4 2 1 3 0]
}
