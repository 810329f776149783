package study_test

import (
	"context"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/study"
)

// baseline is the bundled baseline scenario, loaded afresh for the test,
// and the default weights. The bundled baseline starts from the nowcast;
// these tests are of the analyses' machinery, which is the same from any
// start, so the fixture starts on the rung the record's state gives 98.8%
// (model.Scenario.OnInitialState) and needs no filtered state.
func baseline(tb testing.TB) (*model.Scenario, model.Weights) {
	tb.Helper()
	l, err := scenarios.Open("baseline")
	if err != nil {
		tb.Fatal(err)
	}
	return l.Scenario.OnInitialState(), model.DefaultWeights()
}

// corrBaseline is the baseline (as baseline, started on the entente) with
// a rank correlation of 0.6 between Russia's threat and pressure, and the
// default weights.
func corrBaseline(tb testing.TB) (*model.Scenario, model.Weights) {
	tb.Helper()
	src, ok := scenarios.Source("baseline")
	if !ok {
		tb.Fatal("no baseline")
	}
	l, err := scenarios.LoadBytes("corr.yaml", []byte(string(src)+"\ncorrelations:\n  - [russia.threat, russia.pressure, 0.6]\n"))
	if err != nil {
		tb.Fatal(err)
	}
	return l.Scenario.OnInitialState(), model.DefaultWeights()
}

// sensitivity runs the sensitivity analysis o of sc at w and stops the
// test unless it succeeds.
func sensitivity(tb testing.TB, sc *model.Scenario, w *model.Weights, o study.SensitivityOptions) *study.Sensitivity {
	tb.Helper()
	s, err := study.RunSensitivity(context.Background(), sc, w, o)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
