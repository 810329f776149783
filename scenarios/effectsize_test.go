package scenarios_test

import (
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/docsection"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// effectDraws gives each hazard about 4,000 at-risk onsets or more on the
// baseline (10 years × 40,000 runs × ≈1%/yr), so the log odds ratio of a
// factor has a standard error of roughly 0.03 or less.
const effectDraws = 40_000

type edits = map[string]func(model.Distribution) model.Distribution

// effectRow is one line of the effect-size table: a factor switched from
// "off" to "on" on the baseline with common random numbers, the annual
// hazard odds ratio it implies, and the prior range the docs cite.
type effectRow struct {
	factor  string // what is switched
	weight  string // the weight whose effect it is
	on, off string // the two settings, in words
	edOn    edits  // applied to the baseline for "on" (nil: the baseline as it is)
	edOff   edits  // applied for "off"
	lo, hi  float64
	source  string
	why     string // one sentence when the implied OR is outside the prior range by design
}

var effectRows = []effectRow{
	{factor: "a common rival", weight: "shared_opposition",
		on: "threat 0.5 and pressure 0.5 for both (a rivalry with MIDs, the coding protocol's anchor)", off: "threat 0 for both (no rival)",
		edOn:  edits{"russia.threat": pin(0.5), "china.threat": pin(0.5), "russia.pressure": pin(0.5), "china.pressure": pin(0.5)},
		edOff: edits{"russia.threat": pin(0), "china.threat": pin(0), "russia.pressure": pin(0.5), "china.pressure": pin(0.5)},
		lo:    1.05, hi: 1.7, source: "ATOP 5.1 × COW logit: common strategic rival OR 1.32 (95% CI 1.05–1.65)",
		why: "the pooled logit compares dyad-years whatever their relationship, while in the model a common rival also builds and holds the entente from which alone a pact can form, so the total effect exceeds the direct one on consent."},
	{factor: "an extreme joint threat", weight: "shared_opposition",
		on: "threat 0.9 and pressure 0.9 for both (war-level)", off: "threat 0.5 and pressure 0.5 for both",
		edOn:  edits{"russia.threat": pin(0.9), "china.threat": pin(0.9), "russia.pressure": pin(0.9), "china.pressure": pin(0.9)},
		edOff: edits{"russia.threat": pin(0.5), "china.threat": pin(0.5), "russia.pressure": pin(0.5), "china.pressure": pin(0.5)},
		lo:    1.5, hi: 5, source: "Weitsman 2004: the top of the threat curve; domain research §5a: OR up to 3–5 for an extreme shock"},
	{factor: "the capability asymmetry (Russia junior)", weight: "junior_partner, security, influence",
		on: "the baseline's CINCs (China/Russia 6.2)", off: "parity (China's CINC set to Russia's)",
		edOff: edits{"china.capability": pin(0.038)},
		lo:    0.4, hi: 0.9, source: "Morrow 1991; ATOP 5.1 × COW logit OR 0.92 per e-fold (≈0.85 at this ratio); domain research §5a: 0.4–0.9 with the autonomy cost"},
	{factor: "the disorder gap", weight: "disorder_gap",
		on: "the baseline's appetites (Russia 0.8, China 0.25)", off: "both at 0.5 (no gap)",
		edOff: edits{"russia.disorder_appetite": pin(0.5), "china.disorder_appetite": pin(0.5)},
		lo:    0.3, hi: 0.9, source: "Snyder 1984; Schweller 1994; domain research §5a"},
	{factor: "China's non-alignment doctrine", weight: "doctrine",
		on: "the baseline's doctrines", off: "no doctrine on either side",
		edOff: edits{"china.doctrine": pin(0), "russia.doctrine": pin(0)},
		lo:    0.1, hi: 0.5, source: "joint statements 2023 and 2024; Xi 2025; domain research §5a: consent OR 0.1–0.5"},
	{factor: "nuclear self-reliance", weight: "self_sufficiency",
		on: "the baseline's self-sufficiency", off: "both sides 0.4 lower (the protocol's nuclear component removed)",
		edOff: edits{"china.self_sufficiency": shift(-0.4), "russia.self_sufficiency": shift(-0.4)},
		lo:    0.5, hi: 0.9, source: "Morrow 1993; Saradzhyan 2020; domain research §5a"},
	{factor: "energy and arms interdependence", weight: "interdependence",
		on: "the baseline's interdependence (0.55)", off: "none",
		edOff: edits{"dyad.interdependence": pin(0)},
		lo:    0.9, hi: 1.3, source: "Lai & Reiter 2000 (no trade effect); domain research §5a"},
	{factor: "regime similarity", weight: "regime_similarity",
		on: "the baseline's similarity (0.85)", off: "0 (the most dissimilar regimes)",
		edOff: edits{"dyad.regime_similarity": pin(0)},
		lo:    1.1, hi: 2.0, source: "Lai & Reiter 2000; Gartzke & Weisiger 2013; Gibler & Wolford 2006"},
	{factor: "a multipolar system", weight: "multipolarity",
		on: "multipolarity 1 (before 1945)", off: "0 (the Cold War)",
		edOn:  edits{"dyad.multipolarity": pin(1)},
		edOff: edits{"dyad.multipolarity": pin(0)},
		lo:    2.0, hi: 2.6, source: "ATOP 5.1 × COW logit: post-1945 OR 0.44 (95% CI 0.39–0.49), so 2.27 (2.0–2.6) for before against after 1945"},
	{factor: "the treaty architecture", weight: "treaty",
		on: "the 2001 treaty in force (1)", off: "no treaty (0)",
		edOff: edits{"dyad.treaty": pin(0)},
		lo:    1.0, hi: 1.5, source: "Korolev 2018; ATOP consultation pledge; domain research §5a"},
}

// effect is a row's measured odds ratio with the standard error of its
// logarithm (unpaired: 1/k_on + 1/k_off, conservative under common random
// numbers).
type effect struct {
	hOn, hOff, or, seLog float64
}

func measureEffects(t *testing.T) []effect {
	base := open(t, "baseline")
	// apply runs the baseline with edits e. Settings that several rows
	// share (the baseline as it is, threat and pressure 0.5) are run once:
	// the key names each edit by its path, kind and value.
	apply := func(e edits) *sim.Result {
		var key []string
		for path, f := range e {
			key = append(key, fmt.Sprintf("%s:%#v", path, f(nil))) // %#v: the edit's type and value, not its String
		}
		slices.Sort(key)
		// with no edits the key is "baseline", as runBundled's
		return runShared(t, strings.Join(append([]string{"baseline"}, key...), " "), effectDraws, func() (*model.Scenario, error) {
			sc := base
			for path, f := range e {
				sc = modify(t, sc, path, f)
			}
			return sc, nil
		})
	}
	out := make([]effect, len(effectRows))
	for i, row := range effectRows {
		rOn, rOff := apply(row.edOn), apply(row.edOff)
		hOn, kOn := hazard(rOn)
		hOff, kOff := hazard(rOff)
		out[i] = effect{hOn: hOn, hOff: hOff, or: odds(hOn) / odds(hOff),
			seLog: math.Sqrt(1/float64(max(kOn, 1)) + 1/float64(max(kOff, 1)))}
	}
	return out
}

// TestEffectSizes computes, for every weight with a cited prior, the annual
// hazard odds ratio the model implies on the baseline (factor on against
// off, 2027–2036, common random numbers), and requires its estimate to lie
// inside the cited range, or the row to say in one sentence why it does
// not. The seed is fixed; the 95% interval of each OR (±2 standard errors of
// its log, unpaired and so conservative) is printed beside it, so a reader
// sees which estimates sit near an end of their range. It also keeps the generated table in
// docs/model.md identical to what it measures (-update rewrites it).
func TestEffectSizes(t *testing.T) {
	t.Parallel()
	es := measureEffects(t)
	for i, row := range effectRows {
		e := es[i]
		t.Logf("%-40s OR %.2f (SE of log %.3f; hazards %.4f vs %.4f); prior %.2f–%.2f", row.factor, e.or, e.seLog, e.hOn, e.hOff, row.lo, row.hi)
		inside := e.or >= row.lo && e.or <= row.hi
		if !inside && row.why == "" {
			t.Errorf("%s: implied OR %.2f is not inside its prior %.2f–%.2f, and the table gives no reason", row.factor, e.or, row.lo, row.hi)
		}
		if inside && row.why != "" {
			t.Errorf("%s: implied OR %.2f is now inside its prior %.2f–%.2f: drop the row's reason", row.factor, e.or, row.lo, row.hi)
		}
	}
	checkDocSection(t, "effect-sizes", renderEffects(es))
}

func renderEffects(es []effect) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured with the default weights on `baseline` (2027–2036), %d draws per setting, seed 20261127; the hazard is\n", effectDraws)
	b.WriteString("first onsets over the run-years at risk, and OR is the odds ratio of the two annual hazards. `go test ./scenarios -run\n")
	b.WriteString("TestEffectSizes` requires each OR inside its prior, or a reason; the interval is ±2 standard errors of log OR.\n\n")
	b.WriteString("| factor | weight | on | off | annual hazard on / off | implied OR (95% interval) | prior | source |\n|---|---|---|---|---|---|---|---|\n")
	for i, row := range effectRows {
		e := es[i]
		prior := fmt.Sprintf("%.2g–%.2g", row.lo, row.hi)
		or := fmt.Sprintf("**%.2f** (%.2f–%.2f)", e.or, e.or*math.Exp(-2*e.seLog), e.or*math.Exp(2*e.seLog))
		if row.why != "" {
			or += " (outside; see below)"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %.2f%% / %.2f%% | %s | %s | %s |\n", row.factor,
			strings.ReplaceAll(row.weight, ", ", "`, `"), row.on, row.off, 100*e.hOn, 100*e.hOff, or, prior, row.source)
	}
	for _, row := range effectRows {
		if row.why != "" {
			fmt.Fprintf(&b, "\nWhy %s lies outside its prior: %s\n", row.factor, row.why)
		}
	}
	return b.String()
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
