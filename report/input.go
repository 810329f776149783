package report

import (
	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Input is everything a report shows. The command that builds it has
// already run the scenarios and rendered the charts into the output
// directory; the report only arranges, explains and embeds them.
type Input struct {
	// Title heads the report, e.g. "China–Russia defence alliance: baseline, us-hardline, taiwan-crisis".
	Title string
	// Version is the tool's version; CreatedAt an RFC 3339 UTC time.
	Version   string
	CreatedAt string
	// Rerun is the command line that reproduces the report.
	Rerun string
	// Run says how the draws were made (common to every scenario).
	Run RunInfo
	// Scenarios are the scenarios in the order given, the first being the
	// reference for the comparison.
	Scenarios []Scenario
	// Comparison is set when there is more than one scenario.
	Comparison *Comparison
	// Weights are the weights used, with where each value came from.
	Weights []Weight
}

// RunInfo describes the sampling.
type RunInfo struct {
	Draws   int64
	Seed    uint64
	Sampler design.Sampler
	Workers int
	// ElapsedSeconds is the wall time of all simulation.
	ElapsedSeconds float64
}

// Scenario is one scenario's part of the report.
type Scenario struct {
	Name, Description string
	// File is the scenario file ("bundled:baseline" or a path); SHA256 its hash.
	File, SHA256 string
	Actors       [2]string
	Rival        string
	Result       *sim.Result
	// Inputs are every input with its distribution and sources.
	Inputs []InputRow
	// Events are the scenario's events as defined.
	Events []EventRow
	// Sources are the scenario's general references.
	Sources []string
	// Explanation is the central run, term by term (may be nil).
	Explanation *model.Explanation
	// Charts are this scenario's charts, in display order.
	Charts []Chart
}

// InputRow is one input of the assumptions table.
type InputRow struct {
	Path         string // e.g. "russia.threat"
	Distribution string // e.g. "pert(0.6, 0.8, 0.95)"
	Fixed        bool
	Sources      []string
}

// EventRow is one event's definition.
type EventRow struct {
	Name, Description string
	Probability       string // the distribution of its annual probability
	Window            string // e.g. "2027–2036" or "any year"
	Decay             float64
	Once              bool
	Effects           string // e.g. "china.pressure +0.2, latent +0.3"
}

// Chart is one rendered chart: what it shows and where its files are.
type Chart struct {
	// Kind is a stable identifier ("alliance", "states", ...).
	Kind string
	// Title is the chart's title; Caption says in a sentence or two what
	// it shows and how to read it.
	Title, Caption string
	// Files maps a format ("png", "svg", "pdf") to the file's path relative
	// to the report's directory.
	Files map[string]string
}

// Comparison is the side-by-side part of a multi-scenario report.
type Comparison struct {
	// Set holds the results and the paired differences against the first
	// scenario (common random numbers).
	Set    *sim.Set
	Charts []Chart
}

// Weight is one weight with its value, meaning and source.
type Weight struct {
	Key, Doc, Source string
	Value            float64
	Direction        string
}
