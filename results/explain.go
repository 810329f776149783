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
	// Schema is the file's schema version, 1; a reader refuses any other.
	Schema int `json:"schema"`
	// Scenario is the scenario's name.
	Scenario string `json:"scenario"`
	// Actors are the two partners' display names; index 0 and 1 of
	// utility, utility_parts and consent follow this order.
	Actors [2]string `json:"actors"`
	// Years holds one entry per simulated year of the central run, in
	// order.
	Years []ExplainYear `json:"years"`
}

// ExplainYear is one year of the central run. Terms are in model units,
// already multiplied by their weights; costs are negative.
type ExplainYear struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// State is the key of the rung at the end of the year ("entente").
	State string `json:"state"`
	// Latent is the latent alignment pressure in the year, in model units.
	Latent float64 `json:"latent"`
	// LatentParts are the terms of the latent pressure, one per driver,
	// which sum to latent.
	LatentParts []Term `json:"latent_parts"`
	// Utility[i] is actor i's utility of an alliance in the year (i as in
	// actors), in model units.
	Utility [2]float64 `json:"utility"`
	// UtilityParts[i] are the terms of actor i's utility, which sum to
	// utility[i].
	UtilityParts [2][]Term `json:"utility_parts"`
	// Hurdle is the latent pressure the entente needs to hold (its
	// threshold less the hysteresis): on the entente at or above it the
	// pair stays on the entente; each lower rung has its own, lower hold
	// level, and the alliance is on the table on any rung above rivalry
	// that holds.
	Hurdle float64 `json:"hurdle"`
	// ConsentThreshold is what each partner's utility must clear this year
	// for that partner to consent to an alliance.
	ConsentThreshold float64 `json:"consent_threshold"`
	// OnTable is true when the pair stood on a rung above rivalry that
	// held this year (it did not step down), so that the alliance was on
	// the table and consent decided; false on rivalry, in a year of a step
	// down, and while an alliance is in force.
	OnTable bool `json:"on_table"`
	// Consent[i] is true when actor i's utility cleared the consent
	// threshold this year.
	Consent [2]bool `json:"consent"`
}

// Term is one driver's contribution to a sum.
type Term struct {
	// Key is the term's stable identifier (shared_opposition,
	// junior_partner, …).
	Key string `json:"key"`
	// Label is the term's name for people; it may be reworded between
	// versions.
	Label string `json:"label"`
	// Value is the term's contribution in model units, already multiplied
	// by its weight; costs are negative.
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
