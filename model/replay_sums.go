package model

import (
	"math/bits"
)

// A point that differs from a Replayer's base in a field of the sums
// alone (yearDrivers.sums: change.enter) leaves every year's drivers and
// sides' terms as the base's, and half of what the walk reads: the bias
// and the cost share enter the latent pressure before the noise alone,
// and the doctrines' weight and the system's terms (the polarity, and a
// side's doctrine, whose slot enters its utility with the doctrine in
// force) the utilities alone. replayPre and replayUtilities replay such
// a point from the base's years: the pressure, the walk reading the
// base's utilities and shocks, or the utilities, the walk reading the
// base's pressure.

// replayPre is replayDrivers for a point whose fields enter the latent
// pressure before the noise alone (enterPre): each year's pressure into
// latent, from the base's years base and prepared pr (its quiet years'
// pressure) under w: sums' pressure of the base's sides' terms and
// drivers, plus the base's noise and latent offset.
func (pa *Path) replayPre(w *Weights, pr *Prep, d *Draws, base []repYear, latent []float64) {
	h := d.h
	base, latent, qz := base[:h], latent[:h], pr.qz[:h]
	bias, costShare := w.Bias, w.LatentCostShare
	for k := range base {
		ov := &base[k]
		pre := qz[k]
		if ov.mask != 0 {
			// sums' pressure, its operations in its order.
			q := &ov.act
			pre = bias + 0.5*(ov.opp[0]+ov.opp[1]+costShare*(ov.com[0]+ov.com[1])) + q.inter + q.regime + q.treaty
		}
		latent[k] = pre + ov.noise + ov.ql
	}
}

// replayUtilities is replayDrivers for a point whose fields enter the
// utilities alone (enterU): each year's utilities into wys, with the
// base's shocks (baseW), from the base's years base and prepared pr (its
// quiet years' utilities) under w and p: sums of the base's sides' terms
// and drivers, the slots of slots shifted again (a doctrine's) and the
// point's polarity. It reads the base's drivers in place unless a slot
// changes, and computes no pressure: that took a point of the doctrines'
// weight or a system term from 17.3 to 14.4 µs (64 replications, on a loaded
// machine).
func (pa *Path) replayUtilities(w *Weights, p *Params, pr *Prep, d *Draws, base []repYear, baseW, wys []walkYear, slots uint32) {
	h := d.h
	base, baseW, wys, qu := base[:h], baseW[:h], wys[:h], pr.qu[:h]
	polarity := pr.quiet.polarity
	var act yearDrivers
	for k := range base {
		ov, wy := &base[k], &wys[k]
		wy.shock = baseW[k].shock
		if ov.mask == 0 {
			wy.u = qu[k]
			continue
		}
		q := ov.pointDrivers(w, p, slots, &act)
		q.utilitiesOf(w, polarity, ov.opp[0], ov.com[0], ov.opp[1], ov.com[1], &wy.u)
	}
}

// replaySides is replayDrivers from a base for a point whose fields enter
// both the pressure and the utilities (the sides' terms of sides, the
// drivers' slots of slots) and not the shocks.
func (pa *Path) replaySides(w *Weights, p *Params, pr *Prep, d *Draws, base []repYear, baseW, wys []walkYear, latent []float64, sides int, slots uint32) {
	h := d.h
	base, baseW, wys, latent = base[:h], baseW[:h], wys[:h], latent[:h]
	dom, qu, qz := pr.dom[:h], pr.qu[:h], pr.qz[:h]
	costShare := w.LatentCostShare
	var act yearDrivers
	for k := range base {
		ov, wy := &base[k], &wys[k]
		wy.shock = baseW[k].shock
		if ov.mask == 0 {
			wy.u = qu[k]
			latent[k] = qz[k] + ov.noise + ov.ql
			continue
		}
		q := ov.pointDrivers(w, p, slots, &act)
		opp0, com0, opp1, com1 := ov.opp[0], ov.com[0], ov.opp[1], ov.com[1]
		if sides&1 != 0 {
			opp0, com0 = q.side(w, 0, dom[k])
		}
		if sides&2 != 0 {
			opp1, com1 = q.side(w, 1, -dom[k])
		}
		pre := q.sumsOf(w, opp0, com0, opp1, com1, costShare, &wy.u)
		latent[k] = pre + ov.noise + q.latent
	}
}

// pointDrivers is base year ov's drivers under a point that shifts the
// slots slots again: the base's own, read in place, when it shifts none;
// otherwise a copy in act, shifted.
func (ov *repYear) pointDrivers(w *Weights, p *Params, slots uint32, act *yearDrivers) *yearDrivers {
	if slots == 0 {
		return &ov.act
	}
	*act = ov.act
	act.shift(w, p, &ov.off, slots)
	return act
}

// sumsOf is sums of the sides' terms (opp0, com0) and (opp1, com1), the
// one home of its arithmetic: the utilities (utilitiesOf) and the latent
// pressure. Terms in registers rather than arrays: sums, not inlined, read
// them from memory, and took 15% of the sensitivity command's CPU profile
// in replaySides.
func (q *yearDrivers) sumsOf(w *Weights, opp0, com0, opp1, com1, costShare float64, u *[2][2]float64) float64 {
	q.utilitiesOf(w, q.polarity, opp0, com0, opp1, com1, u)
	return w.Bias + 0.5*(opp0+opp1+costShare*(com0+com1)) + q.inter + q.regime + q.treaty
}

// shift is shiftMask, by shiftSlot when mask has one slot (most fields
// of the drivers enter one).
func (r *yearDrivers) shift(w *Weights, p *Params, off *[numSlots]float64, mask uint32) {
	if mask&(mask-1) == 0 {
		r.shiftSlot(w, p, off, bits.TrailingZeros32(mask))
		return
	}
	r.shiftMask(w, p, off, mask)
}

// shiftSlot is shiftMask for the one slot s, with its operations
// (TestShiftSlot): shiftMask goes through every slot of both actors and
// the dyad to find the one, which took a third of what the drivers of a
// point that differs from the base in a driver of one slot cost in
// replaySides.
func (r *yearDrivers) shiftSlot(w *Weights, p *Params, off *[numSlots]float64, s int) {
	if s < 2*actorSlots {
		i := s / actorSlots
		a, o := &p.Actors[i], off[s]
		switch s - i*actorSlots {
		case slotDisorder:
			r.setDisorder(i, a, o)
			r.setGap()
		case slotThreat:
			r.setThreat(i, a, o)
		case slotPressure:
			r.setPressure(i, a, o)
		case slotAutonomy:
			r.setAutonomy(i, a, o)
		case slotSelfSufficiency:
			r.setSelfSufficiency(i, a, o)
		case slotDoctrine:
			r.setDoctrine(i, a, o)
		case slotConsent:
			r.consent[i] = o
		}
		return
	}
	switch s {
	case slotInterdependence:
		r.setInterdependence(w, p, off[slotInterdependence])
	case slotRegime:
		r.setRegime(w, p, off[slotRegime])
	case slotTreaty:
		r.setTreaty(w, p, off[slotTreaty])
	case slotLatent:
		r.latent = off[slotLatent]
	}
}

// utilitiesOf is sums' utilities alone, with the polarity polarity (the
// drivers' own in sums; a point's own when it differs from the base's in
// a system term), each side's with its doctrine dropped (u[i][0]) and in
// force (u[i][1]).
func (q *yearDrivers) utilitiesOf(w *Weights, polarity, opp0, com0, opp1, com1 float64, u *[2][2]float64) {
	s0 := opp0 + com0 + q.inter + q.regime + q.treaty + polarity
	s1 := opp1 + com1 + q.inter + q.regime + q.treaty + polarity
	doc00 := -w.Doctrine * q.docv[0][0]
	doc10 := -w.Doctrine * q.docv[1][0]
	u[0][0] = s0 + doc00 + q.consent[0]
	u[1][0] = s1 + doc10 + q.consent[1]
	doc01 := -w.Doctrine * q.docv[0][1]
	doc11 := -w.Doctrine * q.docv[1][1]
	u[0][1] = s0 + doc01 + q.consent[0]
	u[1][1] = s1 + doc11 + q.consent[1]
}
