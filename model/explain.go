package model

// Contribution is one named term of a sum: a driver's share of a side's
// utility or of the latent pressure, already multiplied by its weight.
type Contribution struct {
	// Key identifies the term ("shared_opposition", "junior_partner", ...).
	Key string
	// Label is the term's name for tables and charts.
	Label string
	// Value is the term's contribution, in model units (negative for costs).
	Value float64
}

// termLabels are the terms' names for tables and charts, by key: one
// list for the latent pressure's terms (LatentParts) and the utilities'
// (UtilityParts), which share most of them. Shared opposition is named
// for the pair in the one and for a side in the other, so each list
// names it itself.
var termLabels = map[string]string{
	"security":          "Security from a stronger partner",
	"self_sufficiency":  "Military self-sufficiency",
	"junior_partner":    "Junior-partner cost",
	"influence":         "Influence over a junior partner",
	"protection_cost":   "Cost of protecting a junior partner",
	"disorder_gap":      "Disorder-appetite gap",
	"interdependence":   "Interdependence",
	"regime_similarity": "Regime similarity",
	"treaty":            "Treaty architecture",
	"bias":              "Intercept",
	"noise":             "Persistent noise",
	"events":            "Events",
	"doctrine":          "Non-alignment doctrine",
	"multipolarity":     "Multipolarity of the system",
	"multilateral":      "A multilateral treaty open to the pair",
	"unipolarity":       "The unipolar era (a bilateral pledge)",
}

// term is the contribution v of the term key, under its label.
func term(key string, v float64) Contribution {
	return Contribution{Key: key, Label: termLabels[key], Value: v}
}

// LatentParts splits the latent pressure into its terms; they sum to
// Latent(costShare).
func (t *Terms) LatentParts(costShare float64) []Contribution {
	h := 0.5 * costShare
	return []Contribution{
		{"shared_opposition", "Shared opposition to the rival", 0.5 * (t.Opposition[0] + t.Opposition[1])},
		term("security", h*(t.Security[0]+t.Security[1])),
		term("self_sufficiency", h*(t.SelfSufficiency[0]+t.SelfSufficiency[1])),
		term("junior_partner", h*(t.JuniorPartner[0]+t.JuniorPartner[1])),
		term("influence", h*(t.Influence[0]+t.Influence[1])),
		term("protection_cost", h*(t.Protection[0]+t.Protection[1])),
		term("disorder_gap", h*(t.DisorderGap[0]+t.DisorderGap[1])),
		term("interdependence", t.Interdependence),
		term("regime_similarity", t.Regime),
		term("treaty", t.Treaty),
		term("bias", t.Bias),
		term("noise", t.Noise),
		term("events", t.EventLatent),
	}
}

// UtilityParts splits side i's utility of a defence alliance into its
// terms; they sum to Utility(i).
func (t *Terms) UtilityParts(i int) []Contribution {
	return []Contribution{
		{"shared_opposition", "Opposition to the rival", t.Opposition[i]},
		term("security", t.Security[i]),
		term("self_sufficiency", t.SelfSufficiency[i]),
		term("junior_partner", t.JuniorPartner[i]),
		term("influence", t.Influence[i]),
		term("protection_cost", t.Protection[i]),
		term("disorder_gap", t.DisorderGap[i]),
		term("doctrine", t.Doctrine[i]),
		term("interdependence", t.Interdependence),
		term("regime_similarity", t.Regime),
		term("treaty", t.Treaty),
		term("multipolarity", t.Polarity),
		term("multilateral", t.Multilateral),
		term("unipolarity", t.Unipolarity),
		term("events", t.EventConsent[i]),
	}
}

// YearExplanation is one year of a central run, term by term.
type YearExplanation struct {
	Year int
	// State is the rung at the end of the year.
	State State
	// Latent is the latent pressure and LatentParts its terms.
	Latent      float64
	LatentParts []Contribution
	// Utility[i] is side i's utility of an alliance, UtilityParts[i] its terms.
	Utility      [2]float64
	UtilityParts [2][]Contribution
	// Hurdle is the latent pressure the entente needs to hold (see
	// EntenteHold): on the entente at or above it, the alliance is on the
	// table. ConsentThreshold is what each utility must clear this year (the
	// consent threshold, lowered in a decision year, and for staying in an
	// alliance in force by the exit margin).
	Hurdle           float64
	ConsentThreshold float64
	// OnTable is true when the pair stood on a rung above rivalry that
	// held this year, so that the alliance was on the table (false on
	// rivalry, in a year of a step down, and while an alliance is in
	// force); Consent says who would have consented.
	OnTable bool
	Consent [2]bool
}

// Explanation is a central run: every input at its central value, no
// noise and no consent shocks, and each event at its median outcome (it
// occurs in a year of its window when its yearly probability is at least
// one half: a scheduled event such as a crisis 90% likely in 2028), so
// that each year's numbers are the drivers' and the scheduled events'
// own doing.
type Explanation struct {
	Scenario string
	Actors   [2]string
	Years    []YearExplanation
	// Events are the events that occur in the central run, with the first
	// year of each.
	Events []CentralEvent
}

// CentralEvent is an event of a central run and the year it first occurs.
type CentralEvent struct {
	Name string
	Year int
}

// Explain runs sc once under w with drivers p (normally every input at its
// median), with the noise and consent shocks at zero and each event at its
// median outcome (occurring in a window year when p.EventProb is at least
// 0.5, its effect decaying as in a simulation), and returns each year's
// terms. Doctrines stay in force.
func Explain(sc *Scenario, w *Weights, p *Params) *Explanation {
	ex := &Explanation{Scenario: sc.Name, Actors: [2]string{sc.Actors[0].Name, sc.Actors[1].Name}}
	docInForce := [2]bool{p.Actors[0].Doctrine > 0, p.Actors[1].Doctrine > 0}
	lr0 := logRatio(p)
	state := sc.InitialState
	strength := make([]float64, len(sc.Events))
	first := make([]bool, len(sc.Events))
	for t := range sc.HorizonYears {
		year := sc.StartYear + t
		var off [numSlots]float64
		for e := range sc.Events {
			ev := &sc.Events[e]
			strength[e] *= ev.Decay
			inWindow := (ev.From == 0 || year >= ev.From) && (ev.To == 0 || year <= ev.To)
			if inWindow && p.EventProb[e] >= 0.5 && !(ev.Once && first[e]) {
				strength[e]++
				if !first[e] {
					first[e] = true
					ex.Events = append(ex.Events, CentralEvent{Name: ev.Name, Year: year})
				}
			}
			for _, ef := range ev.Effects {
				off[ef.slot] += strength[e] * ef.Delta
			}
		}
		tm := terms(w, p, t, lr0, &off, docInForce, 0)
		z := tm.Latent(w.LatentCostShare)
		y := YearExplanation{
			Year: year, Latent: z, LatentParts: tm.LatentParts(w.LatentCostShare),
			Utility:          [2]float64{tm.Utility(0), tm.Utility(1)},
			UtilityParts:     [2][]Contribution{tm.UtilityParts(0), tm.UtilityParts(1)},
			Hurdle:           EntenteHold(w),
			ConsentThreshold: consentBar(sc, w, year, state),
		}
		// A side consents when its utility reaches the bar, as in Step
		// (with no consent shock in the central run).
		y.Consent = [2]bool{y.Utility[0] >= y.ConsentThreshold, y.Utility[1] >= y.ConsentThreshold}
		state, y.OnTable = step(state, z, w, y.Consent[0] && y.Consent[1])
		y.State = state
		ex.Years = append(ex.Years, y)
	}
	return ex
}
