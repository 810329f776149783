// Package plots draws the charts of an alliancesim run for reports:
//
//   - StateArea: the share of runs in each relationship state by year, as a
//     stacked area summing to 100%, the defence alliance at the bottom;
//   - AllianceCurve: the cumulative probability of a defence alliance by
//     year with its 95% Wilson interval as a band and the final value
//     labelled;
//   - LatentFan: a fan chart of the latent alignment pressure (median, middle
//     50% and middle 90% of runs).
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
// The builders take a *sim.Result and return a *Chart. Chart.Save writes
// PNG, SVG or PDF, chosen by the file extension, atomically: a failed write
// leaves no file behind. Render writes the three charts of a result as
// states.<ext>, alliance.<ext> and latent.<ext>. PNG and SVG output is
// byte-for-byte deterministic; PDF carries a creation date.
//
// The builders never panic on degenerate input. Zero draws, a horizon with no
// years, or no valid values give an Empty chart with a note such as "No
// draws: nothing to plot"; NaN, infinite or out-of-range values are left
// out and the chart says how many years were dropped; inconsistent input
// (series of different lengths, quantiles out of order) is an error.
package plots
