package model

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Weights are the model's coefficients, thresholds and noise scales: the
// part an analyst tunes in alliancesim.yaml or with --set. Scenario files
// describe the world (the drivers); weights describe how the world is read.
//
// Every field is listed in WeightSpecs with its direction, default, allowed
// range and source; the zero value is not meaningful, use DefaultWeights.
type Weights struct {
	// SharedOpposition is the value of an ally against the rival per unit
	// of opposition (threat perceived × the rival's pressure), before
	// self-reliance discounts it. Raises the likelihood.
	SharedOpposition float64
	// Security is the weaker side's extra security from a stronger
	// partner (Morrow 1991): × the threat it perceives (raised by
	// ResidualThreat) × the partner's dominance, before self-reliance
	// discounts it. Raises the likelihood, for the junior side only.
	Security float64
	// ResidualThreat is the share of a full threat the weaker side feels
	// from beyond the coded rival, 0 to 1: a stronger partner's protection
	// covers every quarter, not one rival, so a weak state values it even
	// when the pair's rival does not press it. Raises the likelihood, for
	// the junior side only.
	ResidualThreat float64
	// JuniorPartner is the weaker side's autonomy cost: × its autonomy
	// value × the partner's dominance. Lowers the likelihood.
	JuniorPartner float64
	// Influence is the stronger side's autonomy/influence gain from a
	// junior ally: × its own dominance. Raises the likelihood.
	Influence float64
	// ProtectionCost is the stronger side's cost of the security it
	// supplies: × the weaker side's threat × the rival's pressure on it
	// × (1 − its own threat × pressure) × its own dominance, the chance of
	// being called on to fight for the junior against a rival it would
	// not fight anyway (Snyder's entrapment). Lowers the likelihood, for
	// the senior side only.
	ProtectionCost float64
	// DisorderGap scales the cost of the gap in appetite for disorder:
	// entrapment fear for the stability-preferring side. Lowers the likelihood.
	DisorderGap float64
	// RestraintShare is the share of the disorder-gap cost that the
	// revisionist side bears as the cost of being restrained (0 to 1).
	RestraintShare float64
	// SelfSufficiency is the share of an ally's value (opposition and
	// security) that full military self-reliance replaces, 0 to 1: arms
	// and allies are substitutes (Morrow 1993). Lowers the likelihood.
	SelfSufficiency float64
	// Doctrine scales a non-alignment doctrine, which acts on the consent of
	// the side that holds it. Lowers the likelihood.
	Doctrine float64
	// Interdependence scales energy and arms interdependence; small, since
	// trade does not cause alliances. Raises the likelihood slightly.
	Interdependence float64
	// RegimeSimilarity scales regime similarity. Raises the likelihood.
	RegimeSimilarity float64
	// Treaty scales the existing treaty architecture (path dependence).
	// Raises the likelihood.
	Treaty float64
	// Multipolarity scales the system's multipolarity in each side's
	// consent: with several great powers an ally is harder to do without
	// and commitments are sought to avoid abandonment. Raises the likelihood.
	Multipolarity float64
	// Multilateral scales a multilateral defence treaty open to the pair in
	// each side's consent: the pledge comes as a standard offer the hub
	// extends to many, the junior's autonomy cost is shared among the
	// members and the institution binds the senior too. Raises the
	// likelihood.
	Multilateral float64
	// Unipolarity scales the single superpower's era in each side's
	// consent to a bilateral pledge (× (1 − multilateral)): against the
	// unipole a bilateral alliance invites its concentrated response, and
	// its own partners join its multilateral treaties rather than sign new
	// spokes. Lowers the likelihood.
	Unipolarity float64
	// DecisionWindow lowers each side's consent threshold in a year with a
	// scheduled treaty decision point (a renewal), when an upgrade is on
	// the table. Raises the likelihood.
	DecisionWindow float64

	// LatentCostShare is the share of the terms of commitment (the
	// asymmetry trade, the disorder gap and self-reliance) that also move
	// informal alignment, 0 to 1. Consent weighs them fully.
	LatentCostShare float64

	// Bias is the intercept of the latent alignment pressure.
	Bias float64
	// NoiseSD is the stationary standard deviation of the persistent noise in
	// the latent alignment pressure.
	NoiseSD float64
	// NoisePersistence is the AR(1) coefficient of that noise (0 to <1).
	NoisePersistence float64
	// Hysteresis is how far the latent pressure must fall below the threshold
	// of the current state before the pair steps down a rung.
	Hysteresis float64
	// ConsentThreshold is the utility each side's own calculation must clear
	// to consent to a defence alliance. Utilities are on the scale of the
	// consent shock, whose total variance is 1: a weight of 0.5 moves a
	// side's consent by half a standard deviation of its own uncertainty.
	ConsentThreshold float64
	// ConsentPersistence is the share of the consent shock's variance that
	// is drawn once per run (a leadership's standing disposition) rather
	// than anew each year, 0 to 1.
	ConsentPersistence float64
	// ConsentCorrelation is the correlation of the two capitals' consent
	// shocks (a common shock: the same world both read), 0 to <1.
	ConsentCorrelation float64
	// RungDistance raises the consent threshold for each rung the pair
	// stands below the entente: a pact from a treaty partnership is one
	// step harder, from normalization three. Rivalry never signs.
	RungDistance float64
	// ExitMargin is how far below ConsentThreshold a side's utility must
	// fall, in an alliance in force, before it walks out (hysteresis of
	// termination).
	ExitMargin float64
	// Thresholds[s-1] is the latent pressure needed to step up into state s
	// (s = 1..4, normalization to entente). They must increase with s. The
	// last step, to the defence alliance, is not a matter of pressure: on
	// the entente it is the two sides' consent alone.
	Thresholds [Entente]float64
}

// WeightSpec documents one weight: its key in config files and on the
// command line, what it does, its default, its allowed range and its source.
type WeightSpec struct {
	Key       string
	Doc       string
	Direction string // "+" raises P(alliance), "-" lowers it, "±" or "" for scales
	// Default is the weight's median in the bundled posterior
	// (scenarios/priors/posterior.yaml, `alliancesim calibrate` on the case
	// library and the China–Russia record), to three significant figures:
	// the record's reading of the weight, not a value set by hand.
	Default  float64
	Min, Max float64
	// PriorLo and PriorHi are the literature's plausible range (its
	// midpoint was the hand-set value before the calibration): the
	// calibration's prior takes it as a 90% interval, a sensitivity
	// analysis draws the weight over it (uniformly). It is narrower than
	// the allowed range Min..Max, which only rejects nonsense.
	PriorLo, PriorHi float64
	// Source is where the prior range comes from.
	Source string
	field  func(*Weights) *float64
}

// IsThreshold reports whether the weight is one of the ladder's thresholds,
// which must increase with the state in every run: they can be uncertain
// only over ranges that do not overlap, as their prior ranges are built.
func (s WeightSpec) IsThreshold() bool { return strings.HasPrefix(s.Key, "threshold_") }

// Get returns the spec's value in w.
func (s WeightSpec) Get(w *Weights) float64 { return *s.field(w) }

// Set sets the spec's value in w without checking the range; use Validate.
func (s WeightSpec) Set(w *Weights, v float64) { *s.field(w) = v }

// WeightSpecs lists every weight in a stable order. It is the single source
// for config keys, validation, the manifest and docs/model.md.
var WeightSpecs = []WeightSpec{
	{Key: "shared_opposition", Direction: "+", Default: 1, Min: 0, Max: 10, PriorLo: 0.6, PriorHi: 1.8,
		Doc:    "value of an ally against the rival per unit of opposition (threat perceived × rival's pressure), before self-reliance discounts it",
		Source: "Walt 1987 balance of threat; ATOP 5.1 × COW dyad-years logit: common strategic rival OR 1.32 (95% CI 1.05–1.65); Weitsman 2004: OR 3–5 at the top of the threat curve",
		field:  func(w *Weights) *float64 { return &w.SharedOpposition }},
	{Key: "security", Direction: "+", Default: 2.41, Min: 0, Max: 10, PriorLo: 1.8, PriorHi: 3.0,
		Doc:    "the weaker side's extra security from a stronger partner: × threat perceived (raised by residual_threat) × partner's dominance, before self-reliance discounts it",
		Source: "Morrow 1991 autonomy–security trade-off: the junior gains security; ATOP 5.1 × COW logit: net asymmetry OR 0.92 per e-fold of the capability ratio",
		field:  func(w *Weights) *float64 { return &w.Security }},
	{Key: "residual_threat", Direction: "+", Default: 0.478, Min: 0, Max: 1, PriorLo: 0.2, PriorHi: 0.6,
		Doc:    "share of a full threat the weaker side feels from beyond the coded rival: its security term uses threat + residual × (1 − threat)",
		Source: "Morrow 1991 (a stronger partner's protection covers every quarter, not one rival); the held-out ANZUS and Tashkent cases (docs/model.md §7.7); prior 0.2–0.6, of the order of the coding protocol’s 0.5 for a rivalry with MIDs (modelling choice), value set on the case library (§7.6)",
		field:  func(w *Weights) *float64 { return &w.ResidualThreat }},
	{Key: "junior_partner", Direction: "-", Default: 1.14, Min: 0, Max: 10, PriorLo: 0.7, PriorHi: 1.5,
		Doc:    "the weaker side's autonomy cost: autonomy value × partner's dominance",
		Source: "Morrow 1991; Saradzhyan 2020 ('disparities'); Gabuev on autonomy; COW NMC v6: CINC ratio China/Russia 6.1–7.0 (2016–2022); prior OR 0.4–0.9 at that asymmetry",
		field:  func(w *Weights) *float64 { return &w.JuniorPartner }},
	{Key: "influence", Direction: "+", Default: 0.226, Min: 0, Max: 10, PriorLo: 0, PriorHi: 0.4,
		Doc:    "the stronger side's autonomy/influence gain from a junior ally: × own dominance",
		Source: "Morrow 1991: the senior trades security for autonomy (influence, bases, policy concessions); smaller than the junior's cost (modelling choice); value set on the case library (docs/model.md §7.6)",
		field:  func(w *Weights) *float64 { return &w.Influence }},
	{Key: "protection_cost", Direction: "-", Default: 1.82, Min: 0, Max: 10, PriorLo: 0.75, PriorHi: 2.25,
		Doc:    "the stronger side's cost of protecting the weaker: × the weaker side's threat × the rival's pressure on it × (1 − its own) × own dominance",
		Source: "Morrow 1991 (the security the junior gains is supplied by the senior); Snyder 1997 (entrapment); Territorial Disputes and Alliance Formation: The Entrapment Risk, World Economics and Politics 2024(2), 1816–2001: a state in a territorial dispute finds allies less often before 1945; discounted by the senior's own threat and pressure (entrapment is the risk of fighting for interests not shared); prior 0.75–2.25 around the value set on the case library and §7.5 (docs/model.md §4.4)",
		field:  func(w *Weights) *float64 { return &w.ProtectionCost }},
	{Key: "disorder_gap", Direction: "-", Default: 0.907, Min: 0, Max: 10, PriorLo: 0.5, PriorHi: 1.5,
		Doc:    "weight of the gap in appetite for disorder (entrapment fear of the stability-preferring side)",
		Source: "Snyder 1984 alliance security dilemma; Schweller 1994; Trenin (the article); prior OR 0.3–0.9",
		field:  func(w *Weights) *float64 { return &w.DisorderGap }},
	{Key: "restraint_share", Direction: "-", Default: 0.482, Min: 0, Max: 1, PriorLo: 0.25, PriorHi: 0.75,
		Doc:    "share of the disorder-gap cost borne by the revisionist side (the cost of being restrained)",
		Source: "Snyder 1984 (restraint as the price of alliance); modelling choice",
		field:  func(w *Weights) *float64 { return &w.RestraintShare }},
	{Key: "self_sufficiency", Direction: "-", Default: 0.707, Min: 0, Max: 1, PriorLo: 0.5, PriorHi: 0.9,
		Doc:    "share of an ally's value (opposition and security) that full military self-reliance replaces",
		Source: "Morrow 1993 arms versus allies (substitutes); Saradzhyan 2020 'no undeterrable threats'; SIPRI: China's arms imports −64% (2020–24); prior OR 0.5–0.9",
		field:  func(w *Weights) *float64 { return &w.SelfSufficiency }},
	{Key: "doctrine", Direction: "-", Default: 1.93, Min: 0, Max: 10, PriorLo: 1.2, PriorHi: 2.4,
		Doc:    "weight of a non-alignment doctrine on the consent of the side that holds it",
		Source: "joint statements 2023 ('not a military-political alliance') and 2024 ('non-alignment'); Xi 2025; prior consent OR 0.1–0.5",
		field:  func(w *Weights) *float64 { return &w.Doctrine }},
	{Key: "interdependence", Direction: "+", Default: 0.0558, Min: 0, Max: 5, PriorLo: 0, PriorHi: 0.1,
		Doc:    "weight of energy and arms interdependence (small: trade does not cause alliances)",
		Source: "Lai & Reiter 2000 (no trade effect); Long & Leeds 2006; prior OR 0.9–1.3",
		field:  func(w *Weights) *float64 { return &w.Interdependence }},
	{Key: "regime_similarity", Direction: "+", Default: 0.209, Min: 0, Max: 5, PriorLo: 0.05, PriorHi: 0.35,
		Doc:    "weight of regime similarity",
		Source: "Lai & Reiter 2000; Gartzke & Weisiger 2013; shrunk per Gibler & Wolford 2006; OR 1.1–2.0",
		field:  func(w *Weights) *float64 { return &w.RegimeSimilarity }},
	{Key: "treaty", Direction: "+", Default: 0.0827, Min: 0, Max: 5, PriorLo: 0, PriorHi: 0.2,
		Doc:    "weight of the existing treaty architecture (path dependence)",
		Source: "2001 Treaty Art. 9 consultation pledge (ATOP consult); Korolev 2018 'only minor steps'; OR 1.0–1.5",
		field:  func(w *Weights) *float64 { return &w.Treaty }},
	{Key: "multipolarity", Direction: "+", Default: 0.4, Min: 0, Max: 5, PriorLo: 0.3, PriorHi: 0.5,
		Doc:    "weight of the system's multipolarity in each side's consent",
		Source: "Snyder 1984, 1997 (the alliance security dilemma is sharper in multipolar systems); Christensen & Snyder 1990; ATOP 5.1 × COW logit: post-1945 OR 0.44 (95% CI 0.39–0.49), post-1991 OR 1.16",
		field:  func(w *Weights) *float64 { return &w.Multipolarity }},
	{Key: "multilateral", Direction: "+", Default: 1.59, Min: 0, Max: 10, PriorLo: 0.85, PriorHi: 2.6,
		Doc:    "weight of a multilateral defence treaty open to the pair (docs/coding.md §7.1) in each side's consent",
		Source: "Fordham & Poast 2016 (most alliance ties come from multilateral treaties); ATOP 5.1: multilateral onsets 59.3 per 10,000 politically relevant dyad-years after 1991 against 1.1 bilateral (model.md §8); NATO's ten invitees of 1997 and 2002 acceded within two years, the Collective Security Treaty of May 1992 had nine parties by the end of 1993; prior OR 5–100",
		field:  func(w *Weights) *float64 { return &w.Multilateral }},
	{Key: "unipolarity", Direction: "-", Default: 0.67, Min: 0, Max: 10, PriorLo: 0.4, PriorHi: 0.95,
		Doc:    "weight of the unipolar era (from 1992) against a bilateral pledge, in each side's consent",
		Source: "ATOP 5.1: bilateral defence onsets 12.2 per 10,000 politically relevant dyad-years in 1946–1991, 1.1 in 1992–2016 (model.md §8); Wohlforth 1999; Pape 2005 and Paul 2005 (soft, not hard, balancing against the unipole); prior OR 0.08–0.4",
		field:  func(w *Weights) *float64 { return &w.Unipolarity }},
	{Key: "decision_window", Direction: "+", Default: 0.152, Min: 0, Max: 5, PriorLo: 0, PriorHi: 0.3,
		Doc:    "drop in each side's consent threshold in a year with a scheduled treaty decision point (an upgrade on the table)",
		Source: "2001 Treaty: 20 years plus automatic 5-year extensions; extended automatically to Feb 2032 (Kremlin, 4 Feb 2026), next decision 2031; prior P(upgrade to a defence clause | renewal) 0.5–5%",
		field:  func(w *Weights) *float64 { return &w.DecisionWindow }},
	{Key: "latent_cost_share", Direction: "-", Default: 0.283, Min: 0, Max: 1, PriorLo: 0.1, PriorHi: 0.5,
		Doc:    "share of the terms of commitment (asymmetry trade, disorder gap, self-reliance) that also move informal alignment (consent weighs them fully)",
		Source: "calibration: the pair moved from normalization (1989) to entente (about 2014) while the China/Russia CINC ratio rose from 1.2 to 6 (COW NMC v6)",
		field:  func(w *Weights) *float64 { return &w.LatentCostShare }},
	{Key: "bias", Direction: "+", Default: -0.0177, Min: -10, Max: 10, PriorLo: -0.3, PriorHi: 0.3,
		Doc:    "intercept of the latent alignment pressure",
		Source: "calibration to hindcast-1992, sino-soviet-1950 and baseline targets (docs/model.md, Calibration)",
		field:  func(w *Weights) *float64 { return &w.Bias }},
	{Key: "noise_sd", Default: 0.116, Min: 0, Max: 5, PriorLo: 0.06, PriorHi: 0.18,
		Doc:    "stationary standard deviation of the persistent noise in the latent pressure",
		Source: "calibration: dwell times of 5–13 years per rung since 1989 (treaty dates; Korolev 2022)",
		field:  func(w *Weights) *float64 { return &w.NoiseSD }},
	{Key: "noise_persistence", Default: 0.698, Min: 0, Max: 0.99, PriorLo: 0.6, PriorHi: 0.8,
		Doc:    "AR(1) coefficient of the latent noise",
		Source: "prior ρ 0.5–0.8 for yearly alignment shocks (domain research §5b)",
		field:  func(w *Weights) *float64 { return &w.NoisePersistence }},
	{Key: "hysteresis", Default: 0.509, Min: 0, Max: 5, PriorLo: 0.4, PriorHi: 0.6,
		Doc:    "how far below the current rung's threshold the pressure must fall before stepping down",
		Source: "no downgrade of the relationship since 1989 (treaty dates; Korolev 2022)",
		field:  func(w *Weights) *float64 { return &w.Hysteresis }},
	{Key: "consent_threshold", Direction: "-", Default: 0.376, Min: -10, Max: 10, PriorLo: 0.15, PriorHi: 0.75,
		Doc:    "utility each side must clear to consent to a defence alliance, in standard deviations of its consent shock",
		Source: "calibration to base rates: major–major defence-pact onsets 3/615 dyad-years (0.49%/yr) after 1945, ATOP 5.1 × COW",
		field:  func(w *Weights) *float64 { return &w.ConsentThreshold }},
	{Key: "consent_persistence", Default: 0.511, Min: 0, Max: 1, PriorLo: 0.3, PriorHi: 0.7,
		Doc:    "share of the consent shock's variance drawn once per run (a standing disposition) rather than each year",
		Source: "Bennett 1997 and Leeds & Savun 2007: the calculus changes with observable shifts (power, regime, leadership), not by yearly chance; modelling choice",
		field:  func(w *Weights) *float64 { return &w.ConsentPersistence }},
	{Key: "consent_correlation", Default: 0.272, Min: 0, Max: 0.95, PriorLo: 0.1, PriorHi: 0.4,
		Doc:    "correlation of the two capitals' consent shocks (a common reading of the same world)",
		Source: "modelling choice: the two read the same international events; independent shocks made 'both refuse' a mere product of two rates",
		field:  func(w *Weights) *float64 { return &w.ConsentCorrelation }},
	{Key: "rung_distance", Default: 0.0715, Min: 0, Max: 10, PriorLo: 0, PriorHi: 0.2,
		Doc:    "rise in each side's consent threshold for each rung the pair stands below the entente",
		Source: "Korolev 2022 ordinal alignment model and Weitsman 2004 (hedging, tethering, balancing): each rung adds trust and institutions; set low on the case library as a whole (pacts there often come from a strategic or treaty partnership: Franco-Russian 1891-94, Anglo-Japanese 1902)",
		field:  func(w *Weights) *float64 { return &w.RungDistance }},
	{Key: "exit_margin", Default: 0.102, Min: 0, Max: 10, PriorLo: 0, PriorHi: 0.2,
		Doc:    "how far below the consent threshold a side's utility must fall before it leaves an alliance in force",
		Source: "Leeds & Savun 2007 (abrogation when the alliance's value changes); Bennett 1997 (duration); Morrow 1991 (capability change breaks alliances)",
		field:  func(w *Weights) *float64 { return &w.ExitMargin }},
	{Key: "threshold_normalization", Direction: "-", Default: -0.291, Min: -20, Max: 20, PriorLo: -0.45, PriorHi: -0.15,
		Doc:    "latent pressure needed to step up from rivalry to normalization",
		Source: thresholdSource,
		field:  func(w *Weights) *float64 { return &w.Thresholds[0] }},
	{Key: "threshold_strategic_partnership", Direction: "-", Default: 0.182, Min: -20, Max: 20, PriorLo: 0.1, PriorHi: 0.26,
		Doc:    "latent pressure needed to step up to a strategic partnership",
		Source: thresholdSource,
		field:  func(w *Weights) *float64 { return &w.Thresholds[1] }},
	{Key: "threshold_treaty_partnership", Direction: "-", Default: 0.329, Min: -20, Max: 20, PriorLo: 0.27, PriorHi: 0.39,
		Doc:    "latent pressure needed to step up to a treaty partnership",
		Source: thresholdSource,
		field:  func(w *Weights) *float64 { return &w.Thresholds[2] }},
	{Key: "threshold_entente", Direction: "-", Default: 0.472, Min: -20, Max: 20, PriorLo: 0.41, PriorHi: 0.53,
		Doc:    "latent pressure needed to step up to an entente",
		Source: thresholdSource,
		field:  func(w *Weights) *float64 { return &w.Thresholds[3] }},
}

// thresholdSource is the source of the four rung thresholds' priors: the
// dates the pair climbed each rung.
const thresholdSource = "calibration: observed path 1989→1996→2001→2014 (treaty dates; Trenin 2015; Korolev 2022)"

// DefaultWeights returns the defaults of WeightSpecs: the bundled
// posterior's medians.
func DefaultWeights() Weights {
	var w Weights
	for _, s := range WeightSpecs {
		s.Set(&w, s.Default)
	}
	return w
}

// ScenarioWeights are the weights sc runs with when nothing but its own
// file sets any: the built-in defaults, overridden by the file's fixed
// weights (a weight it makes uncertain is an input, drawn by the engine),
// checked with Validate. A config file, the environment and flags resolve
// on top of these in the command.
func ScenarioWeights(sc *Scenario) (*Weights, error) {
	w := DefaultWeights()
	for k, v := range sc.Weights {
		s, ok := LookupWeight(k)
		if !ok {
			return nil, fmt.Errorf("%s: unknown weight %q", sc.Name, k)
		}
		s.Set(&w, v)
	}
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", sc.Name, err)
	}
	return &w, nil
}

// LookupWeight finds a weight's spec by key (case-insensitive).
func LookupWeight(key string) (WeightSpec, bool) {
	k := strings.ToLower(strings.TrimSpace(key))
	for _, s := range WeightSpecs {
		if s.Key == k {
			return s, true
		}
	}
	return WeightSpec{}, false
}

// WeightKeys lists every weight key in spec order.
func WeightKeys() []string {
	keys := make([]string, len(WeightSpecs))
	for i, s := range WeightSpecs {
		keys[i] = s.Key
	}
	return keys
}

// Map returns the weights as key → value.
func (w *Weights) Map() map[string]float64 {
	m := make(map[string]float64, len(WeightSpecs))
	for _, s := range WeightSpecs {
		m[s.Key] = s.Get(w)
	}
	return m
}

// Validate checks every weight against its range and the thresholds'
// order, and reports all problems at once.
func (w *Weights) Validate() error {
	var errs []string
	for _, s := range WeightSpecs {
		v := s.Get(w)
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			errs = append(errs, fmt.Sprintf("weights.%s: %v is not a finite number", s.Key, v))
		case v < s.Min || v > s.Max:
			errs = append(errs, fmt.Sprintf("weights.%s: %g is outside the allowed range [%g, %g]", s.Key, v, s.Min, s.Max))
		}
	}
	for i := 1; i < len(w.Thresholds); i++ {
		if !(w.Thresholds[i] > w.Thresholds[i-1]) {
			errs = append(errs, fmt.Sprintf("weights.%s (%g) must be greater than weights.%s (%g): the ladder's thresholds increase",
				WeightSpecs[thresholdSpec(i)].Key, w.Thresholds[i], WeightSpecs[thresholdSpec(i-1)].Key, w.Thresholds[i-1]))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	sort.Strings(errs)
	return fmt.Errorf("invalid weights:\n  %s", strings.Join(errs, "\n  "))
}

func thresholdSpec(i int) int {
	for j, s := range WeightSpecs {
		if s.Key == "threshold_"+stateKeys[i+1] {
			return j
		}
	}
	return 0
}
