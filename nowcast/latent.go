package nowcast

import (
	"context"
	"fmt"
	"math"

	"github.com/alliancesim/alliancesim/model"
)

// SlopeGrid is the grid each family's slope is searched on.
var SlopeGrid = []float64{0, 0.1, 0.2, 0.35, 0.5}

// DefaultSlopeParticles is the number of particles of the slope search:
// the log marginal likelihood's Monte Carlo sd is then well below the
// penalty (SlopeFit.Noise), at a fifth of a full filter's cost.
const DefaultSlopeParticles = 20_000

// SlopeFit is the account of EstimateLatent's search.
type SlopeFit struct {
	// Particles and Seed are the search's filter's (every grid point runs
	// with the same seed: common random numbers).
	Particles int    `json:"particles"`
	Seed      uint64 `json:"seed"`
	// Years is the number of filtered years with values, and Penalty the
	// log-likelihood a slope must add to be kept: ½·log(Years) per
	// parameter, as the Bayesian information criterion charges.
	Years   int     `json:"years"`
	Penalty float64 `json:"penalty"`
	// LogLik0 is the record's log marginal likelihood with both slopes 0
	// (the rung-only model), LogLik the chosen slopes', Gain their
	// difference.
	LogLik0 float64 `json:"log_lik_rung_only"`
	LogLik  float64 `json:"log_lik"`
	Gain    float64 `json:"gain"`
	// Points are the grid points evaluated, in order.
	Points []SlopePoint `json:"points"`
}

// SlopePoint is one evaluated pair of slopes.
type SlopePoint struct {
	Count  float64 `json:"count"`
	Normal float64 `json:"normal"`
	LogLik float64 `json:"log_lik"`
}

// CentreLatent returns the prior's mean latent pressure on each rung and
// the pooled within-rung sd, over the particle-years of the scenario's
// runs from its start to the end of year to, with no observations (the
// filter on an empty record: package sim's runs). A rung no particle
// reaches takes the nearest reached rung's centre (no particle stands on
// it, so its centre weighs nothing).
func CentreLatent(ctx context.Context, sc *model.Scenario, w *model.Weights, to, particles int, seed uint64, workers int) (centre [NumStates]float64, scale float64, err error) {
	var sum, sum2, cnt [NumStates]float64
	seen := func(_ int, rung []model.State, lat, _ []float64) {
		for i, s := range rung {
			sum[s] += lat[i]
			sum2[s] += lat[i] * lat[i]
			cnt[s]++
		}
	}
	rec := NewRecord("prior", sc.StartYear, max(to, sc.StartYear))
	if _, err = filter(ctx, sc, w, rec, &ObsModel{}, FilterOptions{Particles: particles, Seed: seed, Workers: workers, To: to}, seen); err != nil {
		return centre, 0, err
	}
	var years [NumStates]int
	ss, n := 0.0, 0.0
	for s := range NumStates {
		if cnt[s] > 0 {
			years[s] = 1
			centre[s] = sum[s] / cnt[s]
			ss += max(0, sum2[s]-sum[s]*sum[s]/cnt[s])
			n += cnt[s]
		}
	}
	b := borrow(years)
	for s := range NumStates {
		centre[s] = centre[b[s]]
	}
	scale = math.Sqrt(ss / n)
	if !(scale > 0) {
		return centre, 0, fmt.Errorf("latent emission: the prior's latent pressure does not vary within a rung")
	}
	return centre, scale, nil
}

// LatentOptions says how EstimateLatent searches.
type LatentOptions struct {
	// Particles is the search's number of particles (default
	// DefaultSlopeParticles); Seed and Workers are the filter's.
	Particles int
	Seed      uint64
	Workers   int
	// Grid is each slope's grid (default SlopeGrid); it must hold 0.
	Grid []float64
}

// EstimateLatent estimates how the latent pressure shifts the emissions
// of om (LatentEmission): the centre and scale from the prior
// (CentreLatent, over the record's years), the two slopes by the record's
// log marginal likelihood from the filter (Posterior.LogLik, the sum of
// the one-step-ahead predictive densities of the values: a proper
// criterion, where EM on the filter's own rung output would be circular).
// The search is by coordinates, counts first: each family's slope takes
// the grid point of the largest log-likelihood with the other held, but
// only if it beats that family's slope 0 by more than the penalty
// (½·log(years) per parameter); rounds repeat until no slope moves (at
// most three). Every grid point runs the same seed, so that the
// differences between points are not swamped by Monte Carlo noise.
func EstimateLatent(ctx context.Context, sc *model.Scenario, w *model.Weights, rec *Record, om *ObsModel, opts LatentOptions) (*LatentEmission, error) {
	if opts.Particles == 0 {
		opts.Particles = DefaultSlopeParticles
	}
	if opts.Grid == nil {
		opts.Grid = SlopeGrid
	}
	hasZero := false
	for _, b := range opts.Grid {
		hasZero = hasZero || b == 0
	}
	if !hasZero {
		return nil, fmt.Errorf("latent emission: the slope grid %v does not hold 0", opts.Grid)
	}
	to := rec.Last
	centre, scale, err := CentreLatent(ctx, sc, w, to, opts.Particles, opts.Seed, opts.Workers)
	if err != nil {
		return nil, err
	}
	fit := &SlopeFit{Particles: opts.Particles, Seed: opts.Seed}
	type key struct{ c, n float64 }
	cache := map[key]float64{}
	eval := func(c, n float64) (float64, error) {
		if l, ok := cache[key{c, n}]; ok {
			return l, nil
		}
		m := *om
		m.Latent = &LatentEmission{Centre: centre, Scale: scale, CountSlope: c, NormalSlope: n}
		post, err := Filter(ctx, sc, w, rec, &m, FilterOptions{Particles: opts.Particles, Seed: opts.Seed, Workers: opts.Workers, To: to})
		if err != nil {
			return 0, err
		}
		if fit.Years == 0 {
			for _, yp := range post.Years {
				if yp.Observed > 0 {
					fit.Years++
				}
			}
		}
		cache[key{c, n}] = post.LogLik
		fit.Points = append(fit.Points, SlopePoint{Count: c, Normal: n, LogLik: post.LogLik})
		return post.LogLik, nil
	}
	if fit.LogLik0, err = eval(0, 0); err != nil {
		return nil, err
	}
	fit.Penalty = 0.5 * math.Log(float64(max(fit.Years, 1)))
	// A family whose indicators are all absent has nothing to fit.
	fams := [2]bool{}
	for _, e := range om.Emissions {
		switch e.Family {
		case Count:
			fams[0] = true
		case Share, Positive:
			fams[1] = true
		}
	}
	b := [2]float64{}
	for round := 0; round < 3; round++ {
		moved := false
		for f := range 2 {
			if !fams[f] {
				continue
			}
			at := func(x float64) (float64, error) {
				if f == 0 {
					return eval(x, b[1])
				}
				return eval(b[0], x)
			}
			l0, err := at(0)
			if err != nil {
				return nil, err
			}
			best, bestL := 0.0, l0
			for _, x := range opts.Grid {
				l, err := at(x)
				if err != nil {
					return nil, err
				}
				if l > bestL {
					best, bestL = x, l
				}
			}
			if bestL-l0 <= fit.Penalty {
				best = 0
			}
			if best != b[f] {
				b[f], moved = best, true
			}
		}
		if !moved {
			break
		}
	}
	fit.LogLik = cache[key{b[0], b[1]}]
	fit.Gain = fit.LogLik - fit.LogLik0
	return &LatentEmission{Centre: centre, Scale: scale, CountSlope: b[0], NormalSlope: b[1], Fit: fit}, nil
}
