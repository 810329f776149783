package model

import (
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// The Monte Carlo engine spends most of its time in the yearly loop of
// Simulate. run is that loop for streams made by PCGStreams: the same
// rules, operations and random numbers as Path.Step year after year (bit
// for bit, TestRunMatchesStep), but with the run's state in locals, the
// generator's 128-bit state in registers instead of behind a pointer, no
// event number hashed that cannot matter (an event outside its window, a
// once-only event that has happened, a doctrine already dropped: each
// number is a hash of its own key, so leaving one out moves no other), and
// in a year with an event in force only the drivers the events shift
// recomputed.

// pcgLoad returns the state of p: the two words Seed would set.
func pcgLoad(p *rand.PCG) (hi, lo uint64) {
	var buf [20]byte
	b, _ := p.AppendBinary(buf[:0])
	return binary.BigEndian.Uint64(b[4:12]), binary.BigEndian.Uint64(b[12:20])
}

// pcgNext is (*rand.PCG).next on a state held by value: state·mul + inc.
func pcgNext(hi, lo uint64) (uint64, uint64) {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	h, l := bits.Mul64(lo, mulLo)
	h += hi*mulLo + lo*mulHi
	l, c := bits.Add64(l, incLo, 0)
	h, _ = bits.Add64(h, incHi, c)
	return h, l
}

// pcgOut is the DXSM output of (*rand.PCG).Uint64 for the state (hi, lo)
// just advanced to.
func pcgOut(hi, lo uint64) uint64 {
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// pcgNormSlow is normSlow on a state held by value: the rest of
// NormFloat64's loop from the rejected word u on, with pcgFloat64's
// numbers.
func pcgNormSlow(hi, lo, u uint64) (float64, uint64, uint64) {
	unit := func() float64 {
		hi, lo = pcgNext(hi, lo)
		return float64(pcgOut(hi, lo)<<11>>11) / (1 << 53)
	}
	for {
		j := int32(u) // possibly negative
		i := u >> 32 & 0x7F
		x := float64(j) * float64(normWn[i])
		if absInt32(j) < normKn[i] {
			return x, hi, lo
		}
		if i == 0 {
			for {
				x = -math.Log(unit()) * (1.0 / normalRN)
				y := -math.Log(unit())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return normalRN + x, hi, lo
			}
			return -normalRN - x, hi, lo
		}
		if normFn[i]+float32(unit())*(normFn[i-1]-normFn[i]) < float32(math.Exp(-.5*x*x)) {
			return x, hi, lo
		}
		hi, lo = pcgNext(hi, lo)
		u = pcgOut(hi, lo)
	}
}

// shiftMask makes r, which holds shifted(w, p, off') for offsets off'
// that are 0 outside the slots set in mask, shifted(w, p, off) for
// offsets off that are 0 outside them too: only the drivers of those slots
// are recomputed, with shifted's operations (a slot whose offset is 0
// again gets shifted's value for 0).
func (r *yearDrivers) shiftMask(w *Weights, p *Params, off *[numSlots]float64, mask uint32) {
	for i := range 2 {
		m := mask >> (i * actorSlots)
		if m&(1<<actorSlots-1) == 0 {
			continue
		}
		a, o := &p.Actors[i], off[i*actorSlots:(i+1)*actorSlots]
		if m&(1<<slotDisorder) != 0 {
			r.setDisorder(i, a, o[slotDisorder])
		}
		if m&(1<<slotThreat) != 0 {
			r.setThreat(i, a, o[slotThreat])
		}
		if m&(1<<slotPressure) != 0 {
			r.setPressure(i, a, o[slotPressure])
		}
		if m&(1<<slotAutonomy) != 0 {
			r.setAutonomy(i, a, o[slotAutonomy])
		}
		if m&(1<<slotSelfSufficiency) != 0 {
			r.setSelfSufficiency(i, a, o[slotSelfSufficiency])
		}
		if m&(1<<slotDoctrine) != 0 {
			r.setDoctrine(i, a, o[slotDoctrine])
		}
		if m&(1<<slotConsent) != 0 {
			r.consent[i] = o[slotConsent]
		}
	}
	const dis = 1<<slotDisorder | 1<<(actorSlots+slotDisorder)
	if mask&dis != 0 {
		r.setGap()
	}
	if mask&(1<<slotInterdependence) != 0 {
		r.setInterdependence(w, p, off[slotInterdependence])
	}
	if mask&(1<<slotRegime) != 0 {
		r.setRegime(w, p, off[slotRegime])
	}
	if mask&(1<<slotTreaty) != 0 {
		r.setTreaty(w, p, off[slotTreaty])
	}
	if mask&(1<<slotLatent) != 0 {
		r.latent = off[slotLatent]
	}
}

// yearVals are the values of one year that do not depend on the run's
// course, beyond what the walk reads (walkYear): the key of the year's
// event and doctrine numbers and the events' offsets. The latent pressure
// goes straight into the trajectory.
type yearVals struct {
	key  uint64
	off  [numSlots]float64 // the events' offsets
	mask uint32            // the slots of the events in force
}

// walkYear is what the walk up and down the ladder reads of one year:
// each side's utility with its doctrine dropped and in force (u[i][0],
// u[i][1]) and the yearly consent shocks. They are kept apart from the
// rest of a year's values (yearVals, repYear) so that the walk reads 48
// bytes a year rather than a year's offsets too.
type walkYear struct {
	u     [2][2]float64
	shock [2]float64
}

// parts is combine for both doctrines: the latent pressure, and into u
// each side's utility with (u[i][1]) and without (u[i][0]) its doctrine,
// with combine's operations in combine's order (side for both actors:
// the utility's terms have one home).
func (q *yearDrivers) parts(w *Weights, dom, noise, costShare float64, u *[2][2]float64) float64 {
	return q.partsPre(w, dom, costShare, u) + noise + q.latent
}

// partsPre is parts without its last two terms, the noise and the events'
// latent offset: parts is partsPre + noise + q.latent, the same additions
// in the same order. Without the noise it does not depend on the run's
// random numbers, so Replay computes it once per evaluation for the years
// without an event in force.
func (q *yearDrivers) partsPre(w *Weights, dom, costShare float64, u *[2][2]float64) float64 {
	var opp, com [2]float64
	q.sides(w, dom, &opp, &com)
	return q.sums(w, &opp, &com, costShare, u)
}

// sides is side for both actors, as partsPre needs them, into opp and com.
func (q *yearDrivers) sides(w *Weights, dom float64, opp, com *[2]float64) {
	opp[0], com[0] = q.side(w, 0, dom)
	opp[1], com[1] = q.side(w, 1, -dom)
}

// sums is the rest of partsPre, from the sides' terms.
func (q *yearDrivers) sums(w *Weights, opp, com *[2]float64, costShare float64, u *[2][2]float64) float64 {
	return q.sumsOf(w, opp[0], com[0], opp[1], com[1], costShare, u)
}

// pcgFill fills out with normFloat64's numbers from the state (hi, lo)
// and returns the state after them.
func pcgFill(hi, lo uint64, out []float64) (uint64, uint64) {
	for k := range out {
		hi, lo = pcgNext(hi, lo)
		u := pcgOut(hi, lo)
		j := int32(u)
		if i := u >> 32 & 0x7F; absInt32(j) < normKn[i] {
			out[k] = float64(j) * float64(normWn[i])
			continue
		}
		out[k], hi, lo = pcgNormSlow(hi, lo, u)
	}
	return hi, lo
}

// run steps a started path through sc's horizon, as Simulate's loop of
// Path.Step, writing each year into tr. rs.pcg must be set, and (hi, lo)
// is its state (pcgLoad) after the start's numbers; rs.pcg is left as the
// steps would have left it.
//
// Only the rung, the walk-outs and the doctrines in force depend on the
// course of the run; the events, the noise, the shocks, the drivers and
// the latent pressure do not. run computes those first for every year,
// in loops whose years do not wait on one another, and then walks the
// ladder, a short loop of comparisons.
func (pa *Path) run(sc *Scenario, w *Weights, p *Params, rs Streams, hi, lo uint64, tr *Trajectory) {
	h := sc.HorizonYears
	dom, years, wys, latent := tr.dom[:h], tr.years[:h], tr.walk[:h], tr.Latent[:h]
	dominances(dom, pa.lr0, p.Actors[1].Growth-p.Actors[0].Growth, pa.T)

	evs := sc.Events
	strength := pa.strength[:len(evs)]
	first := pa.EventFirst[:len(evs)]
	probs := p.EventProb[:len(evs)]
	var none [numSlots]float64
	quiet := shifted(w, p, &none)
	u, fresh := pa.u, pa.fresh
	rho, innov := pa.rho, pa.innov
	cs := pa.cs
	costShare := w.LatentCostShare
	act := quiet // the drivers under this year's offsets
	var touched uint32
	// The events, event by event: each event's years wait only on its own
	// strength, and each year's offsets add the events' shifts in the
	// events' order, as Step does.
	for k := range years {
		yv := &years[k]
		yv.key = rng.Derive(rs.Events, uint64(int64(sc.StartYear+pa.T+k)))
		yv.off, yv.mask = [numSlots]float64{}, 0
	}
	for e := range evs {
		// In words of 64 years, the most one word of coins holds.
		s, f := strength[e], first[e]
		for lo := 0; lo < len(years); lo += 64 {
			s, f = eventYears(&evs[e], s, f, probs[e], pa.T+lo, sc.StartYear, years[lo:min(lo+64, len(years))])
		}
		strength[e], first[e] = s, f
	}
	// The run's normal numbers, in the order Step draws them: the noise's
	// innovation (from the second year on, or the first when resumed),
	// then the three of the consent shocks.
	nn := 3 * h
	if fresh {
		nn--
	}
	nn += h
	norms := tr.norms[:nn]
	hi, lo = pcgFill(hi, lo, norms)
	rs.pcg.Seed(hi, lo)
	for k := range years {
		yv, wy := &years[k], &wys[k]
		if !fresh {
			u = rho*u + innov*norms[0]
			norms = norms[1:]
		}
		fresh = false
		z0, z1, z2 := norms[0], norms[1], norms[2]
		norms = norms[3:]
		wy.shock = cs.at(z0, z1, z2)
		if m := yv.mask | touched; m != 0 {
			act.shiftMask(w, p, &yv.off, m)
		}
		touched = yv.mask
		latent[k] = act.parts(w, dom[k], u, costShare, &wy.u)
	}
	pa.u, pa.fresh = u, fresh

	walkLadder(pa, sc, w, p, wys, doctrineDraws{keys: years, hash: &sc.doctrineHash}, decisionBits(sc, pa.T), latent, tr)
}

// eventYears is run's loop over the years for the event ev, from its
// strength s and first year f, for at most 64 years from year t0 of the
// run, and a decay in [0, 1] (Compile checks it): it adds the event's
// offsets into years and returns the strength and first year after them,
// bit for bit as Step would year by year.
//
// It first draws the event's coins in the years of its window (every coin
// independent of the others, so the hashes overlap in the processor), as
// the bits of one word; then it follows the strength (s·decay, plus 1 in a
// year whose coin comes up) only from the first year it is not 0: before
// it, s·decay is 0 again, and nothing is added. An event with no coin up
// and no strength, most of them in most runs (a 5% event stays quiet ten
// years running 60% of the time), costs only its hashes. The year-by-year
// loop carried the strength's multiplication and addition from year to
// year whatever happened, and with the offsets took two fifths of
// Simulate's time on the baseline.
func eventYears(ev *Event, s float64, f int, prob float64, t0, startYear int, years []yearVals) (float64, int) {
	if ev.Once && f >= 0 {
		prob = 0 // a once-only event that has happened draws no coin
	}
	// The window as year indices [lo, hi) of years.
	lo, hi := 0, len(years)
	if ev.From != 0 {
		lo = max(lo, ev.From-startYear-t0)
	}
	if ev.To != 0 {
		hi = min(hi, ev.To-startYear-t0+1)
	}
	var up uint64 // bit k: the coin of year k came up
	if prob > 0 {
		thr := coinBar(prob)
		for k := lo; k < hi; k++ {
			up |= uint64(b2i(rng.Mix(years[k].key^ev.hash)>>11 < thr)) << k
		}
		if ev.Once && up != 0 {
			up &= -up // the first occurrence only
		}
	}
	from := 0
	if s == 0 {
		if up == 0 {
			return s, f
		}
		from = bits.TrailingZeros64(up)
	}
	if f < 0 && up != 0 {
		f = t0 + bits.TrailingZeros64(up)
	}
	decay := ev.Decay
	for k := from; k < len(years); k++ {
		s *= decay
		s += float64(up >> k & 1)
		if s != 0 {
			yv := &years[k]
			for _, ef := range ev.Effects {
				yv.off[ef.slot] += s * ef.Delta
				yv.mask |= 1 << ef.slot
			}
		}
	}
	return s, f
}

// coinBar is the bar for which rng.UnitAt(key, id) < prob is
// rng.Mix(key^id)>>11 < coinBar(prob), compared as integers: the unit
// number is m·2⁻⁵³ for the top 53 bits m of the hash, exactly, and m·2⁻⁵³
// < prob exactly when m < ⌈prob·2⁵³⌉ (prob·2⁵³ is exact: a power of two
// scales it). 0 for a prob that no number is below (0 or less, NaN).
func coinBar(prob float64) uint64 {
	switch {
	case !(prob > 0):
		return 0
	case prob >= 1:
		return 1 << 53
	}
	return uint64(math.Ceil(prob * 0x1p53))
}

// decisionBits marks the years, by index from year T of the scenario's
// run (below 64), that hold a scheduled decision; consentBar's loop
// serves the others.
func decisionBits(sc *Scenario, t int) uint64 {
	var decision uint64
	for _, y := range sc.DecisionYears {
		if k := y - sc.StartYear - t; k >= 0 && k < 64 {
			decision |= 1 << k
		}
	}
	return decision
}

// doctrineDraws are the uniform numbers the doctrine hazards are drawn
// against: a Replayer's stored numbers (side i's year k at stored[i·h +
// k]), or, when stored is nil, run's, hashed from each year's key when a
// doctrine is in force.
//
// The walk was generic over its source of years, each source its own
// type; but a type parameter's methods are called through its dictionary
// and do not inline, two indirect calls a year. The walk reading a plain
// slice of walkYear and this branch on stored (the same way in every year
// of a walk) took the sensitivity command's CPU from 4.88 to 4.62 s
// (medians of 5 runs each) and left run's year loop as it was.
type doctrineDraws struct {
	stored []float64
	h      int
	keys   []yearVals
	hash   *[2]uint64 // Scenario.doctrineHash
}

func (dd *doctrineDraws) draw(i, k int) float64 {
	if dd.stored != nil {
		return dd.stored[i*dd.h+k]
	}
	return rng.UnitAt(dd.keys[k].key, dd.hash[i])
}

// walkLadder is the one walk up and down the ladder of the years ys from
// pa's rung, Step's order for each year: the doctrines in force dropped by
// their hazards (numbers from dd), the consent bar (lower in the years
// decision marks, by index from pa.T), each side's consent on its
// utility and shock, the move (step) on the year's latent pressure,
// and what the year records into tr (rung, blocker, onset, end). It
// leaves pa at the end of the years.
func walkLadder(pa *Path, sc *Scenario, w *Weights, p *Params, ys []walkYear, dd doctrineDraws, decision uint64, latent []float64, tr *Trajectory) {
	h := len(ys)
	cs := pa.cs
	// The two sides' doctrines in force and walk-outs are scalars rather
	// than arrays indexed in a loop over the sides, which the compiler
	// kept on the stack, storing and loading them in every year: as
	// scalars in registers the sensitivity command's CPU fell from 4.39 to
	// 4.05 s (medians of 5 runs each), run's year loop unchanged.
	doc0, doc1 := pa.docInForce[0], pa.docInForce[1]
	walked0, walked1 := pa.walked[0], pa.walked[1]
	hazard0, hazard1 := p.Actors[0].DoctrineHazard, p.Actors[1].DoctrineHazard
	state := pa.Rung
	states, blocked, latent := tr.States[:h], tr.Blocked[:h], latent[:h]
	for k := range h {
		y := &ys[k]
		if doc0 && dd.draw(0, k) < hazard0 {
			doc0 = false
		}
		if doc1 && dd.draw(1, k) < hazard1 {
			doc1 = false
		}
		var bar float64
		if k < 64 {
			bar = w.ConsentThreshold
			if decision>>k&1 != 0 {
				bar -= w.DecisionWindow
			}
			switch {
			case state == DefenceAlliance:
				bar -= w.ExitMargin
			case state < Entente:
				bar += w.RungDistance * float64(Entente-state)
			}
		} else {
			bar = consentBar(sc, w, sc.StartYear+pa.T+k, state)
		}
		shock0, shock1 := y.shock[0], y.shock[1]
		if state == DefenceAlliance || walked0 {
			shock0 = cs.standing[0]
		}
		if state == DefenceAlliance || walked1 {
			shock1 = cs.standing[1]
		}
		ok0 := y.u[0][b2i(doc0)]+shock0 >= bar
		ok1 := y.u[1][b2i(doc1)]+shock1 >= bar
		prev := state
		var onTable bool
		state, onTable = step(state, latent[k], w, b2i(ok0)&b2i(ok1) != 0)
		b := NoBlock
		switch {
		case prev == DefenceAlliance && state != DefenceAlliance:
			walked0, walked1 = walked0 || !ok0, walked1 || !ok1
			if tr.End < 0 {
				tr.End = k
			}
		case !onTable:
		case state == DefenceAlliance:
			doc0, doc1 = false, false
			if tr.Onset < 0 {
				tr.Onset = k
			}
		default:
			b = blockerOf[b2i(ok0)|b2i(ok1)<<1]
		}
		blocked[k], states[k] = b, state
	}
	pa.docInForce, pa.walked = [2]bool{doc0, doc1}, [2]bool{walked0, walked1}
	pa.Rung = state
	pa.T += h
}

// blockerOf is Step's choice of blocker on the table, by who consents
// (bit 0 the first side, bit 1 the second): the second alone (or both)
// blocks nothing the first did not, so FirstBlocks; the first alone,
// SecondBlocks; neither, BothBlock. A table instead of branches: who
// consents is close to a coin toss in many years.
var blockerOf = [4]Blocker{BothBlock, SecondBlocks, FirstBlocks, FirstBlocks}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
