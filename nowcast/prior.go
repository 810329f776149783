package nowcast

import (
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Purposes of sub-streams. The first three are package sim's, so that a
// particle that has not been resampled follows sim's draw of the same
// index exactly; changing any changes every result.
const (
	purposeNoise    uint64 = 0x6e6f697365       // "noise", as in sim
	purposeEvents   uint64 = 0x6576656e74       // "event", as in sim
	drawSalt        uint64 = 0x5851f42d4c957f2d // sim's drawKey salt
	purposeResample uint64 = 0x726573616d70     // "resamp"
	purposeRejuv    uint64 = 0x72656a7576       // "rejuv": streams after a resampling
	purposePick     uint64 = 0x7069636b         // "pick": a forecast's particle
)

// drawKey is the root of draw i's streams under seed, as in package sim.
func drawKey(seed, draw uint64) uint64 { return rng.Derive(seed, draw^drawSalt) }

// prior is a scenario ready to draw particles: package sim's compiled
// scenario, whose Drawers set a particle's inputs as sim draws its runs.
type prior struct {
	sc         *model.Scenario
	sp         *sim.Prior
	w          model.Weights // the weights with the fixed weight inputs set
	ownWeights bool          // some weight is uncertain: each particle has its own
}

// newPrior compiles sc under w as package sim does (sim.NewPrior): a
// fixed input is its median, clamped; the uncertain inputs of a particle
// are sim's draw of the same index, rank correlations included.
func newPrior(sc *model.Scenario, w *model.Weights) (*prior, error) {
	sp, err := sim.NewPrior(sc, w)
	if err != nil {
		return nil, err
	}
	return &prior{sc: sc, sp: sp, w: sp.Weights(), ownWeights: sp.OwnWeights()}, nil
}

// particle is one run of the filter: its drawn drivers (and weights, when
// some are uncertain), its path, and its random streams.
type particle struct {
	path   model.Path
	p      model.Params
	w      *model.Weights
	own    *model.Weights // the particle's own weights, or nil
	pcg    model.PCG      // the noise stream
	dr     model.Drivers  // the path's drivers from its last step
	events uint64         // the events key
	formed int            // year of the first alliance onset, or 0
}

// draw sets particle i's inputs and streams as sim draws draw i, and
// starts its path. d is the goroutine's scratch.
func (pr *prior) draw(pt *particle, seed, i uint64, d *sim.Drawer) {
	key := drawKey(seed, i)
	if pr.ownWeights {
		if pt.own == nil {
			pt.own = new(model.Weights)
		}
		pt.w = pt.own
		d.Draw(seed, i, &pt.p, pt.own)
	} else {
		pt.w = &pr.w
		d.Draw(seed, i, &pt.p, nil)
	}
	pt.pcg.Seed(rng.SubSeed(key, purposeNoise))
	pt.events, _ = rng.SubSeed(key, purposeEvents)
	pt.path.StartPCG(pr.sc, pt.w, &pt.p, &pt.pcg)
	pt.dr.Reset()
	pt.formed = 0
}

// copyFrom makes pt a copy of q, reusing pt's buffers.
func (pt *particle) copyFrom(q *particle) {
	pt.path.CopyFrom(&q.path)
	ep := pt.p.EventProb
	pt.p = q.p
	pt.p.EventProb = append(ep[:0], q.p.EventProb...)
	if q.own != nil {
		if pt.own == nil {
			pt.own = new(model.Weights)
		}
		*pt.own = *q.own
		pt.w = pt.own
	} else {
		pt.w = q.w
	}
	pt.pcg = q.pcg
	pt.dr = q.dr
	pt.events = q.events
	pt.formed = q.formed
}

// reseed gives the particle fresh streams keyed by (key, i): after a
// resampling, copies of one parent must not share their futures.
func (pt *particle) reseed(key, i uint64) {
	k := rng.Derive(key, i)
	pt.pcg.Seed(rng.SubSeed(k, purposeNoise))
	pt.events, _ = rng.SubSeed(k, purposeEvents)
}
