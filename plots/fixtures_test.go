package plots

// The fixed data the tests and examples draw: a plausible run, central
// run, set, analyses and backtest, made up so that every mark of every
// chart shows.

import (
	"math"
	"testing"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/score"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
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

// testLabels are readable labels for some of the synthetic inputs.
var testLabels = map[string]string{
	"china.pressure":         "US pressure on China",
	"russia.pressure":        "US pressure on Russia",
	"russia.autonomy_value":  "Russia's value of autonomy",
	"china.doctrine":         "China's non-alignment doctrine",
	"weights.junior_partner": "Junior-partner cost weight",
}

// testInfo is the AnalysisInfo of the synthetic analyses.
func testInfo() AnalysisInfo {
	return AnalysisInfo{Scenario: "baseline", Output: "P(alliance by 2036)", Probability: true,
		Reps: 64, Seed: 1, Version: "v0.1.0", Labels: testLabels}
}

// syntheticTornado is a tornado of eight inputs around a base of 7.8%:
// bars on both sides of the base, one with both ends above it, one flat.
func syntheticTornado() (float64, []analysis.TornadoBar) {
	bars := []analysis.TornadoBar{
		{Name: "russia.autonomy_value", Low: 0.156, High: 0.016, LowX: 0.7, HighX: 1.2},
		{Name: "russia.pressure", Low: 0.031, High: 0.125, LowX: 0.7, HighX: 0.88},
		{Name: "china.pressure", Low: 0.047, High: 0.109, LowX: 0.6, HighX: 0.8},
		{Name: "china.doctrine", Low: 0.094, High: 0.062, LowX: 0.78, HighX: 0.95},
		{Name: "russia.growth", Low: 0.081, High: 0.094, LowX: -0.028, HighX: -0.002},
		{Name: "china.self_sufficiency", Low: 0.078, High: 0.062, LowX: 0.6, HighX: 0.78},
		{Name: "events.taiwan_crisis.probability", Low: 0.072, High: 0.086, LowX: 0.02, HighX: 0.07},
		{Name: "dyad.interdependence", Low: 0.078, High: 0.078, LowX: 0.45, HighX: 0.65},
	}
	for i := range bars {
		bars[i].Index = i
		bars[i].Swing = bars[i].High - bars[i].Low
	}
	return 0.078, bars
}

// syntheticMorris is a Morris screening of ten inputs.
func syntheticMorris() []analysis.MorrisResult {
	var res []analysis.MorrisResult
	names := []string{"russia.autonomy_value", "russia.pressure", "china.pressure", "china.doctrine", "russia.growth",
		"china.growth", "dyad.interdependence", "events.taiwan_crisis.probability", "china.self_sufficiency", "dyad.regime_similarity"}
	for i, n := range names {
		mu := 0.19 / float64(i+1)
		sign := 1.0
		if i%3 == 0 {
			sign = -1
		}
		r := analysis.MorrisResult{Name: n, MuStar: mu, Mu: sign * mu * (1 - 0.3*float64(i%2)), Sigma: mu * (0.6 + 0.1*float64(i%4)),
			MuStarConf: 0.25 * mu, Effects: make([]float64, 20)}
		if i == 6 {
			r.Mu = 0.1 * mu // effects of both signs
		}
		res = append(res, r)
	}
	return res
}

// syntheticSobol is a Sobol result of eight inputs with one slightly
// negative first-order index whose interval covers zero.
func syntheticSobol() *analysis.SobolResult {
	idx := []analysis.SobolIndex{
		{Name: "russia.pressure", S1: 0.07, S1Lo: 0.033, S1Hi: 0.106, ST: 0.139, STLo: 0.116, STHi: 0.167},
		{Name: "russia.autonomy_value", S1: 0.34, S1Lo: 0.285, S1Hi: 0.397, ST: 0.447, STLo: 0.383, STHi: 0.517},
		{Name: "china.pressure", S1: 0.082, S1Lo: 0.05, S1Hi: 0.118, ST: 0.142, STLo: 0.118, STHi: 0.169},
		{Name: "china.doctrine", S1: 0.008, S1Lo: -0.014, S1Hi: 0.028, ST: 0.058, STLo: 0.048, STHi: 0.069},
		{Name: "china.doctrine_hazard", S1: -0.002, S1Lo: -0.009, S1Hi: 0.005, ST: 0.005, STLo: 0.004, STHi: 0.006},
		{Name: "dyad.interdependence", S1: 0.002, S1Lo: -0.007, S1Hi: 0.009, ST: 0.007, STLo: 0.006, STHi: 0.008},
		{Name: "china.growth", S1: 0.005, S1Lo: -0.004, S1Hi: 0.014, ST: 0.010, STLo: 0.008, STHi: 0.012},
		{Name: "events.taiwan_crisis.probability", S1: -0.0004, S1Lo: -0.007, S1Hi: 0.006, ST: 0.008, STLo: 0.006, STHi: 0.01},
	}
	r := &analysis.SobolResult{Indices: idx, N: 1024, Evaluations: 1024 * 10, Bootstrap: 500, Mean: 0.08, Variance: 0.004}
	for _, ix := range idx {
		r.SumS1 += ix.S1
	}
	return r
}

// syntheticConvergence follows the Sobol result over three sample sizes,
// the intervals narrowing as 1/√N.
func syntheticConvergence(settled bool) *analysis.ConvergenceResult {
	final := syntheticSobol()
	c := &analysis.ConvergenceResult{Final: final, Settled: settled}
	for k, n := range []int{256, 512, 1024} {
		wide := math.Sqrt(1024 / float64(n))
		pt := analysis.ConvergencePoint{N: n, Evaluations: n * 10}
		for i, ix := range final.Indices {
			drift := 0.02 * float64(2-k) * float64(i%3-1)
			pt.Indices = append(pt.Indices, analysis.SobolIndex{Name: ix.Name,
				S1: ix.S1 + drift, S1Lo: ix.S1 + drift - wide*(ix.S1-ix.S1Lo), S1Hi: ix.S1 + drift + wide*(ix.S1Hi-ix.S1),
				ST: ix.ST + drift, STLo: ix.ST + drift - wide*(ix.ST-ix.STLo), STHi: ix.ST + drift + wide*(ix.STHi-ix.ST)})
		}
		pt.Ranking = (&analysis.SobolResult{Indices: pt.Indices}).Ranking()
		c.Points = append(c.Points, pt)
	}
	if !settled {
		c.Reasons = []analysis.Warning{
			{Kind: analysis.OrderChanged, N: 1024, PrevN: 512, Before: []string{"a", "b", "c"}, After: []string{"a", "c", "b"}},
			{Kind: analysis.WideIntervals, N: 1024, Input: "a", Index: "ST", Value: 0.067, Limit: 0.05, Suggested: 2048, Evaluations: 51200},
		}
		for _, w := range c.Reasons {
			c.Warnings = append(c.Warnings, w.String())
		}
	}
	return c
}

// logistic is a smooth probability surface for the synthetic sweeps.
func logistic(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

// syntheticSweep1 sweeps US pressure on China over 8 values.
func syntheticSweep1() *study.SweepResult {
	ax := study.Axis{Key: "china.pressure", From: 0.3, To: 0.95, Steps: 8}
	res := &study.SweepResult{Scenario: "baseline", Horizon: 2036, Axes: []study.Axis{ax}, Draws: 4000, Seed: 1}
	for _, x := range ax.Values() {
		p := logistic(-4 + 3.5*x)
		res.Points = append(res.Points, study.SweepPoint{X: []float64{x}, P: proportion(int64(math.Round(p*4000)), 4000)})
	}
	return res
}

// syntheticSweep2 sweeps US pressure on China (8 values) against the
// junior-partner weight (7 values), row-major, the last axis fastest.
func syntheticSweep2(f func(x, y float64) float64) *study.SweepResult {
	a0 := study.Axis{Key: "china.pressure", From: 0.3, To: 0.95, Steps: 8}
	a1 := study.Axis{Key: "weights.junior_partner", From: 0.4, To: 1.6, Steps: 7}
	res := &study.SweepResult{Scenario: "baseline", Horizon: 2036, Axes: []study.Axis{a0, a1}, Draws: 4000, Seed: 1}
	for _, x := range a0.Values() {
		for _, y := range a1.Values() {
			p := f(x, y)
			res.Points = append(res.Points, study.SweepPoint{X: []float64{x, y}, P: proportion(int64(math.Round(p*4000)), 4000)})
		}
	}
	return res
}

// heatSurface is a plausible P(alliance) over the two swept values.
func heatSurface(x, y float64) float64 { return logistic(-1.5 + 5*(x-0.6) - 3.5*(y-0.5)) }

// syntheticPrim is a peeling trajectory of 20 boxes, coverage falling
// from 1 and density rising from the base rate of 10%.
func syntheticPrim(boxes int) *analysis.PrimResult {
	r := &analysis.PrimResult{N: 20000, Cases: 2000, Names: []string{"russia.pressure", "china.pressure", "russia.autonomy_value"}}
	for i := range boxes {
		t := float64(i) / 20
		cov := 1 - 0.8*t
		dens := 0.1 + 0.3*t*t + 0.05*t
		mass := cov * 0.1 / dens
		b := analysis.PrimBox{Coverage: cov, Density: dens, Mass: mass, N: int(mass * 20000), Cases: int(cov * 2000)}
		for k := range min(3, (i+2)/3) {
			b.Restrictions = append(b.Restrictions, analysis.Restriction{Input: k, Name: r.Names[k], Lo: 0.6 + 0.01*float64(i), HasLo: true})
		}
		r.Trajectory = append(r.Trajectory, b)
	}
	r.Chosen = boxes / 2
	r.Box = r.Trajectory[r.Chosen]
	return r
}

// syntheticBacktest is a scored backtest of eight made-up cases: four
// pacts and four without, one of them without structural covariates.
func syntheticBacktest(t testing.TB) *backtest.Report {
	t.Helper()
	const draws = 20_000
	mk := func(name string, start, year int, pact bool, p float64, logit float64) backtest.CaseResult {
		k := int64(math.Round(p * draws))
		c := backtest.CaseResult{Name: name, File: "testdata/" + name + ".yaml", StartYear: start, Year: year, Years: year - start + 1, Pact: pact,
			Model: proportion(k, draws), BaseRate: score.BaseRate(year - start + 1),
			Logit: math.NaN(), LogitHazard: math.NaN(), CapabilityRatio: math.NaN()}
		if !math.IsNaN(logit) {
			c.HasLogit, c.Logit = true, logit
		}
		return c
	}
	rep := &backtest.Report{Library: "bundled:history", Draws: draws, Seed: 1, Sampler: sim.MonteCarlo, Cases: []backtest.CaseResult{
		mk("sino-soviet-1950", 1950, 1951, true, 0.72, 0.04),
		mk("us-rok-1953", 1950, 1953, true, 0.41, 0.03),
		mk("china-dprk-1961", 1953, 1961, true, 0.88, 0.17),
		mk("uk-france-1947", 1946, 1947, true, 0.0005, 0.03),
		mk("china-russia-1992", 1992, 2025, false, 0.21, 0.51),
		mk("us-india-2000", 2000, 2020, false, 0.03, 0.12),
		mk("ussr-india-1971", 1971, 1990, false, 0.55, math.NaN()),
		mk("france-germany-1963", 1963, 1990, false, 0, 0.21),
	}}
	if err := rep.Score(); err != nil {
		t.Fatal(err)
	}
	return rep
}
