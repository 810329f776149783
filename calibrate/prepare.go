package calibrate

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// The per-draw streams are derived exactly as package sim derives them
// (sim/stream.go), so that a prepared target run at the default weights
// reproduces sim.Run's counts draw for draw. Nothing depends on it but a
// test; if package sim changes its streams the calibration stays valid,
// only that test's exact agreement is lost.
const (
	drawSalt      uint64 = 0x5851f42d4c957f2d
	purposeNoise  uint64 = 0x6e6f697365 // "noise"
	purposeEvents uint64 = 0x6576656e74 // "event"
)

// weightValue is a weight a case's file sets itself: it overrides the
// calibrated value for that case.
type weightValue struct {
	set model.WeightSetter
	v   float64
}

// target is one scenario prepared for many weight vectors: its uncertain
// inputs drawn once per draw (common random numbers: every weight vector
// sees the same drivers, noise and events), its horizon cut at the last
// year the likelihood reads.
type target struct {
	name string
	sc   model.Scenario // a shallow copy, HorizonYears trimmed
	// last is the year index the likelihood reads (the outcome year).
	last int
	pact bool
	// params[i] are draw i's drivers and event probabilities.
	params []model.Params
	// seeds[i] are draw i's noise seed (two words) and event key.
	seeds [][3]uint64
	// own are the weights the file fixes; ownDraw[i] the uncertain ones
	// it draws (nil when it has none).
	own     []weightValue
	ownDraw [][]weightValue
}

// prepare draws n input vectors for sc with seed. The inputs are drawn by
// sim.Run itself (Plan.Records), so the scenario's distributions,
// clamping and correlations are honoured exactly; the run's own outcome,
// at the default weights, is not used.
func prepare(ctx context.Context, name string, sc *model.Scenario, last int, pact bool, n int, seed uint64, workers int) (*target, error) {
	if last < 0 || last >= sc.HorizonYears {
		return nil, fmt.Errorf("%s: the year read lies outside the simulated years", name)
	}
	t := &target{name: name, sc: *sc, last: last, pact: pact}
	t.sc.HorizonYears = last + 1
	base := *sc.NewParams()
	for k, v := range sc.Weights {
		s, ok := model.LookupWeight(k)
		if !ok {
			return nil, fmt.Errorf("%s: unknown weight %q", name, k)
		}
		t.own = append(t.own, weightValue{s.Set, v})
	}
	w := model.DefaultWeights()
	for _, o := range t.own {
		o.set(&w, o.v)
	}
	anyUnc := false
	for _, in := range sc.Inputs {
		tg, err := sc.Resolve(in.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if !in.Fixed {
			anyUnc = true
			continue
		}
		v := min(max(in.Dist.Quantile(0.5), tg.Min), tg.Max)
		if tg.IsWeight() {
			t.own = append(t.own, weightValue{tg.SetWeight, v})
		} else {
			tg.Set(&base, v)
		}
	}
	var rec sim.Records
	if anyUnc {
		_, err := sim.Run(ctx, &t.sc, &w, sim.Plan{Draws: int64(n), Seed: seed, Workers: workers, SkipLatent: true, Records: &rec})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	targets := make([]model.Target, len(rec.Paths))
	for k, p := range rec.Paths {
		tg, err := sc.Resolve(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		targets[k] = tg
	}
	t.params = make([]model.Params, n)
	t.seeds = make([][3]uint64, n)
	for i := range n {
		p := base
		p.EventProb = append([]float64(nil), base.EventProb...)
		var own []weightValue
		if anyUnc {
			for k, tg := range targets {
				v := rec.X[i][k]
				if tg.IsWeight() {
					own = append(own, weightValue{tg.SetWeight, v})
				} else {
					tg.Set(&p, v)
				}
			}
		}
		if own != nil {
			if t.ownDraw == nil {
				t.ownDraw = make([][]weightValue, n)
			}
			t.ownDraw[i] = own
		}
		t.params[i] = p
		key := rng.Derive(seed, uint64(i)^drawSalt)
		s1, s2 := rng.SubSeed(key, purposeNoise)
		ev, _ := rng.SubSeed(key, purposeEvents)
		t.seeds[i] = [3]uint64{s1, s2, ev}
	}
	return t, nil
}

// simulator is one goroutine's state for simulating targets. rs are pcg's
// streams as model.PCGStreams makes them, so that the model draws its
// normal numbers from pcg directly rather than through a *rand.Rand: the
// same numbers, for less CPU.
type simulator struct {
	pcg rand.PCG
	rs  model.Streams
	trs map[*target]*model.Trajectory
}

func newSimulator() *simulator {
	s := &simulator{trs: map[*target]*model.Trajectory{}}
	s.rs = model.PCGStreams(&s.pcg, 0)
	return s
}

// pathCounts are the counts of one weight vector on the path target.
type pathCounts struct {
	// match is the number of draws on the observed coarse path.
	match int32
	// states[t*NumStates+s] counts draws on rung s at the end of year t.
	states []int32
	// onset[t] counts draws whose alliance formed by the end of year t.
	onset []int32
}

// run simulates every draw of t under weights w and returns the number of
// draws with an onset by the end of year index t.last; with pc (the path
// target) it also fills pc from the trajectories, using obs.
func (s *simulator) run(t *target, w *model.Weights, pc *pathCounts, obs []checkpoint) int32 {
	var k int32
	s.runEach(t, w, len(t.params), func(_ int, tr *model.Trajectory) {
		if tr.Onset >= 0 && tr.Onset <= t.last {
			k++
		}
		if pc != nil {
			pc.add(tr, obs)
		}
	})
	return k
}

// runEach simulates the first n draws of t under weights w (each with its
// own weights where the case draws some) and calls f with the draw's index
// and its trajectory, valid until f returns.
func (s *simulator) runEach(t *target, w *model.Weights, n int, f func(i int, tr *model.Trajectory)) {
	tr := s.trs[t]
	if tr == nil {
		tr = model.NewTrajectory(&t.sc)
		s.trs[t] = tr
	}
	wi := *w
	for _, o := range t.own {
		o.set(&wi, o.v)
	}
	wd := wi
	for i := range n {
		ww := &wi
		if t.ownDraw != nil && t.ownDraw[i] != nil {
			wd = wi
			for _, o := range t.ownDraw[i] {
				o.set(&wd, o.v)
			}
			ww = &wd
		}
		sd := &t.seeds[i]
		s.pcg.Seed(sd[0], sd[1])
		s.rs.Events = sd[2]
		model.Simulate(&t.sc, ww, &t.params[i], s.rs, tr)
		f(i, tr)
	}
}

// add counts one trajectory of the path target: whether it is on the
// observed coarse path (obs), its rung each year and its onset.
func (pc *pathCounts) add(tr *model.Trajectory, obs []checkpoint) {
	ok := true
	for _, c := range obs {
		if c.pact {
			ok = ok && tr.Onset >= 0 && tr.Onset <= c.t
		} else if c.noPact {
			ok = ok && (tr.Onset < 0 || tr.Onset > c.t)
		} else {
			ok = ok && tr.States[c.t] == c.state
		}
	}
	if ok {
		pc.match++
	}
	for y, st := range tr.States {
		pc.states[y*model.NumStates+int(st)]++
	}
	if tr.Onset >= 0 {
		for y := tr.Onset; y < len(pc.onset); y++ {
			pc.onset[y]++
		}
	}
}
