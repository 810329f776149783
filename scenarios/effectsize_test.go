package scenarios_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/docsection"
	"github.com/alliancesim/alliancesim/study"
)

// effectDraws gives each hazard about 4,000 at-risk onsets or more on the
// baseline (10 years × 40,000 runs × ≈1%/yr), so the log odds ratio of a
// factor has a standard error of roughly 0.03 or less.
const effectDraws = 40_000

// measureEffects is study.ImpliedORs on the baseline at the probe weights
// (the defaults unless the calibration aid's variable is set), with the
// calibration tests' seed. The rows are study.EffectSizes, which the
// calibration's effect priors read too.
func measureEffects(t *testing.T) []study.ImpliedOR {
	t.Helper()
	w := probeWeights(t)
	es, err := study.ImpliedORs(context.Background(), open(t, "baseline"), &w, effectDraws, 20261127)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestEffectSizes computes, for every weight with a cited prior, the annual
// hazard odds ratio the model implies on the baseline (factor on against
// off, 2027–2036, common random numbers), and requires it to be
// consistent with the cited range: its 95% interval (±2 standard errors
// of its log, unpaired and so conservative) must reach into the range, or
// the row must say in one sentence why it does not. The seed is fixed. An
// estimate within Monte Carlo error of an end of its range passes, since
// which side of the end it falls on changes with the seed; the table says
// which estimates lie outside by less than their error. It also keeps the generated table in
// docs/model.md identical to what it measures (-update rewrites it).
func TestEffectSizes(t *testing.T) {
	t.Parallel()
	es := measureEffects(t)
	for i, row := range study.EffectSizes {
		e := es[i]
		t.Logf("%-40s OR %.2f (SE of log %.3f; hazards %.4f vs %.4f); prior %.2f–%.2f", row.Factor, e.OR, e.SELog, e.HOn, e.HOff, row.Lo, row.Hi)
		if !consistentOR(e, row, 1) && row.Why == "" {
			t.Errorf("%s: implied OR %.3f (95%% interval %.3f–%.3f) does not reach its prior %.2f–%.2f, and the table gives no reason",
				row.Factor, e.OR, e.OR*math.Exp(-2*e.SELog), e.OR*math.Exp(2*e.SELog), row.Lo, row.Hi)
		}
		if consistentOR(e, row, 1) && row.Why != "" {
			t.Errorf("%s: implied OR %.3f is now consistent with its prior %.2f–%.2f: drop the row's reason", row.Factor, e.OR, row.Lo, row.Hi)
		}
	}
	checkDocSection(t, "effect-sizes", renderEffects(es))
}

func renderEffects(es []study.ImpliedOR) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured with the default weights on `baseline` (2027–2036) started on the entente, with the unipolar era's bar off\n")
	fmt.Fprintf(&b, "(study.EffectBase: an odds ratio of the model's mechanisms at the rates of the records the ranges come from, mostly\n")
	fmt.Fprintf(&b, "before 1992, not of a filtered state; the forecast itself starts from the nowcast, §11, with the bar on), %d draws per setting,\n", effectDraws)
	b.WriteString("seed 20261127; the hazard is first onsets over the run-years at risk, and OR is the odds ratio of the two annual hazards.\n")
	b.WriteString("`go test ./scenarios -run TestEffectSizes` requires each OR's interval to reach its prior, or a reason; the interval is ±2\nstandard errors of log OR.\n\n")
	b.WriteString("| factor | weight | on | off | annual hazard on / off | implied OR (95% interval) | prior | source |\n|---|---|---|---|---|---|---|---|\n")
	for i, row := range study.EffectSizes {
		e := es[i]
		prior := fmt.Sprintf("%.2g–%.2g", row.Lo, row.Hi)
		or := fmt.Sprintf("**%.3g** (%.3g–%.3g)", e.OR, e.OR*math.Exp(-2*e.SELog), e.OR*math.Exp(2*e.SELog))
		switch {
		case row.Why != "":
			or += " (outside; see below)"
		case e.OR < row.Lo || e.OR > row.Hi:
			or += " (outside by less than its error)"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %.2f%% / %.2f%% | %s | %s | %s |\n", row.Factor,
			strings.ReplaceAll(row.Weight, ", ", "`, `"), row.On, row.Off, 100*e.HOn, 100*e.HOff, or, prior, row.Source)
	}
	for _, row := range study.EffectSizes {
		if row.Why != "" {
			fmt.Fprintf(&b, "\nWhy %s lies outside its prior: %s\n", row.Factor, row.Why)
		}
		if row.NotPrior != "" {
			fmt.Fprintf(&b, "\nWhy the calibration does not use %s as an effect prior: %s\n", row.Factor, row.NotPrior)
		}
	}
	return b.String()
}

// consistentOR reports whether e's 95% interval (±2 standard errors of
// log OR, the standard error multiplied by seScale) reaches row's cited
// range.
func consistentOR(e study.ImpliedOR, row study.EffectSize, seScale float64) bool {
	d := 2 * e.SELog * seScale
	return e.OR*math.Exp(-d) <= row.Hi && e.OR*math.Exp(d) >= row.Lo
}

// checkDocSection compares a generated section of docs/model.md with want,
// or rewrites it under the package's -update flag (load_test.go).
func checkDocSection(t *testing.T, name, want string) {
	t.Helper()
	update := false
	if f := flag.Lookup("update"); f != nil {
		update = f.Value.String() == "true"
	}
	for _, err := range docsection.Check("../docs/model.md", map[string]string{name: want}, update, "go test ./scenarios -run "+t.Name()+" -update") {
		t.Error(err)
	}
}
