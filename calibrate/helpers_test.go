package calibrate

import (
	"testing"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/scenarios"
)

// library returns the bundled case library as backtest cases at their
// default weights, and the China–Russia path on hindcast-1992.
func library(t testing.TB) ([]backtest.Case, *Path) {
	t.Helper()
	ls, err := scenarios.History()
	if err != nil {
		t.Fatal(err)
	}
	var cases []backtest.Case
	for _, l := range ls {
		w, err := backtest.DefaultCaseWeights(l.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		c, err := backtest.NewCase(l, w)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	h, err := scenarios.Open("hindcast-1992")
	if err != nil {
		t.Fatal(err)
	}
	return cases, ChinaRussiaPath(h)
}
