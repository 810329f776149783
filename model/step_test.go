package model

import (
	"math"
	"testing"
)

// TestPathIsSimulate steps a Path by hand and checks it gives Simulate's
// trajectory, that a copy made half-way continues identically, and that
// SimulateFrom with a path's Carry starts from the carried rung.
func TestPathIsSimulate(t *testing.T) {
	t.Parallel()
	w := DefaultWeights()
	sc, p := world(t, 30, StrategicPartnership)
	p.Actors[1].Doctrine, p.Actors[1].DoctrineHazard = 0.9, 0.05
	tr := NewTrajectory(sc)
	for seed := range uint64(50) {
		Simulate(sc, &w, p, streams(seed), tr)
		rs := streams(seed)
		var pa, cp Path
		pa.Start(sc, &w, p, rs.Noise)
		for y := range sc.HorizonYears {
			if y == 15 {
				cp.CopyFrom(&pa)
			}
			yr := pa.Step(sc, &w, p, rs)
			if yr.Rung != tr.States[y] || math.Float64bits(yr.Latent) != math.Float64bits(tr.Latent[y]) || yr.Blocked != tr.Blocked[y] {
				t.Fatalf("seed %d year %d: Path %+v, Simulate %v %v %v", seed, y, yr, tr.States[y], tr.Latent[y], tr.Blocked[y])
			}
		}
		if cp.T != 15 || len(cp.EventFirst) != len(sc.Events) {
			t.Fatalf("copy at T=%d", cp.T)
		}
	}
	c := Carry{Rung: Entente, Noise: 0.3, Standing: [2]float64{0.1, -0.2}}
	SimulateFrom(&c, sc, &w, p, streams(1), tr)
	if tr.Start != Entente {
		t.Errorf("SimulateFrom starts on %v, want the carried entente", tr.Start)
	}
	if s := tr.States[0]; s < TreatyPartnership {
		t.Errorf("SimulateFrom from an entente fell to %v in one year", s)
	}
}
