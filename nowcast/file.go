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
	Schema int `json:"schema"`
	Source
	// StateKeys names the rungs, in the order of every rung array.
	StateKeys []string    `json:"state_keys"`
	Run       RunJSON     `json:"run"`
	Coding    []CodedJSON `json:"coding"`
	// Years holds each filtered year.
	Years []YearJSON `json:"years"`
	// State is the filtered state distribution at the end of the record.
	State StateJSON `json:"state"`
	// Forecast is P(alliance) by year from that state.
	Forecast ForecastJSON `json:"forecast"`
	Scores   ScoresJSON   `json:"scores"`
	// Emissions are the estimated observation parameters and each
	// indicator's discrimination.
	Emissions []EmissionJSON `json:"emissions"`
	// LatentEmission is how the latent pressure shifts the emissions
	// within a rung (LatentEmission), omitted for the rung-only model.
	LatentEmission *LatentJSON `json:"latent_emission,omitempty"`
	Notes          []string    `json:"notes"`
}

// Source is what a nowcast was made from, as its Result and both its
// files (nowcast.json, state.json) say: Data is the observations file,
// Scenario the scenario the particles were filtered and propagated under
// and ScenarioFile its file. The files embed it, so that its fields stand
// where each file's schema has them.
type Source struct {
	Data         string `json:"data"`
	Scenario     string `json:"scenario"`
	ScenarioFile string `json:"scenario_file"`
}

// LatentJSON is LatentEmission: the centring, the slopes and, when they
// were estimated, the search (SlopeFit).
type LatentJSON struct {
	Centre      []results.Num `json:"centre"`
	Scale       results.Num   `json:"scale"`
	CountSlope  float64       `json:"count_slope"`
	NormalSlope float64       `json:"normal_slope"`
	// Gain is the log-likelihood the slopes add over the rung-only model,
	// Penalty what each must add to be kept.
	Gain         *results.Num     `json:"log_lik_gain,omitempty"`
	Penalty      *results.Num     `json:"penalty,omitempty"`
	LogLik0      *results.Num     `json:"log_lik_rung_only,omitempty"`
	Particles    int              `json:"search_particles,omitempty"`
	SearchPoints []SlopePointJSON `json:"search,omitempty"`
}

// SlopePointJSON is one evaluated pair of slopes.
type SlopePointJSON struct {
	Count  float64     `json:"count"`
	Normal float64     `json:"normal"`
	LogLik results.Num `json:"log_lik"`
}

// RunJSON says how the nowcast was made.
type RunJSON struct {
	Particles    int     `json:"particles"`
	Seed         uint64  `json:"seed"`
	ForecastSeed uint64  `json:"forecast_seed"`
	Workers      int     `json:"workers"`
	ElapsedS     float64 `json:"elapsed_s"`
	// LogLik is the record's log marginal likelihood.
	LogLik results.Num `json:"log_lik"`
}

// CodedJSON is one change of the coded rung path.
type CodedJSON struct {
	From int    `json:"from"`
	Rung string `json:"rung"`
}

// YearJSON is one filtered year.
type YearJSON struct {
	Year int `json:"year"`
	// Coded is the coded rung's key, or null for an uncoded year.
	Coded *string `json:"coded"`
	// Observations are the year's known values by indicator.
	Observations map[string]results.Num `json:"observations"`
	Predicted    []results.Num          `json:"predicted"`
	Filtered     []results.Num          `json:"filtered"`
	// PEntenteOrAbove is the filtered P(entente or defence alliance).
	PEntenteOrAbove results.Num `json:"p_entente_or_above"`
	PFormed         results.Num `json:"p_formed"`
	LogPred         results.Num `json:"log_pred"`
	ESS             results.Num `json:"ess"`
	Resampled       bool        `json:"resampled"`
	LatentMean      results.Num `json:"latent_mean"`
	LatentSD        results.Num `json:"latent_sd"`
	// BeyondRecord marks a year past the record's end (nowcast --through):
	// predicted by the model with no observations, and not scored.
	BeyondRecord bool `json:"beyond_record,omitempty"`
}

// StateJSON summarises the filtered state distribution.
type StateJSON struct {
	Year  int           `json:"year"`
	Rungs []results.Num `json:"rungs"`
	// PDoctrineInForce and PWalked are per actor, in scenario order.
	PDoctrineInForce [2]results.Num `json:"p_doctrine_in_force"`
	PWalked          [2]results.Num `json:"p_walked"`
	// NoiseMean and NoiseSD describe the latent noise u; StandingMean and
	// StandingSD each side's standing consent disposition.
	NoiseMean    results.Num    `json:"noise_mean"`
	NoiseSD      results.Num    `json:"noise_sd"`
	StandingMean [2]results.Num `json:"standing_mean"`
	StandingSD   [2]results.Num `json:"standing_sd"`
	PFormed      results.Num    `json:"p_formed"`
	// ESS is the effective sample size of the state's weights.
	ESS results.Num `json:"ess"`
}

// ForecastJSON is the forecast from the filtered state.
type ForecastJSON struct {
	From          int                `json:"from"`
	To            int                `json:"to"`
	Draws         int                `json:"draws"`
	PFormedBefore results.Num        `json:"p_formed_before"`
	Years         []ForecastYearJSON `json:"years"`
}

// ForecastYearJSON is one forecast year.
type ForecastYearJSON struct {
	Year     int           `json:"year"`
	PFormed  results.Num   `json:"p_formed"`
	PInForce results.Num   `json:"p_in_force"`
	Rungs    []results.Num `json:"rungs"`
}

// ScoresJSON are the one-step-ahead scores.
type ScoresJSON struct {
	Years    int           `json:"years"`
	LogScore results.Num   `json:"log_score"`
	RPS      results.Num   `json:"rps"`
	LogPred  results.Num   `json:"log_pred"`
	PerYear  []YearScoreJS `json:"per_year"`
}

// YearScoreJS is one year's scores.
type YearScoreJS struct {
	Year     int         `json:"year"`
	Coded    string      `json:"coded"`
	LogScore results.Num `json:"log_score"`
	RPS      results.Num `json:"rps"`
	LogPred  results.Num `json:"log_pred"`
}

// EmissionJSON is one indicator's estimated emission.
type EmissionJSON struct {
	Indicator string  `json:"indicator"`
	Family    Family  `json:"family"`
	Unit      string  `json:"unit"`
	Temper    float64 `json:"temper"`
	// Years[s] counts the coded years on rung s the estimate used;
	// Borrowed[s] names the rung whose estimate rung s uses.
	Years    [NumStates]int `json:"years"`
	Borrowed []string       `json:"borrowed"`
	Strength results.Num    `json:"strength"`
	// Mean[s] is the expected value on rung s in the indicator's units.
	Mean []results.Num `json:"mean"`
	// Size (count), Mu and SD (share, positive) and Probs (category) are
	// the family's parameters, omitted where they do not apply.
	Size           []results.Num   `json:"size,omitempty"`
	Mu             []results.Num   `json:"mu,omitempty"`
	SD             []results.Num   `json:"sd,omitempty"`
	Probs          [][]results.Num `json:"probs,omitempty"`
	Discrimination DiscrJSON       `json:"discrimination"`
}

// DiscrJSON is Discrimination.
type DiscrJSON struct {
	Adjacent          []results.Num `json:"adjacent_nats"`
	MutualInformation results.Num   `json:"mutual_information_bits"`
	ShareOfEntropy    results.Num   `json:"share_of_entropy"`
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
