package study_test

import (
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/study"
)

// TestSensitivityLimits checks that sizes that would panic, exhaust memory
// or run for days are refused up front with the bound named, and that the
// defaults pass.
func TestSensitivityLimits(t *testing.T) {
	t.Parallel()
	if err := (study.SensitivityOptions{}).Check(29, 10); err != nil {
		t.Errorf("the defaults: %v", err)
	}
	for _, c := range []struct {
		o    study.SensitivityOptions
		want string
	}{
		{study.SensitivityOptions{N: 4611686018427387904}, "--n 4611686018427387904: use a power of two from 64"},
		{study.SensitivityOptions{N: 1000}, "use a power of two"},
		{study.SensitivityOptions{N: 1 << 30}, "to 1048576"},
		{study.SensitivityOptions{Bootstrap: 1_000_000_000}, "--bootstrap 1000000000: use a value from 10 to 10000"},
		{study.SensitivityOptions{Trajectories: 1_000_000_000}, "--trajectories 1000000000"},
		{study.SensitivityOptions{Reps: 1_000_000_000}, "--reps 1000000000"},
		{study.SensitivityOptions{N: 1 << 18, Bootstrap: 5000}, "at most 4096 resamples at this --n"},
		{study.SensitivityOptions{N: 1 << 18, Reps: 100_000}, "simulated draw-years, about"},
	} {
		err := c.o.Check(29, 10)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v; want it to say %q", c.o, err, c.want)
		}
	}
}
