package plots

import (
	"math"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// wilson is the 95% Wilson interval of k successes in n trials.
func wilson(k, n int64) (lo, hi float64) {
	const z = 1.959963984540054
	p := float64(k) / float64(n)
	nn := float64(n)
	den := 1 + z*z/nn
	c := (p + z*z/(2*nn)) / den
	h := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / den
	return math.Max(0, c-h), math.Min(1, c+h)
}

// synthetic returns a plausible result: 10 years from 2027, 100,000 draws,
// state shares summing to 1, a cumulative alliance curve rising from 1% to
// 8% with Wilson bounds, and widening latent quantiles.
func synthetic() *sim.Result { return syntheticYears(10) }

// syntheticYears is synthetic over a horizon of years (at least 2).
func syntheticYears(years int) *sim.Result {
	const draws = 100_000
	span := float64(years - 1)
	r := &sim.Result{
		Scenario:     "baseline",
		Actors:       [2]string{"Russia", "China"},
		Rival:        "United States",
		StartYear:    2027,
		HorizonYears: years,
		Draws:        draws,
		Seed:         42,
		Sampler:      "mc",
		Workers:      8,
		Stopped:      "draws",
		StateNames:   model.StateNames(),
		StateKeys:    model.StateKeys(),
	}
	for t := range years {
		r.Years = append(r.Years, 2027+t)
		k := int64(math.Round(draws * (0.01 + 0.07*float64(t)/span)))
		lo, hi := wilson(k, draws)
		p := float64(k) / draws
		r.Alliance = append(r.Alliance, sim.Proportion{
			Count: k, N: draws, P: p, Lo: lo, Hi: hi, SE: math.Sqrt(p * (1 - p) / draws),
		})
		ft := 9 * float64(t) / span
		row := make([]float64, model.NumStates)
		row[model.Rivalry] = 0.004 + 0.002*ft
		row[model.Normalization] = 0.03 + 0.006*ft
		row[model.StrategicPartnership] = 0.10 + 0.012*ft
		row[model.TreatyPartnership] = 0.32 - 0.004*ft
		row[model.DefenceAlliance] = p
		rest := 1.0
		for _, v := range row {
			rest -= v
		}
		row[model.Entente] = rest
		r.StateProb = append(r.StateProb, row)
		m, s := 0.4+0.06*ft, 0.25*math.Sqrt(ft+1)
		r.Latent = append(r.Latent, sim.LatentQuantiles{
			Year: 2027 + t,
			P05:  m - 1.645*s, P25: m - 0.674*s, P50: m, P75: m + 0.674*s, P95: m + 1.645*s,
		})
	}
	r.ByHorizon = r.Alliance[years-1]
	return r
}

// degenerateResults are inputs that must not crash the charts.
func degenerateResults() map[string]*sim.Result {
	zero := synthetic()
	zero.Draws = 0
	zero.Alliance, zero.StateProb, zero.Latent, zero.Years = nil, nil, nil, nil

	one := synthetic()
	one.HorizonYears = 1
	one.Years = one.Years[:1]
	one.Alliance = one.Alliance[:1]
	one.StateProb = one.StateProb[:1]
	one.Latent = one.Latent[:1]

	none := synthetic()
	for t := range none.Alliance {
		lo, hi := wilson(0, none.Draws)
		none.Alliance[t] = sim.Proportion{N: none.Draws, Lo: lo, Hi: hi}
		none.StateProb[t][model.Entente] += none.StateProb[t][model.DefenceAlliance]
		none.StateProb[t][model.DefenceAlliance] = 0
	}

	nan := synthetic()
	nan.Alliance[3].P = math.NaN()
	nan.Alliance[4].Hi = math.Inf(1)
	nan.StateProb[2][1] = math.NaN()
	nan.Latent[5].P50 = math.NaN()

	allNaN := synthetic()
	for t := range allNaN.Alliance {
		allNaN.Alliance[t].P = math.NaN()
		allNaN.StateProb[t][0] = math.NaN()
		allNaN.Latent[t].P05 = math.NaN()
	}

	flat := synthetic()
	for t := range flat.Latent {
		flat.Latent[t] = sim.LatentQuantiles{Year: flat.Latent[t].Year, P05: 1, P25: 1, P50: 1, P75: 1, P95: 1}
	}

	noYears := synthetic()
	noYears.Years, noYears.Alliance, noYears.StateProb, noYears.Latent = nil, nil, nil, nil
	noYears.HorizonYears = 0

	long := synthetic()
	long.Scenario = "a-very-long-scenario-name-that-someone-typed-for-a-sweep-of-taiwan-crisis-probabilities-and-more"
	long.Draws = 12_345_678_901
	long.Seed = 18446744073709551615
	long.Stopped = "interrupted"

	return map[string]*sim.Result{
		"zero-draws": zero, "one-year": one, "no-alliance": none, "nan": nan,
		"all-nan": allNaN, "flat-latent": flat, "no-years": noYears, "long-name": long,
	}
}
