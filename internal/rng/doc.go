// Package rng holds the small random-number helpers that the model, the
// Monte Carlo engine and the sensitivity analyses share: the SplitMix64
// finalizer, key derivation, name hashing, unit draws and permutations.
//
// It exists so that each of these has one home. They used to be copied
// into model, sim and analysis, and a copy that drifted by one constant or
// one shift would silently change every result of the package holding it.
// The arithmetic here is part of the reproducibility contract: the same
// seed must give the same numbers, bit for bit, from release to release,
// so the reference values in the tests must never be "updated".
//
// The helpers are pure functions of their arguments (Permute draws from
// the generator it is given) and cheap enough to inline, which matters on
// the model's hot path, where one draw costs one Mix per event and year.
//
// The constants that say which stream is which (purposes, per-package
// offsets) stay with the packages that own those streams; this package
// only knows how to mix keys.
package rng // import "github.com/alliancesim/alliancesim/internal/rng"
