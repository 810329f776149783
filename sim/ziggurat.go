package sim

import (
	"math"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// A counter-based standard normal: the ziggurat of Marsaglia & Tsang
// (2000) with 256 layers, driven by 64-bit words that are a pure function
// of a key, so that an input's normal number is a hash of (draw key, input
// path) with no generator to seed. The first word is the key itself (the
// caller passes rng.Mix(drawKey ^ pathHash)); the rare rejections and the
// tail take further words rng.Derive(key, 1), rng.Derive(key, 2), …
//
// A word w gives the layer i (its low 8 bits), the sign (bit 8) and the
// position u ∈ [0, 1) in the layer (its top 53 bits): x = u·zigX[i], which
// is accepted at once when below zigX[i+1] (99.3% of words).

const (
	zigN = 256
	zigR = 3.6541528853610088 // the base layer's right edge
	zigV = 4.92867323399e-3   // the area of each layer (f unnormalized)
)

var (
	zigX [zigN + 1]float64 // zigX[i]: layer i's right edge; zigX[zigN] = 0
	zigY [zigN + 1]float64 // zigY[i] = f(zigX[i]), f(x) = exp(−x²/2)
)

func init() {
	f := func(x float64) float64 { return math.Exp(-x * x / 2) }
	zigX[0] = zigV / f(zigR)
	zigX[1] = zigR
	for i := 2; i < zigN; i++ {
		zigX[i] = math.Sqrt(-2 * math.Log(zigV/zigX[i-1]+f(zigX[i-1])))
	}
	zigX[zigN] = 0
	for i := range zigY {
		zigY[i] = f(zigX[i])
	}
}

// zigNormal returns the standard normal number of key.
func zigNormal(key uint64) float64 {
	w := key
	i := w & (zigN - 1)
	x := float64(w>>11) * 0x1p-53 * zigX[i]
	if x < zigX[i+1] {
		if w&zigN != 0 {
			return -x
		}
		return x
	}
	return zigSlow(key)
}

// zigSlow is the ziggurat's loop from the first word on, drawing further
// words from the key's counter.
func zigSlow(key uint64) float64 {
	w := key
	for n := uint64(1); ; n++ {
		i := w & (zigN - 1)
		neg := w&zigN != 0
		x := float64(w>>11) * 0x1p-53 * zigX[i]
		switch {
		case x < zigX[i+1]:
		case i == 0:
			// The tail beyond zigR (Marsaglia 1964).
			for {
				a := rng.OpenUnit(rng.Derive(key, n))
				b := rng.OpenUnit(rng.Derive(key, n+1))
				n += 2
				t := -math.Log(a) / zigR
				if -2*math.Log(b) >= t*t {
					x = zigR + t
					break
				}
			}
		default:
			y := zigY[i] + rng.OpenUnit(rng.Derive(key, n))*(zigY[i+1]-zigY[i])
			n++
			if y >= math.Exp(-x*x/2) {
				w = rng.Derive(key, n)
				continue
			}
		}
		if neg {
			return -x
		}
		return x
	}
}
