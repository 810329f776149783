package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// small are the sizes of a quick sensitivity run.
var small = []string{"--n", "64", "--reps", "8", "--bootstrap", "20", "--trajectories", "2", "--workers", "2"}

func readSensitivity(t *testing.T, dir string) *results.Sensitivity {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "sensitivity.json"))
	if err != nil {
		t.Fatal(err)
	}
	sf, err := results.ReadSensitivity(b)
	if err != nil {
		t.Fatal(err)
	}
	return sf
}

// weightText writes a weight's value as a setting.
func weightText(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// By default the model's weights are ranked with the scenario's inputs,
// each drawn over its prior range and marked as a weight in the table and
// in sensitivity.json; --inputs-only leaves them out; a weight that a flag
// or the environment fixes stays fixed, and the output says so.
func TestSensitivityWeights(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := cli(t, append([]string{"sensitivity", "doctrine-shift", "-o", dir}, small...)...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	sf := readSensitivity(t, dir)
	if sf.InputsOnly || len(sf.FixedWeights) != 0 || len(sf.Inputs) < 10 || sf.Inputs[0].ST == nil || sf.Inputs[0].MuStar == nil {
		t.Errorf("inputs_only %v, fixed weights %v, %d inputs, the first %+v", sf.InputsOnly, sf.FixedWeights, len(sf.Inputs), sf.Inputs[0])
	}
	for _, f := range []string{"tornado.png", "morris.png", "sobol.png", "sobol-convergence.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("sensitivity did not write %s", f)
		}
	}
	weights, inputs := 0, 0
	for _, in := range sf.Inputs {
		isWeight := strings.HasPrefix(in.Name, "weights.")
		if want := map[bool]string{true: "weight", false: "input"}[isWeight]; in.Kind != want {
			t.Errorf("%s: kind %q, want %q", in.Name, in.Kind, want)
		}
		if in.Distribution == "" || in.ST == nil || in.Ranking < 1 {
			t.Errorf("%s: distribution %q, st %v, rank %d", in.Name, in.Distribution, in.ST, in.Ranking)
		}
		if !isWeight {
			inputs++
			continue
		}
		weights++
		spec, ok := model.LookupWeight(strings.TrimPrefix(in.Name, "weights."))
		if !ok {
			t.Fatalf("%s: no such weight", in.Name)
		}
		prior, _ := sim.NewDist(sim.DistSpec{Kind: "uniform", Min: spec.PriorLo, Max: spec.PriorHi})
		if in.Source != study.WeightPriorSource || in.Distribution != prior.String() || !strings.HasPrefix(in.Label, "weight: ") {
			t.Errorf("%s: source %q, distribution %q (want %s), label %q", in.Name, in.Source, in.Distribution, prior, in.Label)
		}
	}
	if weights != len(model.WeightSpecs) || inputs < 10 {
		t.Errorf("%d weights (want %d) and %d inputs", weights, len(model.WeightSpecs), inputs)
	}
	// The table marks the row of every weight.
	row := regexp.MustCompile(`(?m)^\s+\d+\s+weights\.shared_opposition\s+weight\s`)
	if !row.MatchString(r.stdout) || !strings.Contains(r.stdout, "each weight drawn uniformly over its prior range") {
		t.Errorf("no weights.shared_opposition row marked as a weight:\n%s", r.stdout)
	}

	// --inputs-only: the scenario's inputs alone.
	dir2 := t.TempDir()
	// More runs per evaluation than small's 4: with the weights fixed,
	// 16 base points of 4 runs can all give no pact (P about 9%), and the
	// indices are then undefined.
	r = cli(t, slices.Concat([]string{"sensitivity", "doctrine-shift", "--inputs-only", "-o", dir2}, small, []string{"--reps", "32"})...)
	if r.code != 0 {
		t.Fatalf("--inputs-only: exit %d: %s", r.code, r.stderr)
	}
	sf = readSensitivity(t, dir2)
	if !sf.InputsOnly || len(sf.Inputs) != inputs {
		t.Errorf("--inputs-only: inputs_only %v, %d inputs, want %d", sf.InputsOnly, len(sf.Inputs), inputs)
	}
	for _, in := range sf.Inputs {
		if in.Kind != "input" || strings.HasPrefix(in.Name, "weights.") {
			t.Errorf("--inputs-only: %s (%s)", in.Name, in.Kind)
		}
	}
	if regexp.MustCompile(`(?m)^\s+\d+\s+weights\.`).MatchString(r.stdout) || !strings.Contains(r.stdout, "--inputs-only") {
		t.Errorf("--inputs-only: the table has weights or does not say why:\n%s", r.stdout)
	}

	// A flag and the environment fix a weight each: both stay fixed.
	doctrine, _ := model.LookupWeight("doctrine")
	bias, _ := model.LookupWeight("bias")
	dir3 := t.TempDir()
	r = runCLI(t, t.Context(), []string{"ALLIANCESIM_WEIGHTS_BIAS=" + weightText(bias.PriorHi)},
		append([]string{"sensitivity", "doctrine-shift", "--set", "weights.doctrine=" + weightText(doctrine.PriorLo), "-o", dir3}, small...)...)
	if r.code != 0 {
		t.Fatalf("fixed weights: exit %d: %s", r.code, r.stderr)
	}
	sf = readSensitivity(t, dir3)
	for _, in := range sf.Inputs {
		if in.Name == "weights.doctrine" || in.Name == "weights.bias" {
			t.Errorf("%s is fixed but was drawn", in.Name)
		}
	}
	want := []results.FixedWeight{
		{Name: "weights.doctrine", Value: doctrine.PriorLo, Source: "flag --set"},
		{Name: "weights.bias", Value: bias.PriorHi, Source: "env ALLIANCESIM_WEIGHTS_BIAS"},
	}
	if fmt.Sprint(sortedFixed(sf.FixedWeights)) != fmt.Sprint(sortedFixed(want)) {
		t.Errorf("fixed weights %v, want %v", sf.FixedWeights, want)
	}
	if !strings.Contains(r.stdout, "Weights held fixed: ") || !strings.Contains(r.stdout, "doctrine = "+weightText(doctrine.PriorLo)+" (flag --set)") {
		t.Errorf("the table does not say which weights stay fixed:\n%s", r.stdout)
	}
}

func sortedFixed(fs []results.FixedWeight) map[string]results.FixedWeight {
	m := map[string]results.FixedWeight{}
	for _, f := range fs {
		m[f.Name] = f
	}
	return m
}

// withWeights draws every weight that no setting fixes over its prior
// range: the config file's, the environment's and the flags' fixed weights
// and the scenario's fixed ones are left out, and the weights the scenario
// or the config makes uncertain keep their distributions.
func TestWithWeights(t *testing.T) {
	t.Parallel()
	spec := func(k string) model.WeightSpec {
		s, ok := model.LookupWeight(k)
		if !ok {
			t.Fatalf("no weight %s", k)
		}
		return s
	}
	jp, dg, sec, infl, bias, doc := spec("junior_partner"), spec("disorder_gap"), spec("security"), spec("influence"), spec("bias"), spec("doctrine")
	scenario := uwScenario("Uncertain and fixed weights.", fmt.Sprintf("  junior_partner: {uniform: [%s, %s]}\n  disorder_gap: %s\n",
		weightText(jp.PriorLo), weightText(jp.Default), weightText(dg.PriorHi)))
	config := fmt.Sprintf("weights:\n  security: {uniform: [%s, %s]}\n  influence: %s\n", weightText(sec.Default), weightText(sec.PriorHi), weightText(infl.PriorHi))
	cfg := writeFile(t, t.TempDir(), "cfg.yaml", config)
	l, err := scenarios.LoadBytes(filepath.Join("x", "uw.yaml"), []byte(scenario))
	if err != nil {
		t.Fatal(err)
	}
	sc := l.Scenario
	st, err := resolveSettings(settingsInput{Config: readTestConfig(t, cfg), Sets: []string{"doctrine=" + weightText(doc.PriorHi)}, Scenario: sc,
		Environ: []string{"ALLIANCESIM_WEIGHTS_BIAS=" + weightText(bias.PriorLo)}})
	if err != nil {
		t.Fatal(err)
	}
	sc = st.Scenario
	nInputs := len(sc.Inputs)
	ins, err := withWeights(sc, st, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Inputs) != nInputs {
		t.Error("withWeights changed the scenario it was given")
	}
	dists := map[string]model.Input{}
	for _, in := range ins.Scenario.Inputs {
		dists[in.Path] = in
	}
	for _, s := range model.WeightSpecs {
		path := "weights." + s.Key
		in, drawn := dists[path]
		switch s.Key {
		case "junior_partner", "security":
			lo, hi := jp.PriorLo, jp.Default
			src := "scenario uw"
			if s.Key == "security" {
				lo, hi, src = sec.Default, sec.PriorHi, "config "+cfg
			}
			if !drawn || abs(in.Dist.Quantile(0)-lo) > 1e-12 || abs(in.Dist.Quantile(1)-hi) > 1e-12 || ins.Source[path] != src {
				t.Errorf("%s: %v from %q, want uniform(%g, %g) from %q", path, in.Dist, ins.Source[path], lo, hi, src)
			}
		case "disorder_gap", "influence", "bias", "doctrine":
			if drawn {
				t.Errorf("%s is fixed but drawn: %v", path, in.Dist)
			}
		default:
			if !drawn || ins.Source[path] != study.WeightPriorSource || in.Dist.Quantile(0.5) < s.PriorLo || in.Dist.Quantile(0.5) > s.PriorHi {
				t.Errorf("%s: %v from %q, want its prior range", path, in.Dist, ins.Source[path])
			}
		}
	}
	want := map[string]results.FixedWeight{
		"weights.disorder_gap": {Name: "weights.disorder_gap", Value: dg.PriorHi, Source: "scenario uw"},
		"weights.influence":    {Name: "weights.influence", Value: infl.PriorHi, Source: "config " + cfg},
		"weights.bias":         {Name: "weights.bias", Value: bias.PriorLo, Source: "env ALLIANCESIM_WEIGHTS_BIAS"},
		"weights.doctrine":     {Name: "weights.doctrine", Value: doc.PriorHi, Source: "flag --set"},
	}
	if got := sortedFixed(ins.Fixed); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fixed %v\nwant  %v", got, want)
	}

	// --inputs-only: the scenario as it is, its own uncertain weights included.
	only, err := withWeights(sc, st, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if only.Scenario != sc || only.Source["weights.junior_partner"] != "scenario uw" {
		t.Errorf("--inputs-only: a new scenario, or sources %v", only.Source)
	}
}

// TestSensitivityWarnsSmallDesign: a design too small to rank anything
// is warned about before the work, naming each flag and its default; the
// default design is not.
func TestSensitivityWarnsSmallDesign(t *testing.T) {
	t.Parallel()
	r := mustCLI(t, append([]string{"sensitivity", "doctrine-shift", "-o", filepath.Join(t.TempDir(), "s"), "--no-progress"}, small...)...)
	for _, want := range []string{"warning: --n 64", "warning: --reps 8", "warning: --trajectories 2", "the default is 4,096"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q in:\n%s", want, r.stderr)
		}
	}
	o := &SensitivityOptions{N: 4096, Reps: 64, Traj: 20}
	o.Factory = &Factory{IOStreams: &IOStreams{ErrOut: new(strings.Builder)}}
	o.warnSmallDesign()
	if s := o.Factory.IOStreams.ErrOut.(*strings.Builder).String(); s != "" {
		t.Errorf("the default design is warned about: %s", s)
	}
}
