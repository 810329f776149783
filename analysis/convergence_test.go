package analysis

import (
	"context"
	"math"
	"strings"
	"sync/atomic"
	"testing"
)

func TestSobolConvergence(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("settled", func(t *testing.T) {
		t.Parallel()
		// The G-function's order x1 > x2 > x3 is clear at these sizes, and
		// the intervals of x1–x3 are within ±0.05 at N = 4096.
		var calls atomic.Int64
		g := gFunction([]float64{0, 1, 4.5, 9, 99, 99})
		f := func(x []float64) float64 { calls.Add(1); return g(x) }
		ns := []int{512, 1024, 2048, 4096}
		c, err := SobolConvergence(ctx, uniformInputs(6, 0, 1), f, ns, ConvergenceOptions{SobolOptions: SobolOptions{Options: Options{Seed: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := calls.Load(), int64(4096*8); got != want {
			t.Errorf("%d evaluations, want %d: prefixes must not cost extra", got, want)
		}
		if len(c.Points) != 4 || c.Points[0].N != 512 || c.Points[3].Evaluations != 4096*8 {
			t.Errorf("points: %+v", c.Points)
		}
		if !c.Settled || len(c.Warnings) != 0 {
			t.Errorf("not settled: %q", c.Warnings)
		}
		if r := c.Final.Ranking(); r[0] != 0 || r[1] != 1 || r[2] != 2 {
			t.Errorf("ranking %v, want x1, x2, x3 first", r)
		}
	})
	t.Run("tied inputs", func(t *testing.T) {
		t.Parallel()
		// Two inputs with the same coefficient are tied: their order flips
		// with the noise, and the warning must say so (seed chosen so that
		// it flips between the last two sizes).
		c := []float64{1, 1, 0.2}
		var res *ConvergenceResult
		for seed := uint64(0); seed < 20; seed++ {
			r, err := SobolConvergence(ctx, uniformInputs(3, 0, 1), linear(c), []int{256, 512},
				ConvergenceOptions{SobolOptions: SobolOptions{Options: Options{Seed: seed}, Bootstrap: 100}, TopK: 2, MaxHalfWidth: 0.5})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Settled {
				res = r
				break
			}
		}
		if res == nil {
			t.Fatal("the order of two tied inputs never flipped in 20 seeds")
		}
		w := strings.Join(res.Warnings, "\n")
		for _, want := range []string{"changed between n = 256 and n = 512", "overlap", "may be equally important"} {
			if !strings.Contains(w, want) {
				t.Errorf("warning lacks %q:\n%s", want, w)
			}
		}
	})
	t.Run("wide intervals", func(t *testing.T) {
		t.Parallel()
		r, err := SobolConvergence(ctx, uniformInputs(3, -math.Pi, math.Pi), ishigami(7, 0.1), []int{64, 128},
			ConvergenceOptions{SobolOptions: SobolOptions{Options: Options{Seed: 1}, Bootstrap: 100}, MaxHalfWidth: 0.02})
		if err != nil {
			t.Fatal(err)
		}
		w := strings.Join(r.Warnings, "\n")
		if r.Settled || !strings.Contains(w, "wider than ±0.02") || !strings.Contains(w, "A base sample of about n = ") {
			t.Errorf("want a width warning with a recommended n, got %q", w)
		}
	})
	t.Run("one size", func(t *testing.T) {
		t.Parallel()
		r, err := SobolConvergence(ctx, uniformInputs(2, 0, 1), linear([]float64{1, 3}), []int{256},
			ConvergenceOptions{SobolOptions: SobolOptions{Bootstrap: 50}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Settled || !strings.Contains(r.Warnings[0], "Only one sample size") {
			t.Errorf("want a one-size warning, got %q", r.Warnings)
		}
	})
}

// TestConvergenceNegligible: the order of inputs with no effect is noise
// and must not block convergence.
func TestConvergenceNegligible(t *testing.T) {
	t.Parallel()
	// x1 dominates; x2, x3 and x4 have (almost) no effect. (The width
	// check is switched off: at these sizes S1 of a dominant input is
	// only known to about ±0.1.)
	f := linear([]float64{1, 0.001, 0.001, 0})
	for seed := uint64(0); seed < 10; seed++ {
		r, err := SobolConvergence(context.Background(), uniformInputs(4, 0, 1), f, []int{256, 512},
			ConvergenceOptions{SobolOptions: SobolOptions{Options: Options{Seed: seed}, Bootstrap: 100}, MaxHalfWidth: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Settled {
			t.Errorf("seed %d: not settled: %q", seed, r.Warnings)
		}
	}
}
