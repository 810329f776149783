package study

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// This file wires the model-agnostic methods to the alliance model: the
// function under study is an output of a scenario (P(alliance by the
// horizon) by default) at given values of its uncertain inputs, averaged
// over inner replications on common random numbers (see sim.Evaluator).

// SensitivityOptions configures Sensitivity.
type SensitivityOptions struct {
	Output sim.Output
	// Reps is the number of inner replications per evaluation for Morris
	// and Sobol; TornadoReps for the tornado, which needs few evaluations
	// and can afford many replications.
	Reps, TornadoReps int
	// N is the Sobol base sample size; the convergence view uses N/4, N/2
	// and N from the same design. Bootstrap is the number of resamples.
	N, Bootstrap int
	// Trajectories and Levels configure Morris.
	Trajectories, Levels int
	// Sampler draws the Sobol design: design.QuasiMonteCarlo (scrambled
	// Sobol' points, the default), design.MonteCarlo or
	// design.LatinHypercube.
	Sampler design.Sampler
	// Seed roots the designs, the bootstrap and the inner replications.
	Seed    uint64
	Workers int
	// Progress receives (stage, done, total) as evaluations complete.
	Progress func(stage string, done, total int)
	// Posterior, when set, gives each evaluation's inner replications
	// their weight vectors (see newEvalFunc): the indices are then over
	// the inputs with the weights' uncertainty integrated out. The caller
	// leaves the weights the posterior draws out of the inputs.
	Posterior *sim.WeightSample
	// Start, when set, is the state every inner replication starts from
	// (a nowcast's, sim.NewEvaluator) instead of the scenario's rung.
	Start *sim.StartState
}

// Sensitivity is the combined answer of the three methods.
type Sensitivity struct {
	Scenario string
	Output   sim.Output
	Inputs   []string // input paths, in evaluator order
	// Base is the output with every input at its median, and Bars the
	// tornado (10th to 90th percentile).
	Base float64
	Bars []analysis.TornadoBar
	// Morris and Sobol are nil when the scenario states correlations
	// between inputs: both assume independent inputs, and their indices
	// would mislead. Ranking then offers a correlation-aware ranking.
	Morris      []analysis.MorrisResult
	Sobol       *analysis.SobolResult
	Convergence *analysis.ConvergenceResult
	// Ranking is the Spearman correlation between each input and the
	// run's outcome over a Monte Carlo sample that honours the scenario's
	// correlations (filled only when there are correlations).
	Ranking []InputCorrelation
	// Correlated says why Morris and Sobol were left out.
	Correlated string
	Options    SensitivityOptions
	// Evaluations counts the model evaluations of each method (each
	// evaluation is Reps or TornadoReps runs).
	Evaluations map[string]int
}

// InputCorrelation is an input's rank correlation with the outcome.
type InputCorrelation struct {
	// Name is the path of one of the scenario's uncertain inputs, as its
	// row of inputs names it.
	Name string `json:"name"`
	// Spearman is the rank correlation (−1 to 1) between the input's
	// values and the outcome over 20,000 draws that honour the
	// scenario's correlations; 0 when the outcome or the input never
	// varies. The list is ordered by its absolute value, largest first.
	Spearman float64 `json:"spearman"`
}

func (o *SensitivityOptions) defaults() {
	o.Output.Kind = cmp.Or(o.Output.Kind, sim.OutAllianceByHorizon)
	o.Reps = cmp.Or(o.Reps, 64)
	o.TornadoReps = cmp.Or(o.TornadoReps, 4000)
	o.N = cmp.Or(o.N, 4096)
	o.Bootstrap = cmp.Or(o.Bootstrap, 500)
	o.Trajectories = cmp.Or(o.Trajectories, 20)
	o.Levels = cmp.Or(o.Levels, 4)
	o.Sampler = cmp.Or(o.Sampler, design.QuasiMonteCarlo)
}

// RunSensitivity runs the tornado, Morris screening and Sobol indices with
// a convergence view for sc under w. With correlated inputs it runs the
// tornado and a correlation-aware ranking instead of Morris and Sobol.
func RunSensitivity(ctx context.Context, sc *model.Scenario, w *model.Weights, opt SensitivityOptions) (*Sensitivity, error) {
	ev, err := prepare(sc, w, &opt)
	if err != nil {
		return nil, err
	}
	return analyse(ctx, sc, w, opt, ev.inputs, ev.direct, ev.points, true)
}

// evaluators are the two functions a sensitivity analysis evaluates: the
// tornado's (TornadoReps inner runs) and Morris's and Sobol's (Reps).
type evaluators struct {
	tornado, main *evalFunc
	inputs        []analysis.Input
}

// prepare fills in opt's defaults, checks it against sc and returns the
// analysis' evaluators.
func prepare(sc *model.Scenario, w *model.Weights, opt *SensitivityOptions) (*evaluators, error) {
	opt.defaults()
	if err := opt.Check(len(sc.Inputs), sc.HorizonYears); err != nil {
		return nil, err
	}
	return newEvaluators(sc, w, *opt)
}

func newEvaluators(sc *model.Scenario, w *model.Weights, opt SensitivityOptions) (*evaluators, error) {
	tev, err := newEvalFunc(sc, w, opt.Output, opt.TornadoReps, opt.Seed, opt.Posterior, opt.Start)
	if err != nil {
		return nil, err
	}
	ev, err := newEvalFunc(sc, w, opt.Output, opt.Reps, opt.Seed, opt.Posterior, opt.Start)
	if err != nil {
		return nil, err
	}
	inputs := evaluatorInputs(tev.inputs)
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%s has no uncertain inputs: there is nothing to attribute the output to", sc.Name)
	}
	return &evaluators{tornado: tev, main: ev, inputs: inputs}, nil
}

// Stages of a sensitivity analysis, each with its own design points.
const (
	stageTornado = "tornado"
	stageMorris  = "morris"
	stageSobol   = "sobol"
)

// direct is the function each stage evaluates.
func (e *evaluators) direct(stage string) analysis.Func {
	if stage == stageTornado {
		return e.tornado.eval
	}
	return e.main.eval
}

// points is the batch form of direct(stage) for the tornado, nil for the
// other stages (which evaluate one point at a time) and under a
// posterior.
func (e *evaluators) points(stage string) analysis.PointsFunc {
	if stage == stageTornado {
		return e.tornado.points
	}
	return nil
}

// analyse runs the methods with f(stage) as each stage's function: the
// model itself, a recorder of the design points, or the values of the
// design points that shards computed. ranking says whether to compute the
// correlation-aware ranking of a scenario with correlations (a recorder
// needs no ranking).
//
// points, when not nil, gives a stage's batch form of the model (the
// tornado's), which only the model itself has.
func analyse(ctx context.Context, sc *model.Scenario, w *model.Weights, opt SensitivityOptions, inputs []analysis.Input, f func(stage string) analysis.Func, points func(stage string) analysis.PointsFunc, ranking bool) (*Sensitivity, error) {
	progress := func(stage string) func(done, total int) {
		if opt.Progress == nil {
			return nil
		}
		return func(done, total int) { opt.Progress(stage, done, total) }
	}
	s := &Sensitivity{Scenario: sc.Name, Output: opt.Output, Options: opt, Evaluations: map[string]int{}}
	for _, in := range inputs {
		s.Inputs = append(s.Inputs, in.Name)
	}
	var err error
	tornado := analysis.Options{Seed: opt.Seed, Workers: opt.Workers, Progress: progress(stageTornado)}
	if points != nil {
		tornado.Points = points(stageTornado)
	}
	s.Base, s.Bars, err = analysis.Tornado(ctx, inputs, f(stageTornado), 0.1, 0.9, tornado)
	if err != nil {
		return nil, err
	}
	s.Evaluations[stageTornado] = 2*len(inputs) + 1

	if len(sc.Correlations) > 0 {
		s.Correlated = fmt.Sprintf("%s states %d correlation(s) between inputs; Morris and Sobol indices assume independent inputs and would mislead, so the ranking below uses rank correlations with the outcome over a sample that honours them", sc.Name, len(sc.Correlations))
		if ranking {
			s.Ranking, err = correlationRanking(ctx, sc, w, opt)
		}
		return s, err
	}

	s.Morris, err = analysis.Morris(ctx, inputs, f(stageMorris), opt.Trajectories, opt.Levels, analysis.Options{Seed: opt.Seed, Workers: opt.Workers, Progress: progress(stageMorris)})
	if err != nil {
		return nil, err
	}
	s.Evaluations[stageMorris] = opt.Trajectories * (len(inputs) + 1)
	conv, err := analysis.SobolConvergence(ctx, inputs, f(stageSobol), []int{opt.N / 4, opt.N / 2, opt.N}, analysis.ConvergenceOptions{SobolOptions: analysis.SobolOptions{
		Options: analysis.Options{Seed: opt.Seed, Workers: opt.Workers, Progress: progress(stageSobol)}, Bootstrap: opt.Bootstrap, Sampler: opt.Sampler}})
	if err != nil {
		return nil, err
	}
	s.Convergence, s.Sobol = conv, conv.Final
	s.Evaluations[stageSobol] = conv.Final.Evaluations
	return s, nil
}

func evaluatorInputs(eins []sim.EvalInput) []analysis.Input {
	var ins []analysis.Input
	for _, in := range eins {
		ins = append(ins, analysis.Input{Name: in.Path, Quantile: in.Quantile()})
	}
	return ins
}

// correlationRanking ranks inputs by the Spearman correlation between their
// values and the outcome over 20,000 Monte Carlo draws that honour the
// scenario's correlations.
func correlationRanking(ctx context.Context, sc *model.Scenario, w *model.Weights, opt SensitivityOptions) ([]InputCorrelation, error) {
	rec := &sim.Records{}
	if _, err := sim.Run(ctx, sc, w, sim.Plan{Draws: 20_000, Seed: opt.Seed, Workers: opt.Workers, Records: rec, SkipLatent: true, Posterior: opt.Posterior, Start: opt.Start}); err != nil {
		return nil, err
	}
	y := make([]float64, len(rec.Onset))
	year := sc.HorizonYears - 1
	if opt.Output.Kind == sim.OutAllianceByYear {
		year = opt.Output.Year - sc.StartYear
	}
	for i, o := range rec.Onset {
		switch opt.Output.Kind {
		case sim.OutMeanState:
			y[i] = float64(rec.Final[i])
		default:
			if o >= 0 && int(o) <= year {
				y[i] = 1
			}
		}
	}
	col := make([]float64, len(rec.X))
	var out []InputCorrelation
	for k, p := range rec.Paths {
		for i := range rec.X {
			col[i] = rec.X[i][k]
		}
		r := analysis.Spearman(col, y)
		if math.IsNaN(r) {
			r = 0 // the output (or the input) never varies: no rank correlation to report
		}
		out = append(out, InputCorrelation{Name: p, Spearman: r})
	}
	sort.SliceStable(out, func(i, j int) bool { return math.Abs(out[i].Spearman) > math.Abs(out[j].Spearman) })
	return out, nil
}
