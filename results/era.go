package results

import "github.com/alliancesim/alliancesim/era"

// EraSchemaVersion is bumped whenever what era --json prints changes
// incompatibly.
const EraSchemaVersion = 1

// Era is what era --json prints (it writes no file): the estimate of the
// driver dyad.unipolarity for a run's start year from the bilateral
// defence-pledge onsets of the ten years before it, the two eras it is
// measured against, the later era's own windows as a yardstick, and the
// line a scenario file takes.
type Era struct {
	// Schema is the output's schema version, 1; a reader refuses any
	// other.
	Schema int `json:"schema"`
	// File is the bilateral-onsets file read: the bundled
	// data/world/bilateral-onsets.csv or the path given with --onsets.
	File string `json:"file"`
	// Start is the start year of the run the value is for.
	Start int `json:"start"`
	// Window is the ten years before Start, with the probability that its
	// rate is the 1992–2016 era's, from even odds.
	Window EraWindow `json:"window"`
	// OtherReading is the window with its judgement calls read the other
	// way (more onsets), omitted when it has none.
	OtherReading *EraOtherReading `json:"other_reading,omitempty"`
	// Eras are the two eras' records: 1946–1991 (the driver at 0) first,
	// then 1992–2016 (at 1).
	Eras [2]EraPeriod `json:"eras"`
	// EraWindows are the 1992–2016 era's own ten-year windows, each
	// weighed against the era's other years: the yardstick for Window.
	EraWindows []EraWindow `json:"era_windows"`
	// Line is the scenario file's line for Start (docs/coding.md rule
	// 157).
	Line string `json:"line"`
}

// EraPeriod is one era's record of bilateral onsets.
type EraPeriod struct {
	// From and To are the era's first and last years.
	From int `json:"from"`
	To   int `json:"to"`
	// AtRisk is the era's at-risk dyad-years (politically relevant dyads).
	AtRisk float64 `json:"at_risk"`
	// Onsets is the era's count of bilateral defence-pledge onsets.
	Onsets int `json:"onsets"`
	// Rate is Onsets per 10,000 at-risk dyad-years.
	Rate float64 `json:"per_10000"`
	// Value is the driver's value that the era defines: 0 or 1.
	Value int `json:"value"`
}

// EraWindow is a ten-year window weighed between the two eras' rates.
type EraWindow struct {
	// From and To are the window's first and last years.
	From int `json:"from"`
	To   int `json:"to"`
	// AtRisk is the window's at-risk dyad-years.
	AtRisk float64 `json:"at_risk"`
	// Onsets is the window's count of bilateral onsets.
	Onsets int `json:"onsets"`
	// Rate is Onsets per 10,000 at-risk dyad-years.
	Rate float64 `json:"per_10000"`
	// P is the probability that the window's rate is the 1992–2016
	// era's rather than the 1946–1991 era's, from even odds: the driver's
	// value.
	P float64 `json:"p"`
	// LogBF is the log Bayes factor of the later era's rate against the
	// earlier's.
	LogBF float64 `json:"log_bayes_factor"`
	// Even is the least count of onsets in the window's at-risk
	// dyad-years at which P falls below one half: the signpost.
	Even int `json:"onsets_at_even_odds"`
}

// EraOtherReading is the window with its judgement calls read the other
// way.
type EraOtherReading struct {
	// Extra is the number of onsets more that the other reading counts.
	Extra int `json:"extra_onsets"`
	// P is the window's P under the other reading.
	P float64 `json:"p"`
}

// EraInputs are what era --json is made of, as the era package computes
// them.
type EraInputs struct {
	File  string
	Start int
	// Estimate is the window's; Eras the earlier and the later era's
	// records; Windows the later era's own windows.
	Estimate era.Estimate
	Eras     [2]era.Period
	Windows  []era.Estimate
	// Other is the estimate under the other reading, with Extra onsets
	// more (0: none, and no OtherReading).
	Other era.Estimate
	Extra int
}

// FromEra builds era --json's output.
func FromEra(in EraInputs) *Era {
	e := &Era{Schema: EraSchemaVersion, File: in.File, Start: in.Start, Window: eraWindow(in.Estimate), Line: era.Line(in.Start, in.Estimate)}
	for i, p := range in.Eras {
		e.Eras[i] = EraPeriod{From: p.From, To: p.To, AtRisk: p.AtRisk, Onsets: p.Onsets, Rate: p.Rate(), Value: i}
	}
	for _, w := range in.Windows {
		e.EraWindows = append(e.EraWindows, eraWindow(w))
	}
	if in.Extra > 0 {
		e.OtherReading = &EraOtherReading{Extra: in.Extra, P: in.Other.P}
	}
	return e
}

func eraWindow(e era.Estimate) EraWindow {
	w := e.Window
	return EraWindow{From: w.From, To: w.To, AtRisk: w.AtRisk, Onsets: w.Onsets, Rate: w.Rate(), P: e.P, LogBF: e.LogBF, Even: e.Even}
}

// ReadEra reads era --json's output and checks its schema version.
func ReadEra(data []byte) (*Era, error) {
	return readFile(data, "era", EraSchemaVersion, func(f *Era) int { return f.Schema })
}
