package results

import (
	"path/filepath"

	"github.com/alliancesim/alliancesim/sim"
)

// CompareSchemaVersion is bumped whenever compare.json changes
// incompatibly.
const CompareSchemaVersion = 1

// Comparison is compare.json: the scenarios' headline probabilities and the
// paired differences against the first.
type Comparison struct {
	Schema    int               `json:"schema"`
	Base      string            `json:"base"`
	Run       RunInfo           `json:"run"`
	Scenarios []CompareScenario `json:"scenarios"`
	Diffs     []CompareDiff     `json:"diffs"`
}

// CompareScenario is one scenario's headline in compare.json; its full
// results are in <name>/summary.json beside it.
type CompareScenario struct {
	Name      string `json:"name"`
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	Horizon   int    `json:"horizon_year"`
	ByHorizon Prob   `json:"by_horizon"`
	Summary   string `json:"summary"`
}

// CompareDiff is P(scenario) − P(base) by the horizon, estimated on the
// same draws (common random numbers), with its 95% interval.
type CompareDiff struct {
	Scenario  string  `json:"scenario"`
	Delta     float64 `json:"delta"`
	Lo        float64 `json:"lo"`
	Hi        float64 `json:"hi"`
	SE        float64 `json:"se"`
	N         int64   `json:"n"`
	Both      int64   `json:"both"`
	OnlyBase  int64   `json:"only_base"`
	OnlyOther int64   `json:"only_other"`
}

// NewComparison builds compare.json from a comparison's results and each
// scenario's summary.json (sums[k] is set.Results[k]'s); each summary is
// referred to as <name>/summary.json. Differences are rounded to six
// decimals, far below any Monte Carlo error they report.
func NewComparison(set *sim.Set, sums []*Summary) *Comparison {
	c := &Comparison{Schema: CompareSchemaVersion}
	if len(sums) > 0 {
		c.Base = sums[0].Scenario.Name
	}
	for k, sum := range sums {
		r := set.Results[k]
		name := sum.Scenario.Name
		c.Run = sum.Run
		c.Scenarios = append(c.Scenarios, CompareScenario{Name: name, File: sum.Scenario.File, SHA256: sum.Scenario.SHA256,
			Horizon: r.Years[len(r.Years)-1], ByHorizon: sum.Alliance.ByHorizon, Summary: filepath.Join(name, "summary.json")})
		if k > 0 {
			d := set.Diffs[k]
			c.Diffs = append(c.Diffs, CompareDiff{Scenario: name, Delta: Round(d.Delta), Lo: Round(d.Lo), Hi: Round(d.Hi), SE: Round(d.SE),
				N: d.N, Both: d.Both, OnlyBase: d.OnlyBase, OnlyOther: d.OnlyOther})
		}
	}
	return c
}

// ReadComparison reads compare.json and checks its schema version.
func ReadComparison(data []byte) (*Comparison, error) {
	return readFile(data, "compare", CompareSchemaVersion, func(f *Comparison) int { return f.Schema })
}

// PairedDiffs returns the paired differences as sim.Set holds them: one
// per scenario, the first (the base) left zero.
func (c *Comparison) PairedDiffs() []sim.PairedDiff {
	ds := make([]sim.PairedDiff, len(c.Scenarios))
	for k := 1; k < len(ds) && k-1 < len(c.Diffs); k++ {
		d := c.Diffs[k-1]
		ds[k] = sim.PairedDiff{Scenario: d.Scenario, Base: c.Base, Delta: d.Delta, SE: d.SE, Lo: d.Lo, Hi: d.Hi,
			N: d.N, Both: d.Both, OnlyBase: d.OnlyBase, OnlyOther: d.OnlyOther}
	}
	return ds
}

// Marshal renders compare.json as indented JSON with a final newline.
func (c *Comparison) Marshal() ([]byte, error) {
	return JSON(c)
}

// roundp is Round for an optional field of compare.json, sensitivity.json
// or discover.json.
func roundp(x float64) *float64 { v := Round(x); return &v }
