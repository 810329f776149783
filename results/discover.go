package results

import (
	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/model"
)

// DiscoverSchemaVersion is bumped whenever discover.json changes
// incompatibly. 2: the PRIM options under snake_case names (peel_alpha,
// paste_alpha, mass_min, min_coverage) like every other field, not Go's.
const DiscoverSchemaVersion = 2

// Discovery is discover.json.
type Discovery struct {
	// Schema is the file's schema version, 2; a reader refuses any other.
	Schema int `json:"schema"`
	// Scenario identifies the scenario searched: its name, its file and
	// the SHA-256 of the file's bytes.
	Scenario ScenarioRef `json:"scenario"`
	// Outcome is the outcome searched for, as given: alliance,
	// alliance-by=YEAR or state-at-least=STATE.
	Outcome string `json:"outcome"`
	// Draws is the number of simulated runs PRIM searched.
	Draws int64 `json:"draws"`
	// Seed is the random seed of the runs.
	Seed uint64 `json:"seed"`
	// Version is the version of alliancesim that made the file.
	Version string `json:"version"`
	// Cases is the number of the draws that have the outcome.
	Cases int `json:"cases"`
	// Options are the PRIM settings used: peel_alpha, paste_alpha,
	// mass_min and min_coverage.
	Options analysis.PrimOptions `json:"options"`
	// Box is the box reported: its coverage, density and mass, and its
	// limits on the inputs.
	Box DiscoverBox `json:"box"`
	// Sentences is the box in words, as printed.
	Sentences string `json:"sentences"`
	// Signposts are the box's limits as indicators to watch, the most
	// telling first: the one whose removal lowers the box's density most;
	// null when the box restricts no input.
	Signposts []DiscoverLimit `json:"signposts"`
	// Trajectory is every box of PRIM's peeling trajectory, in order: the
	// first is the whole input space, and each later one the previous with
	// one limit tightened.
	Trajectory []DiscoverStep `json:"trajectory"`
	// Start is the nowcast state the runs started from; absent when they
	// started from the scenario's rung.
	Start *StartRef `json:"start,omitempty"`
}

// DiscoverBox is a box's statistics and limits.
type DiscoverBox struct {
	// Coverage is the share (0–1) of the runs with the outcome that are
	// inside the box.
	Coverage float64 `json:"coverage"`
	// Density is the share (0–1) of the runs inside the box that have the
	// outcome.
	Density float64 `json:"density"`
	// Mass is the share (0–1) of all runs that are inside the box.
	Mass float64 `json:"mass"`
	// Limits are the box's restrictions, one per restricted input; null
	// when the box restricts none.
	Limits []DiscoverLimit `json:"limits"`
}

// DiscoverLimit is one restriction; a signpost adds how much density the
// box loses without it.
type DiscoverLimit struct {
	// Input is the restricted input's path (russia.threat).
	Input string `json:"input"`
	// Label is the input's name for people.
	Label string `json:"label"`
	// Lo is the box's lower limit on the input (runs inside have the
	// input at or above it); absent where the box is open below.
	Lo *float64 `json:"lo,omitempty"`
	// Hi is the box's upper limit on the input (runs inside have the
	// input at or below it); absent where the box is open above.
	Hi *float64 `json:"hi,omitempty"`
	// DensityDrop is, for a signpost, how much the box's density (a share
	// 0–1) falls if this limit is dropped; absent in the box's own
	// limits.
	DensityDrop *float64 `json:"density_drop,omitempty"`
}

// DiscoverStep is one box of the peeling trajectory.
type DiscoverStep struct {
	// Coverage is the share (0–1) of the runs with the outcome that are
	// inside this box.
	Coverage float64 `json:"coverage"`
	// Density is the share (0–1) of the runs inside this box that have
	// the outcome.
	Density float64 `json:"density"`
	// Mass is the share (0–1) of all runs that are inside this box.
	Mass float64 `json:"mass"`
	// Restrictions is the number of inputs this box restricts.
	Restrictions int `json:"restrictions"`
}

// DiscoverRun is what discover.json records beside the PRIM result: the
// scenario (for its input labels) and the file it came from, the outcome
// as given, the number of runs and of cases among them, the seed, the
// tool version and the box described in words.
type DiscoverRun struct {
	Ref       ScenarioRef
	Scenario  *model.Scenario
	Outcome   string
	Draws     int64
	Cases     int
	Seed      uint64
	Version   string
	Sentences string
	Start     *StartRef
}

// NewDiscovery builds discover.json from a PRIM result.
func NewDiscovery(res *analysis.PrimResult, run DiscoverRun) *Discovery {
	sc := run.Scenario
	f := &Discovery{Schema: DiscoverSchemaVersion, Scenario: run.Ref, Outcome: run.Outcome,
		Draws: run.Draws, Seed: run.Seed, Version: run.Version, Cases: run.Cases, Options: res.Options, Sentences: run.Sentences, Start: run.Start,
		Box: DiscoverBox{Coverage: Round(res.Box.Coverage), Density: Round(res.Box.Density), Mass: Round(res.Box.Mass)}}
	for _, r := range res.Box.Restrictions {
		f.Box.Limits = append(f.Box.Limits, limit(sc, r))
	}
	for _, sp := range res.Signposts(res.Box) {
		l := limit(sc, sp.Restriction)
		l.DensityDrop = roundp(sp.DensityDrop)
		f.Signposts = append(f.Signposts, l)
	}
	for _, b := range res.Trajectory {
		f.Trajectory = append(f.Trajectory, DiscoverStep{Coverage: Round(b.Coverage), Density: Round(b.Density), Mass: Round(b.Mass), Restrictions: len(b.Restrictions)})
	}
	return f
}

func limit(sc *model.Scenario, r analysis.Restriction) DiscoverLimit {
	l := DiscoverLimit{Input: r.Name, Label: sc.Label(r.Name)}
	if r.HasLo {
		l.Lo = roundp(r.Lo)
	}
	if r.HasHi {
		l.Hi = roundp(r.Hi)
	}
	return l
}

// ReadDiscovery reads discover.json and checks its schema version.
func ReadDiscovery(data []byte) (*Discovery, error) {
	return readFile(data, "discover", DiscoverSchemaVersion, func(f *Discovery) int { return f.Schema })
}

// Marshal renders discover.json as indented JSON with a final newline.
func (f *Discovery) Marshal() ([]byte, error) {
	return JSON(f)
}
