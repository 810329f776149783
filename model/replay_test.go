package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// Replaying a replication from its Draws must give, bit for bit, the
// trajectory SimulateFrom gives with the replication's streams, at every
// weights and drivers (the same draws replayed at many), for events on
// every slot, windows, once-only events, decision years, doctrines, every
// starting rung, with and without a carried start; and Fill must leave
// the generator where the run leaves it.
func TestReplayMatchesSimulate(t *testing.T) {
	t.Parallel()
	evs := testEvents(true)
	r := rand.New(rand.NewPCG(11, 12))
	const reps = 40
	var seen coverage
	var quietYears int
	for _, horizon := range []int{10, 25, 70} {
		for _, start := range []State{Rivalry, Normalization, TreatyPartnership, Entente, DefenceAlliance} {
			sc, p := world(t, horizon, start, evs...)
			sc.DecisionYears = []int{2027, 2028, 2031, 2040, 2095}
			for _, resumed := range []bool{false, true} {
				d, carries := filledDraws(sc, reps, resumed, 77, 31, func(rep int) Carry {
					return Carry{Rung: State(rep % 6), Noise: 0.2 * r.NormFloat64(), Standing: [2]float64{r.NormFloat64(), r.NormFloat64()},
						DocInForce: [2]bool{rep%8 == 3, rep%3 != 0}, Walked: [2]bool{rep%16 == 7, rep%5 == 1}}
				})
				if d.Len() != reps || DrawsBytes(sc, reps) < int64(8*len(d.buf)) {
					t.Fatalf("%d replications of %d bytes, want %d of at most %d", d.Len(), 8*len(d.buf), reps, DrawsBytes(sc, reps))
				}
				rp := d.NewReplayer()
				a, b := NewTrajectory(sc), rp.tr
				for point := range 12 {
					w := DefaultWeights()
					w.Bias = 0.6*r.Float64() - 0.2
					w.ConsentThreshold = 0.8*r.Float64() - 0.2
					w.NoiseSD = 0.3 * r.Float64()
					w.NoisePersistence = 0.9 * r.Float64()
					w.ConsentPersistence = r.Float64()
					w.LatentCostShare = r.Float64()
					for e := range p.EventProb {
						p.EventProb[e] = 0.3 * r.Float64() * float64(point%3)
					}
					p.Actors[0].Growth, p.Actors[1].Growth = 0.05*r.NormFloat64(), 0.05*r.NormFloat64()
					p.Actors[0].Capability = 0.01 + 0.3*r.Float64()
					p.Actors[0].Doctrine, p.Actors[1].Doctrine = r.Float64(), r.Float64()
					p.Actors[0].DoctrineHazard, p.Actors[1].DoctrineHazard = 0.2*r.Float64(), 0.2*r.Float64()
					p.Actors[1].DisorderAppetite = r.Float64()
					for rep := range reps {
						SimulateFrom(carries[rep], sc, &w, p, repStreams(rep, 77, 31), a)
						if o := rp.replayOne(rep, &w, p); o.Onset != a.Onset || o.Final != a.States[len(a.States)-1] {
							t.Fatalf("replayOne returns %+v, the trajectory onset %d, final %v", o, a.Onset, a.States[len(a.States)-1])
						}
						for y := range a.Latent {
							if math.Float64bits(a.Latent[y]) != math.Float64bits(b.Latent[y]) || a.States[y] != b.States[y] || a.Blocked[y] != b.Blocked[y] {
								t.Fatalf("horizon %d, start %v, resumed %v, point %d, rep %d, year %d: Simulate %v %v %v, Replay %v %v %v", horizon, start, resumed, point, rep, y,
									a.States[y], a.Latent[y], a.Blocked[y], b.States[y], b.Latent[y], b.Blocked[y])
							}
						}
						if a.Onset != b.Onset || a.End != b.End || a.Start != b.Start {
							t.Fatalf("horizon %d, start %v, point %d, rep %d: onset %d/%d, end %d/%d, start %v/%v", horizon, start, point, rep, a.Onset, b.Onset, a.End, b.End, a.Start, b.Start)
						}
						for e := range a.EventFirst {
							if a.EventFirst[e] != b.EventFirst[e] || math.Float64bits(a.strength[e]) != math.Float64bits(b.strength[e]) {
								t.Fatalf("horizon %d, start %v, point %d, rep %d: event %d differs", horizon, start, point, rep, e)
							}
						}
						seen.add(b)
						for k := range rp.cur {
							if rp.cur[k].mask == 0 {
								quietYears++
							}
						}
					}
				}
				// Fill leaves the generator where the run leaves it.
				var p1, p2 rand.PCG
				p1.Seed(3, 4)
				p2.Seed(3, 4)
				var c *Carry
				if resumed {
					c = &Carry{Rung: Entente}
				}
				w := DefaultWeights()
				SimulateFrom(c, sc, &w, p, PCGStreams(&p1, 5), a)
				d.Fill(0, PCGStreams(&p2, 5))
				if p1.Uint64() != p2.Uint64() {
					t.Fatalf("horizon %d, start %v, resumed %v: Fill leaves the generator elsewhere than the run", horizon, start, resumed)
				}
			}
		}
	}
	seen.check(t, 50)
	if quietYears < 50 {
		t.Errorf("too few quiet years (%d) to compare", quietYears)
	}
}

// repStreams are replication rep's streams in the replay tests: a PCG
// seeded (rep, seed), its events keyed rep·key.
func repStreams(rep int, seed, key uint64) Streams {
	var pcg rand.PCG
	pcg.Seed(uint64(rep), seed)
	return PCGStreams(&pcg, uint64(rep)*key)
}

// filledDraws fills reps replications of sc from repStreams(rep, seed,
// key) and, when resumed, gives replication rep the start carry(rep)
// makes (called in the order of the replications); it returns the draws
// and each replication's carry (nil when not resumed), for SimulateFrom.
func filledDraws(sc *Scenario, reps int, resumed bool, seed, key uint64, carry func(rep int) Carry) (*Draws, []*Carry) {
	d := NewDraws(sc, reps, resumed)
	carries := make([]*Carry, reps)
	for rep := range reps {
		d.Fill(rep, repStreams(rep, seed, key))
		if resumed {
			c := carry(rep)
			carries[rep] = &c
			d.SetCarry(rep, c)
		}
	}
	return d, carries
}

// floatFields returns a pointer to every float64 of w and p, with its name.
func floatFields(w *Weights, p *Params) (names []string, ptrs []*float64) {
	var walk func(name string, v reflect.Value)
	walk = func(name string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Float64:
			names = append(names, name)
			ptrs = append(ptrs, v.Addr().Interface().(*float64))
		case reflect.Struct:
			for i := range v.NumField() {
				walk(name+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Array, reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", name, i), v.Index(i))
			}
		case reflect.Pointer:
			walk(name, v.Elem())
		default:
			panic("floatFields: a field of kind " + v.Kind().String())
		}
	}
	walk("w", reflect.ValueOf(w).Elem())
	walk("p", reflect.ValueOf(p).Elem())
	return names, ptrs
}

// diff must see a change in every field of the weights and drivers, as
// one field.
func TestDiffSeesEveryField(t *testing.T) {
	t.Parallel()
	sc, p := world(t, 10, Entente, Event{Name: "a", Decay: 0.5}, Event{Name: "b", Decay: 0.5})
	w := DefaultWeights()
	w0, p0 := w, *p
	p0.EventProb = append([]float64(nil), p.EventProb...)
	_ = sc
	names, ptrs := floatFields(&w, p)
	for i, f := range ptrs {
		old := *f
		*f = old + 0.125
		if c := diff(&w0, &w, &p0, p); c.n != 1 {
			t.Errorf("%s changed: diff counts %d changes", names[i], c.n)
		}
		*f = math.Copysign(0, -1)
		if c := diff(&w0, &w, &p0, p); old == 0 && c.n != 1 {
			t.Errorf("%s from 0 to -0: diff counts %d changes", names[i], c.n)
		}
		*f = old
	}
	if c := diff(&w0, &w, &p0, p); c.n != 0 {
		t.Errorf("nothing changed: diff counts %d changes", c.n)
	}
}

// A Replayer's outcomes at a sequence of points, each differing from the
// one before in one field (every field in turn), in two, or in none, must
// be SimulateFrom's, whatever it reuses.
func TestReplayerMatchesSimulate(t *testing.T) {
	t.Parallel()
	evs := []Event{
		{Name: "crisis", Decay: 0.6, Effects: []Effect{{Target: "china.threat", Delta: 0.2}, {Target: "russia.consent", Delta: -0.3}, {Target: "latent", Delta: 0.3}}},
		{Name: "detente", Decay: 0.7, Effects: []Effect{{Target: "china.pressure", Delta: -0.3}, {Target: "latent", Delta: -0.3}}},
		{Name: "lapse", From: 2027, To: 2027, Once: true, Decay: 1, Effects: []Effect{{Target: "dyad.treaty", Delta: -1}}},
		{Name: "later", From: 2031, Once: true, Decay: 0.9, Effects: []Effect{{Target: "russia.doctrine", Delta: -0.5}, {Target: "china.disorder_appetite", Delta: 0.3}}},
	}
	r := rand.New(rand.NewPCG(21, 22))
	const reps = 64
	var outcomes [3]int
	for _, start := range []State{Normalization, Entente, DefenceAlliance} {
		for _, resumed := range []bool{false, true} {
			sc, p := world(t, 12, start, evs...)
			sc.DecisionYears = []int{2027, 2030}
			d, carries := filledDraws(sc, reps, resumed, 5, 7, func(rep int) Carry {
				return Carry{Rung: State(2 + rep%4), Noise: 0.2 * r.NormFloat64(), Standing: [2]float64{r.NormFloat64(), r.NormFloat64()},
					DocInForce: [2]bool{rep%4 != 3, rep%3 != 0}, Walked: [2]bool{rep%16 == 7, false}}
			})
			rp := d.NewReplayer()
			full := d.NewReplayer() // as beyond maxBaseBytes: no base
			full.years, full.lat, full.outs = nil, nil, nil
			tr := NewTrajectory(sc)
			w := DefaultWeights()
			for e := range p.EventProb {
				p.EventProb[e] = 0.1
			}
			names, ptrs := floatFields(&w, p)
			base := make([]float64, len(ptrs))
			for i, f := range ptrs {
				base[i] = *f
			}
			// Each field moves by up to 20% of its value (probabilities
			// and values near 0 by up to 0.1), so that the weights stay
			// sensible.
			move := func(i int) {
				v := base[i]
				if math.Abs(v) < 0.5 {
					*ptrs[i] = max(0, v+0.2*(r.Float64()-0.5))
					if v < 0 {
						*ptrs[i] = v + 0.2*(r.Float64()-0.5)
					}
					return
				}
				*ptrs[i] = v * (0.8 + 0.4*r.Float64())
			}
			check := func(step string) {
				t.Helper()
				got := rp.Run(&w, p)
				all := full.Run(&w, p)
				for rep := range reps {
					SimulateFrom(carries[rep], sc, &w, p, repStreams(rep, 5, 7), tr)
					want := RepOutcome{Onset: tr.Onset, Final: tr.States[len(tr.States)-1]}
					if got[rep] != want || all[rep] != want {
						t.Fatalf("start %v, resumed %v, %s: replication %d: Replayer %+v (without a base %+v), SimulateFrom %+v", start, resumed, step, rep, got[rep], all[rep], want)
					}
					switch {
					case want.Onset >= 0:
						outcomes[0]++
					case want.Final == DefenceAlliance:
						outcomes[1]++
					default:
						outcomes[2]++
					}
				}
			}
			check("the first point")
			for round := range 3 {
				for i := range ptrs {
					old := *ptrs[i]
					move(i)
					check(fmt.Sprintf("round %d, %s moved", round, names[i]))
					if i%5 == 0 {
						check(fmt.Sprintf("round %d, %s moved, again", round, names[i]))
					}
					*ptrs[i] = old
					if i%7 == 3 {
						// Two fields at once: a new base.
						j := r.IntN(len(ptrs))
						move(i)
						move(j)
						check(fmt.Sprintf("round %d, %s and %s moved", round, names[i], names[j]))
						base[i], base[j] = *ptrs[i], *ptrs[j]
					}
				}
			}
		}
	}
	for i, n := range outcomes {
		if n < 1000 {
			t.Errorf("too few outcomes of kind %d (%v) to compare", i, outcomes)
		}
	}
}

// A Replayer keeps a replication's outcome at a point that differs from
// its base in a field of the walk that enters none of the rungs the
// replication's years step from, nor its doctrines in force (diff's
// enters, Replayer.entered): the whole walk must then be the base's,
// every year's rung and blocker, not only the outcome.
func TestReplayerWalkFieldsEnterTheirRungs(t *testing.T) {
	t.Parallel()
	evs := []Event{
		{Name: "crisis", Decay: 0.6, Effects: []Effect{{Target: "china.threat", Delta: 0.4}, {Target: "latent", Delta: 0.6}}},
		{Name: "detente", Decay: 0.7, Effects: []Effect{{Target: "russia.consent", Delta: -0.4}, {Target: "latent", Delta: -0.6}}},
	}
	r := rand.New(rand.NewPCG(31, 32))
	const reps = 96
	var skipped, moved int
	for _, resumed := range []bool{false, true} {
		for _, start := range []State{Rivalry, TreatyPartnership, Entente, DefenceAlliance} {
			sc, p := world(t, 12, start, evs...)
			sc.DecisionYears = []int{2029, 2033}
			for e := range p.EventProb {
				p.EventProb[e] = 0.15
			}
			d, _ := filledDraws(sc, reps, resumed, 9, 13, func(rep int) Carry {
				return Carry{Rung: State(rep % NumStates), Noise: 0.3 * r.NormFloat64(), Standing: [2]float64{r.NormFloat64(), r.NormFloat64()},
					DocInForce: [2]bool{rep%4 < 2, rep%8 < 4 == (rep%4 == 1)}, Walked: [2]bool{rep%16 == 5, rep%16 == 9}}
			})
			w := DefaultWeights()
			w.NoiseSD = 0.4
			p.Actors[0].DoctrineHazard, p.Actors[1].DoctrineHazard = 0.3, 0.3
			p.Actors[0].Doctrine, p.Actors[1].Doctrine = 0.5, 0.5
			rp := d.NewReplayer()
			rp.Run(&w, p)
			base := make([][]State, reps)
			blocked := make([][]Blocker, reps)
			for rep := range reps {
				rp.replayOne(rep, &w, p)
				base[rep] = append([]State(nil), rp.tr.States...)
				blocked[rep] = append([]Blocker(nil), rp.tr.Blocked...)
			}
			w0, p0 := w, *p
			p0.EventProb = append([]float64(nil), p.EventProb...)
			names, ptrs := floatFields(&w, p)
			for i, f := range ptrs {
				old := *f
				for range 4 {
					*f = old + 0.6*(r.Float64()-0.5)
					c := diff(&w0, &w, &p0, p)
					if !c.walk {
						break
					}
					for rep := range reps {
						rp.replayOne(rep, &w, p)
						same := reflect.DeepEqual(rp.tr.States, base[rep]) && reflect.DeepEqual(rp.tr.Blocked, blocked[rep])
						switch {
						case rp.entered[rep]&c.enters == 0:
							skipped++
							if !same {
								t.Fatalf("resumed %v, start %v, %s moved: replication %d (entered %b, the field enters %b) walks otherwise than the base", resumed, start, names[i], rep, rp.entered[rep], c.enters)
							}
						case !same:
							moved++
						}
					}
				}
				*f = old
			}
		}
	}
	if skipped < 1000 || moved < 1000 {
		t.Errorf("%d walks kept and %d moved: too few to compare", skipped, moved)
	}
}

// An event of decay 0 shifts its year only, so a year with an offset can
// be followed by a quiet one: a point that differs from the base in a
// field of the drivers or the terms must then give the quiet year the
// quiet drivers' latent offset (none), not the year before's.
func TestReplayerEventOfOneYear(t *testing.T) {
	t.Parallel()
	evs := []Event{
		{Name: "flash", Decay: 0, Effects: []Effect{{Target: "latent", Delta: 0.8}}},
		{Name: "scare", Decay: 0, Effects: []Effect{{Target: "china.threat", Delta: 0.3}, {Target: "latent", Delta: -0.5}}},
	}
	sc, p := world(t, 12, Normalization, evs...)
	p.EventProb[0], p.EventProb[1] = 0.3, 0.2
	const reps = 64
	d, _ := filledDraws(sc, reps, false, 5, 7, nil)
	rp := d.NewReplayer()
	tr := NewTrajectory(sc)
	w := DefaultWeights()
	rp.Run(&w, p)
	w0, p0 := w, *p
	moves := []func(){
		func() { w.Bias += 0.1 },
		func() { w.Bias -= 0.1 },
		func() { w.JuniorPartner *= 0.8 },
		func() { p.Actors[1].Threat -= 0.2 },
		func() { p.Dyad.Treaty = 0.4 },
	}
	for i, move := range moves {
		w, p.Actors, p.Dyad = w0, p0.Actors, p0.Dyad
		move()
		got := rp.Run(&w, p)
		for rep := range reps {
			SimulateFrom(nil, sc, &w, p, repStreams(rep, 5, 7), tr)
			if want := (RepOutcome{Onset: tr.Onset, Final: tr.States[len(tr.States)-1]}); got[rep] != want {
				t.Fatalf("move %d, replication %d: Replayer %+v, SimulateFrom %+v", i, rep, got[rep], want)
			}
		}
	}
}
