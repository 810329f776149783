package analysis

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// primData returns 5000 runs of 4 uniform inputs with the outcome
// y = (x1 > 0.7 && x2 < 0.4), 5% of the labels flipped at random.
func primData(seed uint64) ([][]float64, []bool) {
	rng := rand.New(rand.NewPCG(seed, 42))
	x := make([][]float64, 5000)
	y := make([]bool, 5000)
	for i := range x {
		x[i] = []float64{rng.Float64(), rng.Float64(), rng.Float64(), rng.Float64()}
		y[i] = x[i][0] > 0.7 && x[i][1] < 0.4
		if rng.Float64() < 0.05 {
			y[i] = !y[i]
		}
	}
	return x, y
}

// primOn runs PRIM with the default options on primData(seed), its inputs
// named names, and returns the inputs and the result.
func primOn(t *testing.T, seed uint64, names []string) ([][]float64, *PrimResult) {
	t.Helper()
	x, y := primData(seed)
	r, err := PRIM(x, names, y, PrimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return x, r
}

var primStyle = SentenceStyle{
	Outcome: "An alliance forms",
	Cases:   "alliances",
	Labels:  map[string]string{"x1": "US pressure on China", "x2": "Russia's autonomy value"},
}

func TestPRIMSynthetic(t *testing.T) {
	t.Parallel()
	// The true box has mass 0.12 and density 0.95 (0.05 of its labels are
	// flipped); outside it 5% of runs are flipped to true.
	for seed := uint64(1); seed <= 4; seed++ {
		_, r := primOn(t, seed, []string{"x1", "x2", "x3", "x4"})
		b := r.Box
		if b.Density < 0.85 {
			t.Errorf("seed %d: density %.3f, want ≥ 0.85", seed, b.Density)
		}
		if len(b.Restrictions) != 2 {
			t.Fatalf("seed %d: restrictions %+v, want x1 and x2 only", seed, b.Restrictions)
		}
		r1, r2 := b.Restrictions[0], b.Restrictions[1]
		if r1.Name != "x1" || !r1.HasLo || r1.HasHi || math.Abs(r1.Lo-0.7) > 0.05 {
			t.Errorf("seed %d: x1 restriction %+v, want x1 ≥ 0.7 ± 0.05", seed, r1)
		}
		if r2.Name != "x2" || r2.HasLo || !r2.HasHi || math.Abs(r2.Hi-0.4) > 0.05 {
			t.Errorf("seed %d: x2 restriction %+v, want x2 ≤ 0.4 ± 0.05", seed, r2)
		}
		// Trajectory bookkeeping.
		tr := r.Trajectory
		if tr[0].Coverage != 1 || tr[0].Mass != 1 || len(tr[0].Restrictions) != 0 || tr[0].Change.Input != -1 {
			t.Errorf("seed %d: first box %+v", seed, tr[0])
		}
		for i := 1; i < len(tr); i++ {
			if tr[i].Mass >= tr[i-1].Mass || tr[i].Coverage > tr[i-1].Coverage || tr[i].Density <= tr[i-1].Density || tr[i].Mass < 0.05 {
				t.Errorf("seed %d: step %d does not peel: %+v → %+v", seed, i, tr[i-1], tr[i])
			}
			if c := tr[i].Change; c.Input < 0 || c.Input > 3 {
				t.Errorf("seed %d: step %d has change %+v", seed, i, c)
			}
		}
		if n, cases := r.count(b.lo, b.hi); n != b.N || cases != b.Cases {
			t.Errorf("seed %d: box counts %d/%d, recount %d/%d", seed, b.N, b.Cases, n, cases)
		}
		// Signposts: both restrictions matter a great deal.
		sp := r.Signposts(b)
		if len(sp) != 2 || sp[1].DensityDrop < 0.3 || sp[0].DensityDrop < sp[1].DensityDrop || sp[0].QuasiP > 1e-10 {
			t.Errorf("seed %d: signposts %+v", seed, sp)
		}
	}
}

// TestPRIMSentenceGolden pins the sentence an analyst would paste.
func TestPRIMSentenceGolden(t *testing.T) {
	t.Parallel()
	_, r := primOn(t, 1, []string{"x1", "x2", "x3", "x4"})
	const want = "An alliance forms in 94% of runs where US pressure on China is above 0.7 and Russia's autonomy value is below 0.39 " +
		"(these runs are 12% of all runs; they hold 70% of all alliances). In the other runs the share is 5%."
	if got := r.Sentences(r.Box, primStyle); got != want {
		t.Errorf("sentence:\n got %q\nwant %q", got, want)
	}
}

func TestSentenceWording(t *testing.T) {
	t.Parallel()
	s := SentenceStyle{Labels: map[string]string{"p": "US pressure"},
		Format: func(name string, v float64) string { return FormatValue(v*100) + "%" }}
	for _, tc := range []struct {
		res  Restriction
		want string
	}{
		{Restriction{Name: "p", Lo: 0.7, Hi: 1, HasLo: true}, "US pressure is above 70%"},
		{Restriction{Name: "p", Lo: 0, Hi: 0.25, HasHi: true}, "US pressure is below 25%"},
		{Restriction{Name: "q", Lo: 0.2, Hi: 0.3, HasLo: true, HasHi: true}, "q is between 20% and 30%"},
	} {
		if got := s.Condition(tc.res); got != tc.want {
			t.Errorf("Condition(%+v) = %q, want %q", tc.res, got, tc.want)
		}
	}
	for p, want := range map[float64]string{0: "0%", 0.001: "under 1%", 0.005: "1%", 0.714: "71%", 0.996: "over 99%", 1: "100%"} {
		if got := Percent(p); got != want {
			t.Errorf("Percent(%v) = %q, want %q", p, got, want)
		}
	}
	for v, want := range map[float64]string{0.7012: "0.7", 0.0456: "0.046", 1234: "1200", 0.999: "1", 12.5: "13", -0.42: "-0.42", 0: "0"} {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestPRIMDiscrete: a 0/1 input and a continuous one; ties must not break
// peeling, and the discrete restriction lands between 0 and 1.
func TestPRIMDiscrete(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 3))
	n := 4000
	x := make([][]float64, n)
	y := make([]bool, n)
	for i := range x {
		x[i] = []float64{float64(rng.IntN(2)), rng.Float64(), float64(rng.IntN(5))}
		y[i] = x[i][0] == 1 && x[i][1] > 0.5
	}
	r, err := PRIM(x, nil, y, PrimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Box.Density < 0.99 || len(r.Box.Restrictions) != 2 {
		t.Fatalf("box %+v", r.Box)
	}
	b0, b1 := r.Box.Restrictions[0], r.Box.Restrictions[1]
	if b0.Name != "x1" || !b0.HasLo || b0.Lo <= 0 || b0.Lo >= 1 || b1.Name != "x2" || math.Abs(b1.Lo-0.5) > 0.05 {
		t.Errorf("restrictions %+v", r.Box.Restrictions)
	}
	got := r.Sentences(r.Box, SentenceStyle{})
	if !strings.HasPrefix(got, "The outcome occurs in 100% of runs where x1 is above 0.5 and x2 is above 0.5") {
		t.Errorf("sentence %q", got)
	}
}

func TestPRIMChooseAndPaste(t *testing.T) {
	t.Parallel()
	_, r := primOn(t, 2, nil)
	b, err := r.Choose(r.Chosen)
	if err != nil || b.Density != r.Box.Density || b.N != r.Box.N {
		t.Errorf("Choose(Chosen) = %+v, %v; want the result's Box", b, err)
	}
	// Pasting an over-peeled box can only raise its density, and grows it.
	last := r.Trajectory[len(r.Trajectory)-1]
	p, _ := r.Choose(len(r.Trajectory) - 1)
	if p.Density < last.Density || p.N <= last.N || len(p.Pastes) == 0 {
		t.Errorf("pasting did not grow the box at no loss of density: %+v → %+v", last, p)
	}
	for _, c := range p.Pastes {
		if c.Side == Lower && c.Value >= last.lo[c.Input] || c.Side == Upper && c.Value <= last.hi[c.Input] {
			t.Errorf("paste %+v does not relax the limit", c)
		}
	}
	if _, err := r.Choose(len(r.Trajectory)); err == nil {
		t.Error("Choose out of range: no error")
	}
	// A box with no restriction reads as the overall rate.
	if got := r.Sentences(r.Trajectory[0], primStyle); !strings.HasPrefix(got, "An alliance forms in 16% of all runs") {
		t.Errorf("unrestricted sentence %q", got)
	}
}

func TestPRIMErrors(t *testing.T) {
	t.Parallel()
	x := [][]float64{{1}, {2}, {3}}
	for _, tc := range []struct {
		name string
		x    [][]float64
		y    []bool
		opt  PrimOptions
	}{
		{"no cases", x, []bool{false, false, false}, PrimOptions{}},
		{"all cases", x, []bool{true, true, true}, PrimOptions{}},
		{"length", x, []bool{true}, PrimOptions{}},
		{"NaN", [][]float64{{1}, {math.NaN()}, {3}}, []bool{true, false, false}, PrimOptions{}},
		{"alpha", x, []bool{true, false, false}, PrimOptions{PeelAlpha: 0.6}},
		{"empty", nil, nil, PrimOptions{}},
	} {
		if _, err := PRIM(tc.x, nil, tc.y, tc.opt); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// TestPRIMNoiseless: without label noise the chosen box has density 1 and
// its limits sit within one peel step (5% of the box, about 0.02 here) of
// the true edges.
func TestPRIMNoiseless(t *testing.T) {
	t.Parallel()
	x, y := primData(2)
	for i := range y {
		y[i] = x[i][0] > 0.7 && x[i][1] < 0.4
	}
	r, err := PRIM(x, nil, y, PrimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := r.Box
	if b.Density != 1 || len(b.Restrictions) != 2 {
		t.Fatalf("box %+v", b)
	}
	if lo, hi := b.Restrictions[0].Lo, b.Restrictions[1].Hi; lo < 0.7 || lo > 0.72 || hi > 0.4 || hi < 0.38 {
		t.Errorf("limits x1 ≥ %.4f, x2 ≤ %.4f; want within 0.02 inside 0.7 and 0.4", lo, hi)
	}
	if b.Coverage < 0.9 {
		t.Errorf("coverage %.3f, want ≥ 0.9", b.Coverage)
	}
}

func TestPrimBoxContains(t *testing.T) {
	t.Parallel()
	x, r := primOn(t, 1, nil)
	n := 0
	for _, row := range x {
		if r.Box.Contains(row) {
			n++
		}
	}
	if n != r.Box.N {
		t.Errorf("Contains counts %d runs, box has %d", n, r.Box.N)
	}
}

// TestPRIMWorkers checks that the number of goroutines does not change any
// part of the result, on continuous inputs, on inputs with many ties and on
// negative values including −0 (the case where the order of ties could
// show).
func TestPRIMWorkers(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 5))
	negZero := math.Copysign(0, -1)
	tied := make([][]float64, 3000)
	tiedY := make([]bool, len(tied))
	for i := range tied {
		levels := []float64{-2, -1, negZero, 0, 1}
		tied[i] = []float64{levels[rng.IntN(5)], -1e6 * rng.Float64(), float64(rng.IntN(3)), levels[rng.IntN(3)]}
		tiedY[i] = (tied[i][0] >= 0 && tied[i][1] > -4e5) != (rng.Float64() < 0.1)
	}
	x, y := primData(7)
	for _, c := range []struct {
		name string
		x    [][]float64
		y    []bool
		opt  PrimOptions
	}{
		{"continuous", x, y, PrimOptions{}},
		{"small alpha", x, y, PrimOptions{PeelAlpha: 0.02, MassMin: 0.01}},
		{"ties", tied, tiedY, PrimOptions{}},
	} {
		var want string
		for _, w := range []int{1, 2, 4} {
			c.opt.Workers = w
			r, err := PRIM(c.x, nil, c.y, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("%#v|%d|%#v|%#v", r.Trajectory, r.Chosen, r.Box, r.Signposts(r.Box))
			if w == 1 {
				want = got
				if len(r.Trajectory) < 3 {
					t.Fatalf("%s: only %d boxes: the test would not exercise peeling", c.name, len(r.Trajectory))
				}
			} else if got != want {
				t.Errorf("%s: %d workers give another result than 1", c.name, w)
			}
		}
	}
}

// TestRadixArgsort compares radixArgsort with a stable comparison sort on
// values of every sign and magnitude, with ties.
func TestRadixArgsort(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 7, 1000, 5000} {
		vals := make([]float64, n)
		for i := range vals {
			switch rng.IntN(5) {
			case 0:
				vals[i] = float64(rng.IntN(4) - 2) // ties
			case 1:
				vals[i] = rng.NormFloat64() * 1e-300
			case 2:
				vals[i] = rng.NormFloat64() * 1e300
			case 3:
				vals[i] = []float64{math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64, -math.MaxFloat64}[rng.IntN(4)]
			default:
				vals[i] = rng.NormFloat64()
			}
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(vals[a], vals[b]) })
		got := slices.Clone(vals)
		order := make([]int, n)
		radixArgsort(got, order)
		if !slices.Equal(order, want) {
			t.Fatalf("n=%d: order differs from a stable sort", n)
		}
		for k, i := range order {
			if got[k] != vals[i] {
				t.Fatalf("n=%d: value %d is %v, want %v", n, k, got[k], vals[i])
			}
		}
	}
}
