package model

import (
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// Path is the state one run carries from one year to the next: the rung,
// the persistent latent noise, each side's doctrine in force, its consent
// dispositions and whether it has walked out of an alliance, and every
// event's strength. Simulate advances a Path year by year; a particle
// filter (package nowcast) advances many, weighting them by what was
// observed. Start sets a Path at a scenario's first year; Step advances it
// one year. The scenario, weights and drivers are passed to each call, not
// kept, so that copying a Path (CopyFrom) and its Params together copies a
// run.
//
// A Path can be stepped past the scenario's horizon: the drivers keep
// growing, no event whose window has passed recurs, and the yearly rules
// are the same.
type Path struct {
	// Rung is the rung at the end of the last year stepped (before the
	// first Step, the scenario's initial state or the Carry resumed).
	Rung State
	// T is the number of years stepped: the next Step is year
	// StartYear + T.
	T int
	// EventFirst[e] is the year index of event e's first occurrence, or -1.
	EventFirst []int

	strength   []float64 // current strength of each event's effect
	u          float64   // the persistent AR(1) noise
	rho, innov float64   // its persistence and innovation scale
	fresh      bool      // u is the stationary start, not yet advanced
	cs         consentShocks
	docInForce [2]bool
	walked     [2]bool      // sides that have walked out of an alliance in this run
	lr0        float64      // ln(capability ratio) at t = 0
	dom        []float64    // dom[t]: year t's dominance, when precomputed (Simulate)
	quiet      *yearDrivers // the drivers of a year without an active event, when precomputed (Simulate)
}

// Year is what one Step did.
type Year struct {
	// Rung is the rung at the end of the year.
	Rung State
	// Latent is the year's latent alignment pressure.
	Latent float64
	// Blocked says who withheld consent, if the alliance was on the table.
	Blocked Blocker
	// OnTable reports that the alliance was on the table this year.
	OnTable bool
	// Formed reports that an alliance was signed this year.
	Formed bool
	// Ended reports that an alliance in force ended this year.
	Ended bool
}

// Carry is the part of a Path that can start a run of another scenario:
// where the pair stands and the run's persistent states, without the
// drivers and the event strengths, which belong to the scenario. A
// nowcast's filtered distribution of Carry values is the initial-state
// distribution of a forecast (SimulateFrom).
type Carry struct {
	// Rung is the rung at the end of the last year.
	Rung State
	// Noise is the persistent latent noise u of the last year; the next
	// year continues its AR(1) process.
	Noise float64
	// Standing is each side's standing consent disposition η_i, on the
	// consent shock's scale (§4.11 of docs/model.md).
	Standing [2]float64
	// DocInForce says whether each side's non-alignment doctrine is still
	// in force.
	DocInForce [2]bool
	// Walked says whether each side has walked out of an alliance.
	Walked [2]bool
}

// resetEvents sizes a path's event slices for ne events, reusing their
// storage, as before any event: no first occurrence (-1) and no strength.
func resetEvents(first []int, strength []float64, ne int) ([]int, []float64) {
	if cap(first) < ne || cap(strength) < ne {
		first, strength = make([]int, ne), make([]float64, ne)
	}
	first, strength = first[:ne], strength[:ne]
	for i := range first {
		first[i], strength[i] = -1, 0
	}
	return first, strength
}

// Start sets the path at the beginning of sc's first year under weights w
// and drivers p, drawing the stationary start of the latent noise and the
// standing consent dispositions from noise (four normal numbers, in that
// order). sc must have been compiled.
func (pa *Path) Start(sc *Scenario, w *Weights, p *Params, noise *rand.Rand) {
	pa.EventFirst, pa.strength = resetEvents(pa.EventFirst, pa.strength, len(sc.Events))
	pa.dom, pa.quiet = nil, nil
	pa.start(sc, w, p, normals{r: noise}, nil)
}

// start is Start on event slices already sized and cleared. A non-nil
// memo keeps its square roots and logarithm from one run to the next.
func (pa *Path) start(sc *Scenario, w *Weights, p *Params, noise normals, memo *startMemo) {
	if memo == nil {
		memo = new(startMemo)
	}
	memo.update(w, p)
	n := noise.norm()
	z, z0, z1 := noise.norm3()
	pa.startWith(sc, w, p, memo, n, z, z0, z1)
}

// startWith is start with its four normal numbers given, in the order
// start draws them (the noise's stationary start, then the standing
// dispositions' three), and memo already updated for w and p.
func (pa *Path) startWith(sc *Scenario, w *Weights, p *Params, memo *startMemo, n, z, z0, z1 float64) {
	pa.docInForce = [2]bool{p.Actors[0].Doctrine > 0, p.Actors[1].Doctrine > 0}
	if sc.InitialState == DefenceAlliance {
		pa.docInForce = [2]bool{} // a side in an alliance holds no non-alignment doctrine
	}
	pa.rho = w.NoisePersistence
	pa.innov = memo.innov
	pa.u = w.NoiseSD * n // stationary start
	pa.fresh = true
	pa.cs = memo.cs
	pa.cs.set0(z, z0, z1)
	pa.walked = [2]bool{}
	pa.Rung = sc.InitialState
	pa.T = 0
	pa.lr0 = memo.lr0
	if pa.Rung == DefenceAlliance {
		// An alliance in force at the start was signed and kept: each
		// side's standing disposition is drawn conditional on its staying
		// under the starting conditions (before any event), so that the
		// first year does not undo the treaty by the luck of the draw. The
		// condition maps the same normal number through the truncated
		// distribution's quantile, so random numbers stay aligned.
		var none [numSlots]float64
		tm := terms(w, p, 0, pa.lr0, &none, pa.docInForce, 0)
		bar := consentBar(sc, w, sc.StartYear, pa.Rung)
		for i := range 2 {
			pa.cs.standing[i] = truncatedAbove(pa.cs.standing[i], bar-tm.Utility(i), pa.cs.sp)
		}
	}
}

// DocInForce reports whether side i's non-alignment doctrine is still in
// force, as Carry().DocInForce[i] without copying the carry.
func (pa *Path) DocInForce(i int) bool { return pa.docInForce[i] }

// Carry returns the path's carried state.
func (pa *Path) Carry() Carry {
	return Carry{Rung: pa.Rung, Noise: pa.u, Standing: pa.cs.standing, DocInForce: pa.docInForce, Walked: pa.walked}
}

// Resume replaces the path's carried state with c, after Start: the run
// goes on from c instead of the scenario's initial state. The first Step
// then advances the latent noise from c.Noise rather than using the
// stationary start. Resume draws no random numbers.
func (pa *Path) Resume(c Carry) { pa.resume(&c) }

// resume is Resume from a carry in place, for a Replayer's stored
// carries (Replayer.begin says why).
func (pa *Path) resume(c *Carry) {
	pa.Rung = c.Rung
	pa.u = c.Noise
	pa.fresh = false
	pa.cs.standing = c.Standing
	pa.docInForce = c.DocInForce
	pa.walked = c.Walked
}

// CopyFrom makes pa a copy of q, reusing pa's event slices.
func (pa *Path) CopyFrom(q *Path) {
	s, e := pa.strength, pa.EventFirst
	*pa = *q
	pa.dom, pa.quiet = nil, nil // q's may be a trajectory's buffers: compute on the fly
	pa.strength = append(s[:0], q.strength...)
	pa.EventFirst = append(e[:0], q.EventFirst...)
}

// Step advances the path one year, year sc.StartYear + pa.T, under
// weights w and drivers p (those it was started with), drawing from rs.
//
// In order: event effects decay and new events occur; each side's
// doctrine may be dropped; the latent pressure is computed; the state
// moves at most one rung. In the entente with the alliance on the table
// both sides must consent; in an alliance in force each side stays while
// its utility clears the consent threshold less ExitMargin. To keep random
// numbers aligned across scenarios, every year draws the same count of
// numbers from each stream, whatever happens.
func (pa *Path) Step(sc *Scenario, w *Weights, p *Params, rs Streams) Year {
	t := pa.T
	year := sc.StartYear + t
	var off [numSlots]float64
	// Each event's and doctrine's number in a year is determined by the
	// run's key, the year and the event's (or actor's) id; the year's key
	// is derived once, so a number costs one Mix per event.
	yk := rng.Derive(rs.Events, uint64(int64(year)))
	// Events: decay what happened before, then draw this year's.
	active := false // an event's effect is in force: off is not all 0
	for e := range sc.Events {
		ev := &sc.Events[e]
		pa.strength[e] *= ev.Decay
		r := rng.UnitAt(yk, ev.hash)
		inWindow := (ev.From == 0 || year >= ev.From) && (ev.To == 0 || year <= ev.To)
		if inWindow && r < p.EventProb[e] && !(ev.Once && pa.EventFirst[e] >= 0) {
			pa.strength[e]++
			if pa.EventFirst[e] < 0 {
				pa.EventFirst[e] = t
			}
		}
		if s := pa.strength[e]; s != 0 {
			active = true
			for _, ef := range ev.Effects {
				off[ef.slot] += s * ef.Delta
			}
		}
	}
	for i := range 2 {
		r := rng.UnitAt(yk, sc.doctrineHash[i])
		if pa.docInForce[i] && r < p.Actors[i].DoctrineHazard {
			pa.docInForce[i] = false
		}
	}
	nm := rs.normals()
	if !pa.fresh {
		pa.u = pa.rho*pa.u + pa.innov*nm.norm()
	}
	pa.fresh = false
	shock := pa.cs.draw(nm)

	var dom float64
	if t < len(pa.dom) {
		dom = pa.dom[t]
	} else {
		dom = dominanceAt(p, t, pa.lr0)
	}
	var z, u0, u1 float64
	if pa.quiet != nil && !active {
		z, u0, u1 = pa.quiet.combine(w, dom, pa.docInForce, pa.u, w.LatentCostShare)
	} else {
		z, u0, u1 = yearly(w, p, dom, &off, pa.docInForce, pa.u, w.LatentCostShare)
	}
	var y Year
	pa.decide(sc, w, year, z, u0, u1, shock, &y)
	return y
}

// decide is the rest of a year after its draws, for Step and a Stepper's Step:
// with the year's latent pressure z, each side's utility u0, u1 and
// yearly consent shock, each side's consent and the move on the ladder,
// what the year records into y, and the path advanced to the next year.
// y is written in place rather than returned: a Year returned by value
// through the Stepper's callers was stored a byte a field and copied in
// 16-byte words, and each copy waited on the byte stores.
func (pa *Path) decide(sc *Scenario, w *Weights, year int, z, u0, u1 float64, shock [2]float64, y *Year) {
	*y = Year{Latent: z}

	// Joining weighs the whole consent shock; staying in an alliance in
	// force weighs only the standing disposition: a treaty is not dropped
	// on a year's mood, only when its value has changed (Leeds & Savun
	// 2007). A side that has walked out of an alliance rejoins only on its
	// standing calculus too: it left because the pact's value to it fell,
	// and a good year's mood does not undo that.
	state := pa.Rung
	bar := consentBar(sc, w, year, state)
	for i := range 2 {
		if state == DefenceAlliance || pa.walked[i] {
			shock[i] = pa.cs.standing[i]
		}
	}
	ok := [2]bool{
		u0+shock[0] >= bar,
		u1+shock[1] >= bar,
	}
	prev := state
	state, y.OnTable = step(state, z, w, ok[0] && ok[1])
	if prev == DefenceAlliance && state != DefenceAlliance {
		pa.walked[0], pa.walked[1] = pa.walked[0] || !ok[0], pa.walked[1] || !ok[1]
	}
	switch {
	case prev == DefenceAlliance && state != DefenceAlliance:
		y.Ended = true
	case !y.OnTable:
	case state == DefenceAlliance:
		y.Formed = true
		// Signing a defence pact is abandoning non-alignment: a doctrine
		// does not survive it, and does not weigh on staying.
		pa.docInForce = [2]bool{}
	case ok[1]:
		y.Blocked = FirstBlocks
	case ok[0]:
		y.Blocked = SecondBlocks
	default:
		y.Blocked = BothBlock
	}
	pa.Rung = state
	pa.T++
	y.Rung = state
}
