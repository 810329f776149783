package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// pcgFill must draw what normFloat64 draws from a *rand.PCG and leave the
// same state, through the tail and the wedges.
func TestPCGFillMatchesNormFloat64(t *testing.T) {
	t.Parallel()
	var p rand.PCG
	p.Seed(5, 6)
	hi, lo := pcgLoad(&p)
	buf := make([]float64, 1000)
	tails := 0
	for i := range 2000 {
		hi, lo = pcgFill(hi, lo, buf[:i%1000])
		for j, x := range buf[:i%1000] {
			if y := normFloat64(&p); math.Float64bits(x) != math.Float64bits(y) {
				t.Fatalf("fill %d, number %d: %v, normFloat64 draws %v", i, j, x, y)
			}
			if math.Abs(x) > normalRN {
				tails++
			}
		}
	}
	if h, l := pcgLoad(&p); h != hi || l != lo {
		t.Fatal("the states differ")
	}
	if tails == 0 {
		t.Fatal("no number from the tail: the test did not reach it")
	}
}

// Simulate's loop for PCGStreams (run) must give, bit for bit, the
// trajectory that stepping a Path year by year gives (the loop for other
// streams), and leave the generator where the steps leave it: for events
// on every slot, windows, once-only events, decision years, doctrines,
// every starting rung and a carried start.
func TestRunMatchesStep(t *testing.T) {
	t.Parallel()
	evs := testEvents(false)
	r := rand.New(rand.NewPCG(9, 9))
	var seen coverage
	// 25 years take one word of coins per event (eventYears); 70, more
	// than a word holds, two.
	for k, start := range []State{Rivalry, Normalization, TreatyPartnership, Entente, DefenceAlliance, Rivalry} {
		sc, p := world(t, []int{25, 25, 25, 25, 25, 70}[k], start, evs...)
		sc.DecisionYears = []int{2028, 2031, 2040}
		a, b := NewTrajectory(sc), NewTrajectory(sc)
		for seed := range uint64(400) {
			w := randomDraw(r, p)
			var c *Carry
			if seed%4 == 3 {
				c = &Carry{Rung: State(seed % 6), Noise: 0.2 * r.NormFloat64(), Standing: [2]float64{r.NormFloat64(), r.NormFloat64()},
					DocInForce: [2]bool{seed%8 == 3, true}, Walked: [2]bool{seed%16 == 7, false}}
			}
			var pa, pb rand.PCG
			pa.Seed(seed, 3)
			pb.Seed(seed, 3)
			SimulateFrom(c, sc, &w, p, Streams{Noise: rand.New(&pa), Events: seed}, a)
			SimulateFrom(c, sc, &w, p, PCGStreams(&pb, seed), b)
			for y := range a.Latent {
				if math.Float64bits(a.Latent[y]) != math.Float64bits(b.Latent[y]) || a.States[y] != b.States[y] || a.Blocked[y] != b.Blocked[y] {
					t.Fatalf("start %v, seed %d, year %d: Step %v %v %v, run %v %v %v", start, seed, y,
						a.States[y], a.Latent[y], a.Blocked[y], b.States[y], b.Latent[y], b.Blocked[y])
				}
			}
			if a.Onset != b.Onset || a.End != b.End || a.Start != b.Start {
				t.Fatalf("start %v, seed %d: onset %d/%d, end %d/%d", start, seed, a.Onset, b.Onset, a.End, b.End)
			}
			for e := range a.EventFirst {
				if a.EventFirst[e] != b.EventFirst[e] || math.Float64bits(a.strength[e]) != math.Float64bits(b.strength[e]) {
					t.Fatalf("start %v, seed %d: event %d differs", start, seed, e)
				}
			}
			seen.add(b)
			if pa.Uint64() != pb.Uint64() {
				t.Fatalf("start %v, seed %d: the generators' states differ", start, seed)
			}
		}
	}
	seen.check(t, 50)
}

// randomDraw sets p's event probabilities, growths and doctrines at
// random, and returns default weights with a random bias, consent
// threshold and noise: one draw of the bit-for-bit tests.
func randomDraw(r *rand.Rand, p *Params) Weights {
	w := DefaultWeights()
	w.Bias = 0.6*r.Float64() - 0.2
	w.ConsentThreshold = 0.8*r.Float64() - 0.2
	w.NoiseSD = 0.3 * r.Float64()
	for e := range p.EventProb {
		p.EventProb[e] = 0.3 * r.Float64()
	}
	p.Actors[0].Growth, p.Actors[1].Growth = 0.05*r.NormFloat64(), 0.05*r.NormFloat64()
	p.Actors[0].Doctrine, p.Actors[1].Doctrine = r.Float64(), r.Float64()
	p.Actors[0].DoctrineHazard, p.Actors[1].DoctrineHazard = 0.2*r.Float64(), 0.2*r.Float64()
	p.Actors[1].DisorderAppetite = r.Float64()
	return w
}

// testEvents are the bit-for-bit tests' events: one on every slot, with
// windows, once-only events, every decay and a second effect on the latent
// pressure; with never, the last is windowed past every horizon.
func testEvents(never bool) []Event {
	var evs []Event
	targets := []string{"russia.threat", "china.pressure", "russia.disorder_appetite", "china.autonomy_value",
		"russia.self_sufficiency", "china.doctrine", "russia.consent", "dyad.interdependence",
		"dyad.regime_similarity", "dyad.treaty", "latent", "china.disorder_appetite", "russia.doctrine"}
	for i, tg := range targets {
		ev := Event{Name: tg, Decay: []float64{0, 0.5, 0.8, 1}[i%4], Effects: []Effect{{Target: tg, Delta: 0.4 - 0.1*float64(i%7)}}}
		if i%3 == 0 {
			ev.From, ev.To = 2029+i%4, 2033+i%5
		}
		if i%5 == 1 {
			ev.Once = true
		}
		if i%4 == 2 {
			ev.Effects = append(ev.Effects, Effect{Target: "latent", Delta: -0.2})
		}
		if never && i == len(targets)-1 {
			ev.From, ev.To = 2090, 2095 // never in the horizon
		}
		evs = append(evs, ev)
	}
	return evs
}

// coverage counts what the bit-for-bit tests' trajectories went through,
// so that a test can show it compared onsets, ends, blocked years and
// events, not only quiet runs.
type coverage struct{ onsets, ends, blocks, events int }

func (c *coverage) add(tr *Trajectory) {
	if tr.Onset >= 0 {
		c.onsets++
	}
	if tr.End >= 0 {
		c.ends++
	}
	for _, bl := range tr.Blocked {
		if bl != NoBlock {
			c.blocks++
		}
	}
	for _, f := range tr.EventFirst {
		if f >= 0 {
			c.events++
		}
	}
}

// check fails t unless each count reached least.
func (c *coverage) check(t *testing.T, least int) {
	t.Helper()
	if c.onsets < least || c.ends < least || c.blocks < least || c.events < least {
		t.Errorf("too few onsets (%d), ends (%d), blocked years (%d) or events (%d) to compare", c.onsets, c.ends, c.blocks, c.events)
	}
}

// TestCoinBar: comparing the hash's top 53 bits with coinBar(prob) is
// comparing rng.Unit of the hash with prob, for probabilities at and next
// to multiples of 2⁻⁵³, the ends of [0, 1], values beyond them, NaN and
// random ones, at the numbers next to the bar.
func TestCoinBar(t *testing.T) {
	t.Parallel()
	probs := []float64{0, math.Copysign(0, -1), -0.5, 1, 2, math.Inf(1), math.Inf(-1), math.NaN(), 0.5, 0x1p-53, 3 * 0x1p-54,
		math.Nextafter(1, 0), math.Nextafter(0.05, 1), math.Nextafter(0.05, 0), 0.05, 5e-324, 1e-300}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		probs = append(probs, r.Float64(), float64(r.Uint64N(1<<53))*0x1p-53)
	}
	for _, p := range probs {
		bar := coinBar(p)
		for _, m := range []uint64{0, 1, bar - 1, bar, bar + 1, 1<<53 - 1} {
			if m >= 1<<53 {
				continue
			}
			x := m << 11
			if got, want := m < bar, rng.Unit(x) < p; got != want {
				t.Fatalf("prob %v, m %d: bar %d says %v, rng.Unit says %v", p, m, bar, got, want)
			}
		}
	}
}
