package sim

import "hash/fnv"

// splitmix64 is the finalizer of SplitMix64 (Steele, Lea & Flood 2014): a
// cheap bijective mixer that turns structured keys (seed, draw index,
// purpose) into well-spread 64-bit seeds for PCG.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Purposes of sub-streams. Changing these changes every result: they are
// part of the reproducibility contract.
const (
	purposeNoise  uint64 = 0x6e6f697365 // "noise"
	purposeEvents uint64 = 0x6576656e74 // "event"
	purposeLHS    uint64 = 0x6c6873     // "lhs"
)

// drawKey is the root of draw i's streams under seed.
func drawKey(seed, draw uint64) uint64 {
	return splitmix64(seed ^ splitmix64(draw^0x5851f42d4c957f2d))
}

// subSeed returns the two PCG seed words of a sub-stream of key.
func subSeed(key, purpose uint64) (uint64, uint64) {
	a := splitmix64(key ^ purpose)
	return a, splitmix64(a ^ purpose)
}

// pathHash keys an input's parameter stream by its path, so an input keeps
// its random numbers when other inputs are added, removed or changed.
func pathHash(path string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(path))
	return splitmix64(h.Sum64())
}
