// Package plots draws the charts of alliancesim for reports, each as a
// gonum/plot plot made of small plotters (chart.go):
//
//   - one run (scenario.go): StateArea, AllianceCurve, LatentFan,
//     OnsetHistogram, BlockingBars, EventImpact; a central run's Waterfall
//     and ContributionLines; several runs' CompareCurves and CompareDots;
//     a backtest's Reliability and BacktestCases;
//   - analyses (analysis.go): Tornado, MorrisPlot, SobolBars,
//     SobolConvergencePlot, SweepCurve, SweepHeatMap, PrimTradeoff;
//   - the observed record (observed.go): Nowcast, and a calibration's
//     PriorPosterior, PosteriorPredictive and CalibrationPath.
//
// Each chart is a text function (what it says), a data function (what it
// plots, with notes on what it left out) and a builder that lays them out
// with Chart.fit and adds the plotters. Every chart follows one theme: 16 ×
// 10 cm by default, Liberation Sans, probability axes from 0 with
// percentage ticks, a light-to-dark ramp for the ordered states with the
// defence alliance in the accent colour, the Okabe–Ito set for categorical
// series, the legend outside the data area and a caption naming the run,
// so that a pasted chart can be traced back to it.
//
// Chart.Save writes PNG, SVG or PDF atomically (save.go); Render,
// RenderScenario, RenderExplanation, RenderComparison and RenderBacktest
// write sets of charts named by kind. PNG and SVG output is deterministic.
//
// The builders never panic on degenerate input: no draws, no years or no
// valid values, or a page too small, give an Empty chart with a note
// saying so; invalid values are left out and counted in the note;
// inconsistent input is an error.
package plots
