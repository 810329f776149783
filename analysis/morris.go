package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/par"
)

// MorrisResult holds one input's elementary-effect statistics.
//
// Effects are measured per unit of the input's quantile (probability)
// range: an elementary effect is Δy/Δp, where Δp is the change in the
// input's cumulative probability between the two points (always 0.5 with
// the grid used here). So μ* is in output units and reads as "the output
// change for moving this input across its whole distribution, on a linear
// extrapolation of the observed steps"; inputs measured in different units
// (a probability, a capability ratio, a number of years) compare directly.
// For an input uniform on [0, 1] it is the ordinary derivative.
type MorrisResult struct {
	Name string
	// MuStar is the mean absolute elementary effect (Campolongo, Cariboni &
	// Saltelli 2007): the screening measure of overall importance.
	MuStar float64
	// Mu is the mean signed effect; |Mu| much smaller than MuStar means
	// effects of both signs (a non-monotone effect or an interaction).
	Mu float64
	// Sigma is the standard deviation of the effects (n−1 denominator):
	// large relative to MuStar means non-linearity or interactions.
	Sigma float64
	// MuStarConf is the half-width of a 95% bootstrap percentile interval
	// for MuStar (1000 resamples of the trajectories).
	MuStarConf float64
	// Effects are the r elementary effects, one per trajectory.
	Effects []float64
}

const morrisBootstrap = 1000

// Morris runs the elementary-effects screening of Morris (1991) with r
// random trajectories on a grid of the given number of levels (even, e.g.
// 4), and returns one result per input, in input order. It costs
// r·(len(inputs)+1) evaluations.
//
// Level k of the grid (k = 0 … levels−1) is the probability (k+0.5)/levels,
// mapped through the input's Quantile, so an unbounded input never meets
// quantile 0 or 1. Each trajectory starts at a grid point and moves every
// input once, in random order, by levels/2 grid steps (the step
// Δ = p/(2(p−1)) of Morris 1991 on the usual grid), i.e. by half the
// probability range. See MorrisResult for the scaling of the effects.
//
// The starting points are stratified: each input starts from every level
// equally often across the trajectories (a Latin hypercube over them),
// rather than from a level drawn anew for each, so that μ* averages over
// the segments of an input's range in fixed shares instead of a binomial
// mix of them. Measured over 1,000 seeds at r = 20 on a monotone, convex
// function of 8 inputs (Σ (8−i) e^{3x_i}/20 + 5 x₀x₁x₂²), the median of
// the largest error of μ* (relative to the largest μ*) fell from 0.095 to
// 0.036 and the share of seeds that rank the top four inputs rightly rose
// from 0.62 to 0.91 (similar at r = 16 and 32); on the six-input
// G-function, whose |4x − 2| gives both segments the same effect, it is
// unchanged (0.063). Starting points from a scrambled Sobol' sequence
// measured the same (0.036, 0.90); the Latin hypercube was kept for its
// exact balance at any r that is a multiple of levels.
//
// Use Morris to screen many inputs cheaply before a Sobol analysis: inputs
// with a small MuStar (relative to the largest) can be fixed at a central
// value.
func Morris(ctx context.Context, inputs []Input, f Func, r, levels int, opt Options) ([]MorrisResult, error) {
	if err := checkInputs(inputs); err != nil {
		return nil, err
	}
	if r < 2 {
		return nil, fmt.Errorf("analysis: Morris needs at least 2 trajectories, got %d", r)
	}
	if levels < 2 || levels%2 != 0 {
		return nil, fmt.Errorf("analysis: Morris levels must be even and at least 2, got %d", levels)
	}
	d := len(inputs)
	half := levels / 2
	rng := newRand(opt.Seed, purposeMorrisDesign)

	// grid[t][m][i] is the level of input i at point m of trajectory t;
	// moved[t][m] is the input changed between points m and m+1, and
	// dir[t][m] the sign of the change.
	points := r * (d + 1)
	level := make([]int, points*d)
	moved := make([]int, r*d)
	dir := make([]float64, r*d)
	// cells[i][t] is input i's starting cell in trajectory t: level c,
	// moving up from c < half, down from c ≥ half. Each input's cells are
	// a Latin hypercube over the trajectories (every cell as often, for r
	// a multiple of levels), not r independent draws; see Morris.
	u, err := unitSample(rng, r, d, design.LatinHypercube)
	if err != nil {
		return nil, err
	}
	cells := make([][]int, d)
	for i := range cells {
		cells[i] = make([]int, r)
		for t := range r {
			cells[i][t] = min(levels-1, int(u[t*d+i]*float64(levels)))
		}
	}
	for t := range r {
		start := level[t*(d+1)*d : (t*(d+1)+1)*d]
		sign := make([]int, d)
		for i := range d {
			start[i], sign[i] = cells[i][t], +1
			if cells[i][t] >= half {
				sign[i] = -1
			}
		}
		order := rng.Perm(d)
		for m, i := range order {
			prev := level[(t*(d+1)+m)*d : (t*(d+1)+m+1)*d]
			next := level[(t*(d+1)+m+1)*d : (t*(d+1)+m+2)*d]
			copy(next, prev)
			next[i] += sign[i] * half
			moved[t*d+m] = i
			dir[t*d+m] = float64(sign[i])
		}
	}
	// Map each level through each input's Quantile once.
	values := make([][]float64, d)
	for i, in := range inputs {
		values[i] = make([]float64, levels)
		for k := range levels {
			values[i][k] = in.Quantile((float64(k) + 0.5) / float64(levels))
		}
	}
	fill := func(row int, x []float64) {
		lv := level[row*d : (row+1)*d]
		for i := range x {
			x[i] = values[i][lv[i]]
		}
	}
	y, err := evaluate(ctx, points, d, inputNames(inputs), fill, f, opt)
	if err != nil {
		return nil, err
	}

	const dp = 0.5 // change in cumulative probability per step
	effects := make([][]float64, d)
	for i := range effects {
		effects[i] = make([]float64, r)
	}
	for t := range r {
		for m := range d {
			i := moved[t*d+m]
			dy := y[t*(d+1)+m+1] - y[t*(d+1)+m]
			effects[i][t] = dy / (dir[t*d+m] * dp)
		}
	}
	res := make([]MorrisResult, d)
	par.For(d, opt.workers(), func(_, i int) {
		ee := effects[i]
		abs := make([]float64, r)
		for t, e := range ee {
			abs[t] = math.Abs(e)
		}
		mu, sigma := stat.MeanStdDev(ee, nil)
		muStar := stat.Mean(abs, nil)
		// Bootstrap μ* over trajectories.
		brng := newRand(opt.Seed, purposeMorrisBoot, uint64(i))
		boot := make([]float64, morrisBootstrap)
		for b := range boot {
			s := 0.0
			for range r {
				s += abs[brng.IntN(r)]
			}
			boot[b] = s / float64(r)
		}
		slices.Sort(boot)
		lo := stat.Quantile(0.025, stat.LinInterp, boot, nil)
		hi := stat.Quantile(0.975, stat.LinInterp, boot, nil)
		res[i] = MorrisResult{
			Name:       inputs[i].Name,
			MuStar:     muStar,
			Mu:         mu,
			Sigma:      sigma,
			MuStarConf: (hi - lo) / 2,
			Effects:    ee,
		}
	})
	return res, nil
}
