// Package score scores probability forecasts of a yes/no outcome against
// what happened, and holds the two reference forecasters that backtests
// measure a model against. It knows nothing of the alliance model: a
// forecast is a probability p in [0, 1], an outcome a bool.
//
// # Scores
//
//   - Brier: the mean squared error (p − y)², y = 1 for an onset and 0
//     otherwise, with its standard error over cases (Brier 1950). Lower is
//     better; 0 is perfect, 0.25 is what p = 0.5 always scores.
//   - LogScore: the mean of ln p(observed outcome), that is ln p for an
//     onset and ln(1 − p) for none (Good 1952). Higher (nearer 0) is
//     better. It is −∞ for a forecast of exactly 0 or 1 that turned out
//     wrong, so a Monte Carlo estimate, which can be exactly 0 or 1, is
//     clipped first: Clip with MonteCarloEpsilon(draws) = 0.5/(draws + 1),
//     the estimate half a draw away from the bound.
//   - Skill: the Brier skill score 1 − B/B_ref of a forecaster against a
//     reference; above 0 the forecaster beats the reference. Compare gives
//     it with the paired standard error of the difference in Brier scores.
//   - Reliability: the calibration table: the cases binned by their
//     forecast into bins of equal width in p, with the mean forecast, the
//     observed frequency and the count of each bin (a reliability diagram
//     plots the second against the first; a calibrated forecaster lies on
//     the diagonal).
//   - Split: the counts of onsets and non-onsets and the mean forecast on
//     each (discrimination: a useful forecaster gives the onsets the higher
//     p).
//
// # Reference forecasters
//
// Both give an annual hazard h, turned into the probability of an onset
// within n years by Cumulative: 1 − (1 − h)ⁿ.
//
//   - BaseRate: the constant hazard of a defence-pact onset between two
//     major powers after 1945, 0.49 % a year (ATOP 5.1 × COW: 3 onsets in
//     615 at-risk dyad-years).
//   - Logit: a pooled logit of the dyad's structural covariates (a common
//     rival, mutual rivalry, the capability ratio, contiguity, both major
//     powers, the era), with the odds ratios estimated on ATOP 5.1 × COW
//     dyad-years 1816–2010 (N = 768,249) and an intercept set so that the
//     China–Russia 2022 profile gets the published hazard of 0.021 (see
//     DefaultLogit).
package score // import "github.com/alliancesim/alliancesim/score"
