// Package plots draws the charts of an alliancesim run for reports:
//
//   - StateArea: the share of runs in each relationship state by year, as a
//     stacked area summing to 100%, the defence alliance at the bottom;
//   - AllianceCurve: the cumulative probability of a defence alliance by
//     year with its 95% Wilson interval as a band and the final value
//     labelled;
//   - LatentFan: a fan chart of the latent alignment pressure (median, middle
//     50% and middle 90% of runs);
//   - OnsetHistogram: the share of all runs whose alliance formed in each
//     year, the runs with none by the horizon stated in the subtitle;
//   - BlockingBars: who refused the alliance when it was on the table, by
//     year, as stacked bars (first actor alone, second alone, both);
//   - EventImpact: P(alliance by the horizon) in runs with and without each
//     event, dot and whisker, with a warning that this compares runs and
//     is no causal effect;
//   - Waterfall and ContributionLines: the terms of a central run
//     (model.Explanation) that make up the latent pressure or an actor's
//     utility, against the hurdle or the consent threshold;
//   - CompareCurves and CompareDots: several scenarios on one chart, the
//     dots with the paired difference from the first scenario.
//
// Every chart follows one theme (theme.go): 16 × 10 cm by default (a column
// of an A4 page), Liberation Sans at 9–11 pt, probability axes from 0 with
// percentage ticks, a light-to-dark sequential palette for the ordered states
// with the defence alliance in one accent colour (Okabe–Ito vermillion), the
// Okabe–Ito set for categorical series, bands in one hue at decreasing
// opacity, a legend outside the data area (a column on the right, or rows
// under the plot on a narrow page) and a caption naming scenario, draws,
// seed and tool version so that a pasted chart can be traced back to its run.
//
// The builders return a *Chart. Chart.Save writes PNG, SVG or PDF, chosen
// by the file extension, atomically: a failed write leaves no file behind.
// Render writes the three original charts of a result as states.<ext>,
// alliance.<ext> and latent.<ext>; RenderScenario writes the full set of a
// scenario, RenderExplanation the charts of a central run and
// RenderComparison those of a set, each file named after its kind
// (KindOnset, ...), and return a RenderedChart per chart with its title and
// a plain-English caption for a report. PNG and SVG output is byte-for-byte
// deterministic; PDF carries a creation date.
//
// The analysis charts take results of package analysis and an
// AnalysisInfo (scenario, output, sample sizes, seed, readable input
// labels): Tornado, MorrisPlot (μ* against σ), SobolBars (S1 and ST with
// bootstrap intervals; a small negative estimate whose interval covers
// zero is drawn as zero and footnoted), SobolConvergencePlot, SweepCurve,
// SweepHeatMap (with a contour at a chosen probability) and PrimTradeoff
// (PRIM's coverage–density trajectory with the chosen box).
//
// The builders never panic on degenerate input. Zero draws, a horizon with no
// years, no valid values, or a page too small for the rows or the legend
// give an Empty chart with a note such as "No draws: nothing to plot"; NaN,
// infinite or out-of-range values are left out and the chart says how many
// were dropped; inconsistent input (series of different lengths, quantiles
// out of order) is an error.
package plots
