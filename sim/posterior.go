package sim

import (
	"fmt"
	"math"
	"strings"

	"github.com/alliancesim/alliancesim/model"
)

// WeightSample is a sample of full weight vectors, such as a calibrated
// posterior (calibrate.Posterior): with Plan.Posterior set, every draw
// takes one row as its weights, so that the headline integrates over the
// uncertainty of the weights as well as over the scenario's inputs.
//
// The draws then come in groups of three (pick-freeze): draws 3m and
// 3m+1 share row m mod len(Rows) and the scenario's uncertain inputs (not
// their noise, events or consent shocks); draw 3m+2 shares only the row.
// The outcomes' covariances within the groups split the variance of a
// run's outcome into the weights' share, the inputs' share and the model's
// own randomness (Result.Uncertainty). The headline is still the mean
// over every draw.
type WeightSample struct {
	// Name says where the sample came from (a file), for messages.
	Name string
	// Rows are the weight vectors; each must pass model.Weights.Validate.
	Rows []model.Weights
	// Pinned, when not nil, lists per scenario the weight keys whose value
	// in the scenario's weights (RunSet's ws) wins over every row: the
	// scenario's own fixed weights, or a weight the user fixed; scenarios
	// past the end of Pinned take its last entry. A scenario's fixed
	// weight inputs and its uncertain weights win too.
	Pinned [][]string
}

// Validate checks that the sample has rows and that every row is a valid
// weight vector.
func (s *WeightSample) Validate() error {
	if s == nil {
		return nil
	}
	if len(s.Rows) == 0 {
		return fmt.Errorf("posterior %s: the weight sample has no rows", s.Name)
	}
	for i := range s.Rows {
		if err := s.Rows[i].Validate(); err != nil {
			return fmt.Errorf("posterior %s: row %d is not a valid weight vector: %s", s.Name, i, strings.ReplaceAll(err.Error(), "\n", " "))
		}
	}
	return nil
}

// Mean is the rows' mean weight vector.
func (s *WeightSample) Mean() model.Weights {
	w := model.DefaultWeights()
	for _, sp := range model.WeightSpecs {
		t := 0.0
		for i := range s.Rows {
			t += sp.Get(&s.Rows[i])
		}
		sp.Set(&w, t/float64(len(s.Rows)))
	}
	return w
}

// groupSize is the number of draws of a pick-freeze group.
const groupSize = 3

// rowsFor builds scenario c's weight rows: the sample's rows with the
// pinned keys taken from w and the scenario's fixed weight inputs applied.
func rowsFor(s *WeightSample, k int, w *model.Weights, fixed []func(*model.Weights)) ([]model.Weights, error) {
	var pinned []model.WeightSpec
	if len(s.Pinned) > 0 {
		for _, key := range s.Pinned[min(k, len(s.Pinned)-1)] {
			sp, ok := model.LookupWeight(key)
			if !ok {
				return nil, fmt.Errorf("posterior: unknown pinned weight %q", key)
			}
			pinned = append(pinned, sp)
		}
	}
	rows := make([]model.Weights, len(s.Rows))
	for i := range s.Rows {
		rows[i] = s.Rows[i]
		for _, sp := range pinned {
			sp.Set(&rows[i], sp.Get(w))
		}
		for _, f := range fixed {
			f(&rows[i])
		}
		if err := rows[i].Validate(); err != nil {
			return nil, fmt.Errorf("posterior %s: row %d with the scenario's own weights is not a valid weight vector: %s", s.Name, i, strings.ReplaceAll(err.Error(), "\n", " "))
		}
	}
	return rows, nil
}

// Uncertainty splits the variance of a run's outcome (alliance by the
// horizon or not), p(1−p), into three parts, estimated from the
// pick-freeze groups of a run with a posterior (WeightSample):
//
//   - Weights: Var(E[Y|θ]), the variance across the posterior's weight
//     vectors θ of the probability they give;
//   - Inputs: E[Var(E[Y|θ,X]|θ)], the variance across the scenario's
//     uncertain inputs X, for given weights;
//   - Model: the rest, the model's own randomness (noise, events, consent).
//
// Each is given as a variance, a share of p(1−p) and the standard
// deviation of the probability it implies, with Monte Carlo standard
// errors (delta method over the groups, which are independent).
type Uncertainty struct {
	// Vectors is the number of weight vectors in the posterior.
	Vectors int
	// Groups is the number of complete groups; Patterns[b] counts those
	// whose outcomes (bit j = draw 3m+j formed an alliance) are b.
	Groups   int64
	Patterns [8]int64
	// P is the groups' estimate of P(alliance by the horizon); MonteCarloSE
	// its standard error, which allows for the correlation within groups.
	P, MonteCarloSE float64
	// Total is P(1−P), the variance of a run's outcome.
	Total                  float64
	Weights, Inputs, Model Component
}

// Component is one part of the variance of a run's outcome.
type Component struct {
	Variance, VarianceSE float64
	Share, ShareSE       float64
	// SD is sqrt(max(Variance, 0)), the standard deviation of the
	// probability; SDSE its delta-method standard error (0 when SD is 0).
	SD, SDSE float64
}

// UncertaintyFrom computes the decomposition from the groups' outcome
// patterns (Uncertainty.Patterns) of a run over a posterior of vectors
// weight vectors: a saved summary's counts give the same result again.
func UncertaintyFrom(pat [8]int64, vectors int) *Uncertainty { return uncertainty(pat, vectors) }

// uncertainty computes the decomposition from the group patterns.
func uncertainty(pat [8]int64, vectors int) *Uncertainty {
	u := &Uncertainty{Vectors: vectors, Patterns: pat}
	for _, n := range pat {
		u.Groups += n
	}
	if u.Groups == 0 {
		return u
	}
	g := float64(u.Groups)
	var pi [8]float64
	bit := func(s, j int) float64 { return float64(s >> j & 1) }
	phiP := func(s int) float64 { return (bit(s, 0) + bit(s, 1) + bit(s, 2)) / 3 }
	phiX := func(s int) float64 { return bit(s, 0) * bit(s, 1) }                           // shares θ and X
	phiT := func(s int) float64 { return (bit(s, 0)*bit(s, 2) + bit(s, 1)*bit(s, 2)) / 2 } // share θ only
	var p, mX, mT float64
	for s := range pi {
		pi[s] = float64(pat[s]) / g
		p += pi[s] * phiP(s)
		mX += pi[s] * phiX(s)
		mT += pi[s] * phiT(s)
	}
	vX, vT, tot := mX-p*p, mT-p*p, p*(1-p)
	u.P, u.Total = p, tot
	// Influence of each pattern on each statistic; the variance of a
	// statistic is E[IF²]/G.
	type stat func(s int) float64
	ifP := func(s int) float64 { return phiP(s) - p }
	ifX := func(s int) float64 { return phiX(s) - mX - 2*p*ifP(s) }
	ifT := func(s int) float64 { return phiT(s) - mT - 2*p*ifP(s) }
	ifTot := func(s int) float64 { return (1 - 2*p) * ifP(s) }
	se := func(f stat) float64 {
		v := 0.0
		for s := range pi {
			v += pi[s] * f(s) * f(s)
		}
		return math.Sqrt(v / g)
	}
	u.MonteCarloSE = se(ifP)
	comp := func(v float64, f stat) Component {
		c := Component{Variance: v, VarianceSE: se(f)}
		if tot > 0 {
			c.Share = v / tot
			c.ShareSE = se(func(s int) float64 { return f(s)/tot - v*ifTot(s)/(tot*tot) })
		}
		if v > 0 {
			c.SD = math.Sqrt(v)
			c.SDSE = c.VarianceSE / (2 * c.SD)
		}
		return c
	}
	u.Weights = comp(vT, ifT)
	u.Inputs = comp(vX-vT, func(s int) float64 { return ifX(s) - ifT(s) })
	u.Model = comp(tot-vX, func(s int) float64 { return ifTot(s) - ifX(s) })
	return u
}
