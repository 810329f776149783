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
	// Schema is the file's schema version, 1; a reader refuses any other.
	Schema int `json:"schema"`
	// Base is the first scenario's name, the one the others are compared
	// with.
	Base string `json:"base"`
	// Run says how the runs were made: the draws, seed and sampler that
	// all the scenarios share.
	Run RunInfo `json:"run"`
	// Scenarios are every scenario's headline, the base first, in the
	// order given.
	Scenarios []CompareScenario `json:"scenarios"`
	// Diffs are the paired differences from the base, one for each
	// scenario after the first, in the same order.
	Diffs []CompareDiff `json:"diffs"`
}

// CompareScenario is one scenario's headline in compare.json; its full
// results are in <name>/summary.json beside it.
type CompareScenario struct {
	// Name is the scenario's name, also the name of the subfolder that
	// holds its results.
	Name string `json:"name"`
	// File is the scenario file's path as given, or bundled:<name> for a
	// scenario built into the tool.
	File string `json:"file"`
	// SHA256 is the SHA-256 of the scenario file's bytes, in hexadecimal.
	SHA256 string `json:"sha256"`
	// Horizon is the scenario's last simulated year (a calendar year), by
	// whose end by_horizon is taken.
	Horizon int `json:"horizon_year"`
	// ByHorizon is P(a defence alliance has formed by the end of
	// horizon_year), with its 95% Wilson interval, standard error and
	// counts.
	ByHorizon Prob `json:"by_horizon"`
	// Summary is the path of the scenario's summary.json relative to
	// compare.json (<name>/summary.json).
	Summary string `json:"summary"`
}

// CompareDiff is P(scenario) − P(base) by the horizon, estimated on the
// same draws (common random numbers), with its 95% interval.
type CompareDiff struct {
	// Scenario is the name of the scenario compared with the base.
	Scenario string `json:"scenario"`
	// Delta is ΔP = P(scenario) − P(base) of an alliance by the horizon,
	// on the same draws: (only_other − only_base)/n, from −1 to 1.
	Delta float64 `json:"delta"`
	// Lo is the lower end of Delta's 95% interval, delta − 1.96·se, no
	// lower than −1.
	Lo float64 `json:"lo"`
	// Hi is the upper end of Delta's 95% interval, delta + 1.96·se, no
	// higher than 1.
	Hi float64 `json:"hi"`
	// SE is Delta's paired standard error, computed from the runs in
	// which only one of the two formed an alliance; 0 when n is 0.
	SE float64 `json:"se"`
	// N is the number of paired runs (draws) the difference is estimated
	// from.
	N int64 `json:"n"`
	// Both is the number of paired runs in which both the base and this
	// scenario formed an alliance by the horizon.
	Both int64 `json:"both"`
	// OnlyBase is the number of paired runs in which only the base formed
	// an alliance by the horizon.
	OnlyBase int64 `json:"only_base"`
	// OnlyOther is the number of paired runs in which only this scenario
	// formed an alliance by the horizon.
	OnlyOther int64 `json:"only_other"`
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
