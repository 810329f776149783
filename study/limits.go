package study

import (
	"fmt"

	"github.com/alliancesim/alliancesim/sim"
)

// Upper bounds on a sensitivity analysis's sizes: far beyond what any
// analysis needs, low enough that a typo is refused up front instead of
// exhausting memory or running for days.
const (
	MaxN            = 1 << 20 // Sobol base sample
	MaxEvaluations  = 1 << 24 // model evaluations of one method (memory: 8 bytes each, plus the design)
	MaxBootstrap    = 10_000
	MaxBootstrapOps = 1 << 30 // bootstrap resamples × N
	MaxReps         = 100_000
	MaxTornadoReps  = 1_000_000
	MaxTrajectories = 1_000
	MaxLevels       = 100
)

// Check validates the options' sizes (with the defaults filled in) for a
// scenario with the given number of uncertain inputs and simulated years,
// and the total work against sim.MaxWorkDrawYears, before anything runs.
func (o SensitivityOptions) Check(inputs, years int) error {
	o.defaults()
	if err := CheckN(o.N); err != nil {
		return err
	}
	type bound struct {
		name      string
		v, lo, hi int
	}
	for _, b := range []bound{
		{"--bootstrap", o.Bootstrap, 10, MaxBootstrap}, {"--reps", o.Reps, 1, MaxReps},
		{"tornado replications", o.TornadoReps, 1, MaxTornadoReps}, {"--trajectories", o.Trajectories, 2, MaxTrajectories},
		{"Morris levels", o.Levels, 2, MaxLevels},
	} {
		if b.v < b.lo || b.v > b.hi {
			return fmt.Errorf("%s %d: use a value from %d to %d", b.name, b.v, b.lo, b.hi)
		}
	}
	sobol := o.N * (inputs + 2)
	if sobol > MaxEvaluations {
		return fmt.Errorf("--n %d with %d inputs is %d Sobol evaluations; the most is %d: use a smaller --n", o.N, inputs, sobol, MaxEvaluations)
	}
	if o.Bootstrap*o.N > MaxBootstrapOps {
		return fmt.Errorf("--bootstrap %d with --n %d: at most %d resamples at this --n (the intervals settle long before)", o.Bootstrap, o.N, MaxBootstrapOps/o.N)
	}
	evals := float64(sobol+o.Trajectories*(inputs+1)) * float64(o.Reps)
	evals += float64(2*inputs+1) * float64(o.TornadoReps)
	work := sim.Work(evals * float64(years))
	return work.Check(fmt.Sprintf("this sensitivity analysis (%d inputs, --n %d, --reps %d)", inputs, o.N, o.Reps), o.Workers)
}

// CheckN checks a Sobol base sample size n as given (0 is refused too: a
// caller that means the default leaves N at 0 in SensitivityOptions).
func CheckN(n int) error {
	if n < 64 || n > MaxN || n&(n-1) != 0 {
		return fmt.Errorf("--n %d: use a power of two from 64 (the convergence view halves it twice) to %d", n, MaxN)
	}
	return nil
}
