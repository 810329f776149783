// Package stats is the one home of the rank statistics that the Monte
// Carlo engine and the sensitivity analyses share and that gonum does not
// provide: ranks with ties averaged, the Spearman rank correlation built
// on them, and the conversion of a rank correlation into the correlation
// of a Gaussian copula; and the binomial upper tail that scenario
// discovery's boxes are judged by, in analysis and in nowcast's signposts
// alike.
//
// The standard normal distribution itself is gonum's and has no copy
// here: Φ is distuv.UnitNormal.CDF and Φ⁻¹ is mathext.NormalQuantile (or
// distuv.UnitNormal.Quantile, a thin wrapper over it). Two Φ⁻¹ are kept
// apart on purpose, because switching them to gonum's would change every
// result they feed (gonum's rational approximation and Go's math.Erfinv
// agree only to the last bits): the copula's -√2·erfcinv(2p) in sim, which
// turns each correlated input's unit draw into a normal number, and the
// √2·erfinv(2q−1) of model's truncated normal update. See those functions.
//
// Like internal/rng, the arithmetic here is part of the reproducibility
// contract: Spearman is computed as stat.Correlation of the ranks, which
// for rank vectors is exact up to the final division and square root, so
// the same data give the same correlation bit for bit wherever it is
// computed.
package stats // import "github.com/alliancesim/alliancesim/internal/stats"
