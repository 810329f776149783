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

// sumsOf (run's and Replay's arithmetic of the utilities and the
// pressure) must give combine's (Step's) bits: the pressure before the
// noise and latent offset, each side's utility with its doctrine dropped
// and in force, under the drivers' polarity and, through utilitiesOf,
// another.
func TestSumsOfMatchesCombine(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		q, w, _, off := randomDrivers(r)
		dom, noise, cs, pol := off[0], off[1], off[4], off[5]
		opp0, com0 := q.side(&w, 0, dom)
		opp1, com1 := q.side(&w, 1, -dom)
		var u, up [2][2]float64
		z := q.sumsOf(&w, opp0, com0, opp1, com1, cs, &u) + noise + q.latent
		q.utilitiesOf(&w, pol, opp0, com0, opp1, com1, &up)
		qp := q
		qp.polarity = pol
		for d := range 4 {
			doc := [2]bool{d&1 != 0, d&2 != 0}
			zc, u0, u1 := q.combine(&w, dom, doc, noise, cs)
			_, p0, p1 := qp.combine(&w, dom, doc, noise, cs)
			i0, i1 := b2i(doc[0]), b2i(doc[1])
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"pressure", z, zc}, {"first utility", u[0][i0], u0}, {"second utility", u[1][i1], u1},
				{"first utility, other polarity", up[0][i0], p0}, {"second utility, other polarity", up[1][i1], p1}} {
				if math.Float64bits(c.got) != math.Float64bits(c.want) {
					t.Fatalf("doctrines %v: %s %v, combine %v", doc, c.what, c.got, c.want)
				}
			}
		}
	}
}
