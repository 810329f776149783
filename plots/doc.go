// Package plots draws the charts of an alliancesim run: the relationship
// state by year as a stacked area (StateArea), the cumulative probability of
// a defence alliance with its 95% Monte Carlo interval (AllianceCurve), and a
// fan chart of the latent alignment pressure (LatentFan).
//
// Every chart follows one theme (theme.go): a 16 × 10 cm page column, Liberation
// Sans at 9–11 pt, a sequential palette for the ordered states with the
// defence alliance in one accent colour, the Okabe–Ito set for categorical
// series, a legend to the right of the data area so that it never hides data,
// and a caption under the chart naming scenario, draws, seed and tool
// version so that a pasted chart can be traced back to its run.
//
// The input is a *sim.Result; the output is a *Chart, which is written to
// PNG, SVG or PDF by Chart.Save (atomically: a failed write leaves no file).
// Render writes all three charts of a result with stable names.
//
// Chart builders never panic on degenerate input: zero draws, a one-year
// horizon, NaN or infinite values and empty series give either an error that
// says what is wrong or a chart carrying a visible note (for example
// "No draws").
package plots
