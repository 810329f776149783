package nowcast

import (
	"math"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
)

// SchemaVersion is bumped whenever nowcast.json changes incompatibly.
const SchemaVersion = 1

// File is nowcast.json.
type File struct {
	// Schema is nowcast.json's schema version (1), bumped whenever the
	// file changes incompatibly.
	Schema int `json:"schema"`
	Source
	// StateKeys names the rungs, in the order of every rung array.
	StateKeys []string `json:"state_keys"`
	// Run says how the nowcast was made: the filter's particles and seed,
	// the forecast's seed, the workers, the wall time and the record's log
	// marginal likelihood.
	Run RunJSON `json:"run"`
	// Coding is the coded rung path the observation model was estimated
	// on and the scores are measured against: its changes, in year order
	// (the China–Russia coding of docs/model.md §2 by default). A year
	// before the first change is not coded.
	Coding []CodedJSON `json:"coding"`
	// Years holds each filtered year.
	Years []YearJSON `json:"years"`
	// State is the filtered state distribution at the end of the record.
	State StateJSON `json:"state"`
	// Forecast is P(alliance) by year from that state.
	Forecast ForecastJSON `json:"forecast"`
	// Scores are the one-step-ahead forecast scores of the rung against
	// the coding, over the record's coded years.
	Scores ScoresJSON `json:"scores"`
	// Emissions are the estimated observation parameters and each
	// indicator's discrimination.
	Emissions []EmissionJSON `json:"emissions"`
	// LatentEmission is how the latent pressure shifts the emissions
	// within a rung. When the slopes were estimated (the default) it is
	// present even if both come out 0 (the rung-only model kept); it is
	// omitted only when both slopes were given as 0.
	LatentEmission *LatentJSON `json:"latent_emission,omitempty"`
	// Notes are the run's caveats in words, such as what the search for
	// the latent pressure's slopes found; empty when there are none.
	Notes []string `json:"notes"`
}

// Source is what a nowcast was made from, as its Result and both its
// files (nowcast.json, state.json) say: Data is the observations file,
// Scenario the scenario the particles were filtered and propagated under
// and ScenarioFile its file. The files embed it, so that its fields stand
// where each file's schema has them.
type Source struct {
	// Data is where the observed record was read from: the path of an
	// observations.csv, or "bundled:<dyad>" for a bundled series
	// ("bundled:china-russia").
	Data string `json:"data"`
	// Scenario is the name of the scenario whose runs are the particles,
	// filtered and propagated under it ("hindcast-1992" by default).
	Scenario string `json:"scenario"`
	// ScenarioFile is the path that scenario was read from, or
	// "bundled:<name>" for a bundled scenario.
	ScenarioFile string `json:"scenario_file"`
}

// LatentJSON is LatentEmission: the centring, the slopes and, when they
// were estimated, the search (SlopeFit).
type LatentJSON struct {
	// Centre is, per rung in state_keys order, the mean latent pressure of
	// the prior's particles on that rung (the scenario's runs with no
	// observations): the rung's typical pressure, from which a particle's
	// pressure is measured.
	Centre []results.Num `json:"centre"`
	// Scale is the pooled within-rung standard deviation of the latent
	// pressure over the same particles: a particle's pressure relative to
	// its rung is (pressure − its rung's Centre) / Scale.
	Scale results.Num `json:"scale"`
	// CountSlope is the slope β_count of the count indicators: a count's
	// mean on a rung is multiplied by exp(β_count·u), u the particle's
	// relative pressure; 0 when the latent pressure does not move the
	// counts.
	CountSlope float64 `json:"count_slope"`
	// NormalSlope is the slope β_normal of the share and amount
	// indicators: their normal mean on the transformed scale moves by
	// β_normal·sd·u; 0 when the latent pressure does not move them.
	NormalSlope float64 `json:"normal_slope"`
	// Gain is the log-likelihood (natural log) the chosen slopes add over
	// the rung-only model: the record's log marginal likelihood under them
	// minus LogLik0. Absent when the slopes were given rather than
	// estimated.
	Gain *results.Num `json:"log_lik_gain,omitempty"`
	// Penalty is the log-likelihood (natural log) a slope must add over
	// the rung-only model to be kept: ½·log of the number of filtered
	// years with values, as the Bayesian information criterion charges.
	// Absent when the slopes were given rather than estimated.
	Penalty *results.Num `json:"penalty,omitempty"`
	// LogLik0 is the record's log marginal likelihood with both slopes 0
	// (the rung-only model), from the search's filter; absent when the
	// slopes were given rather than estimated.
	LogLik0 *results.Num `json:"log_lik_rung_only,omitempty"`
	// Particles is the number of particles of the search's filter (every
	// grid point is filtered with the same seed); absent when the slopes
	// were given rather than estimated.
	Particles int `json:"search_particles,omitempty"`
	// SearchPoints are the pairs of slopes the search evaluated, in order
	// (a coordinate search over 0, 0.1, 0.2, 0.35 and 0.5), each with the
	// record's log marginal likelihood; absent when the slopes were given.
	SearchPoints []SlopePointJSON `json:"search,omitempty"`
}

// SlopePointJSON is one evaluated pair of slopes.
type SlopePointJSON struct {
	// Count is the count indicators' slope β_count at this point.
	Count float64 `json:"count"`
	// Normal is the share and amount indicators' slope β_normal at this
	// point.
	Normal float64 `json:"normal"`
	// LogLik is the record's log marginal likelihood (natural log) under
	// these slopes, from the search's filter.
	LogLik results.Num `json:"log_lik"`
}

// RunJSON says how the nowcast was made.
type RunJSON struct {
	// Particles is the number of particles of the filter (--particles,
	// default 100,000).
	Particles int `json:"particles"`
	// Seed is the seed of the filter's random streams (--seed).
	Seed uint64 `json:"seed"`
	// ForecastSeed is the seed of the forecast's runs, derived from seed.
	ForecastSeed uint64 `json:"forecast_seed"`
	// Workers is the number of parallel workers used; it never changes the
	// results.
	Workers int `json:"workers"`
	// ElapsedS is the wall time of the nowcast (estimation, filter and
	// forecast) in seconds, rounded to the millisecond.
	ElapsedS float64 `json:"elapsed_s"`
	// LogLik is the record's log marginal likelihood.
	LogLik results.Num `json:"log_lik"`
}

// CodedJSON is one change of the coded rung path.
type CodedJSON struct {
	// From is the first year coded on the rung; the rung holds until the
	// next change's year.
	From int `json:"from"`
	// Rung is the key of the rung coded from that year (one of
	// state_keys, such as "entente").
	Rung string `json:"rung"`
}

// YearJSON is one filtered year.
type YearJSON struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// Coded is the coded rung's key, or null for an uncoded year.
	Coded *string `json:"coded"`
	// Observations are the year's known values by indicator.
	Observations map[string]results.Num `json:"observations"`
	// Predicted is, per rung in state_keys order, the one-step-ahead
	// probability of the rung at the end of the year given the values of
	// the earlier years only (shares 0–1 summing to 1).
	Predicted []results.Num `json:"predicted"`
	// Filtered is, per rung in state_keys order, the probability of the
	// rung at the end of the year given the values up to and including
	// this year's (shares 0–1 summing to 1); equal to predicted in a year
	// past the record.
	Filtered []results.Num `json:"filtered"`
	// PEntenteOrAbove is the filtered P(entente or defence alliance).
	PEntenteOrAbove results.Num `json:"p_entente_or_above"`
	// PFormed is the filtered probability (0–1) that an alliance has
	// formed by the end of the year.
	PFormed results.Num `json:"p_formed"`
	// LogPred is the natural log of the predictive density of the year's
	// values given the earlier years' (0 for a year with no values); its
	// sum over the years is the record's log marginal likelihood.
	LogPred results.Num `json:"log_pred"`
	// ESS is the effective sample size of the particles' weights after
	// this year's weighting and before any resampling, in particles.
	ESS results.Num `json:"ess"`
	// Resampled is true when the particles were resampled after this
	// year's weighting (because the effective sample size fell below the
	// threshold, half the particles by default).
	Resampled bool `json:"resampled"`
	// LatentMean is the filtered mean of the latent pressure at the end
	// of the year, on the model's scale of the pressure.
	LatentMean results.Num `json:"latent_mean"`
	// LatentSD is the filtered standard deviation of the latent pressure
	// at the end of the year.
	LatentSD results.Num `json:"latent_sd"`
	// BeyondRecord marks a year past the record's end (nowcast --through):
	// predicted by the model with no observations, and not scored.
	BeyondRecord bool `json:"beyond_record,omitempty"`
}

// StateJSON summarises the filtered state distribution.
type StateJSON struct {
	// Year is the year the state stands at the end of: the last year
	// filtered.
	Year int `json:"year"`
	// Rungs is, per rung in state_keys order, the share (0–1) of the
	// particles' weight on that rung at the end of the year.
	Rungs []results.Num `json:"rungs"`
	// PDoctrineInForce is, per actor in scenario order, the weighted share
	// (0–1) of particles in which that side's non-alignment doctrine is
	// still in force.
	PDoctrineInForce [2]results.Num `json:"p_doctrine_in_force"`
	// PWalked is, per actor in scenario order, the weighted share (0–1) of
	// particles in which that side has walked out of an alliance.
	PWalked [2]results.Num `json:"p_walked"`
	// NoiseMean is the weighted mean of the persistent latent noise u over
	// the particles.
	NoiseMean results.Num `json:"noise_mean"`
	// NoiseSD is the weighted standard deviation of the persistent latent
	// noise u over the particles.
	NoiseSD results.Num `json:"noise_sd"`
	// StandingMean is, per actor in scenario order, the weighted mean of
	// that side's standing consent disposition over the particles, in
	// standard deviations of the consent shock (0 in a fresh start).
	StandingMean [2]results.Num `json:"standing_mean"`
	// StandingSD is, per actor in scenario order, the weighted standard
	// deviation of that side's standing consent disposition, on the same
	// scale.
	StandingSD [2]results.Num `json:"standing_sd"`
	// PFormed is the weighted share (0–1) of particles in which an
	// alliance has formed by the end of the year.
	PFormed results.Num `json:"p_formed"`
	// ESS is the effective sample size of the state's weights.
	ESS results.Num `json:"ess"`
}

// ForecastJSON is the forecast from the filtered state.
type ForecastJSON struct {
	// From is the first forecast year, the year after the state's.
	From int `json:"from"`
	// To is the last forecast year (--horizon; by default 10 years past
	// the state's year).
	To int `json:"to"`
	// Draws is the number of forecast runs, each continuing a particle
	// picked by its weight (by default as many as the filter's particles).
	Draws int `json:"draws"`
	// PFormedBefore is the share (0–1) of runs in which an alliance had
	// already formed by the end of the state's year, before the forecast's
	// first year.
	PFormedBefore results.Num `json:"p_formed_before"`
	// Years holds the forecast of each year, from the first forecast year
	// to the last, in order.
	Years []ForecastYearJSON `json:"years"`
}

// ForecastYearJSON is one forecast year.
type ForecastYearJSON struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// PFormed is the share (0–1) of runs in which an alliance has formed
	// by the end of the year, counting one formed before the forecast's
	// first year.
	PFormed results.Num `json:"p_formed"`
	// PInForce is the share (0–1) of runs in which an alliance is in
	// force at the end of the year.
	PInForce results.Num `json:"p_in_force"`
	// Rungs is, per rung in state_keys order, the share (0–1) of runs on
	// that rung at the end of the year.
	Rungs []results.Num `json:"rungs"`
}

// ScoresJSON are the one-step-ahead scores.
type ScoresJSON struct {
	// Years is the number of years scored: the filtered years that are
	// coded and within the record.
	Years int `json:"years"`
	// LogScore is the mean over the scored years of the natural log of
	// the one-step-ahead probability of the coded rung, the probability
	// clipped below at 0.5/(particles + 1); higher is better, 0 perfect.
	LogScore results.Num `json:"log_score"`
	// RPS is the mean over the scored years of the ranked probability
	// score, the sum over the rungs of the squared difference between the
	// one-step-ahead cumulative probability and the coded rung's; lower is
	// better, 0 perfect.
	RPS results.Num `json:"rps"`
	// LogPred is the sum over every filtered year of the log predictive
	// density of its values: the record's log marginal likelihood.
	LogPred results.Num `json:"log_pred"`
	// PerYear holds the scores of each scored year, in year order.
	PerYear []YearScoreJS `json:"per_year"`
}

// YearScoreJS is one year's scores.
type YearScoreJS struct {
	// Year is the calendar year scored.
	Year int `json:"year"`
	// Coded is the key of the year's coded rung, the one the forecast is
	// scored against.
	Coded string `json:"coded"`
	// LogScore is the natural log of the year's one-step-ahead
	// probability of the coded rung (clipped below at 0.5/(particles +
	// 1)); 0 is perfect.
	LogScore results.Num `json:"log_score"`
	// RPS is the year's ranked probability score of the one-step-ahead
	// rung forecast against the coded rung; 0 is perfect.
	RPS results.Num `json:"rps"`
	// LogPred is the natural log of the predictive density of the year's
	// values given the earlier years'.
	LogPred results.Num `json:"log_pred"`
}

// EmissionJSON is one indicator's estimated emission.
type EmissionJSON struct {
	// Indicator is the indicator's key, as in the observations file's
	// indicator column.
	Indicator string `json:"indicator"`
	// Family is the indicator's observation family: "count" (negative
	// binomial), "share" (normal on the logit scale), "positive" (normal
	// on the log(1 + y) scale) or "category" (a code with a probability
	// per rung).
	Family Family `json:"family"`
	// Unit is the unit the observations file gives the indicator in;
	// empty for an indicator the tool does not know.
	Unit string `json:"unit"`
	// Temper is the power the indicator's likelihood is raised to: 1/5
	// for a value averaged over a five-year moving window (the arms-import
	// share), 1 otherwise.
	Temper float64 `json:"temper"`
	// Years is, per rung in state_keys order, the number of coded years on
	// that rung with a known value that the estimate used.
	Years [NumStates]int `json:"years"`
	// Borrowed is, per rung in state_keys order, the key of the rung whose
	// estimate that rung uses: the rung itself when the record has coded
	// years on it, otherwise the nearest rung that has.
	Borrowed []string `json:"borrowed"`
	// Strength is the estimated strength of the shrinkage of each rung's
	// estimate toward the pooled value, in pseudo-years (chosen by
	// empirical Bayes): large when the rungs do not differ, small when
	// each rung speaks for itself.
	Strength results.Num `json:"strength"`
	// Mean is, per rung in state_keys order, the indicator's typical value
	// on that rung in its units: the expected count for a count, the
	// expected code for a category, and for a share or an amount the
	// back-transformed mu (logistic(mu) or e^mu − 1), which is the median,
	// not the mean.
	Mean []results.Num `json:"mean"`
	// Size is, per rung in state_keys order, the negative binomial's size
	// (dispersion) parameter: the smaller, the more the counts vary beyond
	// a Poisson's; null where infinite (a Poisson). Only for the count
	// family.
	Size []results.Num `json:"size,omitempty"`
	// Mu is, per rung in state_keys order, the mean of the normal on the
	// transformed scale (the logit of a share, log(1 + y) of an amount);
	// only for the share and positive families.
	Mu []results.Num `json:"mu,omitempty"`
	// SD is, per rung in state_keys order, the standard deviation of that
	// normal on the transformed scale; only for the share and positive
	// families.
	SD []results.Num `json:"sd,omitempty"`
	// Probs is, per rung in state_keys order, the probability of each code
	// 0, 1, … given the rung; only for the category family.
	Probs [][]results.Num `json:"probs,omitempty"`
	// Discrimination says how well the indicator tells the rungs apart.
	Discrimination DiscrJSON `json:"discrimination"`
}

// DiscrJSON is Discrimination.
type DiscrJSON struct {
	// Adjacent is, for each pair of adjacent rungs in state_keys order
	// (entry 0 rivalry and normalization, …, entry 4 entente and defence
	// alliance), the evidence in nats one year's value gives on average
	// for the true one of the two: the symmetrised Kullback–Leibler
	// divergence of their emissions, times temper.
	Adjacent []results.Num `json:"adjacent_nats"`
	// MutualInformation is the mutual information between the rung and
	// the indicator's value in bits, times temper, with the rung
	// distributed as the record's coded years.
	MutualInformation results.Num `json:"mutual_information_bits"`
	// ShareOfEntropy is the mutual information over the rung's entropy
	// (0–1): 0 for an indicator that says nothing about the rung, 1 for
	// one that alone tells it.
	ShareOfEntropy results.Num `json:"share_of_entropy"`
}

// File builds nowcast.json's content.
func (r *Result) File() *File {
	f := &File{Schema: SchemaVersion, Source: r.Source, StateKeys: model.StateKeys(), Notes: append([]string{}, r.Post.Notes...)}
	f.Run = RunJSON{Particles: r.Post.Particles, Seed: r.Post.Seed, ForecastSeed: r.ForecastSeed, Workers: r.Post.Workers, ElapsedS: math.Round(r.ElapsedSeconds*1000) / 1000, LogLik: results.RoundNum(r.Post.LogLik)}
	for _, c := range r.Obs.Coding {
		f.Coding = append(f.Coding, CodedJSON{From: c.From, Rung: c.Rung.Key()})
	}
	for _, yp := range r.Post.Years {
		y := YearJSON{Year: yp.Year, Observations: map[string]results.Num{}, Predicted: results.RoundNums(yp.Predicted[:]), Filtered: results.RoundNums(yp.Filtered[:]),
			PEntenteOrAbove: results.RoundNum(yp.Filtered[model.Entente] + yp.Filtered[model.DefenceAlliance]), PFormed: results.RoundNum(yp.PFormed),
			LogPred: results.RoundNum(yp.LogPred), ESS: results.RoundNum(yp.ESS), Resampled: yp.Resampled, LatentMean: results.RoundNum(yp.LatentMean), LatentSD: results.RoundNum(yp.LatentSD), BeyondRecord: yp.Beyond}
		if s, ok := r.Obs.Coding.Rung(yp.Year); ok && !yp.Beyond {
			k := s.Key()
			y.Coded = &k
		}
		for k, v := range yp.Values {
			if !math.IsNaN(v) {
				y.Observations[Indicators[k].Key] = results.RoundNum(v)
			}
		}
		f.Years = append(f.Years, y)
	}
	f.State = stateJSON(r.Post.State)
	fc := r.Forecast
	f.Forecast = ForecastJSON{From: fc.From, To: fc.To, Draws: fc.Draws, PFormedBefore: results.RoundNum(fc.PFormedBefore)}
	for t, y := range fc.Years {
		f.Forecast.Years = append(f.Forecast.Years, ForecastYearJSON{Year: y, PFormed: results.RoundNum(fc.PFormed[t]), PInForce: results.RoundNum(fc.PInForce[t]), Rungs: results.RoundNums(fc.Rungs[t][:])})
	}
	s := r.Scores
	f.Scores = ScoresJSON{Years: s.Years, LogScore: results.RoundNum(s.LogScore), RPS: results.RoundNum(s.RPS), LogPred: results.RoundNum(s.LogPred), PerYear: []YearScoreJS{}}
	for _, y := range s.PerYear {
		f.Scores.PerYear = append(f.Scores.PerYear, YearScoreJS{Year: y.Year, Coded: y.Coded.Key(), LogScore: results.RoundNum(y.LogScore), RPS: results.RoundNum(y.RPS), LogPred: results.RoundNum(y.LogPred)})
	}
	for _, e := range r.Obs.Emissions {
		ej := EmissionJSON{Indicator: e.Indicator, Family: e.Family, Temper: e.Temper, Years: e.Years, Strength: results.RoundNum(e.Strength), Mean: results.RoundNums(e.Mean[:]),
			Discrimination: DiscrJSON{Adjacent: results.RoundNums(e.Discrimination.Adjacent[:]), MutualInformation: results.RoundNum(e.Discrimination.MutualInformation), ShareOfEntropy: results.RoundNum(e.Discrimination.ShareOfEntropy)}}
		if k := IndicatorIndex(e.Indicator); k >= 0 {
			ej.Unit = Indicators[k].Unit
		}
		for _, b := range e.Borrowed {
			ej.Borrowed = append(ej.Borrowed, b.Key())
		}
		switch e.Family {
		case Count:
			ej.Size = results.RoundNums(e.Size[:])
		case Share, Positive:
			ej.Mu, ej.SD = results.RoundNums(e.Mu[:]), results.RoundNums(e.SD[:])
		case Category:
			for _, p := range e.Probs {
				ej.Probs = append(ej.Probs, results.RoundNums(p))
			}
		}
		f.Emissions = append(f.Emissions, ej)
	}
	if l := r.Obs.Latent; l != nil {
		lj := &LatentJSON{Centre: results.RoundNums(l.Centre[:]), Scale: results.RoundNum(l.Scale), CountSlope: l.CountSlope, NormalSlope: l.NormalSlope}
		if ft := l.Fit; ft != nil {
			lj.Gain, lj.Penalty, lj.LogLik0 = rnp(ft.Gain), rnp(ft.Penalty), rnp(ft.LogLik0)
			lj.Particles = ft.Particles
			for _, p := range ft.Points {
				lj.SearchPoints = append(lj.SearchPoints, SlopePointJSON{Count: p.Count, Normal: p.Normal, LogLik: results.RoundNum(p.LogLik)})
			}
		}
		f.LatentEmission = lj
	}
	return f
}

func stateJSON(st *State) StateJSON {
	r := st.Rungs()
	j := StateJSON{Year: st.Year, Rungs: results.RoundNums(r[:])}
	var doc, walked, sm, ss [2]float64
	var nm, ns, formed, s2 float64
	for i, c := range st.Carry {
		w := st.Weights[i]
		s2 += w * w
		nm += w * c.Noise
		for a := range 2 {
			if c.DocInForce[a] {
				doc[a] += w
			}
			if c.Walked[a] {
				walked[a] += w
			}
			sm[a] += w * c.Standing[a]
		}
		if st.Formed[i] != 0 {
			formed += w
		}
	}
	for i, c := range st.Carry {
		w := st.Weights[i]
		ns += w * (c.Noise - nm) * (c.Noise - nm)
		for a := range 2 {
			ss[a] += w * (c.Standing[a] - sm[a]) * (c.Standing[a] - sm[a])
		}
	}
	j.NoiseMean, j.NoiseSD, j.PFormed, j.ESS = results.RoundNum(nm), results.RoundNum(math.Sqrt(ns)), results.RoundNum(formed), results.RoundNum(1/s2)
	for a := range 2 {
		j.PDoctrineInForce[a], j.PWalked[a] = results.RoundNum(doc[a]), results.RoundNum(walked[a])
		j.StandingMean[a], j.StandingSD[a] = results.RoundNum(sm[a]), results.RoundNum(math.Sqrt(ss[a]))
	}
	return j
}

// Marshal renders the file as the results files are written.
func (f *File) Marshal() ([]byte, error) { return results.JSON(f) }

// Marshal renders the result as nowcast.json.
func (r *Result) Marshal() ([]byte, error) { return r.File().Marshal() }
