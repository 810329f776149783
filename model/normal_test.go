package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// normFloat64 must draw exactly what (*rand.Rand).NormFloat64 draws, and
// leave the generator in the same state, through the tail and the wedges.
func TestNormFloat64MatchesStdlib(t *testing.T) {
	t.Parallel()
	a, b := rand.NewPCG(3, 4), rand.NewPCG(3, 4)
	r := rand.New(b)
	tails := 0
	for i := range 4_000_000 {
		x, y := normFloat64(a), r.NormFloat64()
		if math.Float64bits(x) != math.Float64bits(y) {
			t.Fatalf("number %d: %v, the standard library draws %v", i, x, y)
		}
		if math.Abs(x) > normalRN {
			tails++
		}
	}
	if a.Uint64() != b.Uint64() {
		t.Fatal("the generators' states differ")
	}
	if tails == 0 {
		t.Fatal("no number from the tail: the test did not reach it")
	}
}

// Simulate draws the same run from PCGStreams as from plain Streams.
func TestPCGStreamsSameRun(t *testing.T) {
	t.Parallel()
	sc, p := world(t, 12, Entente, Event{Name: "crisis", Decay: 0.5, Effects: []Effect{{Target: "latent", Delta: 0.5}}})
	p.EventProb[0] = 0.2
	p.Actors[1].Growth = 0.03
	w := DefaultWeights()
	a, b := NewTrajectory(sc), NewTrajectory(sc)
	for seed := range uint64(2000) {
		var pa, pb rand.PCG
		pa.Seed(seed, 1)
		pb.Seed(seed, 1)
		Simulate(sc, &w, p, Streams{Noise: rand.New(&pa), Events: seed}, a)
		Simulate(sc, &w, p, PCGStreams(&pb, seed), b)
		for y := range a.Latent {
			if math.Float64bits(a.Latent[y]) != math.Float64bits(b.Latent[y]) || a.States[y] != b.States[y] || a.Blocked[y] != b.Blocked[y] {
				t.Fatalf("seed %d, year %d: the runs differ", seed, y)
			}
		}
		if a.Onset != b.Onset || a.End != b.End {
			t.Fatalf("seed %d: the runs differ", seed)
		}
	}
}

// yearly must give, bit for bit, the latent pressure and utilities that
// Terms gives, for any drivers, weights, offsets and doctrines.
func TestYearlyMatchesTerms(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	pick := func() float64 {
		switch r.IntN(6) {
		case 0:
			return 0
		case 1:
			return math.Copysign(0, -1)
		case 2:
			return 1
		}
		return r.Float64()*4 - 1.5
	}
	for n := range 200_000 {
		w := DefaultWeights()
		for _, f := range []*float64{&w.SharedOpposition, &w.Security, &w.JuniorPartner, &w.Influence, &w.SelfSufficiency,
			&w.DisorderGap, &w.RestraintShare, &w.Doctrine, &w.Interdependence, &w.RegimeSimilarity, &w.Treaty, &w.Multipolarity, &w.Bias} {
			if r.IntN(3) == 0 {
				*f = pick()
			}
		}
		var p Params
		for i := range 2 {
			a := &p.Actors[i]
			for _, f := range []*float64{&a.Threat, &a.Pressure, &a.DisorderAppetite, &a.AutonomyValue, &a.SelfSufficiency, &a.Doctrine} {
				*f = pick()
			}
		}
		if r.IntN(4) == 0 {
			p.Actors[1].DisorderAppetite = p.Actors[0].DisorderAppetite
		}
		for _, f := range []*float64{&p.Dyad.Interdependence, &p.Dyad.RegimeSimilarity, &p.Dyad.Treaty, &p.Dyad.Multipolarity} {
			*f = pick()
		}
		var off [numSlots]float64
		for s := range off {
			if r.IntN(3) == 0 {
				off[s] = pick()
			}
		}
		dom, noise, cs := pick(), pick(), pick()
		doc := [2]bool{r.IntN(2) == 0, r.IntN(2) == 0}
		tm := termsDom(&w, &p, dom, &off, doc, noise)
		z, u0, u1 := yearly(&w, &p, dom, &off, doc, noise, cs)
		for _, c := range [][2]float64{{z, tm.Latent(cs)}, {u0, tm.Utility(0)}, {u1, tm.Utility(1)}} {
			if math.Float64bits(c[0]) != math.Float64bits(c[1]) {
				t.Fatalf("case %d: yearly gives %v, Terms %v", n, c[0], c[1])
			}
		}
	}
}
