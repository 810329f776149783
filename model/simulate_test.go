package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// world returns a compiled two-actor scenario and drivers in which the
// second actor (China) is five times stronger, the first (Russia) prefers
// disorder, and both are pressed by the rival.
func world(t *testing.T, horizon int, start State, events ...Event) (*Scenario, *Params) {
	t.Helper()
	sc := &Scenario{
		Name: "test", StartYear: 2027, HorizonYears: horizon, InitialState: start,
		Actors: [2]ActorInfo{{ID: "russia", Name: "Russia"}, {ID: "china", Name: "China"}},
		Rival:  ActorInfo{ID: "us", Name: "United States"},
		Events: events,
	}
	if err := sc.Compile(); err != nil {
		t.Fatal(err)
	}
	p := sc.NewParams()
	p.Actors[0] = Actor{Threat: 0.8, Pressure: 0.8, Capability: 0.04, DisorderAppetite: 0.8, AutonomyValue: 1, SelfSufficiency: 0.9}
	p.Actors[1] = Actor{Threat: 0.7, Pressure: 0.7, Capability: 0.2, DisorderAppetite: 0.2, AutonomyValue: 0.5, SelfSufficiency: 0.7}
	p.Dyad = Dyad{Interdependence: 0.5, RegimeSimilarity: 0.8, Treaty: 1}
	return sc, p
}

func streams(seed uint64) Streams {
	return Streams{Noise: rand.New(rand.NewPCG(seed, 1)), Events: seed * 7919}
}

// quiet returns the default weights with the latent noise switched off, so
// that a test can predict each step of the ladder. The consent shock has
// variance 1 by construction (it is the utilities' unit), so tests of the
// gate place utilities tens of standard deviations from the threshold.
func quiet() Weights {
	w := DefaultWeights()
	w.NoiseSD = 0
	return w
}

func TestTerms(t *testing.T) {
	t.Parallel()
	w := DefaultWeights()
	_, p := world(t, 1, Entente)
	var off [numSlots]float64
	tm := terms(&w, p, 0, logRatio(p), &off, [2]bool{true, true}, 0)
	dom5 := 4.0 / 6 // Dominance at a capability ratio of 5
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"Russia's opposition", tm.Opposition[0], w.SharedOpposition * 0.8 * 0.8},
		{"China's opposition", tm.Opposition[1], w.SharedOpposition * 0.7 * 0.7},
		{"the weaker side gains security", tm.Security[0], w.Security * (0.8 + w.ResidualThreat*0.2) * dom5},
		{"the stronger side gains no security", tm.Security[1], 0},
		{"junior partner cost falls on the weaker side", tm.JuniorPartner[0], -w.JuniorPartner * 1 * dom5},
		{"the stronger side pays no junior-partner cost", tm.JuniorPartner[1], 0},
		{"the stronger side gains influence", tm.Influence[1], w.Influence * dom5},
		{"the weaker side gains no influence", tm.Influence[0], 0},
		// Russia's exposure 0.8 × 0.8, discounted by China's own 0.7 × 0.7
		{"the stronger side pays for the weaker side's exposure", tm.Protection[1], -w.ProtectionCost * 0.64 * (1 - 0.49) * dom5},
		{"the weaker side pays no protection cost", tm.Protection[0], 0},
		{"the revisionist side pays for restraint", tm.DisorderGap[0], -w.DisorderGap * w.RestraintShare * 0.6},
		{"the stability-preferring side fears entrapment", tm.DisorderGap[1], -w.DisorderGap * 0.6},
		{"self-reliance discounts the weaker side's opposition and security", tm.SelfSufficiency[0],
			-w.SelfSufficiency * 0.9 * (w.SharedOpposition*0.64 + w.Security*(0.8+w.ResidualThreat*0.2)*dom5)},
		{"self-reliance discounts the stronger side's opposition", tm.SelfSufficiency[1], -w.SelfSufficiency * 0.7 * w.SharedOpposition * 0.49},
		{"treaty", tm.Treaty, w.Treaty},
	} {
		if math.Abs(tc.got-tc.want) > 1e-12 {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	// Capability grows: after ten years at 2%/yr for China and 0 for
	// Russia the ratio is 5·e^0.2.
	p.Actors[1].Growth = 0.02
	tm10 := terms(&w, p, 10, logRatio(p), &off, [2]bool{}, 0)
	if want := -w.JuniorPartner * (5*math.Exp(0.2) - 1) / (5*math.Exp(0.2) + 1); math.Abs(tm10.JuniorPartner[0]-want) > 1e-12 {
		t.Errorf("junior-partner cost after growth: got %v, want %v", tm10.JuniorPartner[0], want)
	}
}

// Dominance is (c1 − c0)/(c1 + c0): 0 at parity, 2/3 at a ratio of 5, and
// bounded by 1 however unequal the pair.
func TestDominance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ ratio, want float64 }{
		{1, 0}, {5, 4.0 / 6}, {0.2, -4.0 / 6}, {60, 59.0 / 61}, {1e12, 1},
	} {
		if got := Dominance(math.Log(tc.ratio)); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Dominance(ln %g) = %v, want %v", tc.ratio, got, tc.want)
		}
	}
}

// Morrow (1991): a weak state under threat gains from a strong partner, so
// its utility rises with the partner's strength when the threat is high and
// its self-reliance low; with no threat only the autonomy cost is left.
func TestSecurityForTheJunior(t *testing.T) {
	t.Parallel()
	w := DefaultWeights()
	_, p := world(t, 1, Entente)
	p.Actors[0] = Actor{Threat: 0.9, Pressure: 0.9, Capability: 0.01, AutonomyValue: 1, SelfSufficiency: 0.1, DisorderAppetite: 0.2}
	p.Actors[1].DisorderAppetite = 0.2
	var off [numSlots]float64
	u := func(partner float64) float64 {
		p.Actors[1].Capability = partner
		tm := terms(&w, p, 0, logRatio(p), &off, [2]bool{}, 0)
		return tm.Utility(0)
	}
	if weak, strong := u(0.012), u(0.12); !(strong > weak) {
		t.Errorf("a threatened junior's utility with a partner of CINC 0.12 (%v) should exceed that with 0.012 (%v)", strong, weak)
	}
	p.Actors[0].Threat = 0
	if weak, strong := u(0.012), u(0.12); !(strong < weak) {
		t.Errorf("with no threat a stronger partner is only an autonomy cost: %v should be below %v", strong, weak)
	}
}

// The doctrine vetoes a formal pact; it does not hold back closeness.
func TestDoctrineActsOnConsentOnly(t *testing.T) {
	t.Parallel()
	w := DefaultWeights()
	_, p := world(t, 1, Entente)
	p.Actors[1].Doctrine = 1
	var off [numSlots]float64
	with := terms(&w, p, 0, logRatio(p), &off, [2]bool{false, true}, 0)
	without := terms(&w, p, 0, logRatio(p), &off, [2]bool{false, false}, 0)
	if with.Latent(w.LatentCostShare) != without.Latent(w.LatentCostShare) {
		t.Error("the doctrine changed the latent pressure")
	}
	if d := without.Utility(1) - with.Utility(1); math.Abs(d-w.Doctrine) > 1e-12 {
		t.Errorf("the doctrine lowered China's utility by %v, want %v", d, w.Doctrine)
	}
}

func TestConsentGate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		doctrine  [2]float64
		autonomy  float64
		wantState State
		wantBlock Blocker
	}{
		{"both consent", [2]float64{0, 0}, 0, DefenceAlliance, NoBlock},
		{"China's doctrine blocks", [2]float64{0, 1}, 0, Entente, SecondBlocks},
		{"Russia's autonomy blocks", [2]float64{0, 0}, 3, Entente, FirstBlocks},
		{"both block", [2]float64{0, 1}, 3, Entente, BothBlock},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := quiet()
			w.Thresholds[Entente-1] = -60         // the entente holds: the alliance is on the table
			w.ConsentThreshold = -20              // far below every utility here
			w.Doctrine, w.JuniorPartner = 100, 50 // a doctrine or an autonomy of 3 blocks by far
			sc, p := world(t, 1, Entente)
			p.Actors[0].SelfSufficiency, p.Actors[1].SelfSufficiency = 0, 0
			p.Actors[0].Doctrine, p.Actors[1].Doctrine = tc.doctrine[0], tc.doctrine[1]
			p.Actors[0].AutonomyValue = tc.autonomy
			tr := NewTrajectory(sc)
			Simulate(sc, &w, p, streams(1), tr)
			if tr.States[0] != tc.wantState || tr.Blocked[0] != tc.wantBlock {
				t.Errorf("state %v, blocked %v; want %v, %v", tr.States[0], tr.Blocked[0], tc.wantState, tc.wantBlock)
			}
			if formed := tr.Onset == 0; formed != (tc.wantState == DefenceAlliance) {
				t.Errorf("onset %d inconsistent with state %v", tr.Onset, tr.States[0])
			}
		})
	}
}

// The pair climbs at most one rung a year while consent is withheld, and
// the last step needs consent: with both sides far above the bar, the pact
// is signed from the first rung that holds above rivalry.
func TestOneRungAYear(t *testing.T) {
	t.Parallel()
	w := quiet()
	w.Bias = 20             // far above every threshold
	w.ConsentThreshold = 20 // and neither side consents
	sc, p := world(t, 6, Rivalry)
	tr := NewTrajectory(sc)
	Simulate(sc, &w, p, streams(1), tr)
	want := []State{Normalization, StrategicPartnership, TreatyPartnership, Entente, Entente, Entente}
	for i, s := range want {
		if tr.States[i] != s {
			t.Fatalf("year %d: state %v, want %v (path %v)", i, tr.States[i], s, tr.States)
		}
	}
	if tr.Onset != -1 {
		t.Errorf("onset year index %d without consent", tr.Onset)
	}
	w.ConsentThreshold = -20 // both consent whenever the pact is on the table
	Simulate(sc, &w, p, streams(1), tr)
	if tr.States[0] != Normalization || tr.States[1] != DefenceAlliance || tr.Onset != 1 {
		t.Errorf("with consent: path %v, onset %d; want normalization, then the pact in year index 1", tr.States, tr.Onset)
	}
}

// Hysteresis: a pressure just below the current rung's threshold does not
// step the pair down; one below the threshold minus the hysteresis does.
func TestHysteresis(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		below float64
		want  State
	}{{0.1, TreatyPartnership}, {1.0, StrategicPartnership}} {
		w := quiet()
		w.Hysteresis = 0.5
		sc, p := world(t, 1, TreatyPartnership)
		var off [numSlots]float64
		tm := terms(&w, p, 0, logRatio(p), &off, [2]bool{}, 0)
		z := tm.Latent(w.LatentCostShare)
		// Place the treaty rung's threshold just above the pressure.
		shift := z + tc.below - w.Thresholds[TreatyPartnership-1]
		for i := range w.Thresholds {
			w.Thresholds[i] += shift
		}
		tr := NewTrajectory(sc)
		Simulate(sc, &w, p, streams(1), tr)
		if tr.States[0] != tc.want {
			t.Errorf("%.1f below the threshold: state %v, want %v", tc.below, tr.States[0], tc.want)
		}
	}
}

func TestEventWindowAndOnce(t *testing.T) {
	t.Parallel()
	ev := Event{Name: "renewal", From: 2029, To: 2031, Once: true, Decay: 0.5, Effects: []Effect{{Target: "latent", Delta: 1}}}
	sc, p := world(t, 6, Entente, ev)
	p.EventProb[0] = 1
	w := quiet()
	tr := NewTrajectory(sc)
	Simulate(sc, &w, p, streams(1), tr)
	if tr.EventFirst[0] != 2 {
		t.Fatalf("first occurrence at year index %d, want 2 (2029)", tr.EventFirst[0])
	}
	// Once: the jump is 1 in 2029, then halves each year.
	base := NewTrajectory(sc)
	p.EventProb[0] = 0
	Simulate(sc, &w, p, streams(1), base)
	for i, want := range []float64{0, 0, 1, 0.5, 0.25, 0.125} {
		if d := tr.Latent[i] - base.Latent[i]; math.Abs(d-want) > 1e-12 {
			t.Errorf("year %d: event effect %v, want %v", i, d, want)
		}
	}
}

// Every year draws the same count of random numbers whatever happens, so
// two runs that differ only in an event's probability share their noise.
func TestCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	ev := Event{Name: "null", Decay: 0.5} // no effects
	sc, p := world(t, 10, Entente, ev)
	w := DefaultWeights()
	a, b := NewTrajectory(sc), NewTrajectory(sc)
	p.EventProb[0] = 0
	Simulate(sc, &w, p, streams(9), a)
	p.EventProb[0] = 1
	Simulate(sc, &w, p, streams(9), b)
	for i := range a.Latent {
		if a.Latent[i] != b.Latent[i] || a.States[i] != b.States[i] {
			t.Fatalf("year %d: an event without effects changed the run", i)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		mod  func(*Scenario)
	}{
		{"unknown effect target", func(sc *Scenario) {
			sc.Events = []Event{{Name: "e", Effects: []Effect{{Target: "china.thret", Delta: 1}}}}
		}},
		{"unknown actor", func(sc *Scenario) {
			sc.Events = []Event{{Name: "e", Effects: []Effect{{Target: "india.threat", Delta: 1}}}}
		}},
		{"zero horizon", func(sc *Scenario) { sc.HorizonYears = 0 }},
		{"same actor twice", func(sc *Scenario) { sc.Actors[1].ID = "russia" }},
		{"decay above 1", func(sc *Scenario) { sc.Events = []Event{{Name: "e", Decay: 1.5}} }},
		{"negative decay", func(sc *Scenario) { sc.Events = []Event{{Name: "e", Decay: -0.1}} }},
		{"NaN decay", func(sc *Scenario) { sc.Events = []Event{{Name: "e", Decay: math.NaN()}} }},
	} {
		sc := &Scenario{Name: "x", StartYear: 2027, HorizonYears: 5, InitialState: Entente,
			Actors: [2]ActorInfo{{ID: "russia"}, {ID: "china"}}}
		tc.mod(sc)
		if err := sc.Compile(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestWeightsValidate(t *testing.T) {
	t.Parallel()
	w := DefaultWeights()
	if err := w.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	for _, mod := range []func(*Weights){
		func(w *Weights) { w.JuniorPartner = -1 },
		func(w *Weights) { w.NoiseSD = math.NaN() },
		func(w *Weights) { w.NoisePersistence = 1 },
		func(w *Weights) { w.Thresholds[2] = w.Thresholds[1] },
	} {
		w := DefaultWeights()
		mod(&w)
		if err := w.Validate(); err == nil {
			t.Errorf("no error for %+v", w)
		}
	}
}

// An alliance in force is re-tested every year: it lasts while both sides'
// utilities clear the exit bar (the consent threshold less ExitMargin), and
// ends as soon as one side's falls below it, here when its partner's power
// has grown so far that the autonomy cost outweighs the alliance. The
// walk-out takes the entente with it: the pair falls to the treaty
// partnership.
func TestTermination(t *testing.T) {
	t.Parallel()
	w := quiet()
	w.Thresholds[Entente-1] = -60 // the pressure never undoes the alliance
	w.ConsentPersistence, w.ConsentCorrelation = 0, 0
	sc, p := world(t, 30, DefenceAlliance)
	tr := NewTrajectory(sc)

	w.ConsentThreshold = -20 // every utility here clears it by far
	Simulate(sc, &w, p, streams(1), tr)
	if tr.End != -1 || tr.States[29] != DefenceAlliance || tr.Onset != -1 {
		t.Fatalf("an alliance both sides value should last: end %d, last state %v, onset %d", tr.End, tr.States[29], tr.Onset)
	}

	// Russia's autonomy cost grows as China outgrows it; put the exit bar
	// where the cost crosses it after about ten years, far from the shocks.
	w.JuniorPartner = 100
	p.Actors[0].Capability, p.Actors[1].Capability = 0.1, 0.1
	p.Actors[1].Growth = 0.1
	var off [numSlots]float64
	at := func(year int) float64 {
		tm := terms(&w, p, year, logRatio(p), &off, [2]bool{}, 0)
		return tm.Utility(0)
	}
	w.ExitMargin = 0
	w.ConsentThreshold = (at(9) + at(10)) / 2
	Simulate(sc, &w, p, streams(1), tr)
	if tr.End != 10 || tr.States[10] != TreatyPartnership || tr.States[9] != DefenceAlliance {
		t.Errorf("the alliance should end in year index 10 when Russia's utility crosses the bar, the walk-out taking the pair to the treaty partnership: end %d, states %v", tr.End, tr.States)
	}
}

// The consent shocks have unit variance, the share ConsentPersistence of it
// fixed within a run, and correlation ConsentCorrelation across capitals.
// Checked on 200,000 runs; the tolerance of 0.01 is over 4 standard errors
// of each estimate (about 0.002–0.003).
func TestConsentShocks(t *testing.T) {
	t.Parallel()
	w := DefaultWeights()
	w.ConsentPersistence, w.ConsentCorrelation = 0.6, 0.4
	src := normals{r: rand.New(rand.NewPCG(7, 7))}
	const n = 200_000
	var s00, s11, s01, lag float64
	for range n {
		c := newConsentShocks(&w, src)
		a, b := c.draw(src), c.draw(src)
		s00 += a[0] * a[0]
		s11 += a[1] * a[1]
		s01 += a[0] * a[1]
		lag += a[0] * b[0]
	}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"variance, first side", s00 / n, 1},
		{"variance, second side", s11 / n, 1},
		{"correlation across capitals", s01 / n, 0.4},
		{"correlation across years", lag / n, 0.6},
	} {
		if math.Abs(tc.got-tc.want) > 0.01 {
			t.Errorf("%s: %.4f, want %.2f ± 0.01", tc.name, tc.got, tc.want)
		}
	}
}
