// Package backtest scores the alliance model on a library of historical
// cases: scenario files whose outcome is known (model.Scenario.Outcome).
//
// For each case, Run simulates the scenario (sim.Run) and takes as the
// model's forecast p = P(a defence alliance has formed by the end of the
// outcome year), with its Monte Carlo error. Two reference forecasters
// forecast the same cases (package score): the constant base-rate hazard of
// 0.49 % a year and, for cases whose file gives their structural covariates
// (model.Scenario.Structural), the pooled structural logit, with the
// capability ratio taken from the two actors' capability drivers at their
// medians. Each forecaster gets a Brier score with its standard error, a
// log score, a calibration table and the split between onsets and
// non-onsets; the model gets a Brier skill score against each reference,
// on the cases that reference forecasts.
//
// The cases run one after another, each on all the plan's workers, with
// the same seed: the report is the same for any number of workers.
// Report.File renders backtest.json and Report.CSV backtest.csv;
// Report.Verdict says in words whether the model beats the references.
package backtest // import "github.com/alliancesim/alliancesim/backtest"
