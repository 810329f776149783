package design_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/alliancesim/alliancesim/design"
)

// TestSamplerText checks each sampler's text round trip (the bytes that
// summary.json and the manifest carry) and the error for an unknown name.
func TestSamplerText(t *testing.T) {
	for _, s := range design.Samplers() {
		b, err := json.Marshal(s)
		var back design.Sampler
		if err != nil || json.Unmarshal(b, &back) != nil || back != s {
			t.Errorf("%q: marshalled %s (%v), read back %q", s, b, err, back)
		}
	}
	if _, err := json.Marshal(design.Sampler("sobol")); err == nil {
		t.Error("marshalling an unknown sampler: no error")
	}
	if _, err := design.Parse("MC"); err == nil || err.Error() != `unknown sampler "MC": use mc or lhs` {
		t.Errorf("Parse(MC) error = %v", err)
	}
}

// TestDesignSamplers checks that QuasiMonteCarlo is a design sampler,
// with a text round trip, but not a run sampler: Parse, which validates a
// run's --sampler, still refuses it with the run samplers listed.
func TestDesignSamplers(t *testing.T) {
	for _, s := range design.DesignSamplers() {
		b, err := json.Marshal(s)
		var back design.Sampler
		if err != nil || json.Unmarshal(b, &back) != nil || back != s || !s.ValidDesign() {
			t.Errorf("%q: marshalled %s (%v), read back %q", s, b, err, back)
		}
		if got, err := design.ParseDesign(s.String()); err != nil || got != s {
			t.Errorf("ParseDesign(%q) = %q, %v", s, got, err)
		}
	}
	if design.QuasiMonteCarlo.Valid() {
		t.Error("qmc is a valid run sampler")
	}
	if _, err := design.Parse("qmc"); err == nil || err.Error() != `unknown sampler "qmc": use mc or lhs` {
		t.Errorf("Parse(qmc) error = %v", err)
	}
	if _, err := design.ParseDesign("MC"); err == nil || err.Error() != `unknown sampler "MC": use mc, lhs or qmc` {
		t.Errorf("ParseDesign(MC) error = %v", err)
	}
}

func ExampleParse() {
	s, err := design.Parse("lhs")
	fmt.Println(s, err)
	_, err = design.Parse("sobol")
	fmt.Println(err)
	// Output:
	// lhs <nil>
	// unknown sampler "sobol": use mc or lhs
}
