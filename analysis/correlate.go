package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/internal/stats"
)

// ErrNotPositiveDefinite is returned by RankCorrelate for a target matrix
// that is not positive definite (e.g. three inputs each correlated 0.9 with
// one and −0.9 with another). NearestCorrelation can repair it.
var ErrNotPositiveDefinite = errors.New("analysis: correlation matrix is not positive definite")

// RankCorrelate reorders the values within each column of x (n rows, d
// columns) so that the columns have, approximately, the target Spearman
// rank correlations, by the method of Iman & Conover (1982). Each column
// keeps exactly its values, so its marginal distribution (and the
// stratification of a Latin hypercube) is unchanged; only which values
// share a row changes. x is not modified.
//
// It returns the reordered sample and the rank correlations achieved. The
// target must be a d×d symmetric matrix with a unit diagonal and entries in
// [−1, 1]; a target that is not positive definite gives
// ErrNotPositiveDefinite.
//
// Method: van der Waerden scores Φ⁻¹(k/(n+1)), randomly permuted per column
// (seeded), are transformed by C·F⁻¹, where F is the Cholesky factor of the
// scores' own correlation and C that of the target, so that the scores have
// exactly the target correlation; each column of x is then reordered to
// follow the ranks of its scores. The target is first converted from a
// rank correlation ρs to the normal-scores correlation 2·sin(πρs/6) (exact
// for a normal copula), which removes the small bias of the plain method.
func RankCorrelate(x [][]float64, target *mat.SymDense, seed uint64) ([][]float64, *mat.SymDense, error) {
	n := len(x)
	if n == 0 {
		return nil, nil, errors.New("analysis: RankCorrelate has no rows")
	}
	d := len(x[0])
	if target == nil || target.SymmetricDim() != d {
		return nil, nil, fmt.Errorf("analysis: the correlation matrix must be %d×%d, one row per column of the sample", d, d)
	}
	if n <= d+1 {
		return nil, nil, fmt.Errorf("analysis: RankCorrelate needs more rows (%d) than columns + 1 (%d)", n, d+1)
	}
	for i := range d {
		if target.At(i, i) != 1 {
			return nil, nil, fmt.Errorf("analysis: correlation matrix diagonal entry %d is %v, not 1", i, target.At(i, i))
		}
		for j := range i {
			if v := target.At(i, j); !(v >= -1 && v <= 1) {
				return nil, nil, fmt.Errorf("analysis: correlation %v between columns %d and %d is outside [−1, 1]", v, j, i)
			}
		}
	}
	for i, row := range x {
		if len(row) != d {
			return nil, nil, fmt.Errorf("analysis: row %d has %d values, row 0 has %d", i, len(row), d)
		}
	}
	var tc mat.Cholesky
	if !tc.Factorize(target) {
		return nil, nil, ErrNotPositiveDefinite
	}
	// Convert rank correlations to normal-score correlations; this can in
	// rare cases lose positive definiteness, in which case keep the target.
	conv := mat.NewSymDense(d, nil)
	for i := range d {
		for j := i; j < d; j++ {
			v := 1.0
			if i != j {
				v = stats.NormalCorrelation(target.At(i, j))
			}
			conv.SetSym(i, j, v)
		}
	}
	var cc mat.Cholesky
	if !cc.Factorize(conv) {
		cc = tc
	}

	// Scores: each column a random permutation of the van der Waerden scores.
	scores := make([]float64, n)
	for k := range scores {
		scores[k] = distuv.UnitNormal.Quantile(float64(k+1) / float64(n+1))
	}
	r := newRand(seed, purposeCorrelate)
	m := mat.NewDense(n, d, nil)
	perm := make([]int, n)
	for j := range d {
		rng.Permute(r, perm)
		for k := range n {
			m.Set(k, j, scores[perm[k]])
		}
	}
	// Remove the scores' chance correlation (F) and impose the target (C):
	// T = M · (C F⁻¹)ᵀ.
	e := mat.NewSymDense(d, nil)
	stat.CorrelationMatrix(e, m, nil)
	var ec mat.Cholesky
	if !ec.Factorize(e) {
		return nil, nil, errors.New("analysis: the random scores are degenerate; use more rows")
	}
	var fl, cl mat.TriDense
	ec.LTo(&fl)
	cc.LTo(&cl)
	var finv mat.TriDense
	if err := finv.InverseTri(&fl); err != nil {
		return nil, nil, fmt.Errorf("analysis: inverting the scores' Cholesky factor: %w", err)
	}
	var s mat.Dense
	s.Mul(&cl, &finv)
	var t mat.Dense
	t.Mul(m, s.T())

	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, d)
	}
	col := make([]float64, n)
	tcol := make([]float64, n)
	rank := make([]int, n)
	for j := range d {
		for i := range n {
			col[i] = x[i][j]
			tcol[i] = t.At(i, j)
		}
		slices.Sort(col)
		floats.Argsort(tcol, rank) // rank[k] is the row of the k-th smallest score
		for k, row := range rank {
			out[row][j] = col[k]
		}
	}
	return out, SpearmanMatrix(out), nil
}

// NearestCorrelation returns the correlation matrix nearest to m in the
// Frobenius norm, by the alternating projections of Higham (2002) with
// Dykstra's correction, nudged so that it is strictly positive definite
// (smallest eigenvalue at least about 1e-8) and has a unit diagonal. Use it
// to repair an elicited matrix that RankCorrelate rejects, and tell the
// user how much each entry moved.
func NearestCorrelation(m mat.Symmetric) (*mat.SymDense, error) {
	d := m.SymmetricDim()
	if d == 0 {
		return nil, errors.New("analysis: empty matrix")
	}
	const (
		maxIter = 1000
		tol     = 1e-10
		minEig  = 1e-8
	)
	y := mat.NewSymDense(d, nil)
	y.CopySym(m)
	ds := mat.NewSymDense(d, nil) // Dykstra correction
	r := mat.NewSymDense(d, nil)
	x := mat.NewSymDense(d, nil)
	prev := mat.NewSymDense(d, nil)
	for it := 0; ; it++ {
		if it == maxIter {
			return nil, errors.New("analysis: nearest correlation matrix did not converge")
		}
		subSym(r, y, ds)
		if err := projectPSD(x, r, 0); err != nil {
			return nil, err
		}
		subSym(ds, x, r)
		prev.CopySym(y)
		y.CopySym(x)
		for i := range d {
			y.SetSym(i, i, 1)
		}
		subSym(prev, y, prev)
		if mat.Norm(prev, 2) <= tol*math.Max(1, mat.Norm(y, 2)) {
			break
		}
	}
	// Make it strictly positive definite, then restore the unit diagonal.
	if err := projectPSD(x, y, minEig); err != nil {
		return nil, err
	}
	out := mat.NewSymDense(d, nil)
	for i := range d {
		for j := i; j < d; j++ {
			v := x.At(i, j) / math.Sqrt(x.At(i, i)*x.At(j, j))
			if i == j {
				v = 1
			}
			out.SetSym(i, j, v)
		}
	}
	return out, nil
}

// subSym sets dst = a − b element by element; dst may alias a or b.
func subSym(dst, a, b *mat.SymDense) {
	d := a.SymmetricDim()
	for i := range d {
		for j := i; j < d; j++ {
			dst.SetSym(i, j, a.At(i, j)-b.At(i, j))
		}
	}
}

// projectPSD sets dst to a with its eigenvalues raised to at least floor.
func projectPSD(dst *mat.SymDense, a mat.Symmetric, floor float64) error {
	var eig mat.EigenSym
	if !eig.Factorize(a, true) {
		return errors.New("analysis: eigendecomposition failed")
	}
	vals := eig.Values(nil)
	var vec mat.Dense
	eig.VectorsTo(&vec)
	d := len(vals)
	for k := range vals {
		vals[k] = math.Max(vals[k], floor)
	}
	for i := range d {
		for j := i; j < d; j++ {
			s := 0.0
			for k := range d {
				s += vec.At(i, k) * vals[k] * vec.At(j, k)
			}
			dst.SetSym(i, j, s)
		}
	}
	return nil
}

// Spearman returns the Spearman rank correlation of x and y: the Pearson
// correlation of their ranks, tied values sharing their average rank. It
// is NaN when x or y has fewer than two distinct values and panics if the
// lengths differ (see internal/stats, its one home).
func Spearman(x, y []float64) float64 { return stats.Spearman(x, y) }

// SpearmanMatrix returns the Spearman rank correlations between the
// columns of x (rows are observations).
func SpearmanMatrix(x [][]float64) *mat.SymDense {
	if len(x) == 0 {
		return nil
	}
	n, d := len(x), len(x[0])
	rk := mat.NewDense(n, d, nil)
	col := make([]float64, n)
	for j := range d {
		for i := range n {
			col[i] = x[i][j]
		}
		rk.SetCol(j, stats.Ranks(col))
	}
	out := mat.NewSymDense(d, nil)
	stat.CorrelationMatrix(out, rk, nil)
	return out
}
