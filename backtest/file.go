package backtest

import (
	"math"
	"strconv"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/results"
)

// SchemaVersion is bumped whenever backtest.json changes incompatibly.
const SchemaVersion = 1

// File is backtest.json, documented in docs/cli.md.
type File struct {
	// Schema is the version of the backtest.json format, 1; it is raised
	// whenever the file changes incompatibly.
	Schema int `json:"schema"`
	// Library is where the cases came from: "bundled:history" or the
	// folder given.
	Library string `json:"library"`
	// Run says how the backtest was made: its draws, seed, sampler,
	// weights, version and the command that repeats it.
	Run RunInfo `json:"run"`
	// Cases holds one entry per case, in the library's order: its outcome
	// and each forecaster's forecast of it.
	Cases []CaseJSON `json:"cases"`
	// Scores holds each forecaster's scores.
	Scores ScoresByForecaster `json:"scores"`
	// Comparison is the model against each reference, on the cases that
	// reference forecasts.
	Comparison []ComparisonJSON `json:"comparison"`
	// Verdict is the comparison in words.
	Verdict string `json:"verdict"`
}

// Info is what the report does not know itself: the tool version, the
// weights and the command that reruns it.
type Info struct {
	Version string
	// WeightsSource says in a few words where the weights came from, such
	// as "built-in defaults" or "config alliancesim.yaml; flag --set".
	WeightsSource string
	// Weights are the weights every case runs with, unless its file sets
	// its own (CaseJSON.OwnWeights), each with where it came from.
	Weights []results.ResolvedValue
	Rerun   string
}

// RunInfo says how the backtest was made.
type RunInfo struct {
	// Draws is the number of Monte Carlo draws each case ran (20,000 unless
	// --draws says otherwise); every case gets the same number.
	Draws int64 `json:"draws"`
	// Seed is the seed of every random stream; every case starts from it,
	// and the same seed gives the same results.
	Seed uint64 `json:"seed"`
	// Sampler is how the draws were sampled: mc (Monte Carlo) or lhs (Latin
	// hypercube).
	Sampler design.Sampler `json:"sampler"`
	// Workers is the number of parallel workers the runs used (after a
	// merge, the most any shard used); it never changes the results.
	Workers int `json:"workers"`
	// Version is the version of alliancesim that made the backtest.
	Version string `json:"version"`
	// ElapsedS is the wall-clock time of all the cases' runs, in seconds,
	// rounded to milliseconds; after a merge, the sum of the shards' times.
	ElapsedS float64 `json:"elapsed_s"`
	// WeightsSource says in a few words where the weights came from, such
	// as "built-in defaults" or "config alliancesim.yaml; flag --set".
	WeightsSource string `json:"weights_source"`
	// Weights are every model weight the cases run with, by key
	// (weights.<key>), with its value and where it came from (default,
	// config, env or flag); a case whose file sets a weight itself (its
	// own_weights) uses its own value of that weight.
	Weights []results.ResolvedValue `json:"weights"`
	// CalibrationBins is the number of bins of equal width in p of the
	// reliability tables.
	CalibrationBins int `json:"calibration_bins"`
	// LogScoreClip is [ε, 1 − ε], the range the model's p is clipped to
	// for its log score, ε = 0.5/(draws + 1).
	LogScoreClip [2]float64 `json:"log_score_clip"`
	// Rerun is the command line that repeats the backtest.
	Rerun string `json:"rerun"`
}

// CaseID is what backtest.json and a backtest's shard file both say of a
// case before its forecasts: its name and file, the window and the
// outcome. Both files embed it, so that its fields lead each case's
// object in the same order and with the same names.
type CaseID struct {
	// Name is the case's scenario name, distinct among the backtest's
	// cases.
	Name string `json:"name"`
	// File is where the case was read from: "bundled:history/<name>" for a
	// bundled case, or the path of its file.
	File string `json:"file"`
	// SHA256 is the SHA-256 digest of the case's file, which identifies the
	// exact text that was run.
	SHA256 string `json:"sha256"`
	// StartYear is the case's first simulated year (its scenario's start
	// year).
	StartYear int `json:"start_year"`
	// Year is the outcome year, Years the window start_year … year.
	Year int `json:"year"`
	// Years is the number of years from StartYear to Year, both included:
	// the window over which every forecaster forecasts the pact.
	Years int `json:"years"`
	// Pact is the outcome: true when the pair formed a pact by Year (the
	// case's outcome is pact_by), false when it formed none through Year
	// (no_pact_through).
	Pact bool `json:"pact"`
}

// id is the case's CaseID.
func (c *CaseResult) id() CaseID {
	return CaseID{Name: c.Name, File: c.File, SHA256: c.SHA256, StartYear: c.StartYear, Year: c.Year, Years: c.Years, Pact: c.Pact}
}

// CaseJSON is one case in backtest.json.
type CaseJSON struct {
	CaseID
	// Atop is the pact's ATOP alliance id; null when there is none.
	Atop *int `json:"atop"`
	// PModel is P(alliance by the end of year) with its standard error and
	// 95% Wilson interval, from Count of N draws.
	PModel results.Num `json:"p_model"`
	// SE is the binomial (Monte Carlo) standard error of the model's
	// p_model, a probability 0–1.
	SE results.Num `json:"se"`
	// Lo is the lower bound of the 95% Wilson interval of p_model.
	Lo results.Num `json:"lo"`
	// Hi is the upper bound of the 95% Wilson interval of p_model.
	Hi results.Num `json:"hi"`
	// Count is the number of draws in which the alliance had formed by the
	// end of the outcome year.
	Count int64 `json:"count"`
	// N is the number of draws the case ran; p_model is Count/N.
	N int64 `json:"n"`
	// PBaseRate is the base-rate forecaster's probability of a pact over
	// the case's window: 1 − (1 − 0.0049)^years, from a constant annual
	// hazard of 0.49%.
	PBaseRate results.Num `json:"p_base_rate"`
	// PLogit is the structural logit's probability of a pact over the
	// window, 1 − (1 − logit_hazard)^years; it, logit_hazard and
	// capability_ratio are null for a case without structural covariates.
	PLogit results.Num `json:"p_logit"`
	// LogitHazard is the structural logit's annual hazard of a pact for the
	// dyad (a probability per year, 0–1), from which p_logit = 1 − (1 −
	// hazard)^years.
	LogitHazard results.Num `json:"logit_hazard"`
	// CapabilityRatio is the stronger actor's capability over the weaker's
	// (at least 1) at the start year, each actor's capability driver at its
	// median clamped to the driver's range: the logit's capability
	// covariate.
	CapabilityRatio results.Num `json:"capability_ratio"`
	// OwnWeights lists, in name order, the weight keys the case's file sets
	// itself (fixed or uncertain), which take precedence over the run's
	// weights; absent when the file sets none.
	OwnWeights []string `json:"own_weights,omitempty"`
}

// ScoresByForecaster holds the three forecasters' scores.
type ScoresByForecaster struct {
	// Model is the model's scores, on every case.
	Model ScoresJSON `json:"model"`
	// BaseRate is the base-rate forecaster's scores, on every case.
	BaseRate ScoresJSON `json:"base_rate"`
	// Logit is the structural logit's scores, on the cases with structural
	// covariates (the others are listed in its missing).
	Logit ScoresJSON `json:"logit"`
}

// ScoresJSON is one forecaster's scores.
type ScoresJSON struct {
	// Cases is the number of cases scored: those the forecaster has a
	// forecast for.
	Cases int `json:"cases"`
	// Missing names the cases without a forecast.
	Missing []string `json:"missing"`
	// Brier is the forecaster's quadratic score, the mean over cases of (p
	// − y)² with y = 1 for a pact and 0 for none: lower is better, and a
	// constant 50% scores 0.25.
	Brier results.Num `json:"brier"`
	// BrierSE is the standard error of Brier over cases (the cases'
	// standard deviation over √cases); null for fewer than two cases.
	BrierSE results.Num `json:"brier_se"`
	// BrierMCSE is the Monte Carlo part of the Brier score's error (0 for
	// the exact references).
	BrierMCSE results.Num `json:"brier_mc_se"`
	// LogScore is the log score, the mean over cases of the natural log of
	// the probability given to what happened: at most 0, higher (nearer 0)
	// is better. The model's p is first clipped to the run's
	// log_score_clip.
	LogScore results.Num `json:"log_score"`
	// LogScoreSE is the standard error of the log score over cases; null
	// for fewer than two cases.
	LogScoreSE results.Num `json:"log_score_se"`
	// Onsets is the number of scored cases in which a pact formed.
	Onsets int `json:"onsets"`
	// NonOnsets is the number of scored cases in which no pact formed.
	NonOnsets int `json:"non_onsets"`
	// MeanPOnset and MeanPNonOnset are the mean forecasts of the two
	// groups (null for an empty group).
	MeanPOnset results.Num `json:"mean_p_onset"`
	// MeanPNonOnset is the mean forecast of the cases in which no pact
	// formed; null when there are none.
	MeanPNonOnset results.Num `json:"mean_p_non_onset"`
	// Reliability is the calibration table: the forecasts binned into the
	// run's calibration_bins bins of equal width in p, from 0 to 1, empty
	// bins included.
	Reliability []BinJSON `json:"reliability"`
}

// BinJSON is one calibration bin: forecasts from lo up to hi, their
// number, mean and observed frequency of onsets (null when empty).
type BinJSON struct {
	// Lo is the bin's lower edge, a probability: the bin holds the
	// forecasts p with Lo ≤ p < Hi.
	Lo float64 `json:"lo"`
	// Hi is the bin's upper edge, excluded but for the last bin, which
	// holds p = 1 too.
	Hi float64 `json:"hi"`
	// Cases is the number of cases whose forecast falls in the bin.
	Cases int `json:"cases"`
	// MeanP is the mean forecast of the bin's cases; null when the bin is
	// empty.
	MeanP results.Num `json:"mean_p"`
	// Observed is the share (0–1) of the bin's cases in which a pact
	// formed; null when the bin is empty.
	Observed results.Num `json:"observed"`
}

// ComparisonJSON is the model against one reference.
type ComparisonJSON struct {
	// Reference is the forecaster the model is compared with: base_rate or
	// logit.
	Reference string `json:"reference"`
	// Cases is the number of cases both the model and the reference
	// forecast, on which the comparison rests.
	Cases int `json:"cases"`
	// Excluded names the cases left out because the reference has no
	// forecast for them (the logit's cases without structural covariates);
	// empty when none is.
	Excluded []string `json:"excluded"`
	// ModelBrier is the model's Brier score on the compared cases.
	ModelBrier results.Num `json:"model_brier"`
	// ReferenceBrier is the reference's Brier score on the same cases.
	ReferenceBrier results.Num `json:"reference_brier"`
	// Skill is the Brier skill score 1 − model/reference.
	Skill results.Num `json:"skill"`
	// Difference is model − reference Brier, DifferenceSE its paired
	// standard error over cases.
	Difference results.Num `json:"difference"`
	// DifferenceSE is the paired standard error over cases of Difference;
	// null for a single case.
	DifferenceSE results.Num `json:"difference_se"`
	// Beats is true when the model's Brier score is below the reference's
	// (lower is better); a tie does not beat.
	Beats bool `json:"beats"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// File builds backtest.json's content.
func (r *Report) File(info Info) *File {
	f := &File{
		Schema: SchemaVersion, Library: r.Library,
		Run: RunInfo{Draws: r.Draws, Seed: r.Seed, Sampler: r.Sampler, Workers: r.Workers, Version: info.Version,
			ElapsedS: math.Round(r.ElapsedSeconds*1000) / 1000, WeightsSource: info.WeightsSource, Weights: info.Weights,
			CalibrationBins: r.Bins, LogScoreClip: [2]float64{float64(results.RoundNum(r.LogClip)), float64(results.RoundNum(1 - r.LogClip))}, Rerun: info.Rerun},
		Cases:      []CaseJSON{},
		Comparison: []ComparisonJSON{},
		Verdict:    r.Verdict(),
	}
	if f.Run.Weights == nil {
		f.Run.Weights = []results.ResolvedValue{}
	}
	for _, c := range r.Cases {
		cj := CaseJSON{CaseID: c.id(),
			PModel: results.RoundNum(c.Model.P), SE: results.RoundNum(c.Model.SE), Lo: results.RoundNum(c.Model.Lo), Hi: results.RoundNum(c.Model.Hi), Count: c.Model.Count, N: c.Model.N,
			PBaseRate: results.RoundNum(c.BaseRate), PLogit: results.RoundNum(c.Logit), LogitHazard: results.RoundNum(c.LogitHazard), CapabilityRatio: results.RoundNum(c.CapabilityRatio),
			OwnWeights: c.OwnWeights}
		if c.Atop != 0 {
			id := c.Atop
			cj.Atop = &id
		}
		f.Cases = append(f.Cases, cj)
	}
	for _, name := range Forecasters {
		s := r.ScoresOf(name)
		if s == nil {
			continue
		}
		sj := scoresJSON(s)
		switch name {
		case Model:
			f.Scores.Model = sj
		case BaseRate:
			f.Scores.BaseRate = sj
		case Logit:
			f.Scores.Logit = sj
		}
	}
	for _, c := range r.Comparisons {
		f.Comparison = append(f.Comparison, ComparisonJSON{Reference: c.Reference, Cases: c.N, Excluded: nonNil(c.Excluded),
			ModelBrier: results.RoundNum(c.Brier), ReferenceBrier: results.RoundNum(c.RefBrier), Skill: results.RoundNum(c.Skill), Difference: results.RoundNum(c.Diff), DifferenceSE: results.RoundNum(c.DiffSE), Beats: c.Beats()})
	}
	return f
}

func scoresJSON(s *Scores) ScoresJSON {
	sj := ScoresJSON{Cases: s.Cases, Missing: nonNil(s.Missing), Brier: results.RoundNum(s.Brier.Value), BrierSE: results.RoundNum(s.Brier.SE), BrierMCSE: results.RoundNum(s.BrierMCSE),
		LogScore: results.RoundNum(s.Log.Value), LogScoreSE: results.RoundNum(s.Log.SE), Onsets: s.Split.Onsets, NonOnsets: s.Split.NonOnsets,
		MeanPOnset: results.RoundNum(s.Split.MeanPOnset), MeanPNonOnset: results.RoundNum(s.Split.MeanPNonOnset), Reliability: []BinJSON{}}
	for _, b := range s.Reliability {
		sj.Reliability = append(sj.Reliability, BinJSON{Lo: float64(results.RoundNum(b.Lo)), Hi: float64(results.RoundNum(b.Hi)), Cases: b.N, MeanP: results.RoundNum(b.MeanP), Observed: results.RoundNum(b.Observed)})
	}
	return sj
}

// Marshal renders the file as the results files are written.
func (f *File) Marshal() ([]byte, error) { return results.JSON(f) }

// CSV renders backtest.csv: one row per case, with columns name, file,
// start_year, year, years, pact (true or false), atop, p_model, se, lo,
// hi, p_base_rate, p_logit, logit_hazard and capability_ratio; a value
// that does not apply is an empty cell.
func (r *Report) CSV() ([]byte, error) {
	f := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return format.Exact(float64(results.RoundNum(x)))
	}
	rows := [][]string{{"name", "file", "start_year", "year", "years", "pact", "atop", "p_model", "se", "lo", "hi", "p_base_rate", "p_logit", "logit_hazard", "capability_ratio"}}
	for _, c := range r.Cases {
		atop := ""
		if c.Atop != 0 {
			atop = strconv.Itoa(c.Atop)
		}
		rows = append(rows, []string{c.Name, c.File, strconv.Itoa(c.StartYear), strconv.Itoa(c.Year), strconv.Itoa(c.Years),
			strconv.FormatBool(c.Pact), atop, f(c.Model.P), f(c.Model.SE), f(c.Model.Lo), f(c.Model.Hi),
			f(c.BaseRate), f(c.Logit), f(c.LogitHazard), f(c.CapabilityRatio)})
	}
	return results.CSV(rows)
}
