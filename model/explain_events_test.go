package model_test

import (
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// central is scenario name's central run: every input at its median.
func central(t *testing.T, name string) *model.Explanation {
	t.Helper()
	l, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	sc := l.Scenario
	p := sc.NewParams()
	for _, in := range sc.Inputs {
		tg, err := sc.Resolve(in.Path)
		if err != nil {
			t.Fatal(err)
		}
		tg.Set(p, min(max(sim.Median(in.Dist), tg.Min), tg.Max))
	}
	w, err := model.ScenarioWeights(sc)
	if err != nil {
		t.Fatal(err)
	}
	return model.Explain(sc, w, p)
}

// TestExplainScheduledEvents checks that the central run includes an
// event at its median outcome: taiwan-crisis's crisis, 90% likely in 2028,
// occurs in 2028 and moves that year's latent pressure away from the
// baseline's, while the baseline's rare shocks do not occur.
func TestExplainScheduledEvents(t *testing.T) {
	t.Parallel()
	base, tw := central(t, "baseline"), central(t, "taiwan-crisis")
	if len(base.Events) != 0 {
		t.Errorf("baseline's central run has events %v; its shocks are rare", base.Events)
	}
	if len(tw.Events) != 1 || tw.Events[0].Year != 2028 {
		t.Fatalf("taiwan-crisis's central run has events %v; want the 2028 crisis", tw.Events)
	}
	for i, y := range tw.Years {
		if d := y.Latent - base.Years[i].Latent; (y.Year < 2028) != (d == 0) {
			t.Errorf("%d: latent %g against the baseline's %g", y.Year, y.Latent, base.Years[i].Latent)
		}
	}
}
