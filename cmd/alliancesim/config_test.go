package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

// uwScenario is a small scenario "uw" with the given weights: block.
func uwScenario(description, weights string) string {
	return "name: uw\ndescription: " + description + `
start_year: 2027
horizon_years: 5
initial_state: entente
rival: {id: us, name: United States}
actors:
  - {id: russia, name: Russia, drivers: {threat: {pert: [0.5, 0.7, 0.9]}}}
  - {id: china, name: China}
weights:
` + weights
}

// uncertainWeightScenario makes junior_partner uncertain and correlates it
// with Russia's threat.
var uncertainWeightScenario = uwScenario("An uncertain weight.", `  junior_partner: {pert: [0.8, 1.0, 1.3]}
  disorder_gap: 1.3
correlations:
  - [russia.threat, weights.junior_partner, 0.4]
`)

// A scenario's uncertain weight shows at its median with its distribution
// as the source, and stays an input; the environment or a flag fixes it,
// removing the input and its correlations.
func TestUncertainWeightPrecedence(t *testing.T) {
	t.Parallel()
	cfg := writeFile(t, t.TempDir(), "cfg.yaml", "weights:\n  junior_partner: 2\n")
	for _, tc := range []struct {
		name   string
		env    []string
		sets   []string
		value  float64
		source string
		kept   bool
	}{
		{"scenario", nil, nil, 1.0127354, "scenario uw (uncertain: pert(0.8, 1, 1.3); median shown)", true},
		{"env", []string{"ALLIANCESIM_WEIGHTS_JUNIOR_PARTNER=1.4"}, nil, 1.4, "env ALLIANCESIM_WEIGHTS_JUNIOR_PARTNER (replaces the scenario's distribution)", false},
		{"flag", nil, []string{"junior_partner=0.5"}, 0.5, "flag --set (replaces the scenario's distribution)", false},
	} {
		l, err := scenarios.LoadBytes(filepath.Join("x", "uw.yaml"), []byte(uncertainWeightScenario))
		if err != nil {
			t.Fatal(err)
		}
		sc := l.Scenario
		env := append([]string{}, tc.env...)
		nInputs := len(sc.Inputs)
		st, err := resolveSettings(settingsInput{Config: readTestConfig(t, cfg), Sets: tc.sets, Scenario: sc, Environ: env})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(sc.Inputs) != nInputs || len(sc.Correlations) != 1 {
			t.Errorf("%s: resolveSettings changed the scenario it was given", tc.name)
		}
		sc = st.Scenario
		spec, _ := model.LookupWeight("junior_partner")
		if got := spec.Get(&st.Weights); abs(got-tc.value) > 1e-3 {
			t.Errorf("%s: junior_partner = %v, want %v", tc.name, got, tc.value)
		}
		if got := st.Source["weights.junior_partner"]; got != tc.source {
			t.Errorf("%s: source %q, want %q", tc.name, got, tc.source)
		}
		kept := false
		for _, in := range sc.Inputs {
			kept = kept || in.Path == "weights.junior_partner"
		}
		if kept != tc.kept || (len(sc.Correlations) == 1) != tc.kept {
			t.Errorf("%s: input kept %v, %d correlations; want kept %v", tc.name, kept, len(sc.Correlations), tc.kept)
		}
		if st.Source["weights.disorder_gap"] != "scenario uw" || !strings.HasPrefix(st.Source["weights.self_sufficiency"], "default") {
			t.Errorf("%s: other sources changed: %v", tc.name, st.Source)
		}
	}
}

func readTestConfig(t *testing.T, path string) *configFile {
	t.Helper()
	cfg, err := readConfig(path, "")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
