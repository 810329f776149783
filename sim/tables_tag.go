//go:build alliancesim_exact

package sim

// Built with -tags alliancesim_exact, the engine samples as it did before
// quantile tables (see tableSampling): a PCG re-seeded per input, Rand or
// the exact Quantile, for reproducing results of earlier versions.
func init() { tableSampling = false }
