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
	Schema int `json:"schema"`
	// Library is where the cases came from: "bundled:history" or the
	// folder given.
	Library string     `json:"library"`
	Run     RunInfo    `json:"run"`
	Cases   []CaseJSON `json:"cases"`
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
	Draws         int64                   `json:"draws"`
	Seed          uint64                  `json:"seed"`
	Sampler       design.Sampler          `json:"sampler"`
	Workers       int                     `json:"workers"`
	Version       string                  `json:"version"`
	ElapsedS      float64                 `json:"elapsed_s"`
	WeightsSource string                  `json:"weights_source"`
	Weights       []results.ResolvedValue `json:"weights"`
	// CalibrationBins is the number of bins of equal width in p of the
	// reliability tables.
	CalibrationBins int `json:"calibration_bins"`
	// LogScoreClip is [ε, 1 − ε], the range the model's p is clipped to
	// for its log score, ε = 0.5/(draws + 1).
	LogScoreClip [2]float64 `json:"log_score_clip"`
	Rerun        string     `json:"rerun"`
}

// CaseID is what backtest.json and a backtest's shard file both say of a
// case before its forecasts: its name and file, the window and the
// outcome. Both files embed it, so that its fields lead each case's
// object in the same order and with the same names.
type CaseID struct {
	Name      string `json:"name"`
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	StartYear int    `json:"start_year"`
	// Year is the outcome year, Years the window start_year … year.
	Year  int  `json:"year"`
	Years int  `json:"years"`
	Pact  bool `json:"pact"`
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
	PModel    results.Num `json:"p_model"`
	SE        results.Num `json:"se"`
	Lo        results.Num `json:"lo"`
	Hi        results.Num `json:"hi"`
	Count     int64       `json:"count"`
	N         int64       `json:"n"`
	PBaseRate results.Num `json:"p_base_rate"`
	// PLogit, LogitHazard and CapabilityRatio are null for a case without
	// structural covariates.
	PLogit          results.Num `json:"p_logit"`
	LogitHazard     results.Num `json:"logit_hazard"`
	CapabilityRatio results.Num `json:"capability_ratio"`
	OwnWeights      []string    `json:"own_weights,omitempty"`
}

// ScoresByForecaster holds the three forecasters' scores.
type ScoresByForecaster struct {
	Model    ScoresJSON `json:"model"`
	BaseRate ScoresJSON `json:"base_rate"`
	Logit    ScoresJSON `json:"logit"`
}

// ScoresJSON is one forecaster's scores.
type ScoresJSON struct {
	Cases int `json:"cases"`
	// Missing names the cases without a forecast.
	Missing []string    `json:"missing"`
	Brier   results.Num `json:"brier"`
	BrierSE results.Num `json:"brier_se"`
	// BrierMCSE is the Monte Carlo part of the Brier score's error (0 for
	// the exact references).
	BrierMCSE  results.Num `json:"brier_mc_se"`
	LogScore   results.Num `json:"log_score"`
	LogScoreSE results.Num `json:"log_score_se"`
	Onsets     int         `json:"onsets"`
	NonOnsets  int         `json:"non_onsets"`
	// MeanPOnset and MeanPNonOnset are the mean forecasts of the two
	// groups (null for an empty group).
	MeanPOnset    results.Num `json:"mean_p_onset"`
	MeanPNonOnset results.Num `json:"mean_p_non_onset"`
	Reliability   []BinJSON   `json:"reliability"`
}

// BinJSON is one calibration bin: forecasts from lo up to hi, their
// number, mean and observed frequency of onsets (null when empty).
type BinJSON struct {
	Lo       float64     `json:"lo"`
	Hi       float64     `json:"hi"`
	Cases    int         `json:"cases"`
	MeanP    results.Num `json:"mean_p"`
	Observed results.Num `json:"observed"`
}

// ComparisonJSON is the model against one reference.
type ComparisonJSON struct {
	Reference      string      `json:"reference"`
	Cases          int         `json:"cases"`
	Excluded       []string    `json:"excluded"`
	ModelBrier     results.Num `json:"model_brier"`
	ReferenceBrier results.Num `json:"reference_brier"`
	// Skill is the Brier skill score 1 − model/reference.
	Skill results.Num `json:"skill"`
	// Difference is model − reference Brier, DifferenceSE its paired
	// standard error over cases.
	Difference   results.Num `json:"difference"`
	DifferenceSE results.Num `json:"difference_se"`
	Beats        bool        `json:"beats"`
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
