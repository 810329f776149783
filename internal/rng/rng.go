package rng

import "math/rand/v2"

// Mix is the finalizer of SplitMix64 (Steele, Lea & Flood 2014): a cheap
// bijection on 64-bit words that spreads structured keys (seeds, draw
// indices, purposes, years) into well-mixed bits. Mix(0) is not 0.
func Mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Derive returns the key of the sub-stream sub of key: Mix(key ^ Mix(sub)).
// Mixing sub first keeps nearby sub keys (0, 1, 2, …) from cancelling bits
// of key.
func Derive(key, sub uint64) uint64 { return Mix(key ^ Mix(sub)) }

// SubSeed returns two seed words for a PCG generator (rand.NewPCG or
// rand.PCG.Seed) of the sub-stream purpose of key: a = Mix(key ^ purpose)
// and Mix(a ^ purpose).
func SubSeed(key, purpose uint64) (uint64, uint64) {
	a := Mix(key ^ purpose)
	return a, Mix(a ^ purpose)
}

// HashName keys a stream by a name: the 64-bit FNV-1a hash of the bytes
// of s, then Mix. A stream keyed by its name keeps its numbers when other
// names are added, removed or reordered (common random numbers).
func HashName(s string) uint64 {
	h := uint64(14695981039346656037) // FNV-1a 64-bit offset basis
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211 // FNV-1a 64-bit prime
	}
	return Mix(h)
}

// Unit returns the top 53 bits of x as a number in [0, 1), on the grid
// k·2⁻⁵³.
func Unit(x uint64) float64 { return float64(x>>11) * 0x1p-53 }

// UnitAt returns the number in [0, 1) determined by a key and an id,
// Unit(Mix(key ^ id)), at the cost of one Mix.
func UnitAt(key, id uint64) float64 { return Unit(Mix(key ^ id)) }

// OpenUnit turns 64 random bits into a number off the ends of [0, 1), safe
// to hand to a quantile function: (k + ½)·2⁻⁵³ with k the top 53 bits of x.
// It is never 0 (the least value is 2⁻⁵⁴), but k + ½ rounds to an even
// float64 for k ≥ 2⁵², so the largest k (x>>11 = 2⁵³−1) gives exactly 1,
// with probability 2⁻⁵³. The rounding is kept: changing it would change
// results.
func OpenUnit(x uint64) float64 { return (float64(x>>11) + 0.5) * 0x1p-53 }

// Permute sets p to a random permutation of 0, 1, …, len(p)−1: it fills p
// with the identity and shuffles it with r.Shuffle, so the draws taken
// from r are those of one r.Shuffle(len(p), …). Latin hypercube designs
// use it to stratify each column.
func Permute[T ~int | ~uint32](r *rand.Rand, p []T) {
	for i := range p {
		p[i] = T(i)
	}
	r.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
}

// Probe calls f(g, u) for i = 0, 1, …, n−1 with g = i/(n−1), a grid of
// [0, 1] from 0 to 1, and u in [0, 1) from a fixed xorshift sequence,
// until f returns false, and reports whether it held every time. It is
// the probe of the start-up checks that a port of a math function gives
// math's bits (model's exp2, nowcast's expm1 and log1p): the same points
// on every run, a grid for the ends and random points between.
func Probe(n int, f func(g, u float64) bool) bool {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		g := 0.0
		if n > 1 {
			g = float64(i) / float64(n-1)
		}
		if !f(g, float64(x>>11)*0x1p-53) {
			return false
		}
	}
	return true
}
