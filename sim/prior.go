package sim

import "github.com/alliancesim/alliancesim/model"

// Prior is a scenario compiled under its weights as Run compiles it, for
// drawing its uncertain inputs outside Run: Draw sets draw i's inputs
// exactly as Run's draw i under the same seed (Monte Carlo sampling), the
// rank correlations included, whichever sampling the engine uses. A Prior
// is read-only once built; each goroutine draws through its own Drawer.
type Prior struct{ c *compiled }

// NewPrior compiles sc under w.
func NewPrior(sc *model.Scenario, w *model.Weights) (*Prior, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	c, err := compile(sc, w)
	if err != nil {
		return nil, err
	}
	return &Prior{c: c}, nil
}

// Base returns the scenario's Params with its fixed inputs set; the
// uncertain ones hold the scenario's defaults. The caller may not modify
// its EventProb.
func (pr *Prior) Base() *model.Params { return &pr.c.base }

// Weights returns the weights with the fixed weight inputs set.
func (pr *Prior) Weights() model.Weights { return pr.c.w }

// OwnWeights reports whether some weight is uncertain, so that each draw
// has its own weights.
func (pr *Prior) OwnWeights() bool {
	for k := range pr.c.unc {
		if pr.c.unc[k].setW != nil {
			return true
		}
	}
	return false
}

// Drawer is one goroutine's scratch for drawing a Prior's inputs.
type Drawer struct {
	wk *worker
	u  *unit
}

// NewDrawer returns a Drawer for pr.
func (pr *Prior) NewDrawer() *Drawer {
	wk := newWorker([]*compiled{pr.c}, 0, false)
	return &Drawer{wk: wk, u: wk.units[0]}
}

// Draw sets p to the scenario's Params with draw i's uncertain inputs
// under seed (reusing p's EventProb buffer) and, when w is not nil, w to
// the draw's weights (the fixed weights with the uncertain ones drawn).
func (d *Drawer) Draw(seed, i uint64, p *model.Params, w *model.Weights) {
	wk, u := d.wk, d.u
	key := drawKey(seed, i)
	if tableSampling {
		wk.sampleTables(0, u, i, i, key, nil)
	} else {
		wk.sample(0, u, i, i, key, nil)
	}
	if len(u.c.cops) > 0 {
		wk.correlate(0, u, i)
	}
	ep := p.EventProb
	*p = u.p
	p.EventProb = append(ep[:0], u.p.EventProb...)
	if w != nil {
		*w = u.w
	}
}
