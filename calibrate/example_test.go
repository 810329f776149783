package calibrate_test

import (
	"context"
	"fmt"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/scenarios"
)

// Example calibrates the weights on the bundled library and the
// China–Russia path, at a tiny size, and reads a weight's posterior.
func Example() {
	ls, err := scenarios.History()
	if err != nil {
		panic(err)
	}
	cases, err := backtest.DefaultCases(ls)
	if err != nil {
		panic(err)
	}
	h, _ := scenarios.Open("hindcast-1992")
	res, err := calibrate.Run(context.Background(), calibrate.Options{
		Cases: cases, Path: calibrate.ChinaRussiaPath(h),
		Points: 50, Stages: 1, Draws: 50, Seed: 1, Resample: 20,
	})
	if err != nil {
		panic(err)
	}
	f := res.Fit("consent_threshold")
	fmt.Println(len(res.Weights), "weights,", len(res.Cases), "cases,", len(res.Sample), "rows")
	fmt.Println("posterior interval ordered:", f.Posterior.Q05 < f.Posterior.Q50 && f.Posterior.Q50 < f.Posterior.Q95)
	fmt.Println("ESS at least 1:", res.ESS >= 1)
	// Output:
	// 31 weights, 31 cases, 20 rows
	// posterior interval ordered: true
	// ESS at least 1: true
}
