package score_test

import (
	"fmt"

	"github.com/alliancesim/alliancesim/score"
)

// Three cases, one of which formed a pact, forecast by a model and by the
// base rate over the same windows.
func ExampleCompare() {
	model := []score.Forecast{{P: 0.7, Onset: true}, {P: 0.1}, {P: 0.2}}
	years := []int{2, 10, 34}
	var base []score.Forecast
	for i, f := range model {
		base = append(base, score.Forecast{P: score.BaseRate(years[i]), Onset: f.Onset})
	}
	c, err := score.Compare(model, base)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("model Brier %.3f, base rate %.3f, skill %.2f\n", c.Brier, c.RefBrier, c.Skill)
	fmt.Printf("model log score %.3f\n", score.LogScore(model).Value)
	// Output:
	// model Brier 0.047, base rate 0.335, skill 0.86
	// model log score -0.228
}

// The reference logit's hazard for the China–Russia profile of 2022, and
// what it makes of ten years.
func ExampleLogit_Hazard() {
	h := score.DefaultLogit().Hazard(score.Covariates{
		CommonRival: true, Contiguous: true, BothMajor: true, CapabilityRatio: 6.13, Year: 2022,
	})
	fmt.Printf("annual hazard %.3f, over ten years %.2f\n", h, score.Cumulative(h, 10))
	// Output: annual hazard 0.021, over ten years 0.19
}
