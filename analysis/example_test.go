package analysis_test

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/analysis"
	"gonum.org/v1/gonum/stat/distuv"
)

// Sobol indices of y = x1 + 2·x2 + 0·x3 with independent U(0, 1) inputs:
// the analytic shares are 1/5, 4/5 and 0.
func ExampleSobol() {
	u := distuv.Uniform{Min: 0, Max: 1}
	inputs := []analysis.Input{
		{Name: "x1", Quantile: u.Quantile},
		{Name: "x2", Quantile: u.Quantile},
		{Name: "x3", Quantile: u.Quantile},
	}
	f := func(x []float64) float64 { return x[0] + 2*x[1] + 0*x[2] }
	res, err := analysis.Sobol(context.Background(), inputs, f, 4096, analysis.SobolOptions{
		Options: analysis.Options{Seed: 1},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d evaluations\n", res.Evaluations)
	for _, ix := range res.Indices {
		fmt.Printf("%s  S1 %.1f  ST %.1f\n", ix.Name, ix.S1, ix.ST)
	}
	// Output:
	// 20480 evaluations
	// x1  S1 0.2  ST 0.2
	// x2  S1 0.8  ST 0.8
	// x3  S1 0.0  ST 0.0
}

// A stochastic model made deterministic in its inputs: each evaluation
// averages R inner replications on common random numbers (the same inner
// seeds at every design point), so the indices apportion the variance of
// P(event | inputs) and the inner noise is not read as an input effect.
func ExampleFunc_stochastic() {
	const R = 200
	pEvent := func(x []float64) float64 {
		hits := 0
		for rep := range R {
			rng := rand.New(rand.NewPCG(uint64(rep), 0)) // the same seeds at every x
			if rng.Float64() < 0.8*x[0]+0.1*x[1] {
				hits++
			}
		}
		return float64(hits) / R
	}
	u := distuv.Uniform{Min: 0, Max: 1}
	inputs := []analysis.Input{{Name: "pressure", Quantile: u.Quantile}, {Name: "trade", Quantile: u.Quantile}}
	_, bars, err := analysis.Tornado(context.Background(), inputs, pEvent, 0.1, 0.9, analysis.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range bars {
		fmt.Printf("%s: P from %.2f to %.2f\n", b.Name, b.Low, b.High)
	}
	// Output:
	// pressure: P from 0.10 to 0.76
	// trade: P from 0.40 to 0.46
}

// Scenario discovery: the conditions under which an outcome becomes likely,
// written as a sentence and as signposts to watch.
func ExamplePRIM() {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([][]float64, 2000)
	y := make([]bool, len(x))
	for i := range x {
		x[i] = []float64{rng.Float64(), rng.Float64(), rng.Float64()}
		y[i] = x[i][0] > 0.6 && x[i][2] < 0.5
	}
	res, err := analysis.PRIM(x, []string{"pressure", "trade", "autonomy"}, y, analysis.PrimOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Sentences(res.Box, analysis.SentenceStyle{
		Outcome: "An alliance forms",
		Cases:   "alliances",
		Labels:  map[string]string{"pressure": "US pressure on China", "autonomy": "Russia's autonomy value"},
	}))
	for _, s := range res.Signposts(res.Box) {
		fmt.Printf("watch %s (density without it: %.0f%%)\n", s.Name, 100*s.DensityWithout)
	}
	// Output:
	// An alliance forms in 100% of runs where US pressure on China is above 0.6 and Russia's autonomy value is below 0.49 (these runs are 20% of all runs; they hold 98% of all alliances). In the other runs the share is 1%.
	// watch pressure (density without it: 39%)
	// watch autonomy (density without it: 52%)
}
