package sim_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/sim"
)

// An expert judges Russia's perceived threat from the US to be "between 0.2
// and 0.6, nine times out of ten": a ci90. Its draws have that interval as
// their 5th and 95th percentiles.
func ExampleNewDist() {
	d, err := sim.NewDist(sim.DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6, Min: 0, Max: 1, HasMin: true, HasMax: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	fmt.Printf("median %.2f, 5%% %.2f, 95%% %.2f\n", sim.Median(d), d.Quantile(0.05), d.Quantile(0.95))

	src := rand.NewPCG(1, 1) // never nil: the same seed gives the same draws
	const n = 100000
	var sum float64
	for range n {
		sum += d.Rand(src)
	}
	fmt.Printf("mean of %d draws %.2f\n", n, sum/n)

	_, err = sim.NewDist(sim.DistSpec{Kind: "beta", Alpha: -1, Beta: 3})
	fmt.Println(err)
	// Output:
	// ci90[0.2, 0.6] truncated to [0, 1]
	// median 0.40, 5% 0.20, 95% 0.60
	// mean of 100000 draws 0.40
	// alpha: must be greater than 0 (got -1)
}
