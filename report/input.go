package report

import (
	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
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
	// Weights are the weights used, with where each value came from: the
	// first scenario's, then each weight another scenario sets differently
	// (with Weight.Scenario naming it).
	Weights []Weight
	// Sensitivity holds the sensitivity analyses to report (alliancesim
	// report --with sensitivity), each of one of the Scenarios; nil for
	// none. The briefing shows each one's tornado chart and its top-ranked
	// inputs, the appendix the whole ranking and the other charts.
	Sensitivity []SensitivityResult
	// Discover holds the scenario discoveries to report (--with discover),
	// each of one of the Scenarios; nil for none. The briefing shows each
	// chosen box in words and its signposts, the appendix the box's limits
	// and the other charts.
	Discover []DiscoverResult
	// Sweep holds the saved sweeps to report (--with sweep), each of one
	// of the Scenarios; nil for none. The briefing says in a sentence how
	// each one moves P(alliance), the appendix shows its chart and its
	// points.
	Sweep []SweepResult
	// Nowcast is the saved nowcast to report (--with nowcast); nil for
	// none. The briefing says where the relationship stands on the record
	// and what to watch, the appendix shows its chart and what each
	// indicator tells.
	Nowcast *NowcastResult
}

// SweepResult is one sweep of a scenario: P(alliance by the horizon) at
// each point of a curve (one swept value) or a grid (two).
type SweepResult struct {
	// Scenario is the name of the scenario swept, as in Scenarios.
	Scenario string
	// Axes are the swept values' paths ("weights.doctrine"), one or two;
	// Labels, when set, the same in words ("the doctrine weight").
	Axes, Labels []string
	// Horizon is the year P(alliance) is by; 0 for the last simulated
	// year of the scenario's result.
	Horizon int
	// Points are the grid's points, each with one value per axis.
	Points []SweepPoint
	// Charts are its charts (the curve or the heat map), shown in the
	// appendix.
	Charts []Chart
}

// SweepPoint is one point of a sweep: the swept values, one per axis, and
// P(alliance by the horizon) with its 95% interval.
type SweepPoint struct {
	X         []float64
	P, Lo, Hi float64
	// Draws is the number of runs at the point (0 if not known).
	Draws int64
}

// NowcastResult is a saved nowcast: the record filtered through the
// model, and the signposts to watch from where it leaves the pair.
type NowcastResult struct {
	// File is nowcast.json (nowcast.ReadNowcast); Signposts is
	// signposts.json (nowcast.ReadSignposts), nil if there is none.
	File      *nowcast.File
	Signposts *nowcast.SignpostsJSON
	// Charts are its charts (the filtered rung by year), shown in the
	// appendix.
	Charts []Chart
}

// SensitivityResult is one sensitivity analysis of a scenario.
type SensitivityResult struct {
	// Scenario is the name of the scenario analysed, as in Scenarios.
	Scenario string
	// Result is the analysis as written to sensitivity.json
	// (results.NewSensitivity, or results.ReadSensitivity of the file).
	Result *results.Sensitivity
	// Charts are its charts: the tornado (Kind "tornado") is shown in the
	// briefing, any others (Sobol bars, Morris, convergence) in the
	// appendix.
	Charts []Chart
}

// DiscoverResult is one scenario discovery (PRIM) of a scenario.
type DiscoverResult struct {
	// Scenario is the name of the scenario analysed, as in Scenarios.
	Scenario string
	// Result is the discovery as written to discover.json
	// (results.NewDiscovery, or results.ReadDiscovery of the file).
	Result *results.Discovery
	// Charts are its charts (the PRIM trade-off), shown in the appendix.
	Charts []Chart
}

// RunInfo describes the sampling.
type RunInfo struct {
	Draws   int64
	Seed    uint64
	Sampler design.Sampler
	Workers int
	// ElapsedSeconds is the wall time of all simulation.
	ElapsedSeconds float64
	// Start says where the runs started when not from each scenario's
	// rung ("runs start from the nowcast state at the end of 2026 (…)").
	Start string
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
	// CentralEvents are the events that occur in the central run
	// (Explanation), each in its year: the scenario's scheduled events
	// when the command explains the scenario with them. Nil means the
	// central run has no events, and the report then names each scheduled
	// event it leaves out (see ScheduledEvents).
	CentralEvents []CentralEvent
	// Charts are this scenario's charts, in display order.
	Charts []Chart
}

// CentralEvent is an event that occurs in the central run.
type CentralEvent struct {
	Name string
	Year int
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
	// Scenario is empty for the first scenario's weights (the reference)
	// and names the scenario for a weight that scenario sets differently.
	// (A Key of the form "key (scenario)" with Scenario empty is read the
	// same way, as older commands wrote it.)
	Scenario string
}
