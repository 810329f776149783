package sim_test

import (
	"encoding/json"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/sim"
)

// TestVocabularies checks that each sampler and stop reason parses from,
// and marshals to, its own text form (the JSON bytes summary.json and the
// manifest have always carried), and that an unknown text is refused with
// the valid values listed.
func TestVocabularies(t *testing.T) {
	for _, s := range design.Samplers() {
		got, err := design.Parse(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSampler(%q) = %q, %v", s, got, err)
		}
	}
	for _, r := range sim.StopReasons() {
		got, err := sim.ParseStopReason(r.String())
		if err != nil || got != r {
			t.Errorf("ParseStopReason(%q) = %q, %v", r, got, err)
		}
	}
	type run struct {
		Sampler design.Sampler `json:"sampler"`
		Stopped sim.StopReason `json:"stopped"`
	}
	b, err := json.Marshal(run{design.LatinHypercube, sim.StopMaxDraws})
	if want := `{"sampler":"lhs","stopped":"max_draws"}`; err != nil || string(b) != want {
		t.Errorf("json = %s, %v; want %s", b, err, want)
	}
	var back run
	if err := json.Unmarshal(b, &back); err != nil || back != (run{design.LatinHypercube, sim.StopMaxDraws}) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"sampler":"","stopped":""}`), &back); err != nil || back != (run{}) {
		t.Errorf("empty texts = %+v, %v; want the zero values", back, err)
	}
	if _, err := json.Marshal(run{Sampler: "sobol"}); err == nil {
		t.Error("marshalling an unknown sampler: no error")
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{func() error { _, err := design.Parse("sobol"); return err }(), `unknown sampler "sobol": use mc or lhs`},
		{func() error { _, err := design.Parse("MC"); return err }(), `unknown sampler "MC": use mc or lhs`},
		{func() error { _, err := sim.ParseStopReason("interrupted"); return err }(), `unknown stop reason "interrupted": use draws, precision or max_draws`},
		{json.Unmarshal([]byte(`{"stopped":"interrupted"}`), &back), `unknown stop reason "interrupted": use draws, precision or max_draws`},
	} {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("error = %v; want %s", c.err, c.want)
		}
	}
}
