package sim

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
)

// purposeStart draws, for draw i, the particle of Plan.Start the run
// starts from: its own purpose, so that no other stream moves.
const purposeStart uint64 = 0x7374617274 // "start"

// StartState is a distribution of carried states to start runs from
// instead of the scenario's initial state: weighted particles, such as a
// nowcast's filtered state at the end of Year (nowcast.ReadState). Draw i
// picks particle k = Pick(u), u a uniform number of the draw's own
// stream, and starts with model.SimulateFrom(&Carry[k], …). Every
// scenario run on it must start in Year+1.
type StartState struct {
	// Year is the last year the state describes.
	Year int
	// Scenario is the scenario the state was filtered under (for
	// messages).
	Scenario string
	// Carry[i] is particle i's carried state, Weights[i] its weight.
	Carry   []model.Carry
	Weights []float64

	cum  []float64
	even bool // every weight the same
}

// NewStartState checks the particles (at least one, as many weights as
// carries, weights finite and not negative with a positive sum, rungs on
// the ladder) and returns the state, its weights normalised.
func NewStartState(year int, scenario string, carry []model.Carry, weights []float64) (*StartState, error) {
	if len(carry) == 0 {
		return nil, fmt.Errorf("start state: no particles")
	}
	if len(weights) != len(carry) {
		return nil, fmt.Errorf("start state: %d weights for %d particles", len(weights), len(carry))
	}
	sum := 0.0
	for i, w := range weights {
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, fmt.Errorf("start state: particle %d has weight %v; weights must be finite and not negative", i, w)
		}
		if r := carry[i].Rung; r < 0 || int(r) >= model.NumStates {
			return nil, fmt.Errorf("start state: particle %d has rung %d, not on the ladder", i, r)
		}
		if c := carry[i]; math.IsNaN(c.Noise) || math.IsInf(c.Noise, 0) || math.IsNaN(c.Standing[0]+c.Standing[1]) || math.IsInf(c.Standing[0]+c.Standing[1], 0) {
			return nil, fmt.Errorf("start state: particle %d has a non-finite noise or standing disposition", i)
		}
		sum += w
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return nil, fmt.Errorf("start state: the weights sum to %v; they must sum to a positive number", sum)
	}
	s := &StartState{Year: year, Scenario: scenario, Carry: append([]model.Carry(nil), carry...), Weights: make([]float64, len(weights)), cum: make([]float64, len(weights))}
	c := 0.0
	for i, w := range weights {
		s.Weights[i] = w / sum
		c += w
		s.cum[i] = c / sum
	}
	s.even = !slices.ContainsFunc(weights, func(w float64) bool { return w != weights[0] })
	return s, nil
}

// Pick returns the particle at cumulative weight u in [0, 1): drawing u
// uniformly draws a particle from the state distribution.
func (s *StartState) Pick(u float64) int {
	n := len(s.cum)
	if s.even {
		// Equal weights (a state file's resample): the particle is about
		// u·n; walking from there to the first cumulative weight at
		// least u gives exactly the binary search's answer in a step or
		// two instead of fourteen.
		i := min(max(int(u*float64(n)), 0), n-1)
		for i > 0 && s.cum[i-1] >= u {
			i--
		}
		for i < n-1 && s.cum[i] < u {
			i++
		}
		return i
	}
	i := sort.SearchFloat64s(s.cum, u)
	return min(i, n-1)
}

// PickFor returns the particle the draw whose stream root is key starts
// from (a uniform number of the draw's own purpose, so that no other
// stream moves): a run, an evaluator's replication and the nowcast's
// scenario signposts pick the same particle for the same draw.
func (s *StartState) PickFor(key uint64) int {
	return s.Pick(rng.Unit(rng.Mix(key ^ purposeStart)))
}

// Rungs returns the distribution of the starting rung.
func (s *StartState) Rungs() []float64 {
	p := make([]float64, model.NumStates)
	for i, c := range s.Carry {
		p[c.Rung] += s.Weights[i]
	}
	return p
}

// Check makes sure that scenarios can run from s: every one starts the
// year after the state's, or, with s nil, none starts from the nowcast
// (model.Scenario.FromNowcast), which would otherwise run from the rung it
// declined to assert.
func (s *StartState) Check(scs ...*model.Scenario) error {
	if s == nil {
		for _, sc := range scs {
			if sc.FromNowcast {
				return fmt.Errorf("scenario %s starts from the nowcast (initial_state: nowcast), and no start state was given: set Plan.Start to the state for the end of %d (nowcast.StartFor)",
					sc.Name, sc.StartYear-1)
			}
		}
		return nil
	}
	if s.cum == nil {
		return fmt.Errorf("start state: build it with NewStartState")
	}
	for _, sc := range scs {
		if sc.StartYear != s.Year+1 {
			return fmt.Errorf("scenario %s starts in %d, but the start state (filtered under %s) is at the end of %d: a run from it must start in %d",
				sc.Name, sc.StartYear, s.Scenario, s.Year, s.Year+1)
		}
	}
	return nil
}
