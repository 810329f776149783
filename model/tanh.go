package model

import (
	"math"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// Dominance takes a hyperbolic tangent per run and year; math.Tanh calls
// math.Exp, on amd64 an assembly routine: a chain of some twenty
// dependent floating-point operations behind two calls, whose years the
// processor overlaps poorly. dominances computes a run's years two
// abreast with math.Tanh written out and its exponential ported operation
// for operation from the assembly's path with fused multiply-adds
// (src/math/exp_amd64.s, Copyright 2010 The Go Authors, BSD licence), so
// that two chains run side by side. The port is used only when it was
// found, at start-up, to give math.Exp's bits (the assembly takes its
// other path on a processor without fused multiply-adds), and only in the
// range it covers; otherwise dominances calls math.Tanh
// (TestDominancesMatchTanh).
var expFusedOK = checkExp2()

// The constants of exp_amd64.s.
const (
	expLog2e = 1.4426950408889634073599246810018920
	expLn2U  = 0.69314718055966295651160180568695068359375
	expLn2L  = 0.28235290563031577122588448175013436025525412068e-12
	expC2    = 1.6666666666666666667e-1
	expC3    = 4.1666666666666666667e-2
	expC4    = 8.3333333333333333333e-3
	expC5    = 1.3888888888888888889e-3
	expC6    = 1.9841269841269841270e-4
	expC7    = 2.4801587301587301587e-5
)

// exp2 is the assembly's math.Exp, fused path, of a and b, for arguments
// in [1, 80] (where it takes no special case), the two computed abreast.
func exp2(a, b float64) (float64, float64) {
	ka := math.RoundToEven(a * expLog2e) // CVTSD2SL: to nearest, ties to even
	kb := math.RoundToEven(b * expLog2e)
	ra := math.FMA(-ka, expLn2U, a)
	rb := math.FMA(-kb, expLn2U, b)
	ra = math.FMA(-ka, expLn2L, ra) * 0.0625
	rb = math.FMA(-kb, expLn2L, rb) * 0.0625
	pa := math.FMA(expC7, ra, expC6)
	pb := math.FMA(expC7, rb, expC6)
	pa = math.FMA(pa, ra, expC5)
	pb = math.FMA(pb, rb, expC5)
	pa = math.FMA(pa, ra, expC4)
	pb = math.FMA(pb, rb, expC4)
	pa = math.FMA(pa, ra, expC3)
	pb = math.FMA(pb, rb, expC3)
	pa = math.FMA(pa, ra, expC2)
	pb = math.FMA(pb, rb, expC2)
	pa = math.FMA(pa, ra, 0.5)
	pb = math.FMA(pb, rb, 0.5)
	pa = math.FMA(pa, ra, 1)
	pb = math.FMA(pb, rb, 1)
	ra *= pa
	rb *= pb
	ra *= ra + 2
	rb *= rb + 2
	ra *= ra + 2
	rb *= rb + 2
	ra *= ra + 2
	rb *= rb + 2
	ra = math.FMA(ra, ra+2, 1)
	rb = math.FMA(rb, rb+2, 1)
	return ra * math.Float64frombits(uint64(int64(ka)+0x3FF)<<52),
		rb * math.Float64frombits(uint64(int64(kb)+0x3FF)<<52)
}

// checkExp2 reports whether exp2 gives math.Exp's bits on a grid and on
// pseudo-random points of its range.
func checkExp2() bool {
	return rng.Probe(4096, func(g, u float64) bool {
		a, b := 1+79*g, 1+79*u
		ea, eb := exp2(a, b)
		return math.Float64bits(ea) == math.Float64bits(math.Exp(a)) && math.Float64bits(eb) == math.Float64bits(math.Exp(b))
	})
}

// dominances sets dom[k] = Dominance(lr0 + dg·(t0+k)), with math.Tanh's
// bits: for 0.625 <= |x| (x = lr/2), 1 − 2/(e^{2|x|}+1) with x's sign.
func dominances(dom []float64, lr0, dg float64, t0 int) {
	k := 0
	if expFusedOK {
		for ; k+2 <= len(dom); k += 2 {
			xa := (lr0 + dg*float64(t0+k)) / 2
			xb := (lr0 + dg*float64(t0+k+1)) / 2
			za, zb := math.Abs(xa), math.Abs(xb)
			if !(za >= 0.625 && za <= 40 && zb >= 0.625 && zb <= 40) {
				break
			}
			sa, sb := exp2(2*za, 2*zb)
			da, db := 1-2/(sa+1), 1-2/(sb+1)
			if xa < 0 {
				da = -da
			}
			if xb < 0 {
				db = -db
			}
			dom[k], dom[k+1] = da, db
		}
	}
	for ; k < len(dom); k++ {
		dom[k] = Dominance(lr0 + dg*float64(t0+k))
	}
}

// dominance is Dominance(lr) with dominances' port of math.Exp where it
// gives math.Tanh's bits, for one year at a time: Path.Step's (a
// nowcast's particles take a year each) and a trajectory's.
func dominance(lr float64) float64 {
	x := lr / 2
	z := math.Abs(x)
	if !expFusedOK || !(z >= 0.625 && z <= 40) {
		return math.Tanh(x)
	}
	s, _ := exp2(2*z, 2*z)
	d := 1 - 2/(s+1)
	if x < 0 {
		d = -d
	}
	return d
}
