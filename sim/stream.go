package sim

import "github.com/alliancesim/alliancesim/internal/rng"

// Purposes of sub-streams. Changing these changes every result: they are
// part of the reproducibility contract.
const (
	purposeNoise  uint64 = 0x6e6f697365 // "noise"
	purposeEvents uint64 = 0x6576656e74 // "event"
	purposeLHS    uint64 = 0x6c6873     // "lhs"
)

// drawKey is the root of draw i's streams under seed.
func drawKey(seed, draw uint64) uint64 {
	return rng.Derive(seed, draw^0x5851f42d4c957f2d)
}
