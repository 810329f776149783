package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// Reference values from the closed form of the Wilson score interval
// (Wilson 1927), as tabulated by Newcombe (1998), Table I, method 3.
func TestWilson(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		k, n   int64
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		p := Wilson(tc.k, tc.n)
		if !scalar.EqualWithinAbs(p.Lo, tc.lo, 5e-5) || !scalar.EqualWithinAbs(p.Hi, tc.hi, 5e-5) {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", tc.k, tc.n, p.Lo, p.Hi, tc.lo, tc.hi)
		}
	}
	if p := Wilson(0, 0); !math.IsNaN(p.P) {
		t.Errorf("Wilson(0, 0).P = %v, want NaN", p.P)
	}
}

func TestStreamsDiffer(t *testing.T) {
	t.Parallel()
	seen := map[uint64]bool{}
	for d := range uint64(1000) {
		k := drawKey(1, d)
		if seen[k] {
			t.Fatalf("draw key collision at %d", d)
		}
		seen[k] = true
	}
	a1, _ := rng.SubSeed(drawKey(1, 0), purposeNoise)
	a2, _ := rng.SubSeed(drawKey(1, 0), purposeEvents)
	if a1 == a2 {
		t.Error("noise and event sub-streams share a seed")
	}
}

// TestWithInterval: a proportion prints as its estimate and 95% interval,
// and one of no runs as a dash.
func TestWithInterval(t *testing.T) {
	t.Parallel()
	p := Proportion{Count: 61, N: 1000, P: 0.061, Lo: 0.059, Hi: 0.063}
	if got, want := p.WithInterval(), "6.1% (5.9–6.3%)"; got != want {
		t.Errorf("WithInterval() = %q, want %q", got, want)
	}
	if got := (Proportion{}).WithInterval(); got != "–" {
		t.Errorf("no runs: %q", got)
	}
}
