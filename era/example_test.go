package era_test

import (
	"fmt"

	"github.com/alliancesim/alliancesim/era"
)

// The bar of a ten-year window with two bilateral onsets, between the
// rates of 1946–1991 and 1992–2016.
func ExampleUnipolarity() {
	bipolar := era.Period{From: 1946, To: 1991, AtRisk: 32076, Onsets: 39}
	unipolar := era.Period{From: 1992, To: 2016, AtRisk: 35236, Onsets: 4}
	window := era.Period{From: 2017, To: 2026, AtRisk: 13504, Onsets: 2}
	e, err := era.Unipolarity(bipolar, unipolar, window)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.1f per 10,000: mean %.2f, 90%% interval %.2f–%.2f, P(u = 1) %.2f\n", window.Rate(), e.Mean, e.Q05, e.Q95, e.AtOne)
	// Output: 1.5 per 10,000: mean 0.81, 90% interval 0.43–1.00, P(u = 1) 0.36
}
