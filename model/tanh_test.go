package model

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// dominances must give Dominance's bits for every log ratio and growth,
// through the ported exponential's range and outside it, and the port
// math.Exp's bits.
func TestDominancesMatchTanh(t *testing.T) {
	t.Parallel()
	if runtime.GOARCH == "amd64" && !expFusedOK {
		t.Log("the port of math.Exp does not match it on this machine: dominances calls math.Tanh")
	}
	r := rand.New(rand.NewPCG(1, 2))
	dom := make([]float64, 41)
	for i := range 200_000 {
		scale := []float64{0.1, 1, 3, 10, 100}[i%5]
		lr0, dg := scale*r.NormFloat64(), 0.05*r.NormFloat64()
		t0, n := i%7, i%len(dom)
		dominances(dom[:n], lr0, dg, t0)
		for k, d := range dom[:n] {
			if want := Dominance(lr0 + dg*float64(t0+k)); math.Float64bits(d) != math.Float64bits(want) {
				t.Fatalf("lr0 %v, dg %v, year %d: %v, Dominance %v", lr0, dg, t0+k, d, want)
			}
			if one := dominance(lr0 + dg*float64(t0+k)); math.Float64bits(one) != math.Float64bits(d) {
				t.Fatalf("lr0 %v, dg %v, year %d: dominance %v, Dominance %v", lr0, dg, t0+k, one, d)
			}
		}
	}
	if !expFusedOK {
		return
	}
	for i := range 2_000_000 {
		a, b := 1+79*r.Float64(), 1+float64(i)*79/2e6
		ea, eb := exp2(a, b)
		if math.Float64bits(ea) != math.Float64bits(math.Exp(a)) || math.Float64bits(eb) != math.Float64bits(math.Exp(b)) {
			t.Fatalf("exp(%v), exp(%v): %v, %v; math.Exp %v, %v", a, b, ea, eb, math.Exp(a), math.Exp(b))
		}
	}
}
