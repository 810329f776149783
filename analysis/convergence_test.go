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
		if o := res.Reasons[0]; o.Kind != OrderChanged || o.PrevN != 256 || o.N != 512 || len(o.After) != 2 || len(o.Overlaps) == 0 || o.String() != res.Warnings[0] {
			t.Errorf("order warning as data: %+v", o)
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

// TestWarningString: the text of each kind of warning, word for word (the
// sensitivity command prints it and writes it to sensitivity.json).
func TestWarningString(t *testing.T) {
	t.Parallel()
	a := SobolIndex{Name: "a", STLo: 0.4, STHi: 0.6}
	b := SobolIndex{Name: "b", STLo: 0.35, STHi: 0.554}
	for _, c := range []struct {
		w    Warning
		want string
	}{
		{Warning{Kind: OneSampleSize, N: 1024},
			"Only one sample size (n = 1024) was run, so the stability of the ranking cannot be checked: give at least two sizes, e.g. 512 and 1024."},
		{Warning{Kind: OrderChanged, N: 1024, PrevN: 512, Before: []string{"a", "b", "c"}, After: []string{"a", "c", "b"}},
			"The order of the 3 most influential inputs (by total effect) changed between n = 512 and n = 1024: it was a, b, c and is now a, c, b. Treat that order as unsettled, or run a larger sample."},
		{Warning{Kind: OrderChanged, N: 512, PrevN: 256, Before: []string{"b"}, After: []string{"a"}, Overlaps: []Overlap{{A: a, B: b}, {A: b, B: a}}},
			"The order of the most influential input (by total effect) changed between n = 256 and n = 512: it was b and is now a. " +
				"The total-effect intervals of a (0.40–0.60) and b (0.35–0.55); b (0.35–0.55) and a (0.40–0.60) overlap, so those inputs may be equally important. " +
				"Treat that order as unsettled, or run a larger sample."},
		{Warning{Kind: WideIntervals, N: 1024, Input: "a", Index: "ST", Value: 0.067, Limit: 0.05, Suggested: 2048, Evaluations: 51200},
			"The 95% intervals of the leading indices are wider than ±0.05 (widest: the total-effect index of a, ±0.067). A base sample of about n = 2048 (51200 evaluations) should bring them to ±0.05."},
		{Warning{Kind: WideIntervals, N: 64, Input: "x2", Index: "S1", Value: 0.1234, Limit: 0.02, Suggested: 4096, Evaluations: 20480},
			"The 95% intervals of the leading indices are wider than ±0.02 (widest: the first-order index of x2, ±0.12). A base sample of about n = 4096 (20480 evaluations) should bring them to ±0.02."},
		{Warning{}, ""},
	} {
		if got := c.w.String(); got != c.want {
			t.Errorf("%v:\n got %q\nwant %q", c.w.Kind, got, c.want)
		}
	}
	if got := OrderChanged.String(); got != "OrderChanged" {
		t.Errorf("OrderChanged.String() = %q", got)
	}
	if got := WarningKind(0).String(); got != "WarningKind(0)" {
		t.Errorf("WarningKind(0).String() = %q", got)
	}
}

// TestConvergenceReasons: the warnings as data match their text, one for
// one, and carry the figures the text quotes.
func TestConvergenceReasons(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, err := SobolConvergence(ctx, uniformInputs(3, -math.Pi, math.Pi), ishigami(7, 0.1), []int{64, 128},
		ConvergenceOptions{SobolOptions: SobolOptions{Options: Options{Seed: 1}, Bootstrap: 100}, MaxHalfWidth: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Reasons) != len(r.Warnings) || len(r.Reasons) == 0 {
		t.Fatalf("%d reasons for %d warnings", len(r.Reasons), len(r.Warnings))
	}
	for i, w := range r.Reasons {
		if w.String() != r.Warnings[i] {
			t.Errorf("reason %d gives %q, warning is %q", i, w.String(), r.Warnings[i])
		}
	}
	w := r.Reasons[len(r.Reasons)-1]
	if w.Kind != WideIntervals || w.N != 128 || w.Limit != 0.02 || w.Value <= 0.02 || w.Suggested <= 128 || w.Evaluations != w.Suggested*5 ||
		w.Input == "" || (w.Index != "ST" && w.Index != "S1") {
		t.Errorf("width warning: %+v", w)
	}
	one, err := SobolConvergence(ctx, uniformInputs(2, 0, 1), linear([]float64{1, 3}), []int{256},
		ConvergenceOptions{SobolOptions: SobolOptions{Bootstrap: 50}})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Reasons) == 0 || one.Reasons[0].Kind != OneSampleSize || one.Reasons[0].N != 256 {
		t.Errorf("one size: %+v", one.Reasons)
	}
}
