package main

import (
	"fmt"
	"math"

	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// checkResult checks a summary.json read back for plot: every probability
// between 0 and 1 with its interval around it, the years and the horizon
// within what a scenario may have, the draws within what a run may draw.
// Package results converts the file without judging its numbers, so a
// hand-edited or damaged file would otherwise give charts of nonsense (or
// a chart of a hundred million years). The error names the file and the
// field.
func checkResult(path string, r *sim.Result) error {
	bad := func(field string, format string, a ...any) error {
		return invalidf("%s: %s: %s\n  hint: the file is not as alliancesim wrote it; run the scenario again to rewrite it", path, field, fmt.Sprintf(format, a...))
	}
	if r.HorizonYears < 1 || r.HorizonYears > scenarios.MaxHorizon {
		return bad("horizon_years", "%d is outside 1..%d", r.HorizonYears, scenarios.MaxHorizon)
	}
	if r.StartYear < scenarios.MinYear || r.StartYear > scenarios.MaxYear {
		return bad("start_year", "%d is outside %d..%d", r.StartYear, scenarios.MinYear, scenarios.MaxYear)
	}
	if len(r.Years) != r.HorizonYears {
		return bad("alliance.by_year", "%d years for a horizon of %d", len(r.Years), r.HorizonYears)
	}
	for i, y := range r.Years {
		if y != r.StartYear+i {
			return bad(fmt.Sprintf("alliance.by_year[%d].year", i), "%d, but the run starts in %d", y, r.StartYear)
		}
	}
	if r.Draws < 1 || r.Draws > sim.MaxRunDraws {
		return bad("run.draws", "%d is outside 1..%d", r.Draws, sim.MaxRunDraws)
	}
	check := func(field string, p sim.Proportion) error {
		for _, v := range []struct {
			name string
			x    float64
		}{{"p", p.P}, {"lo", p.Lo}, {"hi", p.Hi}} {
			if math.IsNaN(v.x) || v.x < 0 || v.x > 1 {
				return bad(field+"."+v.name, "%g is not a probability (0 to 1)", v.x)
			}
		}
		if p.Lo > p.P+1e-9 || p.P > p.Hi+1e-9 {
			return bad(field, "the interval %g–%g does not hold the estimate %g", p.Lo, p.Hi, p.P)
		}
		if math.IsNaN(p.SE) || p.SE < 0 {
			return bad(field+".se", "%g is not a standard error", p.SE)
		}
		return nil
	}
	props := []struct {
		field string
		p     sim.Proportion
	}{{"alliance.by_horizon", r.ByHorizon}, {"alliance.formed_in_force", r.FormedInForce}, {"paths.step_down", r.StepDown}, {"paths.calm", r.Calm}}
	for i, p := range r.Alliance {
		props = append(props, struct {
			field string
			p     sim.Proportion
		}{fmt.Sprintf("alliance.by_year[%d]", i), p})
	}
	for _, e := range r.Events {
		for _, x := range []struct {
			k string
			p sim.Proportion
		}{{"occurred", e.Occurred}, {"alliance_if", e.AllianceIf}, {"alliance_if_not", e.AllianceIfNot}} {
			props = append(props, struct {
				field string
				p     sim.Proportion
			}{fmt.Sprintf("events.%s.%s", e.Name, x.k), x.p})
		}
	}
	for _, x := range props {
		if x.p.N == 0 && x.p.P == 0 && x.p.Lo == 0 && x.p.Hi == 0 {
			continue // not recorded
		}
		if err := check(x.field, x.p); err != nil {
			return err
		}
	}
	for t, row := range r.StateProb {
		for k, x := range row {
			if math.IsNaN(x) || x < 0 || x > 1 {
				return bad(fmt.Sprintf("states.by_year[%d][%d]", t, k), "%g is not a share (0 to 1)", x)
			}
		}
	}
	return nil
}
