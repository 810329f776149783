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
		Sampler:      sim.MonteCarlo,
		Workers:      8,
		Stopped:      sim.StopDraws,
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

	// Onset: the yearly increments of the cumulative count.
	var prev int64
	for _, a := range r.Alliance {
		r.Onset = append(r.Onset, a.Count-prev)
		prev = a.Count
	}
	r.NoOnset = draws - prev
	r.ActorIDs = [2]string{"russia", "china"}

	// Blocking: refusals in 60% of runs in the first year, falling.
	for t := range years {
		b := [3]int64{int64(4000 + 200*t), int64(9000 - 300*t), int64(47000 - 1500*t)}
		r.Blocking.ByYear = append(r.Blocking.ByYear, b)
		r.Blocking.OnlyFirst += b[0]
		r.Blocking.OnlySecond += b[1]
		r.Blocking.Both += b[2]
	}
	r.Blocking.Occasions = r.Blocking.OnlyFirst + r.Blocking.OnlySecond + r.Blocking.Both
	r.Blocking.RunsBlocked = 81_234

	// Events: P(alliance) with and without, consistent with the total.
	formed := r.ByHorizon.Count
	for _, e := range []struct {
		name     string
		occ, all int64 // runs with the event, and with an alliance among them
	}{
		{"taiwan_crisis", 36_000, 4_600},
		{"sanctions_escalation", 67_000, 6_000},
		{"treaty_lapse", 5_000, 60},
	} {
		r.Events = append(r.Events, sim.EventStat{
			Name:          e.name,
			Occurred:      proportion(e.occ, draws),
			AllianceIf:    proportion(e.all, e.occ),
			AllianceIfNot: proportion(formed-e.all, draws-e.occ),
		})
	}
	return r
}

// proportion is k of n with its Wilson interval.
func proportion(k, n int64) sim.Proportion {
	if n == 0 {
		return sim.Proportion{}
	}
	lo, hi := wilson(k, n)
	p := float64(k) / float64(n)
	return sim.Proportion{Count: k, N: n, P: p, Lo: lo, Hi: hi, SE: math.Sqrt(p * (1 - p) / float64(n))}
}

// syntheticExplanation is a central run over years from 2027 whose terms
// add up to the totals, with two terms at zero.
func syntheticExplanation(years int) *model.Explanation {
	ex := &model.Explanation{Scenario: "baseline", Actors: [2]string{"Russia", "China"}}
	for t := range years {
		ft := float64(t)
		lat := []model.Contribution{
			{Key: "shared_opposition", Label: "Shared opposition to the rival", Value: 1.46 - 0.005*ft},
			{Key: "junior_partner", Label: "Junior-partner cost", Value: -0.27 - 0.004*ft},
			{Key: "disorder_gap", Label: "Disorder-appetite gap", Value: -0.18},
			{Key: "interdependence", Label: "Interdependence", Value: 0.11},
			{Key: "regime_similarity", Label: "Regime similarity", Value: 0.42},
			{Key: "bias", Label: "Intercept", Value: 0},
			{Key: "events", Label: "Events", Value: 0},
		}
		var u [2][]model.Contribution
		u[0] = []model.Contribution{
			{Key: "shared_opposition", Label: "Opposition to the rival", Value: 1.64},
			{Key: "junior_partner", Label: "Junior-partner cost", Value: -1.82 - 0.035*ft},
			{Key: "doctrine", Label: "Non-alignment doctrine", Value: -0.2},
			{Key: "regime_similarity", Label: "Regime similarity", Value: 0.42},
		}
		u[1] = []model.Contribution{
			{Key: "shared_opposition", Label: "Opposition to the rival", Value: 1.27},
			{Key: "junior_partner", Label: "Junior-partner cost", Value: 0},
			{Key: "doctrine", Label: "Non-alignment doctrine", Value: -1.9},
			{Key: "regime_similarity", Label: "Regime similarity", Value: 0.42},
		}
		sum := func(cs []model.Contribution) float64 {
			s := 0.0
			for _, c := range cs {
				s += c.Value
			}
			return s
		}
		y := model.YearExplanation{
			Year: 2027 + t, State: model.Entente,
			Latent: sum(lat), LatentParts: lat,
			Utility: [2]float64{sum(u[0]), sum(u[1])}, UtilityParts: u,
			Hurdle: 1.5, ConsentThreshold: -0.15,
		}
		if t == 0 {
			y.Hurdle = 1
		}
		y.OnTable = y.Latent > y.Hurdle
		y.Consent = [2]bool{y.Utility[0] > y.ConsentThreshold, y.Utility[1] > y.ConsentThreshold}
		ex.Years = append(ex.Years, y)
	}
	return ex
}

// syntheticSet is a set of three scenarios with paired differences.
func syntheticSet() *sim.Set {
	base := synthetic()
	hard := synthetic()
	hard.Scenario = "us-hardline"
	crisis := synthetic()
	crisis.Scenario = "taiwan-crisis"
	for i := range hard.Alliance {
		for _, c := range []struct {
			r     *sim.Result
			scale float64
		}{{hard, 3.2}, {crisis, 1.7}} {
			a := c.r.Alliance[i]
			c.r.Alliance[i] = proportion(int64(math.Round(float64(a.Count)*c.scale)), a.N)
		}
	}
	hard.ByHorizon = hard.Alliance[len(hard.Alliance)-1]
	crisis.ByHorizon = crisis.Alliance[len(crisis.Alliance)-1]
	diff := func(r *sim.Result, se float64) sim.PairedDiff {
		d := r.ByHorizon.P - base.ByHorizon.P
		return sim.PairedDiff{Scenario: r.Scenario, Base: base.Scenario, Delta: d, SE: se,
			Lo: d - 1.96*se, Hi: d + 1.96*se, N: base.Draws}
	}
	return &sim.Set{
		Results: []*sim.Result{base, hard, crisis},
		Diffs:   []sim.PairedDiff{{}, diff(hard, 0.0019), diff(crisis, 0.0013)},
	}
}

// degenerateResults are inputs that must not crash the charts.
func degenerateResults() map[string]*sim.Result {
	zero := synthetic()
	zero.Draws = 0
	zero.Alliance, zero.StateProb, zero.Latent, zero.Years = nil, nil, nil, nil
	zero.Onset, zero.NoOnset, zero.Blocking, zero.Events = nil, 0, sim.Blocking{}, nil

	one := synthetic()
	one.HorizonYears = 1
	one.Years = one.Years[:1]
	one.Alliance = one.Alliance[:1]
	one.StateProb = one.StateProb[:1]
	one.Latent = one.Latent[:1]
	one.Onset = one.Onset[:1]
	one.NoOnset = one.Draws - one.Onset[0]
	one.Blocking.ByYear = one.Blocking.ByYear[:1]

	none := synthetic()
	for t := range none.Alliance {
		lo, hi := wilson(0, none.Draws)
		none.Alliance[t] = sim.Proportion{N: none.Draws, Lo: lo, Hi: hi}
		none.StateProb[t][model.Entente] += none.StateProb[t][model.DefenceAlliance]
		none.StateProb[t][model.DefenceAlliance] = 0
		none.Onset[t] = 0
		none.Blocking.ByYear[t] = [3]int64{}
	}
	none.NoOnset, none.Blocking.RunsBlocked = none.Draws, 0
	for i := range none.Events {
		e := &none.Events[i]
		e.AllianceIf, e.AllianceIfNot = proportion(0, e.Occurred.Count), proportion(0, none.Draws-e.Occurred.Count)
	}
	// An event that never occurred, one that always did.
	none.Events[1].Occurred, none.Events[1].AllianceIf = proportion(0, none.Draws), sim.Proportion{}
	none.Events[2].Occurred, none.Events[2].AllianceIfNot = proportion(none.Draws, none.Draws), sim.Proportion{}

	nan := synthetic()
	nan.Alliance[3].P = math.NaN()
	nan.Alliance[4].Hi = math.Inf(1)
	nan.StateProb[2][1] = math.NaN()
	nan.Latent[5].P50 = math.NaN()
	nan.Onset[2] = -1
	nan.Blocking.ByYear[3][1] = -5
	nan.Events[0].AllianceIf.P = math.NaN()

	allNaN := synthetic()
	for t := range allNaN.Alliance {
		allNaN.Alliance[t].P = math.NaN()
		allNaN.StateProb[t][0] = math.NaN()
		allNaN.Latent[t].P05 = math.NaN()
		allNaN.Onset[t] = -1
		allNaN.Blocking.ByYear[t][0] = -1
	}
	allNaN.ByHorizon.P = math.NaN()
	for i := range allNaN.Events {
		allNaN.Events[i].AllianceIf.P = math.NaN()
		allNaN.Events[i].AllianceIfNot.Hi = math.Inf(1)
	}

	flat := synthetic()
	for t := range flat.Latent {
		flat.Latent[t] = sim.LatentQuantiles{Year: flat.Latent[t].Year, P05: 1, P25: 1, P50: 1, P75: 1, P95: 1}
	}

	noYears := synthetic()
	noYears.Years, noYears.Alliance, noYears.StateProb, noYears.Latent = nil, nil, nil, nil
	noYears.Onset, noYears.Blocking.ByYear, noYears.Events = nil, nil, nil
	noYears.HorizonYears = 0

	long := synthetic()
	long.Scenario = "a-very-long-scenario-name-that-someone-typed-for-a-sweep-of-taiwan-crisis-probabilities-and-more"
	long.Draws = 12_345_678_901
	long.Seed = 18446744073709551615
	long.Stopped = sim.StopMaxDraws

	return map[string]*sim.Result{
		"zero-draws": zero, "one-year": one, "no-alliance": none, "nan": nan,
		"all-nan": allNaN, "flat-latent": flat, "no-years": noYears, "long-name": long,
	}
}
