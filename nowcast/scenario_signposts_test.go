package nowcast

import (
	"context"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/sim"
)

// TestScenarioSignpostsAreTheScenariosRuns: the signposts' runs of a
// scenario are package sim's runs of it, draw for draw, so the share with
// an alliance by the horizon is sim's count exactly (no tolerance: the
// same numbers); the text says where the runs start; a horizon past the
// scenario's last year is refused.
func TestScenarioSignpostsAreTheScenariosRuns(t *testing.T) {
	t.Parallel()
	sc, w := withWeights(t, "baseline")
	_, om := fixture(t)
	start, err := StartFor(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	const n = 6000
	sp, err := ScenarioSignposts(context.Background(), sc, w, start, om, SignpostOptions{Runs: n, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, w, sim.Plan{Draws: n, Seed: 9, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sp.PAlliance.Count, int(res.ByHorizon.Count); got != want {
		t.Errorf("alliances by %d: %d in the signposts' runs, %d in sim's", sp.Horizon, got, want)
	}
	if sp.Year != sc.StartYear-1 || sp.WatchFrom != sc.StartYear || sp.Horizon != sc.StartYear+sc.HorizonYears-1 {
		t.Errorf("years: state %d, watch from %d, horizon %d", sp.Year, sp.WatchFrom, sp.Horizon)
	}
	if !strings.HasPrefix(sp.Text, "From baseline's start in 2027, from the nowcast state at the end of 2026") || sp.JSON().From == "" {
		t.Errorf("text: %s", sp.Text)
	}
	if _, err := ScenarioSignposts(context.Background(), sc, w, start, om, SignpostOptions{Runs: 100, Horizon: 2040}); err == nil || !strings.Contains(err.Error(), "past baseline's last year") {
		t.Errorf("a horizon past the scenario: %v", err)
	}
}
