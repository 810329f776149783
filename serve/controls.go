package serve

import (
	"fmt"
	"math"
	"strings"

	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
)

// control is one slider of the page: a weight, a driver or an event's
// annual probability, with what the page shows beside it.
type control struct {
	// ID is the control's path: "weights.<key>", "<actor>.<driver>",
	// "dyad.<driver>" or "events.<name>.probability".
	ID    string `json:"id"`
	Kind  string `json:"kind"` // "weight", "driver" or "event"
	Label string `json:"label"`
	Doc   string `json:"doc"`
	// Direction is "+" (raises P(alliance)), "-" (lowers it), "±"
	// (depends) or "" (a scale).
	Direction string `json:"direction"`
	// Default is the model's default (WeightSpec or DriverSpec); absent
	// for event probabilities, which have none.
	Default *float64 `json:"default,omitempty"`
	// Start is the value at the starting point: the resolved weight, the
	// fixed value of a driver or the median of its distribution.
	Start float64 `json:"start"`
	// Dist describes an uncertain input's distribution; moving the slider
	// fixes the input at the slider's value.
	Dist string `json:"dist,omitempty"`
	// Min and Max are the allowed range; SliderMin and SliderMax the
	// slider's span (the prior range, widened, for weights).
	Min       float64 `json:"min"`
	Max       float64 `json:"max"`
	SliderMin float64 `json:"slider_min"`
	SliderMax float64 `json:"slider_max"`
	Step      float64 `json:"step"`
	// PriorLo and PriorHi are a weight's plausible range.
	PriorLo *float64 `json:"prior_lo,omitempty"`
	PriorHi *float64 `json:"prior_hi,omitempty"`
	Source  string   `json:"source,omitempty"`
	// Origin says where the starting value came from, when it is not the
	// model's default ("scenario", "settings").
	Origin string `json:"origin,omitempty"`

	// For the server only.
	wspec  model.WeightSpec
	target model.Target
}

// group is a heading of the page, as in docs/model.md.
type group struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Section  string    `json:"section"` // the section of docs/model.md
	Doc      string    `json:"doc"`
	Part     string    `json:"part"` // "drivers" or "weights"
	Controls []control `json:"controls"`
}

// weightGroups sorts the weights into the sections of docs/model.md §4
// in which they appear. A weight not listed here (a new one) goes into
// "Other weights", so the page never loses a control.
var weightGroups = []struct {
	id, title, section, doc string
	keys                    []string
}{
	{"opposition", "Opposition to the rival", "4.3", "The value of an ally against the common rival: threat perceived × the rival's pressure.",
		[]string{"shared_opposition"}},
	{"asymmetry", "The asymmetry: security, autonomy, influence and protection", "4.4", "Morrow's autonomy–security trade: the junior gains security and gives up autonomy; the senior gains influence and pays for the protection it supplies.",
		[]string{"security", "residual_threat", "junior_partner", "influence", "protection_cost"}},
	{"disorder", "The disorder gap", "4.5", "Entrapment fear of the side that prefers stability, and the revisionist's cost of being restrained.",
		[]string{"disorder_gap", "restraint_share"}},
	{"selfsufficiency", "Self-sufficiency and the doctrine", "4.6", "Arms and allies are substitutes; a non-alignment doctrine acts on consent only.",
		[]string{"self_sufficiency", "doctrine"}},
	{"dyad", "The shared dyad terms", "4.7", "Interdependence, regime similarity, the treaty architecture, the system's multipolarity, a multilateral treaty open to the pair and the unipolar era's bar to a bilateral pledge.",
		[]string{"interdependence", "regime_similarity", "treaty", "multipolarity", "multilateral", "unipolarity"}},
	{"latent", "The latent alignment pressure", "4.8", "The single number that moves the pair up and down the ladder.",
		[]string{"latent_cost_share", "bias"}},
	{"noise", "The persistent noise", "4.9", "An AR(1) process for everything the drivers do not capture.",
		[]string{"noise_sd", "noise_persistence"}},
	{"ladder", "Moving on the ladder: thresholds and hysteresis", "4.10", "The pressure needed to step up into each rung; the thresholds must increase.",
		[]string{"threshold_normalization", "threshold_strategic_partnership", "threshold_treaty_partnership", "threshold_entente", "hysteresis"}},
	{"consent", "The consent gate", "4.11", "Each side signs only if its utility plus its consent shock clears its bar.",
		[]string{"consent_threshold", "consent_persistence", "consent_correlation", "rung_distance", "exit_margin", "decision_window"}},
}

// buildGroups lists the page's controls for scenario sc at the starting
// weights w.
func buildGroups(sc *model.Scenario, w *model.Weights) ([]group, error) {
	var gs []group
	inputs := map[string]model.Input{}
	for _, in := range sc.Inputs {
		inputs[in.Path] = in
	}
	driver := func(path string) (control, error) {
		t, err := sc.Resolve(path)
		if err != nil {
			return control{}, err
		}
		c := control{ID: path, Kind: "driver", Label: sc.Label(path), Doc: t.Spec.Doc, Direction: t.Spec.Direction,
			Min: t.Min, Max: t.Max, target: t}
		def := t.Spec.Default
		c.Default = &def
		c.Start = def
		if in, ok := inputs[path]; ok && in.Dist != nil {
			c.Start = stats.Clamp(in.Dist.Quantile(0.5), t.Min, t.Max)
			if !in.Fixed {
				c.Dist = in.Dist.String()
			}
			c.Source = strings.Join(in.Sources, "; ")
			c.Origin = "scenario"
		}
		c.SliderMin, c.SliderMax = t.Min, t.Max
		if t.Spec.Key == "capability" {
			c.SliderMin = 0
		}
		c.Step = niceStep(c.SliderMax - c.SliderMin)
		return c, nil
	}
	// addDrivers adds to g a control for each actor's (actor) or the
	// pair's driver, at prefix + its key, in the order of DriverSpecs.
	addDrivers := func(g *group, prefix string, actor bool) error {
		for _, s := range model.DriverSpecs {
			if s.Actor != actor {
				continue
			}
			c, err := driver(prefix + s.Key)
			if err != nil {
				return err
			}
			g.Controls = append(g.Controls, c)
		}
		return nil
	}
	for i, a := range sc.Actors {
		g := group{ID: "actor-" + a.ID, Title: a.Name + "'s drivers", Section: "3.1", Part: "drivers",
			Doc: fmt.Sprintf("How %s sees the world and itself (actor %d of 2; the rival is %s).", a.Name, i+1, rivalName(sc))}
		if err := addDrivers(&g, a.ID+".", true); err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	g := group{ID: "dyad", Title: "The pair's drivers", Section: "3.2", Part: "drivers", Doc: "Drivers that belong to the pair, not to one side."}
	if err := addDrivers(&g, "dyad.", false); err != nil {
		return nil, err
	}
	gs = append(gs, g)
	if len(sc.Events) > 0 {
		g := group{ID: "events", Title: "Events: annual probabilities", Section: "3.4", Part: "drivers",
			Doc: "The chance that each event happens in any one year of its window. What an event does is fixed by the scenario."}
		for _, e := range sc.Events {
			path := "events." + e.Name + ".probability"
			t, err := sc.Resolve(path)
			if err != nil {
				return nil, err
			}
			c := control{ID: path, Kind: "event", Label: strings.ReplaceAll(e.Name, "_", " "), Doc: e.Description,
				Direction: eventDirection(e), Min: 0, Max: 1, target: t}
			if in, ok := inputs[path]; ok && in.Dist != nil {
				c.Start = stats.Clamp(in.Dist.Quantile(0.5), 0, 1)
				if !in.Fixed {
					c.Dist = in.Dist.String()
				}
				c.Source = strings.Join(in.Sources, "; ")
				hi := in.Dist.Quantile(0.99)
				c.SliderMax = math.Min(1, math.Max(0.2, 2*hi))
			} else {
				c.SliderMax = 0.2
			}
			c.SliderMax = math.Max(c.SliderMax, c.Start)
			c.Step = niceStep(c.SliderMax)
			g.Controls = append(g.Controls, c)
		}
		gs = append(gs, g)
	}

	placed := map[string]bool{}
	byKey := map[string]model.WeightSpec{}
	for _, s := range model.WeightSpecs {
		byKey[s.Key] = s
	}
	weight := func(s model.WeightSpec) control {
		def, lo, hi := s.Default, s.PriorLo, s.PriorHi
		c := control{ID: model.WeightPathPrefix + s.Key, Kind: "weight", Label: strings.ReplaceAll(s.Key, "_", " "), Doc: s.Doc,
			Direction: s.Direction, Default: &def, Start: s.Get(w), Min: s.Min, Max: s.Max, PriorLo: &lo, PriorHi: &hi,
			Source: s.Source, wspec: s}
		if _, ok := sc.Weights[s.Key]; ok {
			c.Origin = "scenario"
		} else if c.Start != s.Default {
			c.Origin = "settings"
		}
		for _, in := range sc.Inputs {
			if in.Path == c.ID && !in.Fixed && in.Dist != nil {
				c.Dist = in.Dist.String()
				c.Origin = "scenario"
			}
		}
		span := s.PriorHi - s.PriorLo
		if span <= 0 {
			span = math.Max(math.Abs(s.Default), 1)
		}
		c.SliderMin = math.Max(s.Min, math.Min(c.Start, s.PriorLo)-span)
		c.SliderMax = math.Min(s.Max, math.Max(c.Start, s.PriorHi)+span)
		c.Step = niceStep(c.SliderMax - c.SliderMin)
		return c
	}
	for _, wg := range weightGroups {
		g := group{ID: "w-" + wg.id, Title: wg.title, Section: wg.section, Doc: wg.doc, Part: "weights"}
		for _, k := range wg.keys {
			s, ok := byKey[k]
			if !ok || placed[k] {
				continue
			}
			placed[k] = true
			g.Controls = append(g.Controls, weight(s))
		}
		if len(g.Controls) > 0 {
			gs = append(gs, g)
		}
	}
	other := group{ID: "w-other", Title: "Other weights", Section: "10", Part: "weights", Doc: "Weights not yet sorted into a section of the equations."}
	for _, s := range model.WeightSpecs {
		if !placed[s.Key] {
			other.Controls = append(other.Controls, weight(s))
		}
	}
	if len(other.Controls) > 0 {
		gs = append(gs, other)
	}
	return gs, nil
}

// eventDirection reads an event's direction from its effects: "+" when
// every effect it has pushes towards an alliance, "-" when every one
// pushes away, "±" otherwise.
func eventDirection(e model.Event) string {
	up, down := false, false
	for _, f := range e.Effects {
		key := f.Target
		if _, k, ok := strings.Cut(f.Target, "."); ok {
			key = k
		}
		sign := 1.0
		if s, ok := model.LookupDriver(key); ok && s.Direction == "-" {
			sign = -1
		} else if ok && s.Direction == "±" {
			up, down = true, true
			continue
		}
		switch {
		case f.Delta*sign > 0:
			up = true
		case f.Delta*sign < 0:
			down = true
		}
	}
	switch {
	case up && !down:
		return "+"
	case down && !up:
		return "-"
	}
	return "±"
}

func rivalName(sc *model.Scenario) string {
	if sc.Rival.Name != "" {
		return sc.Rival.Name
	}
	return "the rival"
}

// niceStep is a round step of about span/200: 1, 2 or 5 times a power of ten.
func niceStep(span float64) float64 {
	if !(span > 0) {
		return 0.01
	}
	raw := span / 200
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}
