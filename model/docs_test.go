package model

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/internal/docsection"
)

// update rewrites the generated sections of docs/model.md (and any other
// golden output of this package's tests) instead of comparing with them.
var update = flag.Bool("update", false, "rewrite the generated sections of ../docs/model.md")

// docsPath is docs/model.md seen from the package directory, where go test
// runs.
const docsPath = "../docs/model.md"

// docSection is one generated block of docs/model.md: the text between
// "<!-- BEGIN name ..." and "<!-- END name -->" is render's output.
type docSection struct {
	name   string
	render func() string
}

var docSectionList = []docSection{
	{"weights", renderDocWeights},
	{"drivers", renderDocDrivers},
	{"example", renderDocExample},
}

// TestDocsTables keeps the generated sections of docs/model.md (the weights
// table, the drivers table and the worked example) identical to what the
// specs and the equations produce. Run with -update to rewrite them.
func TestDocsTables(t *testing.T) {
	checkDocSpecs(t)
	want := map[string]string{}
	for _, sec := range docSectionList {
		want[sec.name] = sec.render()
	}
	for _, err := range docsection.Check(docsPath, want, *update, "go test ./model -run TestDocsTables -update") {
		t.Error(err)
	}
}

// checkDocSpecs checks that every parameter carries what the docs promise: a
// meaning, a known direction, a default inside its range, and (weights) a
// source.
func checkDocSpecs(t *testing.T) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range WeightSpecs {
		if seen[s.Key] {
			t.Errorf("WeightSpecs: key %q appears twice", s.Key)
		}
		seen[s.Key] = true
		checkDocSpec(t, "weight "+s.Key, s.Doc, s.Direction, s.Default, s.Min, s.Max)
		if strings.TrimSpace(s.Source) == "" {
			t.Errorf("weight %s: no source", s.Key)
		}
		if !(s.Min <= s.PriorLo && s.PriorLo <= s.Default && s.Default <= s.PriorHi && s.PriorHi <= s.Max) || s.PriorLo == s.PriorHi {
			t.Errorf("weight %s: want min %g ≤ prior low %g ≤ default %g ≤ prior high %g ≤ max %g, with a prior range of some width",
				s.Key, s.Min, s.PriorLo, s.Default, s.PriorHi, s.Max)
		}
	}
	// The defaults are the calibration's posterior medians (checked
	// against the bundled sample in package scenarios), no longer the
	// centres of the prior ranges, which stay the literature's.
	// The ladder's thresholds must stay ordered wherever each is drawn in
	// its prior range, so that a sensitivity analysis never breaks the ladder.
	var prevHi = math.Inf(-1)
	for _, s := range WeightSpecs {
		if s.IsThreshold() {
			if s.PriorLo <= prevHi {
				t.Errorf("weight %s: prior range starts at %g, not above the previous threshold's prior high %g", s.Key, s.PriorLo, prevHi)
			}
			prevHi = s.PriorHi
		}
	}
	seen = map[string]bool{}
	for _, s := range DriverSpecs {
		if seen[s.Key] {
			t.Errorf("DriverSpecs: key %q appears twice", s.Key)
		}
		seen[s.Key] = true
		checkDocSpec(t, "driver "+docDriverPath(s), s.Doc, s.Direction, s.Default, s.Min, s.Max)
	}
}

func checkDocSpec(t *testing.T, what, doc, dir string, def, lo, hi float64) {
	t.Helper()
	if strings.TrimSpace(doc) == "" {
		t.Errorf("%s: no meaning (Doc)", what)
	}
	if _, ok := docDirections[dir]; !ok {
		t.Errorf("%s: direction %q is not one of \"+\", \"-\", \"±\" or \"\"", what, dir)
	}
	if !(lo <= def && def <= hi) {
		t.Errorf("%s: default %g is outside its range [%g, %g]", what, def, lo, hi)
	}
}

// docDirections renders a spec's direction for readers who do not read code.
var docDirections = map[string]string{
	"+": "+ raises",
	"-": "− lowers",
	"±": "± depends",
	"":  "scale",
}

func docNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func docRange(lo, hi float64) string { return docNum(lo) + " to " + docNum(hi) }

// docCell makes s safe inside a Markdown table docCell.
func docCell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func docRow(cells ...string) string {
	for i, c := range cells {
		cells[i] = docCell(c)
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}

func docDriverPath(s DriverSpec) string {
	if s.Actor {
		return "<actor>." + s.Key
	}
	return "dyad." + s.Key
}

func renderDocWeights() string {
	var b strings.Builder
	b.WriteString("| key | direction | default (posterior median) | prior range (literature) | allowed range | meaning | source of the prior |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, s := range WeightSpecs {
		b.WriteString(docRow("`"+s.Key+"`", docDirections[s.Direction], docNum(s.Default), docRange(s.PriorLo, s.PriorHi), docRange(s.Min, s.Max), s.Doc, s.Source))
	}
	return b.String()
}

func renderDocDrivers() string {
	var b strings.Builder
	b.WriteString("| path | direction | default | range | meaning |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, s := range DriverSpecs {
		b.WriteString(docRow("`"+docDriverPath(s)+"`", docDirections[s.Direction], docNum(s.Default), docRange(s.Min, s.Max), s.Doc))
	}
	return b.String()
}

// docExampleYear and docExampleParams are the worked example's inputs: the most
// likely value of every driver in scenarios/baseline.yaml (the mode of a
// pert, the mean of a normal, a fixed value), in its first year. The
// example prints its inputs, so it stays correct for the inputs it shows
// even if the baseline file changes later.
const docExampleYear = 2027

var docExampleNames = [2]string{"Russia", "China"}

var docExampleParams = Params{
	Actors: [2]Actor{
		{Threat: 0.8, Pressure: 0.8, Capability: 0.038, Growth: -0.01, DisorderAppetite: 0.8,
			AutonomyValue: 1.0, SelfSufficiency: 0.9, Doctrine: 0.1, DoctrineHazard: 0.05},
		{Threat: 0.7, Pressure: 0.7, Capability: 0.234, Growth: 0.02, DisorderAppetite: 0.25,
			AutonomyValue: 0.5, SelfSufficiency: 0.7, Doctrine: 0.9, DoctrineHazard: 0.01},
	},
	Dyad: Dyad{Interdependence: 0.55, RegimeSimilarity: 0.85, Treaty: 1, Multipolarity: 0.2},
}

// docSigned prints a term with its sign and two decimals.
func docSigned(v float64) string {
	if math.Abs(v) < 0.005 {
		return "0.00"
	}
	return strings.Replace(fmt.Sprintf("%+.2f", v), "-", "−", 1)
}

// docNormalSF is P(N(0,1) > x) = Φ(−x), that is 0.5·erfc(x/√2) bit for
// bit (gonum's Survival is 0.5·(1 − erf(x/√2)), less accurate in the tail).
func docNormalSF(x float64) float64 { return distuv.UnitNormal.CDF(-x) }

func docPct(p float64) string { return fmt.Sprintf("%.1f %%", 100*p) }

// renderDocExample evaluates one year's terms with the model's own code
// (terms, Terms.Utility, Terms.Latent, hurdle) at docExampleParams under the
// default weights, with no noise and no events.
func renderDocExample() string {
	w := DefaultWeights()
	p := docExampleParams
	var off [numSlots]float64
	tm := terms(&w, &p, 0, logRatio(&p), &off, [2]bool{p.Actors[0].Doctrine > 0, p.Actors[1].Doctrine > 0}, 0)
	sc := &Scenario{StartYear: docExampleYear, DecisionYears: []int{docExampleYear}}
	z := tm.Latent(w.LatentCostShare)

	var b bytes.Buffer
	a0, a1 := &p.Actors[0], &p.Actors[1]
	b.WriteString("Inputs (the most likely values in `scenarios/baseline.yaml`, first year " + strconv.Itoa(docExampleYear) + ", default weights, noise and events set to zero):\n\n")
	b.WriteString(docRow("driver", docExampleNames[0], docExampleNames[1]))
	b.WriteString("|---|---|---|\n")
	in := func(name string, v0, v1 float64) { b.WriteString(docRow(name, docNum(v0), docNum(v1))) }
	in("threat", a0.Threat, a1.Threat)
	in("pressure", a0.Pressure, a1.Pressure)
	in("capability", a0.Capability, a1.Capability)
	in("disorder_appetite", a0.DisorderAppetite, a1.DisorderAppetite)
	in("autonomy_value", a0.AutonomyValue, a1.AutonomyValue)
	in("self_sufficiency", a0.SelfSufficiency, a1.SelfSufficiency)
	in("doctrine", a0.Doctrine, a1.Doctrine)
	b.WriteString(docRow("dyad: interdependence, regime_similarity, treaty, multipolarity",
		fmt.Sprintf("%s, %s, %s, %s", docNum(p.Dyad.Interdependence), docNum(p.Dyad.RegimeSimilarity), docNum(p.Dyad.Treaty), docNum(p.Dyad.Multipolarity)), "(shared)"))

	b.WriteString("\nEach side's utility of a defence alliance (the consent gate):\n\n")
	b.WriteString(docRow("term", docExampleNames[0], docExampleNames[1]))
	b.WriteString("|---|---|---|\n")
	two := func(name string, v [2]float64) { b.WriteString(docRow(name, docSigned(v[0]), docSigned(v[1]))) }
	one := func(name string, v float64) { b.WriteString(docRow(name, docSigned(v), docSigned(v))) }
	two("opposition to the rival", tm.Opposition)
	two("security from a stronger partner", tm.Security)
	two("self-sufficiency (the share of the two above own arms replace)", tm.SelfSufficiency)
	two("junior-partner cost", tm.JuniorPartner)
	two("influence over a junior partner", tm.Influence)
	two("disorder gap", tm.DisorderGap)
	one("interdependence (shared)", tm.Interdependence)
	one("regime similarity (shared)", tm.Regime)
	one("treaty (shared)", tm.Treaty)
	one("multipolarity (shared; consent only)", tm.Polarity)
	two("**utility before the doctrine**", [2]float64{tm.Base(0), tm.Base(1)})
	two("doctrine", tm.Doctrine)
	u := [2]float64{tm.Utility(0), tm.Utility(1)}
	two("**utility U**", u)
	one("consent threshold", w.ConsentThreshold)
	one(fmt.Sprintf("consent threshold in %d (a decision year)", docExampleYear), consentBar(sc, &w, docExampleYear, Entente))
	var pc [2]float64
	for i := range 2 {
		pc[i] = docNormalSF(w.ConsentThreshold - u[i]) // the consent shock has variance 1
	}
	b.WriteString(docRow("chance of consenting in a year the alliance is on the table (before the run's standing disposition is known)", docPct(pc[0]), docPct(pc[1])))

	b.WriteString("\nThe latent alignment pressure (the ladder):\n\n")
	b.WriteString(docRow("part", "value"))
	b.WriteString("|---|---|\n")
	cost := tm.commitment(0) + tm.commitment(1)
	b.WriteString(docRow("bias", docSigned(tm.Bias)))
	b.WriteString(docRow("½ × (sum of the two oppositions)", docSigned(0.5*(tm.Opposition[0]+tm.Opposition[1]))))
	b.WriteString(docRow("½ × latent_cost_share × (both sides' terms of commitment: security, self-sufficiency, junior partner, influence, disorder gap)", docSigned(0.5*w.LatentCostShare*cost)))
	b.WriteString(docRow("interdependence + regime similarity + treaty", docSigned(tm.Interdependence+tm.Regime+tm.Treaty)))
	b.WriteString(docRow("**latent pressure Z**", docSigned(z)))
	b.WriteString(docRow("the entente holds (and the alliance is on the table) while Z is at least", docSigned(EntenteHold(&w))))

	b.WriteString("\nValues are rounded to two decimals; totals are computed before rounding.\n\n")
	for i := range 2 {
		b.WriteString(docVerdict(docExampleNames[i], tm, i, w.ConsentThreshold))
	}
	b.WriteString("\n")
	switch h := EntenteHold(&w); {
	case z >= h:
		fmt.Fprintf(&b, "The latent pressure (%s) is above what the entente needs to hold (%s), so the alliance is on the table and the consent gate decides.\n",
			docSigned(z), docSigned(h))
	default:
		fmt.Fprintf(&b, "The latent pressure (%s) is below what the entente needs to hold (%s), so without favourable noise or events the pair steps down.\n",
			docSigned(z), docSigned(h))
	}
	return b.String()
}

// docVerdict says in words whether side i consents at the example's values
// and which term decides it: the doctrine, or else the largest of the other
// costs.
func docVerdict(name string, tm Terms, i int, threshold float64) string {
	costs := []struct {
		name string
		v    float64
	}{
		{"the junior-partner cost", tm.JuniorPartner[i]},
		{"the loss of an ally's value to self-reliance", tm.SelfSufficiency[i]},
		{"the disorder gap", tm.DisorderGap[i]},
	}
	big := costs[0]
	for _, c := range costs[1:] {
		if c.v < big.v {
			big = c
		}
	}
	base, u := tm.Base(i), tm.Utility(i)
	switch {
	case u > threshold:
		return fmt.Sprintf("- %s: utility %s clears the consent threshold %s before the consent shock.\n", name, docSigned(u), docSigned(threshold))
	case base > threshold:
		return fmt.Sprintf("- %s: utility before the doctrine (%s) clears the consent threshold (%s); the doctrine (%s) takes it to %s, below. At these values only the consent shock, an event or dropping the doctrine lets it consent.\n",
			name, docSigned(base), docSigned(threshold), docSigned(tm.Doctrine[i]), docSigned(u))
	default:
		return fmt.Sprintf("- %s: utility before the doctrine (%s) is already below the consent threshold (%s); its largest cost is %s (%s). With the doctrine (%s) the utility is %s. At these values only the consent shock or an event lets it consent.\n",
			name, docSigned(base), docSigned(threshold), big.name, docSigned(big.v), docSigned(tm.Doctrine[i]), docSigned(u))
	}
}
