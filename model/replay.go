package model

import (
	"math"
	"unsafe"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// A sensitivity analysis evaluates the same replications (the same random
// streams) at many input vectors: common random numbers. A run's random
// numbers do not depend on the weights or the drivers, only on its
// streams: its normal numbers (the start's four and the years'), each
// event's yearly number and each doctrine's. Draws keeps them for a set
// of replications, drawn once, and Replay runs a replication from them at
// any weights and drivers: bit for bit SimulateFrom with the replication's
// streams (TestReplayMatchesSimulate), without hashing or drawing a
// number. A Prep holds what a run computes from the weights and drivers
// alone (the years' dominance, the drivers and utilities of a year
// without an event in force), once for every replication of an
// evaluation.

// Draws holds the random numbers of n replications of one scenario.
type Draws struct {
	sc      *Scenario
	h, ne   int
	resumed bool
	nn      int // the run's normal numbers after the start's four
	stride  int // numbers per replication
	buf     []float64
	carry   []Carry // each replication's start, when resumed
}

// Layout of one replication's numbers: the start's 4 normals and the
// run's nn, each event's least number over the years it can happen in,
// each event's yearly numbers (ne×h) and each doctrine's (2×h).
func (d *Draws) evMinAt() int { return 4 + d.nn }
func (d *Draws) evAt() int    { return 4 + d.nn + d.ne }
func (d *Draws) docAt() int   { return 4 + d.nn + d.ne + d.ne*d.h }

// DrawsBytes is the most memory NewDraws takes for n replications of sc
// (each Replayer of them takes at most maxBaseBytes more).
func DrawsBytes(sc *Scenario, n int) int64 {
	h, ne := sc.HorizonYears, len(sc.Events)
	return int64(n) * (int64(4+4*h+ne+ne*h+2*h)*8 + int64(unsafe.Sizeof(Carry{})))
}

// NewDraws makes room for n replications of sc; resumed says whether the
// runs resume a Carry (SimulateFrom with a carry draws one normal number
// more). Fill each replication before replaying it.
func NewDraws(sc *Scenario, n int, resumed bool) *Draws {
	h, ne := sc.HorizonYears, len(sc.Events)
	d := &Draws{sc: sc, h: h, ne: ne, resumed: resumed, nn: 4 * h}
	if !resumed {
		d.nn-- // the stationary start stands for the first year's innovation
	}
	d.stride = 4 + d.nn + ne + ne*h + 2*h
	d.buf = make([]float64, n*d.stride)
	if resumed {
		d.carry = make([]Carry, n)
	}
	return d
}

// SetCarry makes replication r resume c (the draws must be resumed).
func (d *Draws) SetCarry(r int, c Carry) { d.carry[r] = c }

// Slice returns replications lo to hi−1 of d as draws of their own that
// share d's numbers: a Replayer of a slice keeps a base of hi−lo
// replications, within maxBaseBytes where d's would not be, and replays
// each as a Replayer of d replays it.
func (d *Draws) Slice(lo, hi int) *Draws {
	s := *d
	s.buf = d.buf[lo*d.stride : hi*d.stride : hi*d.stride]
	if d.carry != nil {
		s.carry = d.carry[lo:hi:hi]
	}
	return &s
}

// Len is the number of replications.
func (d *Draws) Len() int { return len(d.buf) / d.stride }

// Fill draws replication r's numbers from rs, which PCGStreams must have
// made, as SimulateFrom with rs would: afterwards rs's generator is where
// that run leaves it.
func (d *Draws) Fill(r int, rs Streams) {
	if rs.pcg == nil {
		panic("model: Draws.Fill needs streams made by PCGStreams")
	}
	sc := d.sc
	b := d.buf[r*d.stride : (r+1)*d.stride : (r+1)*d.stride]
	// The start's four normal numbers, then the years'.
	hi, lo := pcgLoad(rs.pcg)
	hi, lo = pcgFill(hi, lo, b[:4+d.nn])
	rs.pcg.Seed(hi, lo)
	evMin, ev, doc := b[d.evMinAt():d.evAt()], b[d.evAt():d.docAt()], b[d.docAt():]
	for e := range evMin {
		evMin[e] = math.Inf(1)
	}
	for k := range d.h {
		year := sc.StartYear + k
		key := rng.Derive(rs.Events, uint64(int64(year)))
		for e := range sc.Events {
			x := &sc.Events[e]
			u := rng.UnitAt(key, x.hash)
			ev[e*d.h+k] = u
			if (x.From == 0 || year >= x.From) && (x.To == 0 || year <= x.To) {
				evMin[e] = min(evMin[e], u)
			}
		}
		for i := range 2 {
			doc[i*d.h+k] = rng.UnitAt(key, sc.doctrineHash[i])
		}
	}
}

// Prep is what a run computes from the scenario, weights and drivers
// alone, for every replication of one evaluation.
type Prep struct {
	memo     startMemo
	dom      []float64
	quiet    yearDrivers
	qz       []float64       // a quiet year's latent pressure before the noise (partsPre)
	qu       [][2][2]float64 // a quiet year's utilities
	qs       [][2][2]float64 // a quiet year's sides' terms: opp, com
	decision uint64
}

// Set prepares p for runs of sc under weights w and drivers p.
func (pr *Prep) Set(sc *Scenario, w *Weights, p *Params) {
	h := sc.HorizonYears
	if cap(pr.dom) < h {
		pr.dom, pr.qz, pr.qu, pr.qs = make([]float64, h), make([]float64, h), make([][2][2]float64, h), make([][2][2]float64, h)
	}
	pr.dom, pr.qz, pr.qu, pr.qs = pr.dom[:h], pr.qz[:h], pr.qu[:h], pr.qs[:h]
	pr.memo.update(w, p)
	dominances(pr.dom, pr.memo.lr0, p.Actors[1].Growth-p.Actors[0].Growth, 0)
	var none [numSlots]float64
	pr.quiet = shifted(w, p, &none)
	for k := range pr.dom {
		qs := &pr.qs[k]
		pr.quiet.sides(w, pr.dom[k], &qs[0], &qs[1])
		pr.qz[k] = pr.quiet.sums(w, &qs[0], &qs[1], w.LatentCostShare, &pr.qu[k])
	}
	pr.decision = decisionBits(sc, 0)
}

// RepOutcome is what an evaluation needs of one replication: the year index
// in which an alliance formed (-1 if none) and the rung at the horizon.
type RepOutcome struct {
	Onset int
	Final State
}

// repYear is one year of one replication, what the values the ladder's
// walk reads (its walkYear) are made of: the events' offsets, the drivers
// under them (in a year with an offset), the sides' terms and the latent
// pressure's parts, latent = pre + noise + ql.
type repYear struct {
	pre, noise, ql float64
	opp, com       [2]float64 // the sides' terms (yearDrivers.sides)
	act            yearDrivers
	off            [numSlots]float64
	mask           uint32
}

// A Replayer runs every replication of its Draws at one point (weights
// and drivers) after another. A point that differs from the last point
// it replayed in full (its base) in one field reuses what the base
// computed: in a threshold, a consent bar or a doctrine hazard, each
// replication's years (walked again); in the consent shocks' scales, the
// years' utilities and pressure; in the noise's, their pressure before the
// noise; in one event's probability, the replications whose events do not
// change (the rest are replayed in full); in any other field, the events,
// the noise, the shocks and each year's drivers under its offsets but for
// the slots the field enters (change.slots), and the sides' terms of a
// side the field does not enter. A Sobol design's points differ from
// their row's A point in one input each. Taking the drivers from the base
// rather than shifting them again year by year (and the noise and the
// shocks rather than drawing them) took the sensitivity command's CPU
// from 4.84 to 4.22 s (medians of 5 runs each): 33 of its 54 inputs are
// such fields. Of those, a field of the sums alone (the bias and the cost
// share, the doctrines' weight and the system's terms, a side's doctrine)
// leaves the pressure or the utilities as the base's and recomputes only
// the other (replayPre, replayUtilities), and the rest are replayed by
// replaySides, which writes only what the walk reads (unless the runs
// start in the scenario's alliance, whose standing dispositions the terms
// enter: replayDrivers).
// Every outcome is bit for bit that of SimulateFrom
// (TestReplayerMatchesSimulate). A Replayer is not safe for concurrent
// use; its Draws are (read only).
type Replayer struct {
	d    *Draws
	pr   Prep
	tmpl Path // a resumed replication's path before its carry (prepare)
	tr   *Trajectory
	cur  []repYear  // a replication's years outside the base
	curW []walkYear // and what its walk reads of them
	// The base: its weights and drivers, every replication's years, what
	// the walk reads of them and the latent pressure, and its outcomes.
	has   bool
	w0    Weights
	p0    Params
	years []repYear
	walks []walkYear
	lat   []float64
	// entered[r]: the rungs replication r's years step from (bit s) and
	// its doctrines in force at the start (bit NumStates+i: side i's,
	// which only ever drops its doctrine). A field of the walk that
	// enters none of them leaves its walk as it was: the baseline's
	// replications start on the entente and rarely leave it, so most
	// of the lower thresholds' and the exit margin's points keep most
	// outcomes, which took the sensitivity command's CPU from 4.03 to
	// 3.85 s (medians of 5 runs each).
	entered []uint8
	outs    []RepOutcome
	res     []RepOutcome // the last point's outcomes
}

// NewReplayer returns a Replayer of d's replications.
// Beyond maxBaseBytes of a base's years a Replayer keeps no base (each
// goroutine evaluating has its own Replayer): it replays every point in
// full.
const maxBaseBytes = 4 << 20

func (d *Draws) NewReplayer() *Replayer {
	n, h := d.Len(), d.h
	rp := &Replayer{d: d, tr: NewTrajectory(d.sc), cur: make([]repYear, h), curW: make([]walkYear, h), res: make([]RepOutcome, n)}
	if int64(n)*int64(h)*int64(unsafe.Sizeof(repYear{})+unsafe.Sizeof(walkYear{})) <= maxBaseBytes {
		rp.years, rp.walks, rp.lat, rp.outs = make([]repYear, n*h), make([]walkYear, n*h), make([]float64, n*h), make([]RepOutcome, n)
		rp.entered = make([]uint8, n)
	}
	return rp
}

// What differs between two points, by the stage of a run it enters.
type change struct {
	n      int  // fields that differ
	walk   bool // the ladder's thresholds, the consent bars, the doctrine hazards
	shocks bool // the consent shocks' scales
	noise  bool // the latent noise's scale and persistence
	other  bool // anything else but the events' probabilities
	sides  int  // of other: the sides whose terms change (bit i: actor i's)
	// Of other: the slots of the years' drivers (yearDrivers) that change
	// (shiftMask's mask). The polarity, which no offset shifts, is
	// taken from the point's quiet drivers whatever changed.
	slots uint32
	// Of walk: the rungs (bit s: a year's step from rung s) and the
	// doctrines in force at the start (bit NumStates+i: side i's) whose
	// years the fields enter, as in Replayer.entered.
	enters uint8
	event  int // the one event probability that differs, -1 none, -2 several
	// Of other: what of a year the fields enter, of the latent
	// pressure before the noise (enterPre) and the utilities (enterU).
	// Most enter both; the bias and the cost share the pressure alone,
	// the doctrines' weights and the system's terms the utilities alone.
	enter uint8
}

// What a field of the drivers enters (change.enter).
const (
	enterPre = 1 << iota
	enterU
	enterBoth = enterPre | enterU
)

func same(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// diff says what differs between (w0, p0) and (w, p), field by field, bit
// for bit.
func diff(w0, w *Weights, p0, p *Params) change {
	var c change
	c.event = -1
	f := func(a, b float64, stage *bool) {
		if !same(a, b) {
			c.n++
			*stage = true
		}
	}
	// A field of the sides' terms (yearDrivers.side): of actor i's
	// (sides 1<<i) or of both (3), and of the drivers' slots.
	side := func(a, b float64, sides int, slots uint32) {
		if !same(a, b) {
			c.n++
			c.other = true
			c.sides |= sides
			c.slots |= slots
			c.enter |= enterBoth
		}
	}
	// A field of the drivers' slots that enters the sides' terms of
	// neither actor directly, and what of the year it enters.
	slot := func(a, b float64, slots uint32, enter uint8) {
		if !same(a, b) {
			c.n++
			c.other = true
			c.slots |= slots
			c.enter |= enter
		}
	}
	// A field of the sums (yearDrivers.sums) alone, and what it enters.
	sum := func(a, b float64, enter uint8) { slot(a, b, 0, enter) }
	side(w0.SharedOpposition, w.SharedOpposition, 3, 0)
	side(w0.Security, w.Security, 3, 0)
	side(w0.JuniorPartner, w.JuniorPartner, 3, 0)
	side(w0.Influence, w.Influence, 3, 0)
	side(w0.ProtectionCost, w.ProtectionCost, 3, 0)
	side(w0.ResidualThreat, w.ResidualThreat, 3, 0)
	side(w0.DisorderGap, w.DisorderGap, 3, 0)
	side(w0.RestraintShare, w.RestraintShare, 3, 0)
	side(w0.SelfSufficiency, w.SelfSufficiency, 3, 0)
	sum(w0.Doctrine, w.Doctrine, enterU)
	slot(w0.Interdependence, w.Interdependence, 1<<slotInterdependence, enterBoth)
	slot(w0.RegimeSimilarity, w.RegimeSimilarity, 1<<slotRegime, enterBoth)
	slot(w0.Treaty, w.Treaty, 1<<slotTreaty, enterBoth)
	sum(w0.Multipolarity, w.Multipolarity, enterU) // the polarity
	sum(w0.Multilateral, w.Multilateral, enterU)
	sum(w0.Unipolarity, w.Unipolarity, enterU)
	sum(w0.LatentCostShare, w.LatentCostShare, enterPre)
	sum(w0.Bias, w.Bias, enterPre)
	// A field of the walk, which enters a year's step from the rungs of
	// the bits of enters.
	walk := func(a, b float64, enters uint8) {
		if !same(a, b) {
			c.n++
			c.walk = true
			c.enters |= enters
		}
	}
	const allRungs = 1<<NumStates - 1
	walk(w0.DecisionWindow, w.DecisionWindow, allRungs)
	walk(w0.Hysteresis, w.Hysteresis, allRungs&^(1<<Rivalry)) // the moves down and EntenteHold
	walk(w0.ConsentThreshold, w.ConsentThreshold, allRungs)
	walk(w0.RungDistance, w.RungDistance, 1<<Entente-1) // the bar below the entente
	walk(w0.ExitMargin, w.ExitMargin, 1<<DefenceAlliance)
	for i := range w.Thresholds {
		// The move up from rung i and down from rung i+1 (from the
		// alliance, EntenteHold).
		enters := uint8(1<<i | 1<<(i+1))
		if State(i) == Entente-1 {
			enters |= 1 << DefenceAlliance
		}
		walk(w0.Thresholds[i], w.Thresholds[i], enters)
	}
	f(w0.ConsentPersistence, w.ConsentPersistence, &c.shocks)
	f(w0.ConsentCorrelation, w.ConsentCorrelation, &c.shocks)
	f(w0.NoiseSD, w.NoiseSD, &c.noise)
	f(w0.NoisePersistence, w.NoisePersistence, &c.noise)
	for i := range p.Actors {
		a0, a := &p0.Actors[i], &p.Actors[i]
		s := uint32(i * actorSlots)                     // actor i's slots
		side(a0.Threat, a.Threat, 3, 1<<(s+slotThreat)) // and the partner's protection cost
		side(a0.Pressure, a.Pressure, 3, 1<<(s+slotPressure))
		side(a0.Capability, a.Capability, 3, 0) // the dominance
		side(a0.Growth, a.Growth, 3, 0)
		side(a0.DisorderAppetite, a.DisorderAppetite, 3, 1<<(s+slotDisorder)) // the gap
		side(a0.AutonomyValue, a.AutonomyValue, 1<<i, 1<<(s+slotAutonomy))
		side(a0.SelfSufficiency, a.SelfSufficiency, 1<<i, 1<<(s+slotSelfSufficiency))
		slot(a0.Doctrine, a.Doctrine, 1<<(s+slotDoctrine), enterU)
		walk(a0.DoctrineHazard, a.DoctrineHazard, 1<<(NumStates+i)) // while the doctrine is in force
	}
	slot(p0.Dyad.Interdependence, p.Dyad.Interdependence, 1<<slotInterdependence, enterBoth)
	slot(p0.Dyad.RegimeSimilarity, p.Dyad.RegimeSimilarity, 1<<slotRegime, enterBoth)
	slot(p0.Dyad.Treaty, p.Dyad.Treaty, 1<<slotTreaty, enterBoth)
	sum(p0.Dyad.Multipolarity, p.Dyad.Multipolarity, enterU)
	sum(p0.Dyad.Multilateral, p.Dyad.Multilateral, enterU)
	sum(p0.Dyad.Unipolarity, p.Dyad.Unipolarity, enterU)
	if len(p0.EventProb) != len(p.EventProb) {
		c.n += 2
		c.other = true
		c.sides = 3
		c.slots = 1<<numSlots - 1
		c.enter = enterBoth
		c.event = -2
		return c
	}
	for e := range p.EventProb {
		if !same(p0.EventProb[e], p.EventProb[e]) {
			c.n++
			if c.event == -1 {
				c.event = e
			} else {
				c.event = -2
			}
		}
	}
	return c
}

// Run replays every replication under weights w and drivers p and
// returns their outcomes, valid until the next Run.
func (rp *Replayer) Run(w *Weights, p *Params) []RepOutcome {
	d, sc := rp.d, rp.d.sc
	h := d.h
	if rp.years == nil {
		rp.prepare(w, p)
		for r := range rp.res {
			rp.res[r] = rp.replay(r, w, p)
		}
		return rp.res
	}
	var c change
	if rp.has {
		c = diff(&rp.w0, w, &rp.p0, p)
	}
	if !rp.has || c.n >= 2 {
		rp.record(w, p, c.event == -1 && rp.has)
		return rp.outs
	}
	if c.n == 0 {
		return rp.outs
	}
	from := driverBase{base: true, sides: c.sides, slots: c.slots}
	if !d.resumed && sc.InitialState == DefenceAlliance {
		// The standing dispositions are conditioned on staying in the
		// alliance at the start: the bars and the terms enter the
		// shocks.
		c.shocks = c.shocks || c.walk
		from.shocks = true
	}
	rp.prepare(w, p)
	tr := rp.tr
	for r := range rp.res {
		b := d.buf[r*d.stride : (r+1)*d.stride : (r+1)*d.stride]
		base, wys, lat := rp.years[r*h:(r+1)*h:(r+1)*h], rp.walks[r*h:(r+1)*h:(r+1)*h], rp.lat[r*h:(r+1)*h:(r+1)*h]
		if c.event >= 0 && !eventMoves(sc, d, b, c.event, rp.p0.EventProb[c.event], p.EventProb[c.event]) {
			rp.res[r] = rp.outs[r] // the event happens in the same years
			continue
		}
		if c.walk && !c.shocks && rp.entered[r]&c.enters == 0 {
			rp.res[r] = rp.outs[r] // the years the field enters are not walked
			continue
		}
		var pa Path
		rp.begin(&pa, r, b, w, p, c.event >= 0)
		switch {
		case c.event >= 0:
			pa.replayEvents(sc, p, d, b, rp.cur)
			pa.replayDrivers(sc, w, p, &rp.pr, d, b, rp.cur, rp.cur, nil, rp.curW, tr.Latent, full)
			lat, wys = tr.Latent, rp.curW
		case c.other && c.enter == enterPre && !from.shocks:
			pa.replayPre(w, &rp.pr, d, base, tr.Latent)
			lat = tr.Latent
		case c.other && c.enter == enterU && !from.shocks:
			pa.replayUtilities(w, p, &rp.pr, d, base, wys, rp.curW, from.slots)
			wys = rp.curW
		case c.other && !from.shocks:
			pa.replaySides(w, p, &rp.pr, d, base, wys, rp.curW, tr.Latent, c.sides, c.slots)
			lat, wys = tr.Latent, rp.curW
		case c.other:
			pa.replayDrivers(sc, w, p, &rp.pr, d, b, base, rp.cur, wys, rp.curW, tr.Latent, from)
			lat, wys = tr.Latent, rp.curW
		case c.noise:
			pa.replayNoise(d, b, base, wys, rp.curW, tr.Latent)
			lat, wys = tr.Latent, rp.curW
		case c.shocks:
			pa.replayShocks(d, b, wys, rp.curW)
			wys = rp.curW
		}
		rp.res[r] = pa.walk(sc, w, p, &rp.pr, d, b, wys, lat, tr)
	}
	return rp.res
}

// record replays every replication in full (its events too unless
// keepEvents) and makes the point the base.
func (rp *Replayer) record(w *Weights, p *Params, keepEvents bool) {
	d, sc := rp.d, rp.d.sc
	h := d.h
	rp.prepare(w, p)
	for r := range rp.outs {
		b := d.buf[r*d.stride : (r+1)*d.stride : (r+1)*d.stride]
		years, wys, lat := rp.years[r*h:(r+1)*h:(r+1)*h], rp.walks[r*h:(r+1)*h:(r+1)*h], rp.lat[r*h:(r+1)*h:(r+1)*h]
		var pa Path
		rp.begin(&pa, r, b, w, p, !keepEvents)
		if !keepEvents {
			pa.replayEvents(sc, p, d, b, years)
		}
		pa.replayDrivers(sc, w, p, &rp.pr, d, b, years, years, nil, wys, lat, full)
		e := uint8(1<<pa.Rung | b2i(pa.docInForce[0])<<NumStates | b2i(pa.docInForce[1])<<(NumStates+1))
		rp.outs[r] = pa.walk(sc, w, p, &rp.pr, d, b, wys, lat, rp.tr)
		for k := range h - 1 {
			e |= 1 << rp.tr.States[k]
		}
		rp.entered[r] = e
	}
	rp.w0 = *w
	rp.p0.Actors, rp.p0.Dyad = p.Actors, p.Dyad
	rp.p0.EventProb = append(rp.p0.EventProb[:0], p.EventProb...)
	rp.has = true
}

// prepare readies rp for runs under weights w and drivers p: rp.pr, and
// for resumed draws the path every replication starts from before it
// resumes its carry (what start draws, Resume replaces).
func (rp *Replayer) prepare(w *Weights, p *Params) {
	d := rp.d
	rp.pr.Set(d.sc, w, p)
	if d.resumed {
		rp.tmpl = Path{}
		rp.tmpl.startWith(d.sc, w, p, &rp.pr.memo, 0, 0, 0, 0)
	}
}

// begin starts replication r's path in pa, as SimulateFrom does before
// its years, with rp prepared for (w, p); with events, its events'
// strengths and first years are reset for replayEvents.
//
// It fills the caller's Path rather than returning one, and resumes the
// stored carry in place: a copy of a struct whose fields were just
// written one by one, read back in other widths, stalls on the stores.
// With both, begin fell from 7% of the sensitivity command's CPU profile
// to 1%, and the command's CPU from 4.14 to 4.01 s (medians of 5 runs
// each).
func (rp *Replayer) begin(pa *Path, r int, b []float64, w *Weights, p *Params, events bool) {
	d, tr := rp.d, rp.tr
	tr.Onset, tr.End = -1, -1
	if d.resumed {
		*pa = rp.tmpl
		pa.resume(&d.carry[r])
		tr.Start = d.carry[r].Rung
	} else {
		*pa = Path{}
		pa.startWith(d.sc, w, p, &rp.pr.memo, b[0], b[1], b[2], b[3])
		tr.Start = d.sc.InitialState
	}
	if events {
		tr.EventFirst, tr.strength = resetEvents(tr.EventFirst, tr.strength, d.ne)
		pa.strength, pa.EventFirst = tr.strength, tr.EventFirst
	}
}

// replayOne replays replication r in full into rp.tr (for tests).
func (rp *Replayer) replayOne(r int, w *Weights, p *Params) RepOutcome {
	rp.prepare(w, p)
	return rp.replay(r, w, p)
}

// replay replays replication r in full into rp.cur, rp.curW and rp.tr, rp
// prepared for (w, p).
func (rp *Replayer) replay(r int, w *Weights, p *Params) RepOutcome {
	d, sc := rp.d, rp.d.sc
	b := d.buf[r*d.stride : (r+1)*d.stride : (r+1)*d.stride]
	var pa Path
	rp.begin(&pa, r, b, w, p, true)
	pa.replayEvents(sc, p, d, b, rp.cur)
	pa.replayDrivers(sc, w, p, &rp.pr, d, b, rp.cur, rp.cur, nil, rp.curW, rp.tr.Latent, full)
	return pa.walk(sc, w, p, &rp.pr, d, b, rp.curW, rp.tr.Latent, rp.tr)
}

// eventMoves reports whether event e happens in other years of the
// replication b at probability q than at p0: whether any of its numbers
// in the years it can happen in lies on the other side of one than of the
// other.
func eventMoves(sc *Scenario, d *Draws, b []float64, e int, p0, q float64) bool {
	ev := &sc.Events[e]
	eu := b[d.evAt()+e*d.h : d.evAt()+(e+1)*d.h]
	for k, u := range eu {
		year := sc.StartYear + k
		if (ev.From == 0 || year >= ev.From) && (ev.To == 0 || year <= ev.To) && (u < p0) != (u < q) {
			return true
		}
	}
	return false
}

// replayEvents is run's event loop on the replication's numbers b: each
// year's offsets and mask into years, the events' strengths and first
// years into the path.
//
// It is run's loop written out again, on stored numbers instead of hashed
// ones. One generic loop for both, the number a method of the source,
// was measured: it made the year loop 12% slower (BenchmarkSimulateBaseline
// 89 → 101 CPU-ns per draw-year), because a type parameter's methods are
// called through its dictionary and do not inline in that loop.
// TestReplayMatchesSimulate and TestReplayerMatchesSimulate hold the two
// to the same bits.
func (pa *Path) replayEvents(sc *Scenario, p *Params, d *Draws, b []float64, years []repYear) {
	h := d.h
	evs := sc.Events
	strength := pa.strength[:len(evs)]
	first := pa.EventFirst[:len(evs)]
	probs := p.EventProb[:len(evs)]
	evMin, evU := b[d.evMinAt():d.evAt()], b[d.evAt():d.docAt()]
	years = years[:h]
	for k := range years {
		yv := &years[k]
		yv.off, yv.mask = [numSlots]float64{}, 0
	}
	for e := range evs {
		prob := probs[e]
		if !(evMin[e] < prob) {
			// The event never happens: its strength stays 0 and it
			// shifts nothing, as in run.
			continue
		}
		ev := &evs[e]
		s, f := strength[e], first[e]
		from, to, once, decay := ev.From, ev.To, ev.Once, ev.Decay
		eu := evU[e*h : (e+1)*h]
		for k := range years {
			t := pa.T + k
			year := sc.StartYear + t
			s *= decay
			if (from == 0 || year >= from) && (to == 0 || year <= to) && !(once && f >= 0) {
				hit := eu[k] < prob
				s += float64(b2i(hit))
				if b2i(hit)&b2i(f < 0) != 0 {
					f = t
				}
			}
			if s != 0 {
				yv := &years[k]
				for _, ef := range ev.Effects {
					yv.off[ef.slot] += s * ef.Delta
					yv.mask |= 1 << ef.slot
				}
			}
		}
		strength[e], first[e] = s, f
	}
}

// replayDrivers is run's loop of the noise, the shocks and the drivers on
// the replication's numbers b: with the offsets of offs, each year's
// drivers, noise, sides' terms and latent pressure's parts into years
// (which may be offs), its utilities and shocks into wys and the pressure
// into latent. A zero from computes every year's drivers from the
// offsets, as run does; a replay from a base (offs and offW a base's
// years, the point differing from it in fields of the drivers or the
// terms) takes them from it and recomputes only what the change enters:
// the drivers' slots of from.slots and the sides of from.sides, the
// others' terms being offs'; the noise and, unless from.shocks, the
// shocks are the base's.
func (pa *Path) replayDrivers(sc *Scenario, w *Weights, p *Params, pr *Prep, d *Draws, b []float64, offs, years []repYear, offW, wys []walkYear, latent []float64, from driverBase) {
	h := d.h
	dom := pr.dom[:h]
	offs, years, wys, latent = offs[:h], years[:h], wys[:h], latent[:h]
	if from.base {
		offW = offW[:h]
	}
	u, fresh := pa.u, pa.fresh
	rho, innov := pa.rho, pa.innov
	cs := pa.cs
	costShare := w.LatentCostShare
	act := pr.quiet // the drivers under this year's offsets
	var touched uint32
	norms := b[4 : 4+d.nn]
	sides := from.sides
	for k := range years {
		yv, ov, wy := &years[k], &offs[k], &wys[k]
		switch {
		case !from.base:
			u, norms = replayYear(&cs, &wy.shock, u, rho, innov, fresh, norms)
		case from.shocks:
			// The noise is the base's: its innovation is skipped, not
			// applied.
			_, norms = replayYear(&cs, &wy.shock, 0, 0, 0, fresh, norms)
			u = ov.noise
		default:
			wy.shock, u = offW[k].shock, ov.noise
		}
		fresh = false
		mask := ov.mask
		if !from.base {
			if m := mask | touched; m != 0 {
				act.shiftMask(w, p, &ov.off, m)
			}
			touched = mask
		}
		var pre, ql float64
		if mask == 0 {
			// No offset: the quiet drivers, and partsPre would compute
			// pr's values again. (From a base, act may still hold the
			// drivers of the last year with an offset: an event of
			// decay 0 leaves the next year quiet.)
			wy.u = pr.qu[k]
			pre = pr.qz[k]
			yv.opp, yv.com = pr.qs[k][0], pr.qs[k][1]
			ql = pr.quiet.latent
		} else {
			if from.base {
				// The base's drivers, but for the slots that change:
				// shiftMask recomputes those from the year's offsets
				// (0 in a slot the year's events leave alone, as in
				// shifted).
				act = ov.act
				if from.slots != 0 {
					act.shiftMask(w, p, &ov.off, from.slots)
				}
				act.polarity = pr.quiet.polarity
			} else {
				yv.act = act
			}
			// partsPre, with the sides that do not change taken from offs.
			if sides == 3 {
				act.sides(w, dom[k], &yv.opp, &yv.com)
			} else {
				yv.opp, yv.com = ov.opp, ov.com
				if sides&1 != 0 {
					yv.opp[0], yv.com[0] = act.side(w, 0, dom[k])
				}
				if sides&2 != 0 {
					yv.opp[1], yv.com[1] = act.side(w, 1, -dom[k])
				}
			}
			pre = act.sums(w, &yv.opp, &yv.com, costShare, &wy.u)
			ql = act.latent
		}
		// parts is partsPre + noise + the year's latent offset.
		yv.pre, yv.noise, yv.ql = pre, u, ql
		latent[k] = pre + u + ql
	}
	pa.u, pa.fresh = u, fresh
}

// driverBase says where replayDrivers takes a year's drivers from.
type driverBase struct {
	base   bool   // from the base's years, else computed from the offsets
	shocks bool   // of base: the shocks change (drawn again)
	sides  int    // the sides whose terms change (bit i: actor i's)
	slots  uint32 // of base: the drivers' slots that change (change.slots)
}

// full is the driverBase of a replay that computes every year's drivers.
var full = driverBase{sides: 3}

// replayYear reads a replicated year's numbers from the head of norms as
// Path.Step draws them: the noise's innovation, except in the first year
// of a fresh start (u is then the stationary start itself), and the three
// normals of the consent shocks. It writes the year's shocks by cs into
// shock and returns the noise u advanced by the year and the numbers
// after the year's. The replay's three loops over the years call it; it
// inlines into each, which compiles to the code of the copies it replaced
// (within an instruction; a version returning the shocks as an array was
// measurably slower).
func replayYear(cs *consentShocks, shock *[2]float64, u, rho, innov float64, fresh bool, norms []float64) (float64, []float64) {
	if !fresh {
		u = rho*u + innov*norms[0]
		norms = norms[1:]
	}
	*shock = cs.at(norms[0], norms[1], norms[2])
	return u, norms[3:]
}

// replayNoise is replayDrivers for a point whose utilities and pressure
// before the noise are base's (base, and baseW for the walk): the noise,
// the shocks and the pressure again, into wys (the utilities copied) and
// latent.
func (pa *Path) replayNoise(d *Draws, b []float64, base []repYear, baseW, wys []walkYear, latent []float64) {
	h := d.h
	base, baseW, wys, latent = base[:h], baseW[:h], wys[:h], latent[:h]
	u, fresh := pa.u, pa.fresh
	rho, innov := pa.rho, pa.innov
	cs := pa.cs
	norms := b[4 : 4+d.nn]
	for k := range wys {
		wy, bv := &wys[k], &base[k]
		u, norms = replayYear(&cs, &wy.shock, u, rho, innov, fresh, norms)
		fresh = false
		wy.u = baseW[k].u
		latent[k] = bv.pre + u + bv.ql
	}
	pa.u, pa.fresh = u, fresh
}

// replayShocks is replayDrivers for a point whose utilities and pressure
// are base's: the shocks again, into wys (the utilities copied from
// baseW).
func (pa *Path) replayShocks(d *Draws, b []float64, baseW, wys []walkYear) {
	h := d.h
	baseW, wys = baseW[:h], wys[:h]
	fresh := pa.fresh
	cs := pa.cs
	norms := b[4 : 4+d.nn]
	for k := range wys {
		wy := &wys[k]
		// The noise is base's: its innovation is skipped, not applied.
		_, norms = replayYear(&cs, &wy.shock, 0, 0, 0, fresh, norms)
		fresh = false
		wy.u = baseW[k].u
	}
}

// walk is the ladder's walk (walkLadder, run's own) over the years wys
// and their latent pressure, with the doctrines' numbers of b; it writes
// the rungs, blockers, onset and end into tr.
func (pa *Path) walk(sc *Scenario, w *Weights, p *Params, pr *Prep, d *Draws, b []float64, wys []walkYear, latent []float64, tr *Trajectory) RepOutcome {
	walkLadder(pa, sc, w, p, wys[:d.h], doctrineDraws{stored: b[d.docAt():], h: d.h}, pr.decision, latent, tr)
	return RepOutcome{Onset: tr.Onset, Final: pa.Rung}
}
