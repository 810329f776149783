package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Actor holds one prospective partner's drivers for one simulated run.
type Actor struct {
	// Threat is the threat the actor perceives from the rival, 0 to 1.
	Threat float64
	// Pressure is the rival's pressure on this actor (sanctions, military
	// posture, containment), 0 to 1. It may differ per actor: a wedge
	// strategy presses one side and courts the other.
	Pressure float64
	// Capability is the actor's share of world capability (a CINC-like
	// score), greater than 0. Only the ratio of the two partners matters.
	Capability float64
	// Growth is the actor's annual capability growth rate (0.03 = 3%/yr).
	Growth float64
	// DisorderAppetite is how much the actor values disorder in world
	// politics, 0 (prefers stability) to 1 (profits from disorder).
	DisorderAppetite float64
	// AutonomyValue is how much the actor values strategic autonomy: it
	// scales the cost of being the junior partner, 0 to 3.
	AutonomyValue float64
	// SelfSufficiency is the actor's military self-sufficiency (nuclear
	// deterrence, arms self-reliance), 0 to 1.
	SelfSufficiency float64
	// Doctrine is the strength of a non-alignment doctrine, 0 (none) to 1.
	Doctrine float64
	// DoctrineHazard is the annual probability that the doctrine is dropped.
	DoctrineHazard float64
}

// Dyad holds the drivers of the pair.
type Dyad struct {
	// Interdependence is energy and arms interdependence, 0 to 1.
	Interdependence float64
	// RegimeSimilarity is the similarity of the two regimes, 0 to 1.
	RegimeSimilarity float64
	// Treaty is the strength of the existing treaty architecture, 0 (none)
	// to 1 (a treaty with a consultation pledge in force).
	Treaty float64
	// Multipolarity is how multipolar the international system is, 0
	// (the Cold War's bipolarity) to 1 (several great powers, as before
	// 1945); docs/coding.md sets it by era.
	Multipolarity float64
	// Multilateral is whether a multilateral defence treaty is open to the
	// pair, 0 (none) to 1 (one side is in it or organises it and the other
	// is invited, or both negotiate a new one); docs/coding.md §7.1. After
	// 1991 nearly every new pledge came this way (model.md §8), so the
	// model needs to tell this channel from a bilateral pact.
	Multilateral float64
	// Unipolarity is whether the system has a single superpower, 0 up to
	// 1991 and 1 from 1992 (docs/coding.md). It lowers a bilateral pledge
	// only: bilateral onsets fell to a tenth after 1991, multilateral ones
	// by a quarter (model.md §8).
	Unipolarity float64
}

// Params is everything one simulated run needs besides weights and random
// numbers: the two actors' drivers, the dyad's, and each event's annual
// probability (in Scenario.Events order).
type Params struct {
	Actors    [2]Actor
	Dyad      Dyad
	EventProb []float64
}

// DriverSpec documents one driver: its key in scenario files, whether it
// belongs to each actor or to the dyad, its range, default and direction.
type DriverSpec struct {
	Key       string
	Actor     bool // an actor's driver (path "<actor>.<key>") or the dyad's ("dyad.<key>")
	Doc       string
	Direction string
	Default   float64
	Min, Max  float64
	// ByEra, when set, is the driver's value for a start year by the
	// coding protocol's rule (docs/coding.md §7), which a scenario that
	// leaves the driver out takes instead of Default: the era drivers are
	// facts of the date, and a case file coded before a driver existed
	// should get the date's value, not the present era's. Default is its
	// value for the present era.
	ByEra func(startYear int) float64
	actor func(*Actor) *float64
	dyad  func(*Dyad) *float64
}

// DefaultFor is the value a scenario starting in startYear takes for the
// driver when it leaves it out: ByEra's when the driver has one and the
// year is known, Default otherwise.
func (s DriverSpec) DefaultFor(startYear int) float64 {
	if s.ByEra != nil && startYear > 0 {
		return s.ByEra(startYear)
	}
	return s.Default
}

// multipolarityByEra is docs/coding.md §7's multipolarity: 1 up to 1945,
// 0 in 1946–1991 (bipolarity), 0.2 from 1992.
func multipolarityByEra(y int) float64 {
	switch {
	case y <= 1945:
		return 1
	case y <= 1991:
		return 0
	}
	return 0.2
}

// unipolarityByEra is docs/coding.md §7's unipolarity: 0 up to 1991, 1
// from 1992. From 2017 the protocol measures it (rule 157, package era),
// which the model cannot read; 1 is what the measure gives today
// (alliancesim era), and a file from 2017 writes the measured line.
func unipolarityByEra(y int) float64 {
	if y >= 1992 {
		return 1
	}
	return 0
}

// DriverSpecs lists every driver in a stable order.
var DriverSpecs = []DriverSpec{
	{Key: "threat", Actor: true, Direction: "+", Default: 0.5, Min: 0, Max: 1,
		Doc: "threat perceived from the rival", actor: func(a *Actor) *float64 { return &a.Threat }},
	{Key: "pressure", Actor: true, Direction: "+", Default: 0.5, Min: 0, Max: 1,
		Doc: "the rival's pressure on this actor", actor: func(a *Actor) *float64 { return &a.Pressure }},
	{Key: "capability", Actor: true, Direction: "±", Default: 0.1, Min: 1e-6, Max: 1,
		Doc: "share of world capability (CINC-like); the ratio sets who is junior", actor: func(a *Actor) *float64 { return &a.Capability }},
	{Key: "growth", Actor: true, Direction: "±", Default: 0, Min: -0.5, Max: 0.5,
		Doc: "annual capability growth rate", actor: func(a *Actor) *float64 { return &a.Growth }},
	{Key: "disorder_appetite", Actor: true, Direction: "±", Default: 0.5, Min: 0, Max: 1,
		Doc: "appetite for disorder in world politics (0 stability, 1 disorder)", actor: func(a *Actor) *float64 { return &a.DisorderAppetite }},
	{Key: "autonomy_value", Actor: true, Direction: "-", Default: 1, Min: 0, Max: 3,
		Doc: "value placed on strategic autonomy; scales the junior-partner cost", actor: func(a *Actor) *float64 { return &a.AutonomyValue }},
	{Key: "self_sufficiency", Actor: true, Direction: "-", Default: 0.5, Min: 0, Max: 1,
		Doc: "military self-sufficiency (nuclear deterrence, arms self-reliance)", actor: func(a *Actor) *float64 { return &a.SelfSufficiency }},
	{Key: "doctrine", Actor: true, Direction: "-", Default: 0, Min: 0, Max: 1,
		Doc: "strength of a non-alignment doctrine", actor: func(a *Actor) *float64 { return &a.Doctrine }},
	{Key: "doctrine_hazard", Actor: true, Direction: "+", Default: 0, Min: 0, Max: 1,
		Doc: "annual probability that the non-alignment doctrine is dropped", actor: func(a *Actor) *float64 { return &a.DoctrineHazard }},
	{Key: "interdependence", Direction: "+", Default: 0.3, Min: 0, Max: 1,
		Doc: "energy and arms interdependence", dyad: func(d *Dyad) *float64 { return &d.Interdependence }},
	{Key: "regime_similarity", Direction: "+", Default: 0.5, Min: 0, Max: 1,
		Doc: "similarity of the two regimes", dyad: func(d *Dyad) *float64 { return &d.RegimeSimilarity }},
	{Key: "treaty", Direction: "+", Default: 0, Min: 0, Max: 1,
		Doc: "strength of the existing treaty architecture (1 = consultation pledge in force)", dyad: func(d *Dyad) *float64 { return &d.Treaty }},
	{Key: "multipolarity", Direction: "+", Default: 0.2, Min: 0, Max: 1, ByEra: multipolarityByEra,
		Doc: "how multipolar the system is (1 before 1945, 0 in 1946–1991, 0.2 since 1992; docs/coding.md); left out, the start year's value", dyad: func(d *Dyad) *float64 { return &d.Multipolarity }},
	{Key: "multilateral", Direction: "+", Default: 0, Min: 0, Max: 1,
		Doc: "a multilateral defence treaty open to the pair (1 invited or negotiating, 0.5 an aim declared, 0 none; docs/coding.md §7.1)", dyad: func(d *Dyad) *float64 { return &d.Multilateral }},
	{Key: "unipolarity", Direction: "-", Default: 1, Min: 0, Max: 1, ByEra: unipolarityByEra,
		Doc: "the era's bar to a bilateral pledge (0 up to 1991, 1 in 1992–2016, from 2017 measured: alliancesim era); lowers a bilateral pledge only; left out, the start year's value (1 from 1992)", dyad: func(d *Dyad) *float64 { return &d.Unipolarity }},
}

// LookupDriver finds a driver's spec by key.
func LookupDriver(key string) (DriverSpec, bool) {
	for _, s := range DriverSpecs {
		if s.Key == key {
			return s, true
		}
	}
	return DriverSpec{}, false
}

// DriverKeys lists the driver keys of one scope (actor or dyad).
func DriverKeys(actor bool) []string {
	var ks []string
	for _, s := range DriverSpecs {
		if s.Actor == actor {
			ks = append(ks, s.Key)
		}
	}
	return ks
}

// Distribution is an uncertain input's distribution. Package sim implements
// it; the model only needs to know how to draw from it and how to invert it.
type Distribution interface {
	// Rand draws one value using src.
	Rand(src rand.Source) float64
	// Quantile returns the value at cumulative probability p in (0, 1).
	Quantile(p float64) float64
	// String describes the distribution, as in "beta(2, 8)".
	String() string
}

// Input is one uncertain or fixed value of a scenario: where it goes, how
// it is distributed and where the figure comes from.
type Input struct {
	// Path names the value: "<actor id>.<driver>", "dyad.<driver>",
	// "events.<event name>.probability" or "weights.<weight key>" (a
	// weight the scenario makes uncertain; fixed weight overrides live in
	// Scenario.Weights).
	Path string
	// Dist is the value's distribution; a fixed value is a degenerate one.
	Dist Distribution
	// Fixed is true when Dist always returns the same value.
	Fixed bool
	// Sources are the references the scenario gives for the value.
	Sources []string
	// Line is the line of the value in the scenario file, for messages.
	Line int
}

// Setter writes an input's value into Params. It is resolved once per run
// plan so the hot loop does no string work.
type Setter func(p *Params, v float64)

// WeightSetter writes an input's value into Weights, for inputs with a
// path "weights.<key>".
type WeightSetter func(w *Weights, v float64)

// Target says what an input path points at: a setter plus the allowed
// range. A driver or an event probability is written into Params with Set;
// a weight is written into Weights with SetWeight. Apply does either.
type Target struct {
	// Set writes the value into Params. For a weight it does nothing, so
	// that code written for drivers alone stays safe; use Apply or
	// SetWeight to write weights.
	Set Setter
	// SetWeight writes the value into Weights; nil unless the target is a
	// weight.
	SetWeight WeightSetter
	// Addr returns where the value lives in p or w: what Set or
	// SetWeight writes. A sampler that writes many values into the same
	// Params and Weights resolves the address once and stores through it.
	Addr     func(p *Params, w *Weights) *float64
	Min, Max float64
	Spec     DriverSpec // zero for event probabilities and weights
	Weight   WeightSpec // zero unless the path is "weights.<key>"
}

// IsWeight reports whether the target is a weight ("weights.<key>").
func (t Target) IsWeight() bool { return t.SetWeight != nil }

// Apply writes v where the target points: into w for a weight, into p
// otherwise.
func (t Target) Apply(p *Params, w *Weights, v float64) {
	if t.SetWeight != nil {
		t.SetWeight(w, v)
		return
	}
	t.Set(p, v)
}

// WeightPathPrefix heads the path of an uncertain weight: "weights.<key>".
const WeightPathPrefix = "weights."

// noParams is the Set of a weight target.
func noParams(*Params, float64) {}

// Resolve turns an input path into a Target for scenario sc.
func (sc *Scenario) Resolve(path string) (Target, error) {
	if key, ok := strings.CutPrefix(path, WeightPathPrefix); ok {
		spec, found := LookupWeight(key)
		if !found || spec.Key != key {
			return Target{}, fmt.Errorf("%s: unknown weight %q", path, key)
		}
		return Target{Set: noParams, SetWeight: spec.Set, Addr: func(_ *Params, w *Weights) *float64 { return spec.field(w) },
			Min: spec.Min, Max: spec.Max, Weight: spec}, nil
	}
	parts := strings.Split(path, ".")
	if len(parts) == 3 && parts[0] == "events" && parts[2] == "probability" {
		for i, e := range sc.Events {
			if e.Name == parts[1] {
				i := i
				return Target{Set: func(p *Params, v float64) { p.EventProb[i] = v },
					Addr: func(p *Params, _ *Weights) *float64 { return &p.EventProb[i] }, Min: 0, Max: 1}, nil
			}
		}
		return Target{}, fmt.Errorf("%s: no event named %q", path, parts[1])
	}
	if len(parts) != 2 {
		return Target{}, fmt.Errorf("%s: a driver path is <actor>.<driver> or dyad.<driver>", path)
	}
	spec, ok := LookupDriver(parts[1])
	if !ok {
		return Target{}, fmt.Errorf("%s: unknown driver %q", path, parts[1])
	}
	if parts[0] == "dyad" {
		if spec.Actor {
			return Target{}, fmt.Errorf("%s: %q is a driver of each actor, not of the dyad", path, parts[1])
		}
		return Target{Set: func(p *Params, v float64) { *spec.dyad(&p.Dyad) = v },
			Addr: func(p *Params, _ *Weights) *float64 { return spec.dyad(&p.Dyad) }, Min: spec.Min, Max: spec.Max, Spec: spec}, nil
	}
	for i, a := range sc.Actors {
		if a.ID == parts[0] {
			if !spec.Actor {
				return Target{}, fmt.Errorf("%s: %q is a driver of the dyad (dyad.%s)", path, parts[1], parts[1])
			}
			i := i
			return Target{Set: func(p *Params, v float64) { *spec.actor(&p.Actors[i]) = v },
				Addr: func(p *Params, _ *Weights) *float64 { return spec.actor(&p.Actors[i]) }, Min: spec.Min, Max: spec.Max, Spec: spec}, nil
		}
	}
	return Target{}, fmt.Errorf("%s: no actor with id %q", path, parts[0])
}
