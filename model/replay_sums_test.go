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

// refCombine is the model's yearly arithmetic written out term by term,
// in the order the documented formulas add them (docs/model.md): the
// reference that sumsOf, utilitiesOf and combine, which now share one
// home, are held to bit for bit.
func refCombine(q *yearDrivers, w *Weights, polarity, dom float64, doc [2]bool, noise, costShare float64) (z, u0, u1 float64) {
	opp0, com0 := q.side(w, 0, dom)
	opp1, com1 := q.side(w, 1, -dom)
	doc0 := -w.Doctrine * q.docv[0][b2i(doc[0])]
	doc1 := -w.Doctrine * q.docv[1][b2i(doc[1])]
	u0 = opp0 + com0 + q.inter + q.regime + q.treaty + polarity + doc0 + q.consent[0]
	u1 = opp1 + com1 + q.inter + q.regime + q.treaty + polarity + doc1 + q.consent[1]
	z = w.Bias + 0.5*(opp0+opp1+costShare*(com0+com1)) + q.inter + q.regime + q.treaty + noise + q.latent
	return z, u0, u1
}

// sumsOf (the arithmetic of the utilities and the pressure that run,
// Replay and, through combine, Step use) must give refCombine's bits: the
// pressure, each side's utility with its doctrine dropped and in force,
// under the drivers' polarity and, through utilitiesOf, another.
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
		for d := range 4 {
			doc := [2]bool{d&1 != 0, d&2 != 0}
			zr, r0, r1 := refCombine(&q, &w, q.polarity, dom, doc, noise, cs)
			_, p0, p1 := refCombine(&q, &w, pol, dom, doc, noise, cs)
			zc, c0, c1 := q.combine(&w, dom, doc, noise, cs)
			i0, i1 := b2i(doc[0]), b2i(doc[1])
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"pressure", z, zr}, {"first utility", u[0][i0], r0}, {"second utility", u[1][i1], r1},
				{"first utility, other polarity", up[0][i0], p0}, {"second utility, other polarity", up[1][i1], p1},
				{"combine's pressure", zc, zr}, {"combine's first utility", c0, r0}, {"combine's second utility", c1, r1}} {
				if math.Float64bits(c.got) != math.Float64bits(c.want) {
					t.Fatalf("doctrines %v: %s %v, written out %v", doc, c.what, c.got, c.want)
				}
			}
		}
	}
}
