package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestRanks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x, want []float64
	}{
		{nil, []float64{}},
		{[]float64{7}, []float64{1}},
		{[]float64{10, 20, 20, 5}, []float64{2, 3.5, 3.5, 1}},
		{[]float64{3, 3, 3}, []float64{2, 2, 2}},
		{[]float64{0, math.Copysign(0, -1), -1}, []float64{2.5, 2.5, 1}}, // −0 ties with +0
		{[]float64{math.Inf(1), 1, math.Inf(-1)}, []float64{3, 2, 1}},
	} {
		in := slices.Clone(tc.x)
		if got := Ranks(tc.x); !slices.Equal(got, tc.want) {
			t.Errorf("Ranks(%v) = %v, want %v", tc.x, got, tc.want)
		}
		if !slices.Equal(in, tc.x) {
			t.Errorf("Ranks modified its argument: %v, was %v", tc.x, in)
		}
	}
}

func TestSpearman(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1},
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		{[]float64{1, 2, 3}, []float64{30, 20, 10}, -1},
		{[]float64{0.1, 5, 100, 1e6}, []float64{1, 2, 3, 4}, 1},
		// Ranks 1.5, 1.5, 3.5, 3.5 against 1…4: 4/√20 = 2/√5.
		{[]float64{1, 1, 2, 2}, []float64{1, 2, 3, 4}, 2 / math.Sqrt(5)},
		// scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]) = 0.8207826816681233
		{[]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}, 0.8207826816681233},
		// Monotone transforms do not change it.
		{[]float64{1, 2, 3, 4, 5}, []float64{math.Exp(5), math.Exp(6), math.Exp(7), math.Exp(8), math.Exp(7)}, 0.8207826816681233},
	} {
		// The ranks' sums are exact, so only the final square root and
		// division round: a few ulps at most.
		if got := Spearman(tc.x, tc.y); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("Spearman(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
	for _, tc := range [][2][]float64{
		{nil, nil},
		{{1}, {2}},
		{{1, 1, 1}, {1, 2, 3}},
		{{1, 2, 3}, {5, 5, 5}},
	} {
		if got := Spearman(tc[0], tc[1]); !math.IsNaN(got) {
			t.Errorf("Spearman(%v, %v) = %v, want NaN (fewer than two distinct values)", tc[0], tc[1], got)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Spearman of slices of different lengths did not panic")
		}
	}()
	Spearman([]float64{1, 2}, []float64{1, 2, 3})
}

// oldSpearman is the rank correlation sim computed before it moved here:
// a stable sort, then a plain two-pass Pearson correlation, 0 when either
// column is constant. It is kept to show that the move changed no bit.
func oldSpearman(x, y []float64) float64 {
	rank := func(x []float64) []float64 {
		n := len(x)
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
		r := make([]float64, n)
		for i := 0; i < n; {
			j := i + 1
			for j < n && x[idx[j]] == x[idx[i]] {
				j++
			}
			for k := i; k < j; k++ {
				r[idx[k]] = float64(i+j+1) / 2
			}
			i = j
		}
		return r
	}
	rx, ry := rank(x), rank(y)
	n := float64(len(rx))
	if n < 2 {
		return 0
	}
	var mx, my float64
	for i := range rx {
		mx += rx[i]
		my += ry[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range rx {
		dx, dy := rx[i]-mx, ry[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestSpearmanBits checks that Spearman gives exactly the bits of the
// implementation it replaced, wherever that one did not return its
// constant-column 0: for rank vectors every sum is exact (ranks are
// half-integers, their mean (n+1)/2 and their deviations sum to zero), so
// stat.Correlation's compensation terms vanish and both reduce to the same
// division.
func TestSpearmanBits(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{2, 3, 10, 101, 1000, 20_000} {
		for range 5 {
			x, y := make([]float64, n), make([]float64, n)
			levels := 1 + r.IntN(2*n) // few levels: many ties
			for i := range n {
				x[i] = float64(r.IntN(levels))
				y[i] = x[i] + 3*r.NormFloat64()
			}
			got, want := Spearman(x, y), oldSpearman(x, y)
			if math.IsNaN(got) && want == 0 {
				continue
			}
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d: Spearman = %v (%#x), the old implementation %v (%#x)", n, got, math.Float64bits(got), want, math.Float64bits(want))
			}
		}
	}
}

// TestNormalCDFBits checks that gonum's Φ, distuv.UnitNormal.CDF, is bit
// for bit the 0.5·erfc(−z/√2) that sim and model used to write out, also
// in the form Φ(lo/sd) = 0.5·erfc(−lo/sd/√2): negation is exact and
// commutes with division, and gonum's x−0 and 1·√2 are exact.
func TestNormalCDFBits(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	check := func(got, want float64, what string, args ...float64) {
		t.Helper()
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%s %v: gonum %v, written out %v", what, args, got, want)
		}
	}
	for _, z := range []float64{0, math.Copysign(0, -1), 1, -1, 40, -40, math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64} {
		check(distuv.UnitNormal.CDF(z), 0.5*math.Erfc(-z/math.Sqrt2), "Φ", z)
	}
	for range 200_000 {
		z := 10 * r.NormFloat64()
		check(distuv.UnitNormal.CDF(z), 0.5*math.Erfc(-z/math.Sqrt2), "Φ", z)
		lo, sd := 5*r.NormFloat64(), math.Exp(4*r.NormFloat64())
		check(distuv.UnitNormal.CDF(lo/sd), 0.5*math.Erfc(-lo/sd/math.Sqrt2), "Φ(lo/sd)", lo, sd)
	}
}

func TestNormalCorrelation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ rank, want float64 }{
		{0, 0},
		{0.5, (math.Sqrt(6) - math.Sqrt(2)) / 2}, // 2·sin(π/12)
		{-0.5, -(math.Sqrt(6) - math.Sqrt(2)) / 2},
		{1, 1}, // 2·sin(π/6)
	} {
		if got := NormalCorrelation(tc.rank); math.Abs(got-tc.want) > 2e-16 {
			t.Errorf("NormalCorrelation(%v) = %v, want %v", tc.rank, got, tc.want)
		}
	}
	// It inverts ρ = (6/π)·asin(r/2).
	for _, rho := range []float64{-0.9, -0.3, 0.1, 0.6, 0.95} {
		if got := 6 / math.Pi * math.Asin(NormalCorrelation(rho)/2); math.Abs(got-rho) > 1e-15 {
			t.Errorf("(6/π)·asin(NormalCorrelation(%v)/2) = %v", rho, got)
		}
	}
}

func TestCountTrue(t *testing.T) {
	for _, tc := range []struct {
		xs   []bool
		want int
	}{{nil, 0}, {[]bool{false}, 0}, {[]bool{true, false, true, true}, 3}} {
		if got := CountTrue(tc.xs); got != tc.want {
			t.Errorf("CountTrue(%v) = %d, want %d", tc.xs, got, tc.want)
		}
	}
}

// TestBinomialUpperTail checks P(X ≥ k) against the sum of the binomial
// probabilities (gonum's distuv.Binomial), to 1e-12 relative: the sum
// loses nothing to cancellation at these n and tails of at least 1e-6,
// so a larger gap is a wrong formula, not rounding. It checks the edges
// exactly, and the far tail k = n against pⁿ, where 1 − CDF would have lost
// every digit.
func TestBinomialUpperTail(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 7, 40, 250} {
		for _, p := range []float64{0.01, 0.3, 0.5, 0.93} {
			b := distuv.Binomial{N: float64(n), P: p}
			for k := 1; k <= n; k++ {
				var want float64
				for x := k; x <= n; x++ {
					want += b.Prob(float64(x))
				}
				if want < 1e-6 {
					continue
				}
				if got := BinomialUpperTail(k, n, p); math.Abs(got-want) > 1e-12*want {
					t.Errorf("BinomialUpperTail(%d, %d, %v) = %v, want %v", k, n, p, got, want)
				}
			}
		}
	}
	for _, tc := range []struct {
		k, n int
		p    float64
		want float64
	}{
		{0, 10, 0.2, 1}, {-1, 10, 0.2, 1}, {3, 10, 1, 1},
		{11, 10, 0.2, 0}, {3, 10, 0, 0},
	} {
		if got := BinomialUpperTail(tc.k, tc.n, tc.p); got != tc.want {
			t.Errorf("BinomialUpperTail(%d, %d, %v) = %v, want %v", tc.k, tc.n, tc.p, got, tc.want)
		}
	}
	if got, want := BinomialUpperTail(200, 200, 0.1), math.Pow(0.1, 200); math.Abs(got-want) > 1e-12*want {
		t.Errorf("BinomialUpperTail(200, 200, 0.1) = %v, want %v", got, want)
	}
}
