package backtest_test

import (
	"context"
	"testing"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// libraryDraws is the number of draws per case of TestLibraryBacktest.
const libraryDraws = 4_000

// TestLibraryBacktest scores the model, with the default weights, on the
// bundled case library, and requires its Brier score to be below both
// references': the base rate's on every case, and the logit's on the cases
// that give structural covariates (the comparison rests on those).
//
// The comparison has no tolerance, because the seed cannot decide it: at
// 4,000 draws a case's p has a Monte Carlo standard error of at most
// √(0.25/4000) ≈ 0.008, and the model's Brier score moves by 2(p − y)/N
// per unit of p, so its Monte Carlo error is at most about 0.016/√N (the
// test logs it; ≈0.001 on the library). The gaps between forecasters are
// tenths: the references give every case a few per cent, which scores
// about (1 − 0.03)² ≈ 0.94 on a pact and 0.001 on none. A failure here is
// the model's forecasts, not Monte Carlo noise; the test logs each gap in
// Monte Carlo standard errors to show it.
func TestLibraryBacktest(t *testing.T) {
	t.Parallel()
	libs, err := scenarios.History()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := backtest.Run(context.Background(), cases(t, libs), backtest.Options{Library: scenarios.HistoryLibrary,
		Plan: sim.Plan{Draws: libraryDraws, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Cases {
		outcome := "none"
		if c.Pact {
			outcome = "pact"
		}
		t.Logf("%-22s %d–%d %-4s  model %.4f ± %.4f  base rate %.4f  logit %.4f", c.Name, c.StartYear, c.Year, outcome, c.Model.P, c.Model.SE, c.BaseRate, c.Logit)
	}
	m := rep.ScoresOf(backtest.Model)
	for _, name := range backtest.Forecasters {
		s := rep.ScoresOf(name)
		t.Logf("%-9s Brier %.4f ± %.4f over %d cases (Monte Carlo error %.4f); log score %.3f", name, s.Brier.Value, s.Brier.SE, s.Cases, s.BrierMCSE, s.Log.Value)
	}
	t.Log(rep.Verdict())
	for _, ref := range []string{backtest.BaseRate, backtest.Logit} {
		c := rep.ComparisonWith(ref)
		if c == nil {
			t.Errorf("no comparison with %s: no case gives its forecast", backtest.Label(ref))
			continue
		}
		t.Logf("model %.4f against %s %.4f on %d cases: gap %.4f, %.0f Monte Carlo standard errors", c.Brier, backtest.Label(ref), c.RefBrier, c.N,
			c.RefBrier-c.Brier, (c.RefBrier-c.Brier)/m.BrierMCSE)
		if !(c.Brier < c.RefBrier) {
			t.Errorf("the model's Brier score %.4f is not below %s's %.4f (on %d cases)", c.Brier, backtest.Label(ref), c.RefBrier, c.N)
		}
	}
}
