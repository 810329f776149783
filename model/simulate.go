package model

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/internal/stats"
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
	// Onset is the year index in which an alliance first formed during the
	// run, or -1. A run that starts on an alliance has no onset until the
	// first one ends and a new one forms.
	Onset int
	// End is the year index in which an alliance in force (from the start
	// or formed during the run) first ended, or -1.
	End int
	// Start is the rung the run started on (the scenario's initial state).
	Start State
	// Blocked[t] says who withheld consent in year t, if anyone.
	Blocked []Blocker
	// EventFirst[e] is the year index of event e's first occurrence, or -1.
	EventFirst []int

	strength []float64   // current strength of each event's effect
	dom      []float64   // each year's dominance, for Path.Step
	quiet    yearDrivers // the drivers of a year without an active event, for Path.Step
	years    []yearVals  // each year's state-independent values, for Path.run
	walk     []walkYear  // and those of them the walk reads
	norms    []float64   // the run's normal numbers, for Path.run
	memo     startMemo   // Path.start's last scales, for the next run
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
		tr.dom = make([]float64, h)
	}
	if cap(tr.years) < h {
		tr.years, tr.walk = make([]yearVals, h), make([]walkYear, h)
		tr.norms = make([]float64, 4*h)
	}
	tr.States, tr.Latent, tr.Blocked, tr.dom = tr.States[:h], tr.Latent[:h], tr.Blocked[:h], tr.dom[:h]
	tr.years, tr.walk = tr.years[:h], tr.walk[:h]
	tr.EventFirst, tr.strength = resetEvents(tr.EventFirst, tr.strength, ne)
	tr.Onset, tr.End = -1, -1
	tr.Start = sc.InitialState
}

// Terms are the parts of one year's utilities and latent pressure, already
// multiplied by their weights, so that a reader can see why the model leans
// where it leans. Utility terms are per actor; positive terms pull towards
// an alliance, the cost terms are stored as negative numbers. Utilities are
// on the scale of the consent shock (total variance 1), so a term of 0.5
// moves a side's consent by half a standard deviation.
type Terms struct {
	Opposition      [2]float64 // + weight × threat × pressure: the value of an ally against the rival
	Security        [2]float64 // + weight × (threat + residual × (1 − threat)) × partner's dominance, for the weaker side (Morrow)
	SelfSufficiency [2]float64 // − self-reliance × (Opposition + Security): the part of an ally's value own arms replace
	JuniorPartner   [2]float64 // − weight × autonomy value × partner's dominance, for the weaker side
	Influence       [2]float64 // + weight × own dominance, for the stronger side
	Protection      [2]float64 // − weight × the weaker side's threat × pressure × (1 − own) × own dominance, for the stronger side
	DisorderGap     [2]float64 // − weight × gap (entrapment) or × restraint share × gap (restraint)
	Doctrine        [2]float64 // − weight × doctrine in force (consent only)
	EventConsent    [2]float64 // + event shifts of consent
	Interdependence float64    // + weight × interdependence (both sides)
	Regime          float64    // + weight × regime similarity (both sides)
	Treaty          float64    // + weight × treaty architecture (both sides)
	Polarity        float64    // + weight × multipolarity (both sides' consent only)
	Multilateral    float64    // + weight × a multilateral treaty open to the pair (consent only)
	Unipolarity     float64    // − weight × unipolarity × (1 − multilateral): the era against a bilateral pledge (consent only)
	Bias            float64    // latent intercept
	Noise           float64    // persistent AR(1) noise in the latent pressure
	EventLatent     float64    // event jumps in the latent pressure
}

// commitment is side i's terms of commitment: the asymmetry trade, the
// disorder gap and self-reliance, which weigh fully in consent and only
// partly (LatentCostShare) in informal alignment.
func (t *Terms) commitment(i int) float64 {
	return t.Security[i] + t.SelfSufficiency[i] + t.JuniorPartner[i] + t.Influence[i] + t.Protection[i] + t.DisorderGap[i]
}

// Base is actor i's utility of alignment before the doctrine, the event
// shifts of consent and the consent shock.
func (t *Terms) Base(i int) float64 {
	return t.Opposition[i] + t.commitment(i) + t.Interdependence + t.Regime + t.Treaty + t.system()
}

// system is the consent-only terms of the international system: its
// multipolarity, a multilateral treaty open to the pair and the unipolar
// era's bar to a bilateral pledge. It adds them in the order yearly does,
// so Terms and the hot loop agree to the bit.
func (t *Terms) system() float64 {
	return t.Polarity + t.Multilateral + t.Unipolarity
}

// Utility is actor i's utility of a defence alliance, without the consent
// shock: Base plus the doctrine and event shifts of consent.
func (t *Terms) Utility(i int) float64 {
	return t.Base(i) + t.Doctrine[i] + t.EventConsent[i]
}

// Latent is the latent alignment pressure: the intercept, the mean of the
// two sides' opposition to the rival, the dyad's shared terms, the mean of
// the two sides' terms of commitment scaled by costShare, the persistent
// noise and the event jumps. The doctrine is left out: it vetoes a formal
// pact, not closeness. Commitment weighs only partly because the record
// since 1992 shows the pair growing closer while the asymmetry between
// them grew.
func (t *Terms) Latent(costShare float64) float64 {
	return t.Bias + 0.5*(t.Opposition[0]+t.Opposition[1]+costShare*(t.commitment(0)+t.commitment(1))) +
		t.Interdependence + t.Regime + t.Treaty + t.Noise + t.EventLatent
}

// Dominance is how far the second actor outweighs the first, from their
// log capability ratio lr = ln(cap_1/cap_0): (cap_1 − cap_0)/(cap_1 + cap_0)
// = tanh(lr/2), between −1 and 1. It is bounded where ln(ratio) is not, so
// that a great power's dominance over a small state saturates: a state
// 60 times weaker is not ten times more subordinated than one 6 times
// weaker. Positive: the first actor is the junior.
func Dominance(lr float64) float64 { return math.Tanh(lr / 2) }

// terms computes year t's Terms from the drivers, the event offsets and
// whether each side's doctrine is still in force.
//
// Capabilities grow exponentially, cap_i(t) = cap_i·exp(g_i·t), so the log
// of the second actor's capability over the first's is linear in t:
// logRatio0 + (g_1 − g_0)·t, where logRatio0 = ln(cap_1/cap_0) is computed
// once per run (see logRatio).
func terms(w *Weights, p *Params, t int, logRatio0 float64, off *[numSlots]float64, docInForce [2]bool, noise float64) Terms {
	return termsDom(w, p, dominanceAt(p, t, logRatio0), off, docInForce, noise)
}

// dominanceAt is the dominance of the second actor in year t (see terms).
func dominanceAt(p *Params, t int, logRatio0 float64) float64 {
	return dominance(logRatio0 + (p.Actors[1].Growth-p.Actors[0].Growth)*float64(t))
}

// termsDom is terms with the year's dominance already computed.
func termsDom(w *Weights, p *Params, dom float64, off *[numSlots]float64, docInForce [2]bool, noise float64) Terms {
	var tm Terms
	var dis [2]float64
	for i := range 2 {
		dis[i] = stats.Clamp(p.Actors[i].DisorderAppetite+off[i*actorSlots+slotDisorder], 0, 1)
	}
	gap := math.Abs(dis[0] - dis[1])
	var threats, needs [2]float64
	for i := range 2 {
		a, o := &p.Actors[i], off[i*actorSlots:]
		threats[i] = stats.Clamp(a.Threat+o[slotThreat], 0, 1)
		needs[i] = threats[i] * stats.Clamp(a.Pressure+o[slotPressure], 0, 1)
	}
	// dom > 0: the second actor is the stronger; the first is junior.
	for i := range 2 {
		a, o := &p.Actors[i], off[i*actorSlots:]
		threat := threats[i]
		tm.Opposition[i] = w.SharedOpposition * needs[i]
		d := dom * float64(1-2*i) // the partner's dominance over actor i
		if d > 0 {
			aut := stats.Clamp(a.AutonomyValue+o[slotAutonomy], 0, 3)
			tm.Security[i] = w.Security * (threat + w.ResidualThreat*(1-threat)) * d
			tm.JuniorPartner[i] = -w.JuniorPartner * aut * d
		} else {
			tm.Influence[i] = -w.Influence * d
			tm.Protection[i] = w.ProtectionCost * needs[1-i] * (1 - needs[i]) * d
		}
		ss := stats.Clamp(a.SelfSufficiency+o[slotSelfSufficiency], 0, 1)
		tm.SelfSufficiency[i] = -w.SelfSufficiency * ss * (tm.Opposition[i] + tm.Security[i])
		switch {
		case dis[i] < dis[1-i]: // the stability-preferring side fears entrapment
			tm.DisorderGap[i] = -w.DisorderGap * gap
		case dis[i] > dis[1-i]: // the revisionist side pays for restraint
			tm.DisorderGap[i] = -w.DisorderGap * w.RestraintShare * gap
		}
		doc := 0.0
		if docInForce[i] {
			doc = a.Doctrine
		}
		tm.Doctrine[i] = -w.Doctrine * stats.Clamp(doc+o[slotDoctrine], 0, 1)
		tm.EventConsent[i] = o[slotConsent]
	}
	tm.Interdependence = w.Interdependence * stats.Clamp(p.Dyad.Interdependence+off[slotInterdependence], 0, 1)
	tm.Regime = w.RegimeSimilarity * stats.Clamp(p.Dyad.RegimeSimilarity+off[slotRegime], 0, 1)
	tm.Treaty = w.Treaty * stats.Clamp(p.Dyad.Treaty+off[slotTreaty], 0, 1)
	tm.Polarity, tm.Multilateral, tm.Unipolarity = systemTerms(w, &p.Dyad)
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
	pcg    *rand.PCG // Noise's source, when set by PCGStreams
}

// consentShocks holds one run's consent shocks: each side's standing
// disposition, drawn once, and the scales of the yearly part. Both parts
// share a common component across the two capitals, so the shocks
// correlate with ConsentCorrelation; their total variance is 1.
type consentShocks struct {
	standing         [2]float64
	sp, yearly, r, q float64 // standing and yearly scales; common and own loadings √r, √(1−r)
}

func newConsentShocks(w *Weights, src normals) consentShocks {
	c := consentScales(w)
	c.draw0(src)
	return c
}

// consentScales is newConsentShocks without the standing dispositions.
func consentScales(w *Weights) consentShocks {
	c := consentShocks{
		yearly: math.Sqrt(1 - w.ConsentPersistence),
		r:      math.Sqrt(w.ConsentCorrelation),
		q:      math.Sqrt(1 - w.ConsentCorrelation),
	}
	c.sp = math.Sqrt(w.ConsentPersistence)
	return c
}

// draw0 draws the standing dispositions, three normal numbers.
func (c *consentShocks) draw0(src normals) {
	c.set0(src.norm3())
}

// set0 sets the standing dispositions from draw0's three normal numbers.
func (c *consentShocks) set0(z, z0, z1 float64) {
	sp := c.sp
	c.standing = [2]float64{sp * (c.r*z + c.q*z0), sp * (c.r*z + c.q*z1)}
}

// startMemo is what Path.start computes from the weights and the
// capabilities alone (the noise's innovation scale, the consent shocks'
// scales and the log capability ratio), with the bits of the values it
// was computed from: runs that share them (most of a Monte Carlo run's)
// reuse it.
type startMemo struct {
	set             bool
	rho, sd, cp, cc uint64
	cap0, cap1      uint64
	innov, lr0      float64
	cs              consentShocks // the scales; no standing dispositions
}

func (m *startMemo) update(w *Weights, p *Params) {
	b := math.Float64bits
	if !m.set || m.rho != b(w.NoisePersistence) || m.sd != b(w.NoiseSD) {
		rho := w.NoisePersistence
		m.innov = w.NoiseSD * math.Sqrt(1-rho*rho)
		m.rho, m.sd = b(w.NoisePersistence), b(w.NoiseSD)
	}
	if !m.set || m.cp != b(w.ConsentPersistence) || m.cc != b(w.ConsentCorrelation) {
		m.cs = consentScales(w)
		m.cp, m.cc = b(w.ConsentPersistence), b(w.ConsentCorrelation)
	}
	if !m.set || m.cap0 != b(p.Actors[0].Capability) || m.cap1 != b(p.Actors[1].Capability) {
		m.lr0 = logRatio(p)
		m.cap0, m.cap1 = b(p.Actors[0].Capability), b(p.Actors[1].Capability)
	}
	m.set = true
}

// draw returns this year's total shocks, drawing three normals.
func (c *consentShocks) draw(src normals) [2]float64 {
	return c.at(src.norm3())
}

// at is this year's total shocks from its three normal numbers: the
// standing dispositions plus the yearly part, common (z) and each side's
// own (z0, z1). Every path computes the shocks here.
func (c consentShocks) at(z, z0, z1 float64) [2]float64 {
	return [2]float64{
		c.standing[0] + c.yearly*(c.r*z+c.q*z0),
		c.standing[1] + c.yearly*(c.r*z+c.q*z1),
	}
}

// truncatedAbove maps x, a draw of N(0, sd²), to the same quantile of that
// normal truncated to values of at least lo: the conditional draw given
// x ≥ lo, made from the same random number.
func truncatedAbove(x, lo, sd float64) float64 {
	if sd == 0 {
		return max(x, lo)
	}
	// Φ is gonum's, bit for bit the 0.5·erfc(−lo/sd/√2) written out here
	// before. The inverse stays √2·erfinv(2q−1): gonum's Φ⁻¹ differs from
	// it in the last bits, and every run that starts in an alliance goes
	// through this update.
	plo := distuv.UnitNormal.CDF(lo / sd)
	if plo >= 1-1e-12 {
		return lo
	}
	u := distuv.UnitNormal.CDF(x / sd)
	q := plo + u*(1-plo)
	return max(lo, sd*math.Sqrt2*math.Erfinv(2*q-1))
}

// Simulate runs one trajectory of sc under weights w and drivers p, and
// writes it to tr. sc must have been compiled. It starts a Path at the
// scenario's initial state and steps it through the horizon (Path.Step
// documents the year).
func Simulate(sc *Scenario, w *Weights, p *Params, rs Streams, tr *Trajectory) {
	SimulateFrom(nil, sc, w, p, rs, tr)
}

// SimulateFrom is Simulate started from c instead of the scenario's
// initial state: a forecast from a nowcast's filtered state draws one
// Carry per run and passes it here. The run draws the same random numbers
// as Simulate (the unused stationary start and standing dispositions
// included, so that streams stay aligned), plus one normal number in its
// first year, which continues the carried noise. A nil c is Simulate.
func SimulateFrom(c *Carry, sc *Scenario, w *Weights, p *Params, rs Streams, tr *Trajectory) {
	tr.reset(sc)
	var pa Path
	pa.strength, pa.EventFirst = tr.strength, tr.EventFirst
	if rs.pcg != nil {
		// The start's four normal numbers come from the generator's state
		// held by value, as run's do (pcgFill), rather than through the
		// *rand.PCG one call at a time.
		hi, lo := pcgLoad(rs.pcg)
		var n [4]float64
		hi, lo = pcgFill(hi, lo, n[:])
		tr.memo.update(w, p)
		pa.startWith(sc, w, p, &tr.memo, n[0], n[1], n[2], n[3])
		if c != nil {
			pa.Resume(*c)
			tr.Start = c.Rung
		}
		pa.run(sc, w, p, rs, hi, lo, tr)
		return
	}
	pa.start(sc, w, p, rs.normals(), &tr.memo)
	// The years' dominance, computed together (they do not depend on the
	// run's course), for Step.
	for t := range tr.dom {
		tr.dom[t] = dominanceAt(p, t, pa.lr0)
	}
	pa.dom = tr.dom
	var none [numSlots]float64
	tr.quiet = shifted(w, p, &none)
	pa.quiet = &tr.quiet
	if c != nil {
		pa.Resume(*c)
		tr.Start = c.Rung
	}
	for t := range sc.HorizonYears {
		y := pa.Step(sc, w, p, rs)
		tr.Latent[t] = y.Latent
		tr.Blocked[t] = y.Blocked
		tr.States[t] = y.Rung
		if y.Ended && tr.End < 0 {
			tr.End = t
		}
		if y.Formed && tr.Onset < 0 {
			tr.Onset = t
		}
	}
}

// step moves the pair from state, given this year's latent pressure z and
// whether both sides would consent (to form an alliance, or in an alliance
// in force, to stay). The ladder moves at most one rung a year; a pact can
// be signed from any rung above rivalry that holds, consent alone deciding
// (the bar rises with each rung below the entente, see consentBar), so the
// pair may go straight from, say, a treaty partnership to an alliance.
// step reports whether the alliance was on the table: the pair on a rung
// above rivalry that holds this year.
//
// It is kept within the inliner's budget (cost 80 of 80, go build
// -gcflags=-m=2), which is why it takes both rather than each side's
// consent and writes EntenteHold out: inlined into the ladder's walk, it
// took the sensitivity command's CPU from 3.91 to 3.81 s (medians of 5
// runs each). Every path moves through it: Step, the walk and Explain.
func step(state State, z float64, w *Weights, both bool) (State, bool) {
	switch {
	case state == DefenceAlliance:
		// An alliance ends when either side walks out (its utility below
		// the exit bar), or when the pressure falls below what sustains
		// an entente: the treaty outlives neither.
		// A walk-out is a breach: it takes the entente's trust with it, and
		// the pair falls back to the treaty partnership, from where a new
		// pact needs a higher bar (rung_distance) and the climb back.
		if !both {
			return TreatyPartnership, false
		}
		if z < w.Thresholds[Entente-1]-w.Hysteresis { // EntenteHold
			return Entente, false
		}
		return state, false
	case state > Rivalry && z < w.Thresholds[state-1]-w.Hysteresis:
		return state - 1, false
	case state > Rivalry && both:
		return DefenceAlliance, true
	case state < Entente && z > w.Thresholds[state]:
		return state + 1, state > Rivalry
	}
	return state, state > Rivalry
}

// EntenteHold is the latent pressure the entente needs to hold: its
// threshold less the hysteresis. Below it the pair steps down, and an
// alliance in force lapses to the entente.
func EntenteHold(w *Weights) float64 { return w.Thresholds[Entente-1] - w.Hysteresis }

// consentBar is the utility each side must clear in year on state: the
// consent threshold, lowered by the decision window in a scheduled
// decision year; for staying in an alliance in force, lowered by the exit
// margin; below the entente, raised by RungDistance for each rung between
// the pair and the entente (less trust and fewer institutions to build on).
func consentBar(sc *Scenario, w *Weights, year int, state State) float64 {
	bar := w.ConsentThreshold
	for _, y := range sc.DecisionYears {
		if y == year {
			bar -= w.DecisionWindow
			break
		}
	}
	switch {
	case state == DefenceAlliance:
		bar -= w.ExitMargin
	case state < Entente:
		bar += w.RungDistance * float64(Entente-state)
	}
	return bar
}

// logRatio is ln(capability of the second actor / capability of the
// first) at t = 0.
func logRatio(p *Params) float64 {
	return math.Log(p.Actors[1].Capability / p.Actors[0].Capability)
}

// yearly is what Step needs of the year's Terms: the latent pressure (with
// costShare, as Terms.Latent) and each side's utility (Terms.Utility),
// computed with the same operations in the same order as termsDom and
// those methods, so bit for bit the same, but in registers, without
// building Terms (TestYearlyMatchesTerms).
func yearly(w *Weights, p *Params, dom float64, off *[numSlots]float64, docInForce [2]bool, noise, costShare float64) (z, u0, u1 float64) {
	q := shifted(w, p, off)
	return q.combine(w, dom, docInForce, noise, costShare)
}

// yearDrivers are a year's drivers after the event offsets, clamped, and
// the offsets that enter the utilities and the pressure as they are: the
// part of yearly that depends on the offsets. In a year without an active
// event the offsets are all 0, so a run computes them once (Simulate).
type yearDrivers struct {
	thr, prs, aut, ss [2]float64
	docv              [2][2]float64 // [actor][doctrine in force]
	dis               [2]float64
	gap               float64
	consent           [2]float64
	inter, regime     float64
	treaty, polarity  float64
	latent            float64
}

func shifted(w *Weights, p *Params, off *[numSlots]float64) yearDrivers {
	var q yearDrivers
	for i := range 2 {
		a, o := &p.Actors[i], off[i*actorSlots:(i+1)*actorSlots]
		q.setDisorder(i, a, o[slotDisorder])
		q.setThreat(i, a, o[slotThreat])
		q.setPressure(i, a, o[slotPressure])
		q.setAutonomy(i, a, o[slotAutonomy])
		q.setSelfSufficiency(i, a, o[slotSelfSufficiency])
		q.setDoctrine(i, a, o[slotDoctrine])
		q.consent[i] = o[slotConsent]
	}
	q.setGap()
	q.setInterdependence(w, p, off[slotInterdependence])
	q.setRegime(w, p, off[slotRegime])
	q.setTreaty(w, p, off[slotTreaty])
	pol, ml, up := systemTerms(w, &p.Dyad)
	q.polarity = pol + ml + up
	q.latent = off[slotLatent]
	return q
}

// The drivers' rules, slot by slot: each driver is its base value plus
// the events' offset o, clamped to the driver's range, and a dyad term
// times its weight. shifted sets every slot, shiftMask the slots of a
// mask and shiftSlot one: the three go through these, so that a rule is
// written once (each inlines, so the year loop pays no call).

func (q *yearDrivers) setDisorder(i int, a *Actor, o float64) {
	q.dis[i] = stats.Clamp(a.DisorderAppetite+o, 0, 1)
}

func (q *yearDrivers) setThreat(i int, a *Actor, o float64) {
	q.thr[i] = stats.Clamp(a.Threat+o, 0, 1)
}

func (q *yearDrivers) setPressure(i int, a *Actor, o float64) {
	q.prs[i] = stats.Clamp(a.Pressure+o, 0, 1)
}

func (q *yearDrivers) setAutonomy(i int, a *Actor, o float64) {
	q.aut[i] = stats.Clamp(a.AutonomyValue+o, 0, 3)
}

func (q *yearDrivers) setSelfSufficiency(i int, a *Actor, o float64) {
	q.ss[i] = stats.Clamp(a.SelfSufficiency+o, 0, 1)
}

// setDoctrine sets the doctrine's value with it dropped (0) and in force
// (the actor's), each plus o. The 0 is added as a variable, as it always
// was, so that an offset of −0 gives +0 as before.
func (q *yearDrivers) setDoctrine(i int, a *Actor, o float64) {
	doc := 0.0
	q.docv[i][0] = stats.Clamp(doc+o, 0, 1)
	doc = a.Doctrine
	q.docv[i][1] = stats.Clamp(doc+o, 0, 1)
}

// setGap is the gap in appetite for disorder, after either side's.
func (q *yearDrivers) setGap() { q.gap = math.Abs(q.dis[0] - q.dis[1]) }

func (q *yearDrivers) setInterdependence(w *Weights, p *Params, o float64) {
	q.inter = w.Interdependence * stats.Clamp(p.Dyad.Interdependence+o, 0, 1)
}

func (q *yearDrivers) setRegime(w *Weights, p *Params, o float64) {
	q.regime = w.RegimeSimilarity * stats.Clamp(p.Dyad.RegimeSimilarity+o, 0, 1)
}

func (q *yearDrivers) setTreaty(w *Weights, p *Params, o float64) {
	q.treaty = w.Treaty * stats.Clamp(p.Dyad.Treaty+o, 0, 1)
}

// systemTerms is the system's three consent terms (Terms.system): its
// multipolarity, the pull of a multilateral treaty open to the pair, and
// the unipolar era's bar to a bilateral pledge, which falls as the
// multilateral channel opens.
func systemTerms(w *Weights, d *Dyad) (polarity, multilateral, unipolarity float64) {
	m := stats.Clamp(d.Multilateral, 0, 1)
	return w.Multipolarity * stats.Clamp(d.Multipolarity, 0, 1), w.Multilateral * m, -w.Unipolarity * stats.Clamp(d.Unipolarity, 0, 1) * (1 - m)
}

// combine is the rest of yearly: the latent pressure and each side's
// utility under the doctrines in force. Its arithmetic is sumsOf's (the
// one home of the utility and pressure formulas, which run and Replay use),
// then the noise and the events' latent offset, as parts adds them; it
// computes the utilities with and without each doctrine and keeps the two
// in force, two additions more than it needs, so that the formulas are
// written once.
func (q *yearDrivers) combine(w *Weights, dom float64, docInForce [2]bool, noise, costShare float64) (z, u0, u1 float64) {
	opp0, com0 := q.side(w, 0, dom)
	opp1, com1 := q.side(w, 1, -dom)
	var u [2][2]float64
	z = q.sumsOf(w, opp0, com0, opp1, com1, costShare, &u) + noise + q.latent
	return z, u[0][b2i(docInForce[0])], u[1][b2i(docInForce[1])]
}

// side is actor i's opposition term and terms of commitment
// (Terms.commitment); d is the partner's dominance over it (dom·(1−2i) in
// termsDom: dom for the first actor, −dom for the second).
func (q *yearDrivers) side(w *Weights, i int, d float64) (opp, com float64) {
	threat := q.thr[i]
	need := threat * q.prs[i]
	opp = w.SharedOpposition * need
	var sec, junior, influence, protect, gapT float64
	if d > 0 {
		sec = w.Security * (threat + w.ResidualThreat*(1-threat)) * d
		junior = -w.JuniorPartner * q.aut[i] * d
	} else {
		influence = -w.Influence * d
		protect = w.ProtectionCost * (q.thr[1-i] * q.prs[1-i]) * (1 - need) * d
	}
	self := -w.SelfSufficiency * q.ss[i] * (opp + sec)
	switch dis, other := q.dis[i], q.dis[1-i]; {
	case dis < other:
		gapT = -w.DisorderGap * q.gap
	case dis > other:
		gapT = -w.DisorderGap * w.RestraintShare * q.gap
	}
	com = sec + self + junior + influence + protect + gapT
	return opp, com
}
