package sim

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
)

// Correlated inputs: a Gaussian copula.
//
// A scenario may ask for rank (Spearman) correlations between uncertain
// inputs. The sampler honours them with a Gaussian copula: each correlated
// input draws one standard normal number z from its own path-keyed stream
// (so that common random numbers survive), the numbers of a group of
// linked inputs are mixed by the Cholesky factor L of their correlation
// matrix (z' = L·z), each mixed number is turned back into a uniform
// u = Φ(z') and then into the input's value x = Quantile(u). The marginal
// distributions are exactly those the scenario gives; only the pairing of
// values across inputs changes. Because Φ and every quantile function are
// increasing, the rank correlation of the values equals that of the
// normals, which is (6/π)·asin(r/2) for a normal correlation r; the
// sampler therefore uses r = 2·sin(π·ρ/6) for a requested rank
// correlation ρ. Discrete or clamped inputs (ties) reach a little less
// than ρ; Result.Correlations reports what was achieved.

// NormalCorrelation converts a rank (Spearman) correlation ρ into the
// correlation of the Gaussian copula's normal numbers that yields it,
// 2·sin(π·ρ/6) (Pearson 1907; Kruskal 1958).
func NormalCorrelation(rank float64) float64 { return stats.NormalCorrelation(rank) }

// corrGroup is one connected group of correlated inputs: the inputs linked
// directly or through others, and the Cholesky factor of their normal
// correlation matrix.
type corrGroup struct {
	paths []string // members, in the order given by the caller's rank
	pairs []int    // indices of the group's correlations
	l     []float64
	ok    bool // the matrix is positive definite
}

// groupCorrelations splits cs into connected groups of inputs, orders each
// group's members by order(path) and factorizes each group's matrix.
// Groups are ordered by their first member.
func groupCorrelations(cs []model.Correlation, order func(string) int) []corrGroup {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, c := range cs {
		a, b := find(c.A), find(c.B)
		if a != b {
			parent[a] = b
		}
	}
	members := map[string][]string{}
	for x := range parent {
		r := find(x)
		members[r] = append(members[r], x)
	}
	pairs := map[string][]int{}
	for i, c := range cs {
		r := find(c.A)
		pairs[r] = append(pairs[r], i)
	}
	var gs []corrGroup
	for r, ms := range members {
		sort.Slice(ms, func(i, j int) bool {
			oi, oj := order(ms[i]), order(ms[j])
			if oi != oj {
				return oi < oj
			}
			return ms[i] < ms[j]
		})
		gs = append(gs, corrGroup{paths: ms, pairs: pairs[r]})
	}
	sort.Slice(gs, func(i, j int) bool {
		oi, oj := order(gs[i].paths[0]), order(gs[j].paths[0])
		if oi != oj {
			return oi < oj
		}
		return gs[i].paths[0] < gs[j].paths[0]
	})
	for gi := range gs {
		g := &gs[gi]
		n := len(g.paths)
		pos := map[string]int{}
		for i, p := range g.paths {
			pos[p] = i
		}
		data := make([]float64, n*n)
		for i := range n {
			data[i*n+i] = 1
		}
		for _, k := range g.pairs {
			c := cs[k]
			i, j := pos[c.A], pos[c.B]
			r := NormalCorrelation(c.Rank)
			data[i*n+j], data[j*n+i] = r, r
		}
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(n, data)) {
			continue
		}
		var tri mat.TriDense
		ch.LTo(&tri)
		g.l = make([]float64, n*n)
		for i := range n {
			for j := 0; j <= i; j++ {
				g.l[i*n+j] = tri.At(i, j)
			}
		}
		g.ok = true
	}
	return gs
}

// CheckCorrelations reports the groups of correlations that cannot hold
// together: for each group of inputs linked by cs whose matrix of copula
// correlations (see NormalCorrelation) is not positive definite, the
// indices in cs of that group's pairs, in order. It assumes each pair is
// otherwise valid (two distinct inputs, |Rank| < 1, no pair twice).
func CheckCorrelations(cs []model.Correlation) [][]int {
	first := map[string]int{}
	for i, c := range cs {
		for _, p := range []string{c.A, c.B} {
			if _, ok := first[p]; !ok {
				first[p] = i
			}
		}
	}
	var bad [][]int
	for _, g := range groupCorrelations(cs, func(p string) int { return first[p] }) {
		if !g.ok {
			bad = append(bad, slices.Sorted(slices.Values(g.pairs)))
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i][0] < bad[j][0] })
	return bad
}

// checkPair checks one correlation on its own: two distinct inputs and a
// rank strictly between -1 and 1.
func checkPair(c model.Correlation) error {
	switch {
	case c.A == c.B:
		return fmt.Errorf("correlation of %s with itself", c.A)
	case math.IsNaN(c.Rank) || c.Rank <= -1 || c.Rank >= 1:
		return fmt.Errorf("correlation %s–%s: rank %v must lie strictly between -1 and 1", c.A, c.B, c.Rank)
	}
	return nil
}

// copula is a compiled group: the positions of its members among the
// compiled uncertain inputs and the lower Cholesky factor, row-major.
type copula struct {
	idx []int
	l   []float64
}

// compileCorrelations resolves sc's correlations against the compiled
// uncertain inputs. A correlation that names a fixed input is dropped (a
// sweep fixes the inputs it varies); one that names no input at all is an
// error.
func compileCorrelations(sc *model.Scenario, unc []uncertain) ([]copula, []model.Correlation, error) {
	if len(sc.Correlations) == 0 {
		return nil, nil, nil
	}
	pos := map[string]int{}
	for k, u := range unc {
		pos[u.path] = k
	}
	known := map[string]bool{}
	for _, in := range sc.Inputs {
		known[in.Path] = true
	}
	var active []model.Correlation
	seen := map[[2]string]bool{}
	for _, c := range sc.Correlations {
		if err := checkPair(c); err != nil {
			return nil, nil, err
		}
		_, okA := pos[c.A]
		_, okB := pos[c.B]
		for _, p := range []string{c.A, c.B} {
			if !known[p] {
				return nil, nil, fmt.Errorf("correlation %s–%s: the scenario has no input %s", c.A, c.B, p)
			}
		}
		key := [2]string{min(c.A, c.B), max(c.A, c.B)}
		if seen[key] {
			return nil, nil, fmt.Errorf("correlation %s–%s is given twice", c.A, c.B)
		}
		seen[key] = true
		if okA && okB {
			active = append(active, c)
		}
	}
	var cops []copula
	for _, g := range groupCorrelations(active, func(p string) int { return pos[p] }) {
		if !g.ok {
			var ps []string
			for _, k := range g.pairs {
				ps = append(ps, fmt.Sprintf("%s–%s %g", active[k].A, active[k].B, active[k].Rank))
			}
			return nil, nil, fmt.Errorf("correlations cannot hold together (%s): the matrix is not positive definite", strings.Join(ps, ", "))
		}
		cp := copula{l: g.l}
		for _, p := range g.paths {
			cp.idx = append(cp.idx, pos[p])
		}
		cops = append(cops, cp)
	}
	return cops, active, nil
}

// normalQuantile is Φ⁻¹, the standard normal quantile function, as
// −√2·erfcinv(2p). It is deliberately not gonum's mathext.NormalQuantile
// (the Φ⁻¹ used everywhere else, see internal/stats): the two differ in
// the last bits for most p, and this one turns every correlated input's
// unit draw into its normal number, so switching would change the results
// of every scenario with correlations.
func normalQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

// normalCDF is Φ (gonum's), kept strictly inside (0, 1) so that it is safe
// to hand to a quantile function.
func normalCDF(z float64) float64 {
	return min(max(distuv.UnitNormal.CDF(z), 0x1p-60), 1-0x1p-53)
}

// achieveRows caps the draws from which achieved rank correlations are
// computed: enough for a standard error of about 0.005 at ρ = 0.6, small
// enough to sort quickly.
const achieveRows = 20_000

// achieved collects the values of a scenario's correlated inputs in the
// first draws, row i for draw i, so that the achieved rank correlations
// do not depend on the number of workers.
type achieved struct {
	rows  int
	ncols int
	x     []float64
}

// AchievedCorrelation is a requested rank correlation and the Spearman
// rank correlation the draws achieved.
type AchievedCorrelation struct {
	A, B string
	// Target is the requested rank correlation; Achieved the Spearman
	// correlation of the values the model received (after clamping) in the
	// first N draws, 0 when either input took a single value.
	Target, Achieved float64
	N                int
}

// achievedCorrelations computes each active pair's achieved rank
// correlation from the first n rows.
func (c *compiled) achievedCorrelations(n int64) []AchievedCorrelation {
	if c.ach == nil || len(c.corrs) == 0 {
		return nil
	}
	rows := int(min(n, int64(c.ach.rows)))
	col := func(path string) []float64 {
		k := c.col[path]
		x := make([]float64, rows)
		for i := range rows {
			x[i] = c.ach.x[i*c.ach.ncols+k]
		}
		return x
	}
	rk := map[string][]float64{}
	rankOf := func(path string) []float64 {
		if r, ok := rk[path]; ok {
			return r
		}
		r := stats.Ranks(col(path))
		rk[path] = r
		return r
	}
	var out []AchievedCorrelation
	for _, p := range c.corrs {
		out = append(out, AchievedCorrelation{A: p.A, B: p.B, Target: p.Rank, Achieved: rankCorrelation(rankOf(p.A), rankOf(p.B)), N: rows})
	}
	return out
}

// rankCorrelation is the Pearson correlation of two rank vectors, that is
// the Spearman correlation of the values ranked (stats.Spearman without
// the ranking, which achievedCorrelations caches per input); 0 rather than
// NaN when either column is constant.
func rankCorrelation(rx, ry []float64) float64 {
	if r := stat.Correlation(rx, ry, nil); !math.IsNaN(r) {
		return r
	}
	return 0
}
