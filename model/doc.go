// Package model is the alliance model: two prospective partners facing a
// common rival, an ordered ladder of relationship states, the drivers that
// push the pair up or down that ladder, and the bilateral consent gate that
// guards the last step, the mutual-defence alliance.
//
// The package is pure computation. It reads no files, keeps no globals and
// draws random numbers only from the sources passed to it, so that the Monte
// Carlo engine in package sim can give every draw its own reproducible
// streams. Distributions are an interface here and are implemented in sim.
//
// One simulated trajectory is produced by Simulate; the equations are
// documented on the functions that implement them and in docs/model.md.
package model // import "github.com/alliancesim/alliancesim/model"
