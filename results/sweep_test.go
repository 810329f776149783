package results

import (
	"testing"

	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// TestSweepValues checks sweep.json's swept values: a grid's rounding
// noise is gone (0.49999999999999994 is 0.5), and an axis of small values
// (an event's yearly probability from 1e-05 to 1e-04) keeps each point's
// own value, as sweep.csv does, rather than rounding them together to 0
// and 0.0001.
func TestSweepValues(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		axis study.Axis
		want []float64
	}{
		{study.Axis{Key: "china.pressure", From: 0.3, To: 0.9, Steps: 7}, []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}},
		{study.Axis{Key: "events.taiwan_crisis.probability", From: 1e-5, To: 1e-4, Steps: 4}, []float64{1e-5, 4e-5, 7e-5, 1e-4}},
	} {
		res := &study.SweepResult{Scenario: "baseline", Horizon: 2036, Axes: []study.Axis{c.axis}, Draws: 2000, Seed: 1}
		for _, x := range c.axis.Values() {
			res.Points = append(res.Points, study.SweepPoint{X: []float64{x}, P: sim.Wilson(40, 2000)})
		}
		s := FromSweep(res)
		for k, p := range s.Points {
			if got := p.Values[c.axis.Key]; got != c.want[k] {
				t.Errorf("%s: point %d = %v, want %v", c.axis.Key, k, got, c.want[k])
			}
		}
	}
}
