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
package sim // import "github.com/alliancesim/alliancesim/sim"
