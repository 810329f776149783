package model_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

// A Replayer's outcomes must be SimulateFrom's, replication by
// replication, at random points of bundled scenarios (one starting in a
// defence alliance without a carry, others resumed from random carries)
// in the orders a sensitivity design visits them: a base point, then
// points that differ from it in one field (every weight, driver and event
// probability in turn, moved a little, a lot, to 0 or back to the base's
// value), in two, and new rows' bases.
func TestReplayerRandomPoints(t *testing.T) {
	t.Parallel()
	type setup struct {
		name    string
		resumed bool
		start   model.State // non-resumed: the rung the run starts on, -1 the scenario's
		allied  bool        // resumed: most carries in a defence alliance
		flash   bool        // every other event's effect lasts its year only (decay 0)
	}
	setups := []setup{
		{"sino-soviet-split", false, -1, false, false}, // starts in a defence alliance
		{"baseline", false, model.DefenceAlliance, false, false},
		{"baseline", true, -1, false, false},
		{"taiwan-crisis", true, -1, true, false},
		{"hindcast-1992", false, -1, false, false},
		{"sino-soviet-1950", false, -1, false, false},
		{"wedge-russia", false, model.Entente, false, false},
		{"us-hardline", false, model.TreatyPartnership, false, false},
		{"russia-weakened", false, model.StrategicPartnership, false, false},
		{"baseline", false, -1, false, true},
		{"taiwan-crisis", true, -1, false, true},
	}
	const reps = 48
	r := rand.New(rand.NewPCG(2026, 12))
	var compared, formed, kept int
	for si, su := range setups {
		l, err := scenarios.Open(su.name)
		if err != nil {
			t.Fatal(err)
		}
		sc := l.Scenario.OnInitialState()
		if su.start >= 0 {
			c := *sc
			c.InitialState = su.start
			sc = &c
		}
		if su.flash {
			c := *sc
			c.Events = slices.Clone(sc.Events)
			for e := range c.Events {
				if e%2 == 0 {
					c.Events[e].Decay = 0
				}
			}
			sc = &c
		}
		if !su.resumed && su.start < 0 && su.name == "sino-soviet-split" && sc.InitialState != model.DefenceAlliance {
			t.Fatalf("%s starts on %v, not in a defence alliance", su.name, sc.InitialState)
		}
		w0, err := model.ScenarioWeights(sc)
		if err != nil {
			t.Fatal(err)
		}
		seed, key := uint64(100+si), uint64(7919*(si+1))
		streams := func(rep int) model.Streams {
			var pcg rand.PCG
			pcg.Seed(uint64(rep), seed)
			return model.PCGStreams(&pcg, uint64(rep+1)*key)
		}
		d := model.NewDraws(sc, reps, su.resumed)
		carries := make([]*model.Carry, reps)
		for rep := range reps {
			d.Fill(rep, streams(rep))
			if su.resumed {
				rung := model.State(r.IntN(model.NumStates))
				if su.allied && r.IntN(3) > 0 {
					rung = model.DefenceAlliance
				}
				c := model.Carry{Rung: rung, Noise: 0.2 * r.NormFloat64(),
					Standing:   [2]float64{r.NormFloat64(), r.NormFloat64()},
					DocInForce: [2]bool{r.IntN(2) == 0, r.IntN(2) == 0}, Walked: [2]bool{r.IntN(6) == 0, r.IntN(6) == 0}}
				if su.allied {
					// Dispositions that keep most alliances in force.
					c.Standing[0], c.Standing[1] = c.Standing[0]+2.5, c.Standing[1]+2.5
				}
				carries[rep] = &c
				d.SetCarry(rep, c)
			}
		}
		// A random point: every input drawn from its distribution, every
		// weight from its prior's range, the event probabilities raised
		// so that events happen.
		draw := func(w *model.Weights, p *model.Params) {
			*w = *w0
			for _, s := range model.WeightSpecs {
				if r.IntN(3) > 0 {
					s.Set(w, s.PriorLo+(s.PriorHi-s.PriorLo)*r.Float64())
				}
			}
			src := rand.NewPCG(r.Uint64(), r.Uint64())
			for _, in := range sc.Inputs {
				tg, err := sc.Resolve(in.Path)
				if err != nil {
					t.Fatal(err)
				}
				tg.Apply(p, w, min(max(in.Dist.Rand(src), tg.Min), tg.Max))
			}
			for e := range p.EventProb {
				p.EventProb[e] = min(1, p.EventProb[e]+0.15*r.Float64())
			}
			for i := range p.Actors {
				if r.IntN(2) == 0 {
					p.Actors[i].Doctrine, p.Actors[i].DoctrineHazard = r.Float64(), 0.3*r.Float64()
				}
			}
			// Often, the consent bar moved to where a side's utility is
			// in some year of the central run, so that consent is a coin
			// toss on the rungs the replications stand on.
			if r.IntN(2) == 0 {
				ex := model.Explain(sc, w, p)
				y, i := ex.Years[r.IntN(len(ex.Years))], r.IntN(2)
				w.ConsentThreshold += y.Utility[i] - y.ConsentThreshold + 0.3*r.NormFloat64()
			}
			// Mostly, the ladder shifted so that one of its bars (a
			// threshold, or one less the hysteresis) lies where a
			// replication's pressure is, so that the walks move; with
			// alliances carried in, the bar below which an alliance in
			// force lapses lies near the lowest pressure of one of them.
			if r.IntN(4) > 0 {
				rep := r.IntN(reps)
				for k := 0; su.allied && carries[rep].Rung != model.DefenceAlliance && k < reps; k++ {
					rep = (rep + 1) % reps
				}
				tr := model.NewTrajectory(sc)
				model.SimulateFrom(carries[rep], sc, w, p, streams(rep), tr)
				z := tr.Latent[r.IntN(len(tr.Latent))]
				j := r.IntN(len(w.Thresholds))
				delta := z - w.Thresholds[j]
				if r.IntN(2) == 0 || su.allied {
					j = len(w.Thresholds) - 1
					if su.allied {
						z = slices.Min(tr.Latent) - 0.05*r.Float64()
					}
					delta = z - w.Thresholds[j] + w.Hysteresis
				}
				for k := range w.Thresholds {
					w.Thresholds[k] += delta
				}
			}
		}
		var w model.Weights
		p := sc.NewParams()
		draw(&w, p)
		names, ptrs := model.FloatFields(&w, p)
		move := func(i int) {
			f := ptrs[i]
			v := *f
			switch k := r.IntN(8); {
			case k == 0:
				*f = 0
			case k == 1:
				*f = v + 0.5*r.NormFloat64()
			case k == 2:
				*f = math.Nextafter(v, math.Inf(1))
			case math.Abs(v) < 0.3:
				*f = v + 0.15*(r.Float64()-0.5)
			default:
				*f = v * (0.8 + 0.4*r.Float64())
			}
			if strings.HasPrefix(names[i], "p.EventProb[") {
				*f = min(max(*f, 0), 1)
			}
			if names[i] == "w.NoisePersistence" || names[i] == "w.ConsentPersistence" || names[i] == "w.ConsentCorrelation" {
				*f = min(max(*f, 0), 0.99)
			}
			if strings.HasSuffix(names[i], ".Capability") {
				*f = max(*f, 1e-3)
			}
		}
		rp := d.NewReplayer()
		tr := model.NewTrajectory(sc)
		check := func(what string) {
			t.Helper()
			got := rp.Run(&w, p)
			for rep := range reps {
				model.SimulateFrom(carries[rep], sc, &w, p, streams(rep), tr)
				want := model.RepOutcome{Onset: tr.Onset, Final: tr.States[len(tr.States)-1]}
				if got[rep] != want {
					t.Fatalf("%s (resumed %v, start %v), %s: replication %d: Replayer %+v, SimulateFrom %+v",
						su.name, su.resumed, sc.InitialState, what, rep, got[rep], want)
				}
				compared++
				if want.Onset >= 0 {
					formed++
				}
				if want.Final == model.DefenceAlliance {
					kept++
				}
			}
		}
		save := func() []float64 {
			v := make([]float64, len(ptrs))
			for i, f := range ptrs {
				v[i] = *f
			}
			return v
		}
		restore := func(v []float64) {
			for i, f := range ptrs {
				*f = v[i]
			}
		}
		for row := range 3 {
			draw(&w, p)
			a := save()
			check(fmt.Sprintf("row %d, A", row))
			// A's one-field neighbours, each field in turn, some twice.
			for i := range ptrs {
				move(i)
				check(fmt.Sprintf("row %d, A with %s moved", row, names[i]))
				if r.IntN(4) == 0 {
					move(i)
					check(fmt.Sprintf("row %d, A with %s moved again", row, names[i]))
				}
				restore(a)
				if r.IntN(8) == 0 {
					check(fmt.Sprintf("row %d, A again after %s", row, names[i]))
				}
			}
			// Two fields at once, then one of them back: a new base, then
			// a point one field from it.
			for range 12 {
				i, j := r.IntN(len(ptrs)), r.IntN(len(ptrs))
				move(i)
				move(j)
				check(fmt.Sprintf("row %d, A with %s and %s moved", row, names[i], names[j]))
				*ptrs[j] = a[j]
				check(fmt.Sprintf("row %d, A with %s moved, %s back", row, names[i], names[j]))
				restore(a)
				check(fmt.Sprintf("row %d, A after %s and %s", row, names[i], names[j]))
			}
			// A Sobol design's row: B, the points that take one field
			// from A and the rest from B, then A again and the points that
			// take one field from B.
			draw(&w, p)
			b := save()
			check(fmt.Sprintf("row %d, B", row))
			for i := range ptrs {
				restore(b)
				*ptrs[i] = a[i]
				check(fmt.Sprintf("row %d, B with A's %s", row, names[i]))
			}
			restore(a)
			check(fmt.Sprintf("row %d, A after B", row))
			for i := range ptrs {
				restore(a)
				*ptrs[i] = b[i]
				check(fmt.Sprintf("row %d, A with B's %s", row, names[i]))
			}
		}
	}
	if formed < 500 || kept < 500 || compared-kept < 500 {
		t.Errorf("%d outcomes compared, %d with an onset, %d ending in an alliance: too few to compare", compared, formed, kept)
	}
}
