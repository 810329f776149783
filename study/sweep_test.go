package study_test

import (
	"context"
	"testing"

	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

func TestParseAxis(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"china.pressure=0.2:0.9:8", true},
		{"weights.junior_partner=0.5:2:4", true},
		{"china.pressure=0.2:0.9", false},
		{"china.pressure=a:0.9:3", false},
		{"china.pressure=0.2:0.9:1", false},
		{"china.pressure=0.5:0.5:3", false},
		{"=0.1:0.2:3", false},
	} {
		if _, err := study.ParseAxis(tc.in); (err == nil) != tc.ok {
			t.Errorf("ParseAxis(%q): err = %v", tc.in, err)
		}
	}
	a, _ := study.ParseAxis("x=0:1:5")
	if v := a.Values(); len(v) != 5 || v[0] != 0 || v[4] != 1 || v[2] != 0.5 {
		t.Errorf("values %v", v)
	}
}

// On common random numbers a sweep of a driver that only pushes one way
// gives a monotone curve, and a 2-D grid has one point per combination.
func TestSweep(t *testing.T) {
	t.Parallel()
	sc, w := baseline(t)
	ax, _ := study.ParseAxis("china.pressure=0.3:0.9:4")
	res, err := study.Sweep(context.Background(), sc, &w, []study.Axis{ax}, sim.Plan{Draws: 4000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(res.Points); i++ {
		if res.Points[i].P.P < res.Points[i-1].P.P {
			t.Errorf("P falls from %v to %v as pressure rises", res.Points[i-1].P.P, res.Points[i].P.P)
		}
	}
	ay, _ := study.ParseAxis("weights.junior_partner=0.5:1.5:3")
	res, err = study.Sweep(context.Background(), sc, &w, []study.Axis{ax, ay}, sim.Plan{Draws: 1000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 12 || res.Points[1].X[0] != 0.3 || res.Points[1].X[1] != 1.0 {
		t.Errorf("grid: %d points, second %v", len(res.Points), res.Points[1].X)
	}
	for _, bad := range []string{"china.presure=0:1:3", "weights.nope=0:1:3", "china.pressure=0:2:3"} {
		a, _ := study.ParseAxis(bad)
		if _, err := study.Sweep(context.Background(), sc, &w, []study.Axis{a}, sim.Plan{Draws: 10}); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
