// Package sim is the Monte Carlo engine: input distributions, sampling
// plans (plain Monte Carlo and Latin hypercube), per-draw random streams,
// a worker pool, streaming aggregation and Wilson intervals.
//
// Reproducibility is the engine's first promise. Every draw gets its own
// random streams derived from (seed, draw index) by SplitMix64 hashing
// into PCG generators, with separate sub-streams for the parameters (one
// per input, keyed by the input's path), the latent noise and the events.
// The same seed therefore gives the same draws whatever the number of
// workers, and two scenarios run with the same seed share their random
// numbers wherever they share inputs (common random numbers). Aggregates
// are integer counts, so the order in which workers finish cannot change a
// single bit of the result.
//
// Inputs may be rank-correlated (model.Scenario.Correlations). The engine
// honours the correlations with a Gaussian copula: each correlated input
// turns its own path-keyed uniform into a standard normal number, each
// group of linked inputs mixes its numbers with the Cholesky factor of
// its correlation matrix (factorized once per run), and each input maps
// its mixed number back through Φ and its own quantile function, so its
// distribution is unchanged. Inputs outside every correlation draw as
// before, with the same numbers. Result.Correlations reports the rank
// correlations achieved. Weights may be uncertain inputs too (paths
// "weights.<key>"): each worker holds its own copy of the weights and
// writes the drawn values into it.
//
// Table sampling (an unexported switch, tableSampling: on; off when
// built with the tag alliancesim_exact) makes each input draw one
// standard normal number hashed from (draw key, input path), with no generator to seed, and map
// it through a quantile table built when the scenario is compiled (within
// 1e-5 of the input's range of the exact quantile; see table.go). The
// copula's mixed normals and the Latin hypercube's stratified uniforms
// (through Φ⁻¹) go through the same tables. It keeps every promise above
// but draws other numbers than the exact sampling (PCG re-seeded per
// input, Rand or the exact Quantile), a reshuffling of the random streams.
package sim // import "github.com/alliancesim/alliancesim/sim"
