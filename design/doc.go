// Package design names the sampling designs that place a study's points in
// its input space: independent Monte Carlo draws and Latin hypercubes.
//
// The vocabulary lives in a package of its own, below both the Monte Carlo
// engine (package sim) and the model-agnostic methods (package analysis),
// so that a run, a sensitivity analysis and a sweep read and print the same
// names, and so that analysis need not import the alliance model to name a
// design.
package design // import "github.com/alliancesim/alliancesim/design"
