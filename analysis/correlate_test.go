package analysis

import (
	"errors"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/stats"
)

func TestRankCorrelate(t *testing.T) {
	t.Parallel()
	const n = 5000
	// Column 0: LHS-like uniform values; column 1: lognormal values; column
	// 2: a discrete input with many ties.
	inputs := []Input{
		{Name: "u", Quantile: uniform(0, 1)},
		{Name: "ln", Quantile: distuv.LogNormal{Mu: 0, Sigma: 1}.Quantile},
		{Name: "k", Quantile: func(p float64) float64 { return math.Floor(4 * p) }},
	}
	x, err := Sample(inputs, n, design.LatinHypercube, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		target []float64
		tol    float64
	}{
		// Tolerance 0.03: the sampling error of a rank correlation of
		// 5000 rows is about (1−ρ²)/√n ≈ 0.007, and the normal-scores
		// conversion is exact only for a normal copula.
		{"0.7", []float64{1, 0.7, 0, 0.7, 1, 0, 0, 0, 1}, 0.03},
		{"negative", []float64{1, -0.5, 0.3, -0.5, 1, -0.2, 0.3, -0.2, 1}, 0.03},
		{"independent", []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 0.03},
	} {
		target := mat.NewSymDense(3, tc.target)
		out, achieved, err := RankCorrelate(x, target, 7)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for i := range 3 {
			for j := range i {
				if got, want := achieved.At(i, j), target.At(i, j); math.Abs(got-want) > tc.tol {
					t.Errorf("%s: achieved rank correlation (%d,%d) = %.4f, target %.2f", tc.name, i, j, got, want)
				}
			}
		}
		col := func(m [][]float64, j int) []float64 {
			c := make([]float64, len(m))
			for i := range m {
				c[i] = m[i][j]
			}
			slices.Sort(c)
			return c
		}
		for j := range 3 {
			if !slices.Equal(col(x, j), col(out, j)) {
				t.Errorf("%s: column %d's values changed", tc.name, j)
			}
		}
		if s := Spearman(colRaw(out, 0), colRaw(out, 1)); math.Abs(s-achieved.At(0, 1)) > 1e-12 {
			t.Errorf("%s: Spearman %v and achieved %v disagree", tc.name, s, achieved.At(0, 1))
		}
	}
	if x[0][0] != must(Sample(inputs, n, design.LatinHypercube, 1))[0][0] {
		t.Error("the input sample was modified")
	}
}

func colRaw(m [][]float64, j int) []float64 {
	c := make([]float64, len(m))
	for i := range m {
		c[i] = m[i][j]
	}
	return c
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestRankCorrelateErrors(t *testing.T) {
	t.Parallel()
	x := must(Sample(uniformInputs(3, 0, 1), 100, design.MonteCarlo, 1))
	// Each pair strongly correlated, but the signs are inconsistent.
	bad := mat.NewSymDense(3, []float64{1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1})
	if _, _, err := RankCorrelate(x, bad, 1); !errors.Is(err, ErrNotPositiveDefinite) || err.Error() != "analysis: correlation matrix is not positive definite" {
		t.Errorf("non-PD target: err = %v", err)
	}
	if _, _, err := RankCorrelate(x, mat.NewSymDense(2, []float64{1, 0, 0, 1}), 1); err == nil {
		t.Error("wrong size: no error")
	}
	if _, _, err := RankCorrelate(x, mat.NewSymDense(3, []float64{2, 0, 0, 0, 1, 0, 0, 0, 1}), 1); err == nil {
		t.Error("diagonal 2: no error")
	}
	// The repaired matrix is accepted.
	fixed, err := NearestCorrelation(bad)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := RankCorrelate(x, fixed, 1); err != nil {
		t.Errorf("repaired target rejected: %v", err)
	}
}

// TestNearestCorrelation uses the example of Higham (2002, §4): the nearest
// correlation matrix to [[1 1 0] [1 1 1] [0 1 1]] is
// [[1 .7607 .1573] [.7607 1 .7607] [.1573 .7607 1]] (to 4 digits).
func TestNearestCorrelation(t *testing.T) {
	t.Parallel()
	a := mat.NewSymDense(3, []float64{1, 1, 0, 1, 1, 1, 0, 1, 1})
	got, err := NearestCorrelation(a)
	if err != nil {
		t.Fatal(err)
	}
	want := mat.NewSymDense(3, []float64{1, 0.7607, 0.1573, 0.7607, 1, 0.7607, 0.1573, 0.7607, 1})
	if !mat.EqualApprox(got, want, 1e-4) {
		t.Errorf("got\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(want))
	}
	var c mat.Cholesky
	if !c.Factorize(got) {
		t.Error("result is not positive definite")
	}
	// A valid correlation matrix is left (nearly) unchanged.
	ok := mat.NewSymDense(2, []float64{1, 0.3, 0.3, 1})
	if got, _ := NearestCorrelation(ok); !mat.EqualApprox(got, ok, 1e-9) {
		t.Errorf("valid matrix changed: %v", mat.Formatted(got))
	}
}

// TestSpearman: Spearman is the rank correlation of internal/stats, its
// one home, whose tests check its values (scipy's among them).
func TestSpearman(t *testing.T) {
	t.Parallel()
	x, y := []float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}
	if got, want := Spearman(x, y), stats.Spearman(x, y); math.Float64bits(got) != math.Float64bits(want) || math.Abs(got-0.8207826816681233) > 1e-15 {
		t.Errorf("Spearman(%v, %v) = %v, want stats.Spearman's %v (scipy 0.8207826816681233)", x, y, got, want)
	}
}

func identity(d int) *mat.SymDense {
	m := mat.NewSymDense(d, nil)
	for i := range d {
		m.SetSym(i, i, 1)
	}
	return m
}
