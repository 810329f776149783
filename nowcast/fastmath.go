package nowcast

import (
	"math"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// With a latent emission the filter takes an expm1 and a log1p per count
// for every particle and year (yearLik.at), a third of its CPU. Both
// arguments almost always fall in the range where math.Expm1 and
// math.Log1p take no reduction (|x| ≤ ½·ln 2 and √2/2 − 1 < x < √2 − 1),
// behind a chain of special-case tests. expm1 and log1p are that path
// written out, operation for operation from src/math/expm1.go and
// src/math/log1p.go (Copyright 2010 The Go Authors, BSD licence; from
// FreeBSD's s_expm1.c and s_log1p.c), and call math's functions outside
// it. They are used only when found, at start-up, to give math's bits on
// a grid and random points of the range (the compiler could fuse
// multiply-adds differently on another architecture); otherwise the
// filter calls math's (TestFastMathMatchesMath).
var fastMathOK = checkFastMath()

// The constants of math.Expm1's and math.Log1p's path.
const (
	em1Ln2Half = 3.46573590279972654709e-01 // 0x3fd62e42fefa39ef
	em1Tiny    = 1.0 / (1 << 54)
	em1Q1      = -3.33333333333331316428e-02 // 0xBFA11111111110F4
	em1Q2      = 1.58730158725481460165e-03  // 0x3F5A01A019FE5585
	em1Q3      = -7.93650757867487942473e-05 // 0xBF14CE199EAADBB7
	em1Q4      = 4.00821782732936239552e-06  // 0x3ED0CFCA86E65239
	em1Q5      = -2.01099218183624371326e-07 // 0xBE8AFDB76E09C32D

	l1pSqrt2M1     = 4.142135623730950488017e-01  // Sqrt(2)-1 = 0x3fda827999fcef34
	l1pSqrt2HalfM1 = -2.928932188134524755992e-01 // Sqrt(2)/2-1 = 0xbfd2bec333018866
	l1pSmall       = 1.0 / (1 << 29)
	l1pLp1         = 6.666666666666735130e-01 // 3FE5555555555593
	l1pLp2         = 3.999999999940941908e-01 // 3FD999999997FA04
	l1pLp3         = 2.857142874366239149e-01 // 3FD2492494229359
	l1pLp4         = 2.222219843214978396e-01 // 3FCC71C51D8E78AF
	l1pLp5         = 1.818357216161805012e-01 // 3FC7466496CB03DE
	l1pLp6         = 1.531383769920937332e-01 // 3FC39A09D078C69F
	l1pLp7         = 1.479819860511658591e-01 // 3FC2F112DF3E5244
)

// expm1 is math.Expm1(x).
func expm1(x float64) float64 {
	if a := math.Abs(x); fastMathOK && a <= em1Ln2Half && a >= em1Tiny {
		return expm1Near0(x)
	}
	return math.Expm1(x)
}

// expm1Near0 is math.Expm1's path for em1Tiny ≤ |x| ≤ em1Ln2Half (k = 0).
func expm1Near0(x float64) float64 {
	hfx := 0.5 * x
	hxs := x * hfx
	r1 := 1 + hxs*(em1Q1+hxs*(em1Q2+hxs*(em1Q3+hxs*(em1Q4+hxs*em1Q5))))
	t := 3 - r1*hfx
	e := hxs * ((r1 - t) / (6.0 - x*t))
	return x - (x*e - hxs)
}

// log1p is math.Log1p(x). yearLik.at writes it out, so that its terms
// need no call.
func log1p(x float64) float64 {
	if log1pFast(x) {
		return log1pNear0(x)
	}
	return math.Log1p(x)
}

// log1pFast says whether log1pNear0(x) is math.Log1p(x).
func log1pFast(x float64) bool {
	return fastMathOK && x > l1pSqrt2HalfM1 && x < l1pSqrt2M1 && math.Abs(x) >= l1pSmall
}

// log1pNear0 is math.Log1p's path for √2/2 − 1 < x < √2 − 1, |x| ≥
// l1pSmall (k = 0, f = x).
func log1pNear0(f float64) float64 {
	hfsq := 0.5 * f * f
	s := f / (2.0 + f)
	z := s * s
	R := z * (l1pLp1 + z*(l1pLp2+z*(l1pLp3+z*(l1pLp4+z*(l1pLp5+z*(l1pLp6+z*l1pLp7))))))
	return f - (hfsq - s*(hfsq+R))
}

// checkFastMath reports whether expm1Near0 and log1pNear0 give math's
// bits on a grid and on pseudo-random points of their ranges.
func checkFastMath() bool {
	return rng.Probe(4096, func(g, u float64) bool {
		for _, t := range [...]float64{g, u} {
			a := -em1Ln2Half + 2*em1Ln2Half*t
			if math.Abs(a) >= em1Tiny && math.Float64bits(expm1Near0(a)) != math.Float64bits(math.Expm1(a)) {
				return false
			}
			a = l1pSqrt2HalfM1 + (l1pSqrt2M1-l1pSqrt2HalfM1)*t
			if a > l1pSqrt2HalfM1 && a < l1pSqrt2M1 && math.Abs(a) >= l1pSmall && math.Float64bits(log1pNear0(a)) != math.Float64bits(math.Log1p(a)) {
				return false
			}
		}
		return true
	})
}
