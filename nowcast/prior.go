package nowcast

import (
	"fmt"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
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

// uncertainIn is one uncertain input of a prior.
type uncertainIn struct {
	path     string
	hash     uint64
	dist     model.Distribution
	tg       model.Target
	min, max float64
}

// prior is a scenario ready to draw particles: the fixed inputs written
// into a base Params and weights, the uncertain ones resolved.
type prior struct {
	sc         *model.Scenario
	w          model.Weights
	base       model.Params
	unc        []uncertainIn
	ownWeights bool // some weight is uncertain: each particle has its own
	notes      []string
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

// newPrior compiles sc under w as package sim does: a fixed input is its
// median, clamped; an uncertain input is drawn per particle from its own
// stream, keyed by its path. Rank correlations are not honoured (the
// inputs are drawn independently); a note says so.
func newPrior(sc *model.Scenario, w *model.Weights) (*prior, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	pr := &prior{sc: sc, w: *w, base: *sc.NewParams()}
	for _, in := range sc.Inputs {
		tg, err := sc.Resolve(in.Path)
		if err != nil {
			return nil, err
		}
		if in.Dist == nil {
			return nil, fmt.Errorf("%s: no distribution", in.Path)
		}
		if in.Fixed {
			tg.Apply(&pr.base, &pr.w, clamp(in.Dist.Quantile(0.5), tg.Min, tg.Max))
			continue
		}
		pr.unc = append(pr.unc, uncertainIn{path: in.Path, hash: rng.HashName(in.Path), dist: in.Dist, tg: tg, min: tg.Min, max: tg.Max})
		pr.ownWeights = pr.ownWeights || tg.IsWeight()
	}
	if err := pr.w.Validate(); err != nil {
		return nil, err
	}
	if len(sc.Correlations) > 0 {
		pr.notes = append(pr.notes, fmt.Sprintf("%s has %d rank correlation(s); the nowcast draws its inputs independently", sc.Name, len(sc.Correlations)))
	}
	return pr, nil
}

// particle is one run of the filter: its drawn drivers (and weights, when
// some are uncertain), its path, and its random streams.
type particle struct {
	path   model.Path
	p      model.Params
	w      *model.Weights
	own    *model.Weights // the particle's own weights, or nil
	pcg    rand.PCG       // the noise stream
	events uint64         // the events key
	formed int            // year of the first alliance onset, or 0
}

// draw sets particle i's inputs and streams as sim draws draw i, and
// starts its path. src is scratch.
func (pr *prior) draw(pt *particle, seed, i uint64, src *rand.PCG) {
	key := drawKey(seed, i)
	ep := pt.p.EventProb
	pt.p = pr.base
	pt.p.EventProb = append(ep[:0], pr.base.EventProb...)
	if pr.ownWeights {
		if pt.own == nil {
			pt.own = new(model.Weights)
		}
		*pt.own = pr.w
		pt.w = pt.own
	} else {
		pt.w = &pr.w
	}
	for k := range pr.unc {
		in := &pr.unc[k]
		src.Seed(rng.SubSeed(key, in.hash))
		in.tg.Apply(&pt.p, pt.w, clamp(in.dist.Rand(src), in.min, in.max))
	}
	pt.pcg.Seed(rng.SubSeed(key, purposeNoise))
	pt.events, _ = rng.SubSeed(key, purposeEvents)
	pt.path.Start(pr.sc, pt.w, &pt.p, rand.New(&pt.pcg))
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
