package nowcast

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// expm1 and log1p must be math.Expm1 and math.Log1p bit for bit
// everywhere, in their fast range and outside it, at its edges and on the
// special values; on amd64 the fast path must be in use.
func TestFastMathMatchesMath(t *testing.T) {
	t.Parallel()
	if runtime.GOARCH == "amd64" && !fastMathOK {
		t.Fatal("the fast path does not give math's bits on amd64")
	}
	edges := []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, 1e-300, -1e-300, 0.1, -0.1, 0.5, -0.5, 800, -800, 40, -40,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64}
	for _, b := range []float64{em1Ln2Half, em1Tiny, l1pSqrt2M1, l1pSqrt2HalfM1, l1pSmall} {
		for _, s := range []float64{1, -1} {
			x := s * b
			edges = append(edges, x, math.Nextafter(x, math.Inf(1)), math.Nextafter(x, math.Inf(-1)))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		edges = append(edges, 1.6*r.Float64()-0.8, 0.2*r.NormFloat64(), r.NormFloat64()*math.Pow(10, -20*r.Float64()))
	}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
	}
	for _, x := range edges {
		if a, b := expm1(x), math.Expm1(x); !same(a, b) {
			t.Fatalf("expm1(%v) = %v, math.Expm1 %v", x, a, b)
		}
		if a, b := log1p(x), math.Log1p(x); !same(a, b) {
			t.Fatalf("log1p(%v) = %v, math.Log1p %v", x, a, b)
		}
	}
}
