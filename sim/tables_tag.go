//go:build alliancesim_tables

package sim

// Built with -tags alliancesim_tables, the engine samples through the
// quantile tables (see tableSampling) without editing the default: for
// trying the new sampling on the test suites and benchmarks while golden
// files still hold the old streams.
func init() { tableSampling = true }
