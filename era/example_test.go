package era_test

import (
	"fmt"

	"github.com/alliancesim/alliancesim/era"
)

// Which era a ten-year window with two bilateral onsets belongs to, and
// how many it would take to make the two equally likely.
func ExampleUnipolarity() {
	bipolar := era.Period{From: 1946, To: 1991, AtRisk: 32076, Onsets: 39}
	unipolar := era.Period{From: 1992, To: 2016, AtRisk: 35236, Onsets: 4}
	window := era.Period{From: 2017, To: 2026, AtRisk: 13504, Onsets: 2}
	e, err := era.Unipolarity(bipolar, unipolar, window)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.1f per 10,000: P(the later era) %s; even odds at %d onsets\n", window.Rate(), era.Prob(e.P), e.Even)
	// Output: 1.5 per 10,000: P(the later era) 0.9997; even odds at 7 onsets
}
