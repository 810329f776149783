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
	cases, err := backtest.DefaultCases(ls)
	if err != nil {
		t.Fatal(err)
	}
	h, err := scenarios.Open("hindcast-1992")
	if err != nil {
		t.Fatal(err)
	}
	return cases, ChinaRussiaPath(h)
}
