package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A Stepper, kept or new, must give, bit for bit, the years Step gives with
// PCGStreams,
// and leave the generator where Step leaves it: for events on every slot,
// windows, once-only events, every decay, decision years, doctrines,
// every starting rung and a carried start, past the horizon, with its
// Drivers kept, copied with a path, reset, and across years stepped by
// Step in between.
func TestStepperMatchesStep(t *testing.T) {
	t.Parallel()
	evs := testEvents(false)
	r := rand.New(rand.NewPCG(11, 12))
	var seen coverage
	for _, start := range []State{Rivalry, Normalization, TreatyPartnership, Entente, DefenceAlliance} {
		sc, p := world(t, 25, start, evs...)
		sc.DecisionYears = []int{2028, 2031, 2040}
		ms := NewStepper(sc)
		for seed := range uint64(400) {
			w := randomDraw(r, p)

			var qa rand.PCG
			qa.Seed(seed, 3)
			var g PCG
			g.Seed(seed, 3)
			var a, b Path
			a.Start(sc, &w, p, rand.New(&qa))
			b.StartPCG(sc, &w, p, &g)
			if seed%4 == 3 {
				c := Carry{Rung: State(seed % 6), Noise: 0.2 * r.NormFloat64(), Standing: [2]float64{r.NormFloat64(), r.NormFloat64()},
					DocInForce: [2]bool{seed%8 == 3, true}, Walked: [2]bool{seed%16 == 7, false}}
				a.Resume(c)
				b.Resume(c)
			}
			rs := PCGStreams(&qa, seed)
			var d Drivers
			var tr Trajectory
			tr.Onset, tr.End = -1, -1
			tr.EventFirst = a.EventFirst
			for k := range sc.HorizonYears + 10 { // past the horizon too
				switch {
				case seed%5 == 1 && k == 9:
					// A copy, its Drivers along, continues as the original.
					var c Path
					c.CopyFrom(&b)
					b = c
				case seed%5 == 2 && k == 12:
					d.Reset()
				case seed%5 == 3 && k == 7:
					// Years stepped by Step leave d valid for a Stepper.
					var q rand.PCG
					q.Seed(g.hi, g.lo)
					ya := a.Step(sc, &w, p, rs)
					yb := b.Step(sc, &w, p, PCGStreams(&q, seed))
					if ya != yb {
						t.Fatalf("start %v, seed %d, year %d: Step %+v and %+v", start, seed, k, ya, yb)
					}
					g.hi, g.lo = pcgLoad(&q)
					continue
				}
				ya := a.Step(sc, &w, p, rs)
				var yb Year
				if seed%2 == 0 {
					ms.Step(&b, &w, p, &g, seed, &d, &yb)
				} else {
					NewStepper(sc).Step(&b, &w, p, &g, seed, &d, &yb)
				}
				if math.Float64bits(ya.Latent) != math.Float64bits(yb.Latent) || ya != yb {
					t.Fatalf("start %v, seed %d, year %d: Step %+v, Stepper %+v", start, seed, k, ya, yb)
				}
				if ya.Formed && tr.Onset < 0 {
					tr.Onset = k
				}
				if ya.Ended && tr.End < 0 {
					tr.End = k
				}
				if ya.Blocked != NoBlock {
					tr.Blocked = append(tr.Blocked, ya.Blocked)
				}
			}
			if a.Carry() != b.Carry() || a.T != b.T {
				t.Fatalf("start %v, seed %d: carries %+v and %+v", start, seed, a.Carry(), b.Carry())
			}
			for e := range a.EventFirst {
				if a.EventFirst[e] != b.EventFirst[e] || math.Float64bits(a.strength[e]) != math.Float64bits(b.strength[e]) {
					t.Fatalf("start %v, seed %d: event %d differs", start, seed, e)
				}
			}
			if h, l := pcgLoad(&qa); h != g.hi || l != g.lo {
				t.Fatalf("start %v, seed %d: the generators' states differ", start, seed)
			}
			seen.add(&tr)
		}
	}
	seen.check(t, 50)
}
