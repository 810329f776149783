package results

import (
	"strings"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// SensitivitySchemaVersion is bumped whenever sensitivity.json changes
// incompatibly. 2: the rank correlations of correlated inputs under
// snake_case names (name, spearman), not Go's.
const SensitivitySchemaVersion = 2

// Sensitivity is sensitivity.json.
type Sensitivity struct {
	// Schema is the file's schema version, 2; a reader refuses any other.
	Schema int `json:"schema"`
	// Scenario identifies the scenario analysed: its name, its file and
	// the SHA-256 of the file's bytes.
	Scenario ScenarioRef `json:"scenario"`
	// Output is the quantity analysed: p_alliance (P(alliance by the
	// horizon)), p_alliance_year:YEAR (P(alliance by the end of YEAR)) or
	// mean_state (the mean rung, 0 to 5, at the end of the horizon).
	Output string `json:"output"`
	// Seed is the analysis's random seed.
	Seed uint64 `json:"seed"`
	// Version is the version of alliancesim that made the analysis.
	Version string `json:"version"`
	// Base is the output with every input at its median (in the output's
	// unit: a probability 0–1, or a rung for mean_state).
	Base float64 `json:"base"`
	// Samples are the sample sizes by name: reps and tornado_reps (inner
	// runs per evaluation of Morris and Sobol, and of the tornado),
	// <method>_evaluations (the model evaluations of each method), and
	// with Sobol sobol_n (the base sample size), bootstrap (resamples for
	// the intervals) and morris_trajectories.
	Samples map[string]int `json:"samples"`
	// Inputs are one row per input analysed, weights included unless
	// inputs_only, in the order of the analysis.
	Inputs []SensitivityInput `json:"inputs"`
	// InputsOnly is true when --inputs-only left the model's weights out.
	InputsOnly bool `json:"inputs_only"`
	// FixedWeights are the weights held at a value in this analysis
	// although the analysis would otherwise draw them: fixed by the config,
	// the environment, a flag or the scenario, or a threshold kept clear of
	// a fixed neighbour.
	FixedWeights []FixedWeight `json:"fixed_weights,omitempty"`
	// Correlated says, when the scenario sets rank correlations between
	// inputs, why Sobol and Morris were skipped (both assume independent
	// inputs); absent otherwise.
	Correlated string `json:"correlated,omitempty"`
	// Ranking is, when the scenario sets rank correlations between
	// inputs, each input's Spearman rank correlation with the run's
	// outcome over a Monte Carlo sample that honours them, the inputs
	// ranked by it, in place of Sobol and Morris; absent otherwise.
	Ranking []study.InputCorrelation `json:"correlation_ranking,omitempty"`
	// Convergence says, when Sobol ran, whether its ranking has settled
	// across the sample sizes checked; absent otherwise.
	Convergence *ConvergenceSummary `json:"convergence,omitempty"`
	// Posterior is the posterior sample each evaluation's inner runs took
	// their weights from (run.posterior); absent without one.
	Posterior *PosteriorRef `json:"posterior,omitempty"`
	// Start is the nowcast state every inner run started from; absent
	// when they started from the scenario's rung.
	Start *StartRef `json:"start,omitempty"`
}

// SensitivityInput is one input's row of sensitivity.json. Sobol and Morris
// fields are absent when those methods did not run.
type SensitivityInput struct {
	// Name is the input's path (russia.threat), or weights.<key> for a
	// model weight.
	Name string `json:"name"`
	// Label is the input's name for people ("weight: shared opposition"
	// for a weight).
	Label string `json:"label"`
	// Kind is "weight" for a model weight (name "weights.<key>") and
	// "input" for the scenario's own inputs.
	Kind string `json:"kind"`
	// Distribution is what the input was drawn from, e.g. "uniform(0.6, 1.8)".
	Distribution string `json:"distribution"`
	// Source says where a weight's distribution comes from: its prior range
	// ("prior range, docs/model.md §10"), or the scenario or config file that
	// makes it uncertain. Empty for the scenario's inputs.
	Source string `json:"source,omitempty"`
	// S1 is the Sobol first-order index: the share (0–1) of the output's
	// variance the input explains alone, Var(E[Y|X])/Var(Y); absent when
	// Sobol did not run.
	S1 *float64 `json:"s1,omitempty"`
	// S1Lo is the lower end of S1's 95% bootstrap percentile interval;
	// absent when Sobol did not run.
	S1Lo *float64 `json:"s1_lo,omitempty"`
	// S1Hi is the upper end of S1's 95% bootstrap percentile interval;
	// absent when Sobol did not run.
	S1Hi *float64 `json:"s1_hi,omitempty"`
	// ST is the Sobol total-effect index: the share (0–1) of the output's
	// variance that would remain if every other input were known,
	// interactions included; an input with st near 0 can be fixed
	// anywhere in its range. Absent when Sobol did not run.
	ST *float64 `json:"st,omitempty"`
	// STLo is the lower end of ST's 95% bootstrap percentile interval;
	// absent when Sobol did not run.
	STLo *float64 `json:"st_lo,omitempty"`
	// STHi is the upper end of ST's 95% bootstrap percentile interval;
	// absent when Sobol did not run.
	STHi *float64 `json:"st_hi,omitempty"`
	// MuStar is the Morris mean absolute elementary effect, the screening
	// measure of overall importance, in the output's unit: the change in the
	// output for moving the input across its whole distribution (its
	// cumulative probability from 0 to 1), on a linear extrapolation of
	// the observed steps; absent when Morris did not run.
	MuStar *float64 `json:"mu_star,omitempty"`
	// Sigma is the standard deviation of the Morris elementary effects:
	// large beside mu_star means non-linearity or interactions; absent
	// when Morris did not run.
	Sigma *float64 `json:"sigma,omitempty"`
	// Low is the tornado's output with this input at its 10th percentile
	// (low_x) and every other input at its median.
	Low float64 `json:"low"`
	// High is the tornado's output with this input at its 90th percentile
	// (high_x) and every other input at its median.
	High float64 `json:"high"`
	// LowX is the input's value at its 10th percentile, where the
	// tornado's low is taken.
	LowX float64 `json:"low_x"`
	// HighX is the input's value at its 90th percentile, where the
	// tornado's high is taken.
	HighX float64 `json:"high_x"`
	// Ranking is the input's rank of importance, 1 the most important: by
	// total-effect index st when Sobol ran, otherwise by the length of
	// its tornado bar, |high − low|.
	Ranking int `json:"rank"`
}

// FixedWeight is a weight held at a value, and why.
type FixedWeight struct {
	// Name is the weight's path, weights.<key>.
	Name string `json:"name"`
	// Value is the value the weight was held at.
	Value float64 `json:"value"`
	// Source is where the value came from (config <file>, env <VAR>, flag
	// --<name>, scenario), followed by "; held: …" and the reason when a
	// threshold was held clear of a fixed neighbour.
	Source string `json:"source"`
}

// ConvergenceSummary says whether the Sobol ranking has settled.
type ConvergenceSummary struct {
	// Settled is true when the order of the leading inputs by total
	// effect was the same at the two largest sample sizes and their
	// intervals are narrow enough.
	Settled bool `json:"settled"`
	// Warnings say in plain words why the ranking has not settled and
	// what sample size would settle it; empty when settled.
	Warnings []string `json:"warnings"`
	// Ns are the Sobol base sample sizes the ranking was checked at,
	// smallest first: a quarter, a half and all of samples' sobol_n.
	Ns []int `json:"n"`
}

// Input kinds in sensitivity.json.
const (
	KindWeight = "weight"
	KindInput  = "input"
)

// InputKind is an input path's kind in sensitivity.json.
func InputKind(path string) string {
	if study.IsWeight(path) {
		return KindWeight
	}
	return KindInput
}

// InputLabel is an input's label in sensitivity.json and the sensitivity
// charts: a weight reads as one ("weight: shared opposition").
func InputLabel(sc *model.Scenario, path string) string {
	if key, ok := strings.CutPrefix(path, model.WeightPathPrefix); ok {
		return "weight: " + strings.ReplaceAll(key, "_", " ")
	}
	return sc.Label(path)
}

// SensitivityRun is what sensitivity.json records beside the analysis: the
// scenario analysed (with the weights added as inputs) and the file it came
// from, and how the analysis was set up.
type SensitivityRun struct {
	Ref      ScenarioRef
	Scenario *model.Scenario
	Output   sim.Output
	Seed     uint64
	Version  string
	// InputsOnly is --inputs-only; Fixed the weights held at a value;
	// Source maps a weight input's path to where its distribution comes
	// from.
	InputsOnly bool
	Fixed      []FixedWeight
	Source     map[string]string
}

// NewSensitivity builds sensitivity.json from an analysis of run.Scenario.
func NewSensitivity(s *study.Sensitivity, run SensitivityRun) *Sensitivity {
	sc := run.Scenario
	f := &Sensitivity{Schema: SensitivitySchemaVersion, Scenario: run.Ref,
		Output: run.Output.String(), Seed: run.Seed, Version: run.Version, Base: Round(s.Base),
		Samples: map[string]int{"reps": s.Options.Reps, "tornado_reps": s.Options.TornadoReps}, Correlated: s.Correlated, Ranking: s.Ranking,
		InputsOnly: run.InputsOnly, FixedWeights: run.Fixed}
	dists := map[string]string{}
	for _, in := range sc.Inputs {
		if in.Dist != nil {
			dists[in.Path] = in.Dist.String()
		}
	}
	for k, v := range s.Evaluations {
		f.Samples[k+"_evaluations"] = v
	}
	if s.Sobol != nil {
		f.Samples["sobol_n"] = s.Sobol.N
		f.Samples["bootstrap"] = s.Options.Bootstrap
		f.Samples["morris_trajectories"] = s.Options.Trajectories
		f.Convergence = &ConvergenceSummary{Settled: s.Convergence.Settled, Warnings: s.Convergence.Warnings}
		for _, p := range s.Convergence.Points {
			f.Convergence.Ns = append(f.Convergence.Ns, p.N)
		}
	}
	rank := map[string]int{}
	for r, b := range s.Bars {
		rank[b.Name] = r + 1
	}
	if s.Sobol != nil {
		for r, k := range s.Sobol.Ranking() {
			rank[s.Sobol.Indices[k].Name] = r + 1
		}
	}
	bars := map[string]analysis.TornadoBar{}
	for _, b := range s.Bars {
		bars[b.Name] = b
	}
	for k, name := range s.Inputs {
		b := bars[name]
		row := SensitivityInput{Name: name, Label: InputLabel(sc, name), Kind: InputKind(name), Distribution: dists[name], Source: run.Source[name],
			Low: Round(b.Low), High: Round(b.High), LowX: Round(b.LowX), HighX: Round(b.HighX), Ranking: rank[name]}
		if s.Sobol != nil {
			x := s.Sobol.Indices[k]
			row.S1, row.S1Lo, row.S1Hi, row.ST, row.STLo, row.STHi = roundp(x.S1), roundp(x.S1Lo), roundp(x.S1Hi), roundp(x.ST), roundp(x.STLo), roundp(x.STHi)
		}
		if s.Morris != nil {
			row.MuStar, row.Sigma = roundp(s.Morris[k].MuStar), roundp(s.Morris[k].Sigma)
		}
		f.Inputs = append(f.Inputs, row)
	}
	return f
}

// ReadSensitivity reads sensitivity.json and checks its schema version.
func ReadSensitivity(data []byte) (*Sensitivity, error) {
	return readFile(data, "sensitivity", SensitivitySchemaVersion, func(f *Sensitivity) int { return f.Schema })
}

// Marshal renders sensitivity.json as indented JSON with a final newline.
func (f *Sensitivity) Marshal() ([]byte, error) {
	return JSON(f)
}
