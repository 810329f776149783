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

// quiet returns the default weights with every random element switched off,
// so that a test can predict each step.
func quiet() Weights {
	w := DefaultWeights()
	w.NoiseSD, w.ConsentNoise = 0, 0
	return w
}

func TestTerms(t *testing.T) {
	t.Parallel()
	w := DefaultWeights()
	_, p := world(t, 1, Entente)
	var off [numSlots]float64
	tm := terms(&w, p, 0, logRatio(p), &off, [2]bool{true, true}, 0)
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"Russia's opposition", tm.Opposition[0], w.SharedOpposition * 0.8 * 0.8},
		{"China's opposition", tm.Opposition[1], w.SharedOpposition * 0.7 * 0.7},
		{"junior partner cost falls on the weaker side", tm.JuniorPartner[0], -w.JuniorPartner * 1 * math.Log(5)},
		{"the stronger side pays no junior-partner cost", tm.JuniorPartner[1], 0},
		{"the revisionist side pays for restraint", tm.DisorderGap[0], -w.DisorderGap * w.RestraintShare * 0.6},
		{"the stability-preferring side fears entrapment", tm.DisorderGap[1], -w.DisorderGap * 0.6},
		{"self-sufficiency", tm.SelfSufficiency[0], -w.SelfSufficiency * 0.9},
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
	if want := -w.JuniorPartner * math.Log(5*math.Exp(0.2)); math.Abs(tm10.JuniorPartner[0]-want) > 1e-12 {
		t.Errorf("junior-partner cost after growth: got %v, want %v", tm10.JuniorPartner[0], want)
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
			w.Thresholds[DefenceAlliance-1] = -5 // the alliance is on the table
			w.Thresholds[Entente-1] = -6
			w.ConsentThreshold = 0
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

// The pair climbs at most one rung a year, and the last rung needs consent.
func TestOneRungAYear(t *testing.T) {
	t.Parallel()
	w := quiet()
	w.Bias = 20              // far above every threshold
	w.ConsentThreshold = -20 // and both sides consent
	sc, p := world(t, 6, Rivalry)
	tr := NewTrajectory(sc)
	Simulate(sc, &w, p, streams(1), tr)
	want := []State{Normalization, StrategicPartnership, TreatyPartnership, Entente, DefenceAlliance, DefenceAlliance}
	for i, s := range want {
		if tr.States[i] != s {
			t.Fatalf("year %d: state %v, want %v (path %v)", i, tr.States[i], s, tr.States)
		}
	}
	if tr.Onset != 4 {
		t.Errorf("onset year index %d, want 4", tr.Onset)
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
		{"start in alliance", func(sc *Scenario) { sc.InitialState = DefenceAlliance }},
		{"same actor twice", func(sc *Scenario) { sc.Actors[1].ID = "russia" }},
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
