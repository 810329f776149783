// Package design names the sampling designs that place a study's points in
// its input space (independent Monte Carlo draws, Latin hypercubes and
// scrambled Sobol' sequences) and generates the Sobol' sequences.
//
// The vocabulary lives in a package of its own, below both the Monte Carlo
// engine (package sim) and the model-agnostic methods (package analysis),
// so that a run, a sensitivity analysis and a sweep read and print the same
// names, and so that analysis need not import the alliance model to name a
// design.
//
// Sobol and NewScrambledSobol generate the quasi-Monte Carlo points behind
// QuasiMonteCarlo: the Sobol' sequence with the direction numbers of Joe &
// Kuo (2008), randomised by Matoušek's (1998) linear matrix scramble and
// digital shift. They are written here rather than taken from a module:
// the one scrambled Go implementation found (github.com/cwbudde/qmc, v0.2,
// no importers) is too young to carry the reproducibility contract (the
// same seed must give the same design from release to release, which a
// dependency's update could break), and the generator is small. The
// tests check it against scipy's independent implementation.
package design // import "github.com/alliancesim/alliancesim/design"
