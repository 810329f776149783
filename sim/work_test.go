package sim_test

import (
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/sim"
)

// TestWorkBounds checks that a run too large for one command (a trillion
// draws, a 101 × 101 sweep at a billion draws a point) is refused with an
// estimate and the way out, and that large but sensible runs pass.
func TestWorkBounds(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		plan             sim.Plan
		scenarios, years int
		want             string
	}{
		{sim.Plan{Draws: 1_000_000_000_000}, 1, 10, "at most 1000000000 draws per run"},
		{sim.Plan{Draws: 1_000_000_000, Workers: 2}, 101 * 101, 10, "about 89 days on 2 core(s)"},
		{sim.Plan{Draws: 100_000, Precision: 0.001, MaxDraws: 1 << 40}, 1, 10, "at most 1000000000 draws"},
		{sim.Plan{Draws: 500_000_000, Workers: 2}, 30, 10, "--shard K/N"},
	} {
		err := c.plan.CheckSize(c.scenarios, c.years)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v × %d: error %v; want it to say %q", c.plan, c.scenarios, err, c.want)
		}
	}
	for _, ok := range []sim.Plan{{Draws: 10_000_000}, {Draws: 100_000, Precision: 0.0005, MaxDraws: 10_000_000}} {
		if err := ok.CheckSize(3, 10); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	if got := sim.DrawYears(1_000_000, 1, 10).Estimate(1).Seconds(); got < 1 || got > 2 {
		t.Errorf("a million ten-year draws estimated at %.2f s on one core; want the measured 1.5 s", got)
	}
}
