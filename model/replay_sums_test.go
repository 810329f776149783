package model

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// randomDrivers returns year drivers, weights and drivers of random values
// (some out of the clamps' ranges, some zeros of either sign) and offsets.
func randomDrivers(r *rand.Rand) (yearDrivers, Weights, Params, [numSlots]float64) {
	v := func() float64 {
		switch r.IntN(10) {
		case 0:
			return 0
		case 1:
			return math.Copysign(0, -1)
		}
		return 3 * (r.Float64() - 0.3)
	}
	var q yearDrivers
	fs := (*[unsafe.Sizeof(yearDrivers{}) / 8]float64)(unsafe.Pointer(&q))
	for i := range fs {
		fs[i] = v()
	}
	w := DefaultWeights()
	for _, s := range WeightSpecs {
		s.Set(&w, v())
	}
	var p Params
	for i := range p.Actors {
		a := &p.Actors[i]
		a.Threat, a.Pressure, a.DisorderAppetite, a.AutonomyValue, a.SelfSufficiency, a.Doctrine = v(), v(), v(), v(), v(), v()
	}
	p.Dyad.Interdependence, p.Dyad.RegimeSimilarity, p.Dyad.Treaty = v(), v(), v()
	var off [numSlots]float64
	for s := range off {
		off[s] = v()
	}
	return q, w, p, off
}

func sameBits(a, b *yearDrivers) bool {
	x := (*[unsafe.Sizeof(yearDrivers{})]byte)(unsafe.Pointer(a))
	y := (*[unsafe.Sizeof(yearDrivers{})]byte)(unsafe.Pointer(b))
	return *x == *y
}

// shiftSlot (and shift) must leave the drivers bit for bit as shiftMask
// does, for every slot, and shift as shiftMask for several.
func TestShiftSlot(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		q, w, p, off := randomDrivers(r)
		for s := range numSlots {
			a, b, c := q, q, q
			a.shiftMask(&w, &p, &off, 1<<s)
			b.shiftSlot(&w, &p, &off, s)
			c.shift(&w, &p, &off, 1<<s)
			if !sameBits(&a, &b) || !sameBits(&a, &c) {
				t.Fatalf("slot %d: shiftMask %+v, shiftSlot %+v, shift %+v", s, a, b, c)
			}
		}
		m := r.Uint32() & (1<<numSlots - 1)
		a, c := q, q
		a.shiftMask(&w, &p, &off, m)
		c.shift(&w, &p, &off, m)
		if !sameBits(&a, &c) {
			t.Fatalf("mask %b: shiftMask %+v, shift %+v", m, a, c)
		}
	}
}

// sumsOf must return sums' pressure and utilities bit for bit.
func TestSumsOf(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		q, w, _, off := randomDrivers(r)
		opp, com := [2]float64{off[0], off[1]}, [2]float64{off[2], off[3]}
		cs := off[4]
		var u0, u1 [2][2]float64
		z0 := q.sums(&w, &opp, &com, cs, &u0)
		z1 := q.sumsOf(&w, opp[0], com[0], opp[1], com[1], cs, &u1)
		if math.Float64bits(z0) != math.Float64bits(z1) || u0 != u1 {
			t.Fatalf("sums %v %v, sumsOf %v %v", z0, u0, z1, u1)
		}
		for i := range 2 {
			for d := range 2 {
				if math.Float64bits(u0[i][d]) != math.Float64bits(u1[i][d]) {
					t.Fatalf("utility %d,%d: sums %v, sumsOf %v", i, d, u0[i][d], u1[i][d])
				}
			}
		}
	}
}

// utilitiesOf must return sums' utilities bit for bit, under the
// polarity it is given.
func TestUtilitiesOf(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		q, w, _, off := randomDrivers(r)
		opp, com := [2]float64{off[0], off[1]}, [2]float64{off[2], off[3]}
		pol := off[5]
		var u0, u1 [2][2]float64
		q1 := q
		q1.polarity = pol
		q1.sums(&w, &opp, &com, off[4], &u0)
		q.utilitiesOf(&w, pol, &opp, &com, &u1)
		for i := range 2 {
			for d := range 2 {
				if math.Float64bits(u0[i][d]) != math.Float64bits(u1[i][d]) {
					t.Fatalf("utility %d,%d: sums %v, utilitiesOf %v", i, d, u0[i][d], u1[i][d])
				}
			}
		}
	}
}
