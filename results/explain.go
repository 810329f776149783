package results

import (
	"fmt"

	"github.com/alliancesim/alliancesim/model"
)

// ExplainSchemaVersion is bumped whenever explain.json changes
// incompatibly.
const ExplainSchemaVersion = 1

// Explanation is explain.json: a central run (every input at its median,
// no noise, no consent shocks, no events), year by year and term by term.
type Explanation struct {
	Schema   int           `json:"schema"`
	Scenario string        `json:"scenario"`
	Actors   [2]string     `json:"actors"`
	Years    []ExplainYear `json:"years"`
}

// ExplainYear is one year of the central run. Terms are in model units,
// already multiplied by their weights; costs are negative.
type ExplainYear struct {
	Year int `json:"year"`
	// State is the key of the rung at the end of the year ("entente").
	State string `json:"state"`
	// Latent is the latent pressure, LatentParts its terms (they sum to it).
	Latent      float64 `json:"latent"`
	LatentParts []Term  `json:"latent_parts"`
	// Utility[i] is actor i's utility of an alliance, UtilityParts[i] its
	// terms.
	Utility      [2]float64 `json:"utility"`
	UtilityParts [2][]Term  `json:"utility_parts"`
	// Hurdle is the latent pressure the entente needs to hold;
	// ConsentThreshold what each utility must clear this year.
	Hurdle           float64 `json:"hurdle"`
	ConsentThreshold float64 `json:"consent_threshold"`
	// OnTable: the pair was on the entente with the pressure above the
	// hurdle. Consent[i]: actor i's utility cleared the threshold.
	OnTable bool    `json:"on_table"`
	Consent [2]bool `json:"consent"`
}

// Term is one driver's contribution to a sum.
type Term struct {
	Key   string  `json:"key"`
	Label string  `json:"label"`
	Value float64 `json:"value"`
}

// FromExplanation builds explain.json from a central run.
func FromExplanation(ex *model.Explanation) *Explanation {
	e := &Explanation{Schema: ExplainSchemaVersion, Scenario: ex.Scenario, Actors: ex.Actors, Years: []ExplainYear{}}
	for _, y := range ex.Years {
		e.Years = append(e.Years, ExplainYear{
			Year: y.Year, State: y.State.Key(),
			Latent: y.Latent, LatentParts: fromContributions(y.LatentParts),
			Utility:          y.Utility,
			UtilityParts:     [2][]Term{fromContributions(y.UtilityParts[0]), fromContributions(y.UtilityParts[1])},
			Hurdle:           y.Hurdle,
			ConsentThreshold: y.ConsentThreshold,
			OnTable:          y.OnTable,
			Consent:          y.Consent,
		})
	}
	return e
}

// Explanation rebuilds the central run that explain.json was written
// from; it checks the schema version and the state keys.
func (e *Explanation) Explanation() (*model.Explanation, error) {
	if err := CheckSchema("explain", e.Schema, ExplainSchemaVersion); err != nil {
		return nil, err
	}
	ex := &model.Explanation{Scenario: e.Scenario, Actors: e.Actors}
	for _, y := range e.Years {
		s, err := model.ParseState(y.State)
		if err != nil {
			return nil, fmt.Errorf("explain year %d: %w", y.Year, err)
		}
		ex.Years = append(ex.Years, model.YearExplanation{
			Year: y.Year, State: s,
			Latent: y.Latent, LatentParts: toContributions(y.LatentParts),
			Utility:          y.Utility,
			UtilityParts:     [2][]model.Contribution{toContributions(y.UtilityParts[0]), toContributions(y.UtilityParts[1])},
			Hurdle:           y.Hurdle,
			ConsentThreshold: y.ConsentThreshold,
			OnTable:          y.OnTable,
			Consent:          y.Consent,
		})
	}
	return ex, nil
}

// Marshal renders explain.json as indented JSON with a final newline.
func (e *Explanation) Marshal() ([]byte, error) {
	return JSON(e)
}

func fromContributions(cs []model.Contribution) []Term {
	ts := make([]Term, len(cs))
	for i, c := range cs {
		ts[i] = Term{Key: c.Key, Label: c.Label, Value: c.Value}
	}
	return ts
}

func toContributions(ts []Term) []model.Contribution {
	var cs []model.Contribution
	for _, t := range ts {
		cs = append(cs, model.Contribution{Key: t.Key, Label: t.Label, Value: t.Value})
	}
	return cs
}
