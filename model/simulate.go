package model

import (
	"math"
	"math/rand/v2"
)

// Blocker records who withheld consent in a year when the defence alliance
// was on the table.
type Blocker uint8

// Blocker values. NoBlock also covers years in which the alliance was not
// on the table at all.
const (
	NoBlock Blocker = iota
	FirstBlocks
	SecondBlocks
	BothBlock
)

// Trajectory is the outcome of one simulated run. It is reused across runs
// to keep the Monte Carlo loop free of allocations; Reset sizes it.
type Trajectory struct {
	// States[t] is the rung at the end of year t.
	States []State
	// Latent[t] is the latent alignment pressure in year t.
	Latent []float64
	// Onset is the year index in which the alliance first formed, or -1.
	Onset int
	// Blocked[t] says who withheld consent in year t, if anyone.
	Blocked []Blocker
	// EventFirst[e] is the year index of event e's first occurrence, or -1.
	EventFirst []int

	strength []float64 // current strength of each event's effect
}

// NewTrajectory returns a Trajectory sized for sc.
func NewTrajectory(sc *Scenario) *Trajectory {
	tr := &Trajectory{}
	tr.reset(sc)
	return tr
}

func (tr *Trajectory) reset(sc *Scenario) {
	h, ne := sc.HorizonYears, len(sc.Events)
	if cap(tr.States) < h {
		tr.States = make([]State, h)
		tr.Latent = make([]float64, h)
		tr.Blocked = make([]Blocker, h)
	}
	tr.States, tr.Latent, tr.Blocked = tr.States[:h], tr.Latent[:h], tr.Blocked[:h]
	if cap(tr.EventFirst) < ne {
		tr.EventFirst = make([]int, ne)
		tr.strength = make([]float64, ne)
	}
	tr.EventFirst, tr.strength = tr.EventFirst[:ne], tr.strength[:ne]
	for i := range tr.EventFirst {
		tr.EventFirst[i] = -1
		tr.strength[i] = 0
	}
	tr.Onset = -1
}

// Terms are the parts of one year's utilities and latent pressure, already
// multiplied by their weights, so that a reader can see why the model leans
// where it leans. Utility terms are per actor; positive terms pull towards
// an alliance, the cost terms are stored as negative numbers.
type Terms struct {
	Opposition      [2]float64 // + weight × threat × pressure (own opposition to the rival)
	JuniorPartner   [2]float64 // − weight × autonomy value × ln(partner's capability / own), for the weaker side
	DisorderGap     [2]float64 // − weight × gap (entrapment) or × restraint share × gap (restraint)
	SelfSufficiency [2]float64 // − weight × self-sufficiency
	Doctrine        [2]float64 // − weight × doctrine in force (consent only)
	EventConsent    [2]float64 // + event shifts of consent
	Interdependence float64    // + weight × interdependence (both sides)
	Regime          float64    // + weight × regime similarity (both sides)
	Treaty          float64    // + weight × treaty architecture (both sides)
	Bias            float64    // latent intercept
	Noise           float64    // persistent AR(1) noise in the latent pressure
	EventLatent     float64    // event jumps in the latent pressure
}

// Base is actor i's utility of alignment before the doctrine, the event
// shifts of consent and the yearly consent shock.
func (t *Terms) Base(i int) float64 {
	return t.Opposition[i] + t.JuniorPartner[i] + t.DisorderGap[i] + t.SelfSufficiency[i] +
		t.Interdependence + t.Regime + t.Treaty
}

// Utility is actor i's utility of a defence alliance, without the yearly
// consent shock: Base plus the doctrine and event shifts of consent.
func (t *Terms) Utility(i int) float64 {
	return t.Base(i) + t.Doctrine[i] + t.EventConsent[i]
}

// Latent is the latent alignment pressure: the intercept, the mean of the
// two sides' opposition to the rival, the dyad's shared terms, the mean of
// the two sides' costs of a formal alliance (junior partner, disorder gap,
// self-sufficiency) scaled by costShare, the persistent noise and the event jumps. The doctrine is
// left out: it vetoes a formal pact, not closeness. Costs weigh only
// partly because they are costs of commitment: the record since 1992 shows
// the pair growing closer while the asymmetry between them grew.
func (t *Terms) Latent(costShare float64) float64 {
	cost := t.JuniorPartner[0] + t.JuniorPartner[1] + t.DisorderGap[0] + t.DisorderGap[1] +
		t.SelfSufficiency[0] + t.SelfSufficiency[1]
	return t.Bias + 0.5*(t.Opposition[0]+t.Opposition[1]+costShare*cost) +
		t.Interdependence + t.Regime + t.Treaty + t.Noise + t.EventLatent
}

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// terms computes year t's Terms from the drivers, the event offsets and
// whether each side's doctrine is still in force.
//
// Capabilities grow exponentially, cap_i(t) = cap_i·exp(g_i·t), so the log
// of the second actor's capability over the first's is linear in t:
// logRatio0 + (g_1 − g_0)·t, where logRatio0 = ln(cap_1/cap_0) is computed
// once per run (see logRatio).
func terms(w *Weights, p *Params, t int, logRatio0 float64, off *[numSlots]float64, docInForce [2]bool, noise float64) Terms {
	var tm Terms
	var dis [2]float64
	for i := range 2 {
		dis[i] = clamp(p.Actors[i].DisorderAppetite+off[i*actorSlots+slotDisorder], 0, 1)
	}
	gap := math.Abs(dis[0] - dis[1])
	// lr > 0: the second actor is the stronger; the first is junior by lr.
	lr := logRatio0 + (p.Actors[1].Growth-p.Actors[0].Growth)*float64(t)
	for i := range 2 {
		a, o := &p.Actors[i], off[i*actorSlots:]
		threat := clamp(a.Threat+o[slotThreat], 0, 1)
		pressure := clamp(a.Pressure+o[slotPressure], 0, 1)
		tm.Opposition[i] = w.SharedOpposition * threat * pressure
		if junior := lr * float64(1-2*i); junior > 0 { // i = 0: lr; i = 1: −lr
			aut := clamp(a.AutonomyValue+o[slotAutonomy], 0, 3)
			tm.JuniorPartner[i] = -w.JuniorPartner * aut * junior
		}
		switch {
		case dis[i] < dis[1-i]: // the stability-preferring side fears entrapment
			tm.DisorderGap[i] = -w.DisorderGap * gap
		case dis[i] > dis[1-i]: // the revisionist side pays for restraint
			tm.DisorderGap[i] = -w.DisorderGap * w.RestraintShare * gap
		}
		tm.SelfSufficiency[i] = -w.SelfSufficiency * clamp(a.SelfSufficiency+o[slotSelfSufficiency], 0, 1)
		doc := 0.0
		if docInForce[i] {
			doc = a.Doctrine
		}
		tm.Doctrine[i] = -w.Doctrine * clamp(doc+o[slotDoctrine], 0, 1)
		tm.EventConsent[i] = o[slotConsent]
	}
	tm.Interdependence = w.Interdependence * clamp(p.Dyad.Interdependence+off[slotInterdependence], 0, 1)
	tm.Regime = w.RegimeSimilarity * clamp(p.Dyad.RegimeSimilarity+off[slotRegime], 0, 1)
	tm.Treaty = w.Treaty * clamp(p.Dyad.Treaty+off[slotTreaty], 0, 1)
	tm.Bias = w.Bias
	tm.Noise = noise
	tm.EventLatent = off[slotLatent]
	return tm
}

// Streams are the random sources of one run. Noise drives the latent
// AR(1) noise and the consent shocks. Events is a key from which each
// event's and each doctrine's yearly uniform number is hashed, keyed by
// the event's name (or the actor's id) and the year: two scenarios that
// share an event see it happen in the same runs and years, whatever other
// events either has and in whatever order (common random numbers).
type Streams struct {
	Noise  *rand.Rand
	Events uint64
}

// mix is the SplitMix64 finalizer (Steele, Lea & Flood 2014).
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Each event's and doctrine's number in a year is determined by the run's
// key, the year and the event's (or actor's) id.
// yearKey is the key of one run's year; uniformIn then costs one mix per
// event, which matters on the hot path (events × years per run).
func yearKey(key uint64, year int) uint64 { return mix(key ^ mix(uint64(int64(year)))) }

// uniformIn returns a number in [0, 1) determined by a year key and an id.
func uniformIn(yk, id uint64) float64 { return float64(mix(yk^id)>>11) * 0x1p-53 }

// nameHash keys a stream by a name (FNV-1a, then mixed).
func nameHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix(h)
}

// Simulate runs one trajectory of sc under weights w and drivers p, and
// writes it to tr. sc must have been compiled.
//
// Each year, in order: event effects decay and new events occur; each
// side's doctrine may be dropped; the latent pressure is computed; the
// state moves at most one rung. To keep random numbers aligned across
// scenarios, every year draws the same count of numbers from each stream,
// whatever happens.
func Simulate(sc *Scenario, w *Weights, p *Params, rs Streams, tr *Trajectory) {
	tr.reset(sc)
	var off [numSlots]float64
	docInForce := [2]bool{p.Actors[0].Doctrine > 0, p.Actors[1].Doctrine > 0}
	rho := w.NoisePersistence
	innov := w.NoiseSD * math.Sqrt(1-rho*rho)
	u := w.NoiseSD * rs.Noise.NormFloat64() // stationary start
	state := sc.InitialState
	lr0 := logRatio(p)
	for t := range sc.HorizonYears {
		year := sc.StartYear + t
		yk := yearKey(rs.Events, year)
		// Events: decay what happened before, then draw this year's.
		clear(off[:])
		for e := range sc.Events {
			ev := &sc.Events[e]
			tr.strength[e] *= ev.Decay
			r := uniformIn(yk, ev.hash)
			inWindow := (ev.From == 0 || year >= ev.From) && (ev.To == 0 || year <= ev.To)
			if inWindow && r < p.EventProb[e] && !(ev.Once && tr.EventFirst[e] >= 0) {
				tr.strength[e]++
				if tr.EventFirst[e] < 0 {
					tr.EventFirst[e] = t
				}
			}
			if s := tr.strength[e]; s != 0 {
				for _, ef := range ev.Effects {
					off[ef.slot] += s * ef.Delta
				}
			}
		}
		for i := range 2 {
			r := uniformIn(yk, sc.doctrineHash[i])
			if docInForce[i] && r < p.Actors[i].DoctrineHazard {
				docInForce[i] = false
			}
		}
		if t > 0 {
			u = rho*u + innov*rs.Noise.NormFloat64()
		}
		z0, z1 := rs.Noise.NormFloat64(), rs.Noise.NormFloat64()

		tm := terms(w, p, t, lr0, &off, docInForce, u)
		z := tm.Latent(w.LatentCostShare)
		tr.Latent[t] = z
		tr.Blocked[t] = NoBlock

		ok := [2]bool{
			tm.Utility(0)+w.ConsentNoise*z0 > w.ConsentThreshold,
			tm.Utility(1)+w.ConsentNoise*z1 > w.ConsentThreshold,
		}
		var onTable bool
		state, onTable = step(state, z, hurdle(sc, w, year), w, ok)
		switch {
		case !onTable:
		case state == DefenceAlliance:
			if tr.Onset < 0 {
				tr.Onset = t
			}
		case ok[1]:
			tr.Blocked[t] = FirstBlocks
		case ok[0]:
			tr.Blocked[t] = SecondBlocks
		default:
			tr.Blocked[t] = BothBlock
		}
		tr.States[t] = state
	}
}

// step moves the pair at most one rung from state, given this year's
// latent pressure z, the hurdle to the alliance and who would consent. It
// reports whether the alliance was on the table (the pair on the entente
// with z above the hurdle), in which case consent decides.
func step(state State, z, hurdle float64, w *Weights, consent [2]bool) (State, bool) {
	switch {
	case state == DefenceAlliance:
		// A signed treaty outlives the pressure that made it: it lapses
		// only when the pressure falls below what sustains an entente.
		if z < w.Thresholds[Entente-1]-w.Hysteresis {
			return Entente, false
		}
		return state, false
	case state == Entente && z > hurdle:
		if consent[0] && consent[1] {
			return DefenceAlliance, true
		}
		return state, true
	case state < Entente && z > w.Thresholds[state]:
		return state + 1, false
	case state > Rivalry && z < w.Thresholds[state-1]-w.Hysteresis:
		return state - 1, false
	}
	return state, false
}

// hurdle is the latent pressure at which the defence alliance is on the
// table in year: the top threshold, lowered in a treaty decision year.
func hurdle(sc *Scenario, w *Weights, year int) float64 {
	h := w.Thresholds[DefenceAlliance-1]
	for _, y := range sc.DecisionYears {
		if y == year {
			return h - w.DecisionWindow
		}
	}
	return h
}

// logRatio is ln(capability of the second actor / capability of the
// first) at t = 0.
func logRatio(p *Params) float64 {
	return math.Log(p.Actors[1].Capability / p.Actors[0].Capability)
}
