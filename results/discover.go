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
	Schema     int                  `json:"schema"`
	Scenario   ScenarioRef          `json:"scenario"`
	Outcome    string               `json:"outcome"`
	Draws      int64                `json:"draws"`
	Seed       uint64               `json:"seed"`
	Version    string               `json:"version"`
	Cases      int                  `json:"cases"`
	Options    analysis.PrimOptions `json:"options"`
	Box        DiscoverBox          `json:"box"`
	Sentences  string               `json:"sentences"`
	Signposts  []DiscoverLimit      `json:"signposts"`
	Trajectory []DiscoverStep       `json:"trajectory"`
	// Start is the nowcast state the runs started from; absent when they
	// started from the scenario's rung.
	Start *StartRef `json:"start,omitempty"`
}

// DiscoverBox is a box's statistics and limits.
type DiscoverBox struct {
	Coverage float64         `json:"coverage"`
	Density  float64         `json:"density"`
	Mass     float64         `json:"mass"`
	Limits   []DiscoverLimit `json:"limits"`
}

// DiscoverLimit is one restriction; a signpost adds how much density the
// box loses without it.
type DiscoverLimit struct {
	Input       string   `json:"input"`
	Label       string   `json:"label"`
	Lo          *float64 `json:"lo,omitempty"`
	Hi          *float64 `json:"hi,omitempty"`
	DensityDrop *float64 `json:"density_drop,omitempty"`
}

// DiscoverStep is one box of the peeling trajectory.
type DiscoverStep struct {
	Coverage     float64 `json:"coverage"`
	Density      float64 `json:"density"`
	Mass         float64 `json:"mass"`
	Restrictions int     `json:"restrictions"`
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
