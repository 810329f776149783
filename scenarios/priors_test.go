package scenarios

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
)

// TestBundledPriors: every weight of model.WeightSpecs has a prior, its
// centre (median) is the midpoint of the weight's cited prior range (the
// value set by hand from the literature before the calibration; the
// defaults are now the posterior's medians), its cited prior range is about
// its central 90% interval, and its support lies in the allowed range.
//
// Tolerances. The centre: a ci90 normal truncated at an allowed bound that
// sits at its 5th percentile (influence, interdependence, treaty,
// decision_window, rung_distance and exit_margin, whose cited range starts
// at 0) has its median moved up by Φ⁻¹(0.525)·sd = 0.063 sd = 0.019 of the
// 90% width; the betas were fitted to the midpoint as median, to 0.001. So
// the centre must be within 0.025 of the cited width. The 90% interval:
// the fitted betas miss the cited ends by up to 0.031 (self_sufficiency's
// 0.481–0.869 against 0.5–0.9), and truncation at an end moves the
// percentile there by up to a quarter of the width, so each end must lie
// within 0.3 of the width of the cited end.
func TestBundledPriors(t *testing.T) {
	t.Parallel()
	ps, err := BundledPriors()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Priors) != len(model.WeightSpecs) {
		t.Fatalf("%d priors for %d weights", len(ps.Priors), len(model.WeightSpecs))
	}
	for i, s := range model.WeightSpecs {
		p := ps.Lookup(s.Key)
		if p == nil {
			t.Errorf("%s: no prior", s.Key)
			continue
		}
		if ps.Priors[i].Spec.Key != s.Key {
			t.Errorf("prior %d is %s, want %s (model.WeightSpecs order)", i, ps.Priors[i].Spec.Key, s.Key)
		}
		if p.Fixed {
			t.Errorf("%s: the bundled prior is fixed; every weight is calibrated", s.Key)
		}
		width := s.PriorHi - s.PriorLo
		if c, mid := p.Centre(), (s.PriorLo+s.PriorHi)/2; math.Abs(c-mid) > 0.025*width {
			t.Errorf("%s: prior centre %.4f, the cited range's midpoint %g (tolerance %.4f)", s.Key, c, mid, 0.025*width)
		}
		q05, q95 := p.Dist.Quantile(0.05), p.Dist.Quantile(0.95)
		if math.Abs(q05-s.PriorLo) > 0.3*width || math.Abs(q95-s.PriorHi) > 0.3*width {
			t.Errorf("%s: prior 90%% interval %.3f–%.3f, cited range %g–%g", s.Key, q05, q95, s.PriorLo, s.PriorHi)
		}
		if lo, hi := p.Dist.Quantile(0), p.Dist.Quantile(1); lo < s.Min || hi > s.Max {
			t.Errorf("%s: support %g–%g outside the allowed range %g–%g", s.Key, lo, hi, s.Min, s.Max)
		}
		if len(p.Sources) == 0 {
			t.Errorf("%s: no sources", s.Key)
		}
	}
	w := ps.Weights()
	if err := w.Validate(); err != nil {
		t.Errorf("the priors' centres are not valid weights: %v", err)
	}
	if len(ps.Free()) != len(model.WeightSpecs) || ps.SHA256 == "" || ps.File != PriorsFile {
		t.Errorf("Free %d, SHA256 %q, File %q", len(ps.Free()), ps.SHA256, ps.File)
	}
}

// TestPriorsErrors: a broken priors file is reported with file, line and
// field.
func TestPriorsErrors(t *testing.T) {
	t.Parallel()
	good, err := priorsFS.ReadFile("priors/priors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	replace := func(old, new string) string {
		if !strings.Contains(string(good), old) {
			t.Fatalf("the bundled file has no %q", old)
		}
		return strings.Replace(string(good), old, new, 1)
	}
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the error
	}{
		{"unknown key", replace("  influence:\n", "  influense:\n"), []string{"priors.influense", "unknown key", "did you mean influence", "no prior for the weight influence"}},
		{"out of range", replace("{lo: 0.6, hi: 1.8, min: 0, max: 10}", "{lo: 0.6, hi: 1.8, min: -1, max: 10}"), []string{"priors.shared_opposition", "outside the weight's allowed range [0, 10]"}},
		{"untruncated", replace("{lo: 0.6, hi: 1.8, min: 0, max: 10}", "[0.6, 1.8]"), []string{"priors.shared_opposition", "-Inf"}},
		{"fixed out of range", replace("beta: [4.95, 4.95]", "fixed: 1.5"), []string{"priors.restraint_share", "outside the weight's allowed range [0, 1]"}},
		{"bad beta", replace("beta: [4.95, 4.95]", "beta: [-1, 4.95]"), []string{"priors.restraint_share.beta", "alpha"}},
		{"overlap", replace("{lo: 0.27, hi: 0.39, min: 0.265, max: 0.4}", "{lo: 0.27, hi: 0.39, min: 0.2, max: 0.4}"), []string{"priors.threshold_treaty_partnership", "must increase"}},
		{"top key", "prior:\n  bias: 0\n", []string{"unknown key \"prior\"", "did you mean priors"}},
		{"empty", "", []string{"empty"}},
		{"syntax", "priors:\n\tbias: 0\n", []string{"tab"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadPriorsBytes("test.yaml", []byte(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			if !IsInvalid(err) {
				t.Errorf("not an invalid-content error: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			var e *Error
			if errors.As(err, &e) && (e.File != "test.yaml" || e.Line == 0) && tc.name != "empty" {
				t.Errorf("first error has no file or line: %+v", e)
			}
		})
	}
	// A fixed prior keeps the weight out of the calibration.
	ps, err := LoadPriorsBytes("test.yaml", []byte(replace("beta: [4.95, 4.95]", "fixed: 0.6")))
	if err != nil {
		t.Fatal(err)
	}
	if p := ps.Lookup("restraint_share"); p == nil || !p.Fixed || p.Centre() != 0.6 || len(ps.Free()) != len(model.WeightSpecs)-1 {
		t.Errorf("fixed prior: %+v", p)
	}
}
