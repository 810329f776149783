package model

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
// point's polarity.
func (pa *Path) replayUtilities(w *Weights, p *Params, pr *Prep, d *Draws, base []repYear, baseW, wys []walkYear, slots uint32) {
	h := d.h
	base, baseW, wys, qu := base[:h], baseW[:h], wys[:h], pr.qu[:h]
	polarity, costShare := pr.quiet.polarity, w.LatentCostShare
	for k := range base {
		ov, wy := &base[k], &wys[k]
		wy.shock = baseW[k].shock
		if ov.mask == 0 {
			wy.u = qu[k]
			continue
		}
		act := ov.act
		if slots != 0 {
			act.shiftMask(w, p, &ov.off, slots)
		}
		act.polarity = polarity
		act.sums(w, &ov.opp, &ov.com, costShare, &wy.u)
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
		q := &ov.act
		if slots != 0 {
			act = ov.act
			act.shiftMask(w, p, &ov.off, slots)
			q = &act
		}
		opp, com := ov.opp, ov.com
		if sides&1 != 0 {
			opp[0], com[0] = q.side(w, 0, dom[k])
		}
		if sides&2 != 0 {
			opp[1], com[1] = q.side(w, 1, -dom[k])
		}
		pre := q.sums(w, &opp, &com, costShare, &wy.u)
		latent[k] = pre + ov.noise + q.latent
	}
}
