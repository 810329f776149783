package study_test

import (
	"testing"

	"github.com/alliancesim/alliancesim/study"
)

// The baseline's sensitivity, small: every method runs, the tornado's
// largest swing belongs to an input the model makes decisive (China's
// doctrine, the rival's pressure or Russia's autonomy value), and the
// indices are finite.
func TestRunSensitivityBaseline(t *testing.T) {
	t.Parallel()
	sc, w := baseline(t)
	s := sensitivity(t, sc, &w, study.SensitivityOptions{
		Reps: 16, TornadoReps: 500, N: 64, Bootstrap: 50, Trajectories: 4, Seed: 1})
	if len(s.Bars) != len(s.Inputs) || s.Sobol == nil || len(s.Morris) != len(s.Inputs) || s.Convergence == nil {
		t.Fatalf("incomplete: %d bars, %d inputs, sobol %v, morris %d", len(s.Bars), len(s.Inputs), s.Sobol != nil, len(s.Morris))
	}
	if s.Base <= 0 || s.Base >= 1 {
		t.Errorf("base %v", s.Base)
	}
	top := s.Bars[0].Name
	switch top {
	case "china.doctrine", "china.pressure", "russia.pressure", "russia.autonomy_value", "china.doctrine_hazard", "russia.threat", "china.threat", "russia.disorder_appetite", "china.disorder_appetite":
	default:
		t.Errorf("largest tornado swing: %s", top)
	}
}

func TestRunSensitivityWithCorrelations(t *testing.T) {
	t.Parallel()
	sc, w := corrBaseline(t)
	s := sensitivity(t, sc, &w, study.SensitivityOptions{TornadoReps: 200, Seed: 1})
	if s.Sobol != nil || s.Morris != nil || s.Correlated == "" || len(s.Ranking) != len(s.Inputs) {
		t.Errorf("with correlations: sobol %v, morris %v, note %q, ranking %d", s.Sobol != nil, s.Morris != nil, s.Correlated, len(s.Ranking))
	}
}

// BenchmarkSensitivityBaseline is the target: a Sobol analysis of
// the baseline over all its uncertain inputs, with the default sample
// sizes, reporting the widest 95% half-width among the three leading
// indices (by ST) and the model runs per second.
func BenchmarkSensitivityBaseline(b *testing.B) {
	sc, w := baseline(b)
	var s *study.Sensitivity
	for b.Loop() {
		s = sensitivity(b, sc, &w, study.SensitivityOptions{Seed: 1})
	}
	hw := 0.0
	for _, k := range s.Sobol.Ranking()[:3] {
		x := s.Sobol.Indices[k]
		hw = max(hw, (x.S1Hi-x.S1Lo)/2, (x.STHi-x.STLo)/2)
	}
	b.ReportMetric(hw, "max-halfwidth-top3")
	runs := s.Evaluations["sobol"]*s.Options.Reps + s.Evaluations["morris"]*s.Options.Reps + s.Evaluations["tornado"]*s.Options.TornadoReps
	b.ReportMetric(float64(runs)*float64(b.N)/b.Elapsed().Seconds(), "runs/s")
	for _, k := range s.Sobol.Ranking()[:5] {
		x := s.Sobol.Indices[k]
		b.Logf("%-32s S1 %.3f [%.3f, %.3f]  ST %.3f [%.3f, %.3f]", x.Name, x.S1, x.S1Lo, x.S1Hi, x.ST, x.STLo, x.STHi)
	}
	b.Logf("settled %v %v", s.Convergence.Settled, s.Convergence.Warnings)
}

// When the output never varies (here no run forms an alliance), no input
// has a rank correlation with it: the ranking reports 0 for each, not NaN,
// which JSON could not carry.
func TestCorrelationRankingConstantOutput(t *testing.T) {
	t.Parallel()
	sc, w := corrBaseline(t)
	w.ConsentThreshold = 10 // far above every utility: no pact in any run
	s := sensitivity(t, sc, &w, study.SensitivityOptions{TornadoReps: 50, Seed: 1})
	for _, r := range s.Ranking {
		if r.Spearman != 0 {
			t.Errorf("%s: rank correlation %v with a constant output, want 0", r.Name, r.Spearman)
		}
	}
}
