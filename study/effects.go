package study

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Edit changes one input of a scenario for an effect-size setting. The
// edited input stays a draw (Fixed is cleared) and its distribution still
// consumes its own random numbers, so every other input keeps its draws:
// the settings of a row share common random numbers.
type Edit struct {
	// Path is the input's path, as in a scenario file.
	Path string
	// Shift, when true, adds Value to every draw; otherwise every draw is
	// pinned to Value.
	Shift bool
	Value float64
}

// Pin is an Edit that pins path's input to v.
func Pin(path string, v float64) Edit { return Edit{Path: path, Value: v} }

// ShiftBy is an Edit that adds d to every draw of path's input.
func ShiftBy(path string, d float64) Edit { return Edit{Path: path, Shift: true, Value: d} }

func (e Edit) String() string {
	if e.Shift {
		return fmt.Sprintf("%s%+g", e.Path, e.Value)
	}
	return fmt.Sprintf("%s=%g", e.Path, e.Value)
}

// EffectSize is one factor of docs/model.md §7.5: a factor switched from
// "off" to "on" on the baseline with common random numbers, the weights
// whose effect it is, and the annual-hazard odds ratio range the
// literature gives for it. It is the single definition that the
// effect-size check (scenarios/effectsize_test.go) and the calibration's
// effect priors (package calibrate) both read, so that the literature's
// ranges are stated once.
type EffectSize struct {
	// Factor says what is switched; Weight lists the weights whose effect
	// it is, comma-separated ("junior_partner, security, influence").
	Factor, Weight string
	// On and Off are the two settings in words; EdOn and EdOff the edits
	// of the baseline's inputs that make them (none: the baseline as it
	// is).
	On, Off     string
	EdOn, EdOff []Edit
	// Lo and Hi are the cited range of the odds ratio, Source where it
	// comes from.
	Lo, Hi float64
	Source string
	// Why is one sentence when the model's odds ratio lies outside the
	// cited range by design (the range then measures something else and is
	// no constraint on the model).
	Why string
	// NotPrior is one sentence when the cited range measures something
	// other than the model's odds ratio, inside the range or not: the
	// calibration then does not use the row as an effect prior.
	NotPrior string
}

// Weights returns the keys of the weights the row is about.
func (e *EffectSize) Weights() []string {
	var ks []string
	for _, k := range strings.Split(e.Weight, ",") {
		if k = strings.TrimSpace(k); k != "" {
			ks = append(ks, k)
		}
	}
	return ks
}

// Constraint reports whether the cited range constrains the model's odds
// ratio: not when the row says why the model's lies outside it, or why
// the range measures something else.
func (e *EffectSize) Constraint() bool { return e.Exclusion() == "" }

// Exclusion is why the row is no constraint on the model ("" when it is
// one): its Why, else its NotPrior.
func (e *EffectSize) Exclusion() string {
	if e.Why != "" {
		return e.Why
	}
	return e.NotPrior
}

// LogNormal returns the centre and scale of the row's cited range read as
// a central 90% interval of log OR: mu = (log lo + log hi)/2 and
// s = (log hi − log lo)/3.29 (3.29 = 2 × 1.645).
func (e *EffectSize) LogNormal() (mu, s float64) {
	lo, hi := math.Log(e.Lo), math.Log(e.Hi)
	return (lo + hi) / 2, (hi - lo) / (2 * 1.6448536269514722)
}

// EffectSizes are the rows of docs/model.md §7.5: each weight with a cited
// effect size, the setting that switches its factor on the baseline
// (2027–2036), and the cited range of the odds ratio.
var EffectSizes = []EffectSize{
	{Factor: "a common rival", Weight: "shared_opposition",
		On: "threat 0.5 and pressure 0.5 for both (a rivalry with MIDs, the coding protocol's anchor)", Off: "threat 0 for both (no rival)",
		EdOn:  []Edit{Pin("russia.threat", 0.5), Pin("china.threat", 0.5), Pin("russia.pressure", 0.5), Pin("china.pressure", 0.5)},
		EdOff: []Edit{Pin("russia.threat", 0), Pin("china.threat", 0), Pin("russia.pressure", 0.5), Pin("china.pressure", 0.5)},
		Lo:    1.05, Hi: 1.7, Source: "ATOP 5.1 × COW logit: common strategic rival OR 1.32 (95% CI 1.05–1.65)",
		NotPrior: "the pooled logit compares dyad-years whatever their relationship, while in the model a common rival also builds and holds the entente from which alone a pact can form, so the range measures a direct effect on consent and is no constraint on the model's total effect."},
	{Factor: "an extreme joint threat", Weight: "shared_opposition",
		On: "threat 0.9 and pressure 0.9 for both (war-level)", Off: "threat 0.5 and pressure 0.5 for both",
		EdOn:  []Edit{Pin("russia.threat", 0.9), Pin("china.threat", 0.9), Pin("russia.pressure", 0.9), Pin("china.pressure", 0.9)},
		EdOff: []Edit{Pin("russia.threat", 0.5), Pin("china.threat", 0.5), Pin("russia.pressure", 0.5), Pin("china.pressure", 0.5)},
		Lo:    1.5, Hi: 5, Source: "Weitsman 2004: the top of the threat curve; domain research §5a: OR up to 3–5 for an extreme shock"},
	{Factor: "the capability asymmetry (Russia junior)", Weight: "junior_partner, security, residual_threat, influence, protection_cost",
		On: "the baseline's CINCs (China/Russia 6.2)", Off: "parity (China's CINC set to Russia's)",
		EdOff: []Edit{Pin("china.capability", 0.038)},
		Lo:    0.4, Hi: 0.9, Source: "Morrow 1991; ATOP 5.1 × COW logit OR 0.92 per e-fold (≈0.85 at this ratio); domain research §5a: 0.4–0.9 with the autonomy cost"},
	{Factor: "the disorder gap", Weight: "disorder_gap",
		On: "the baseline's appetites (Russia 0.8, China 0.25)", Off: "both at 0.5 (no gap)",
		EdOff: []Edit{Pin("russia.disorder_appetite", 0.5), Pin("china.disorder_appetite", 0.5)},
		Lo:    0.3, Hi: 0.9, Source: "Snyder 1984; Schweller 1994; domain research §5a"},
	{Factor: "China's non-alignment doctrine", Weight: "doctrine",
		On: "the baseline's doctrines", Off: "no doctrine on either side",
		EdOff: []Edit{Pin("china.doctrine", 0), Pin("russia.doctrine", 0)},
		Lo:    0.1, Hi: 0.5, Source: "joint statements 2023 and 2024; Xi 2025; domain research §5a: consent OR 0.1–0.5"},
	{Factor: "nuclear self-reliance", Weight: "self_sufficiency",
		On: "the baseline's self-sufficiency", Off: "both sides 0.4 lower (the protocol's nuclear component removed)",
		EdOff: []Edit{ShiftBy("china.self_sufficiency", -0.4), ShiftBy("russia.self_sufficiency", -0.4)},
		Lo:    0.5, Hi: 0.9, Source: "Morrow 1993; Saradzhyan 2020; domain research §5a"},
	{Factor: "energy and arms interdependence", Weight: "interdependence",
		On: "the baseline's interdependence (0.55)", Off: "none",
		EdOff: []Edit{Pin("dyad.interdependence", 0)},
		Lo:    0.9, Hi: 1.3, Source: "Lai & Reiter 2000 (no trade effect); domain research §5a"},
	{Factor: "regime similarity", Weight: "regime_similarity",
		On: "the baseline's similarity (0.85)", Off: "0 (the most dissimilar regimes)",
		EdOff: []Edit{Pin("dyad.regime_similarity", 0)},
		Lo:    1.1, Hi: 2.0, Source: "Lai & Reiter 2000; Gartzke & Weisiger 2013; Gibler & Wolford 2006"},
	{Factor: "a multipolar system", Weight: "multipolarity",
		On: "multipolarity 1 (before 1945)", Off: "0 (the Cold War)",
		EdOn:  []Edit{Pin("dyad.multipolarity", 1)},
		EdOff: []Edit{Pin("dyad.multipolarity", 0)},
		Lo:    2.0, Hi: 2.6, Source: "ATOP 5.1 × COW logit: post-1945 OR 0.44 (95% CI 0.39–0.49), so 2.27 (2.0–2.6) for before against after 1945"},
	{Factor: "a multilateral treaty open to the pair", Weight: "multilateral",
		On: "multilateral 1 (invited, or negotiating a new treaty)", Off: "0 (the baseline's)",
		EdOn: []Edit{Pin("dyad.multilateral", 1)},
		Lo:   5, Hi: 100, Source: "NATO's ten invitees of 1997 and 2002 acceded within two years; the Collective Security Treaty, signed at Tashkent on 15 May 1992 by six CIS states, had nine parties by the end of 1993: annual hazards of 30–50% against 0.2–2% for pairs at risk without one (domain research §5a row 0)"},
	{Factor: "the unipolar era (a bilateral pledge)", Weight: "unipolarity",
		On: "unipolarity 1 (from 1992; the baseline's own)", Off: "0 (up to 1991; every other row's)",
		EdOn: []Edit{Pin("dyad.unipolarity", 1)},
		Lo:   0.08, Hi: 0.4, Source: "ATOP 5.1 bilateral defence onsets per 10,000 politically relevant dyad-years: 12.2 in 1946–1991, 1.1 in 1992–2016 (4 onsets; ratio 0.09, 95% CI about 0.03–0.23); part of the fall runs through the drivers (fewer rivalries), so the range reaches 0.4 (docs/model.md §8)"},
	{Factor: "the treaty architecture", Weight: "treaty",
		On: "the 2001 treaty in force (1)", Off: "no treaty (0)",
		EdOff: []Edit{Pin("dyad.treaty", 0)},
		Lo:    1.0, Hi: 1.5, Source: "Korolev 2018; ATOP consultation pledge; domain research §5a"},
}

// EditsKey names a setting (a set of edits) independently of the edits'
// order; the baseline as it is is "".
func EditsKey(eds []Edit) string {
	ks := make([]string, len(eds))
	for i, e := range eds {
		ks[i] = e.String()
	}
	slices.Sort(ks)
	return strings.Join(ks, " ")
}

// Settings returns the distinct settings the rows need, each once, and
// for every row the indices of its on and off settings in them.
func Settings(rows []EffectSize) (settings [][]Edit, on, off []int) {
	idx := map[string]int{}
	add := func(eds []Edit) int {
		k := EditsKey(eds)
		if i, ok := idx[k]; ok {
			return i
		}
		idx[k] = len(settings)
		settings = append(settings, eds)
		return len(settings) - 1
	}
	for _, r := range rows {
		on = append(on, add(r.EdOn))
		off = append(off, add(r.EdOff))
	}
	return settings, on, off
}

// Pinned returns d pinned to v: every draw is v, but d's random numbers
// are still consumed, so that every other input keeps its draws (common
// random numbers between a setting and the baseline). ApplyEdits pins
// with it, and tests that pin an input do too.
func Pinned(d model.Distribution, v float64) model.Distribution { return pinned{d, v} }

// Shifted returns d moved by by: the same random numbers, a different
// value, so that paired runs isolate the change.
func Shifted(d model.Distribution, by float64) model.Distribution { return shifted{d, by} }

// pinned is Pinned's distribution.
type pinned struct {
	model.Distribution
	v float64
}

func (p pinned) Rand(src rand.Source) float64 { p.Distribution.Rand(src); return p.v }
func (p pinned) Quantile(float64) float64     { return p.v }

// shifted is Shifted's distribution.
type shifted struct {
	model.Distribution
	by float64
}

func (s shifted) Rand(src rand.Source) float64 { return s.Distribution.Rand(src) + s.by }
func (s shifted) Quantile(p float64) float64   { return s.Distribution.Quantile(p) + s.by }

// ApplyEdits returns a copy of sc with eds applied (sc is not changed).
func ApplyEdits(sc *model.Scenario, eds []Edit) (*model.Scenario, error) {
	c := *sc
	c.Inputs = append([]model.Input(nil), sc.Inputs...)
	for _, e := range eds {
		edit := func(d model.Distribution) model.Distribution { return Pinned(d, e.Value) }
		if e.Shift {
			edit = func(d model.Distribution) model.Distribution { return Shifted(d, e.Value) }
		}
		if !editInput(&c, e.Path, edit) {
			return nil, fmt.Errorf("effect size: scenario %s has no input %s", sc.Name, e.Path)
		}
	}
	return &c, nil
}

// WithInput returns a copy of sc (sc is not changed) whose input at path
// draws from f of its distribution, as an uncertain input, and false when
// sc has no input at path: the change ApplyEdits makes for each edit, for
// a test that moves one input in its own way.
func WithInput(sc *model.Scenario, path string, f func(model.Distribution) model.Distribution) (*model.Scenario, bool) {
	c := *sc
	c.Inputs = append([]model.Input(nil), sc.Inputs...)
	if !editInput(&c, path, f) {
		return nil, false
	}
	return &c, true
}

// editInput replaces, in sc itself, the distribution of the first input
// at path by f of it and makes the input uncertain; false when there is
// none.
func editInput(sc *model.Scenario, path string, f func(model.Distribution) model.Distribution) bool {
	for i := range sc.Inputs {
		if sc.Inputs[i].Path == path {
			sc.Inputs[i].Dist = f(sc.Inputs[i].Dist)
			sc.Inputs[i].Fixed = false
			return true
		}
	}
	return false
}

// Hazard is the first-onset annual hazard of a result: onsets over the
// run-years at risk (no alliance formed before the year), with the number
// of onsets for its error.
func Hazard(r *sim.Result) (h float64, onsets int64) {
	var atRisk, cum int64
	for t := range r.Onset {
		atRisk += r.Draws - cum
		cum += r.Onset[t]
	}
	if atRisk == 0 {
		return 0, 0
	}
	return float64(cum) / float64(atRisk), cum
}

func odds(h float64) float64 { return h / (1 - h) }

// ImpliedOR is a row's odds ratio as the model implies it.
type ImpliedOR struct {
	// HOn and HOff are the annual hazards with the factor on and off,
	// OnsetsOn and OnsetsOff the onsets behind them.
	HOn, HOff           float64
	OnsetsOn, OnsetsOff int64
	// OR is odds(HOn)/odds(HOff); SELog the standard error of its log,
	// unpaired (√(1/k_on + 1/k_off)), so conservative under common random
	// numbers.
	OR, SELog float64
}

// EffectBase is the scenario the effect sizes are measured on: sc, started
// on its asserted rung. A scenario that starts from the nowcast
// (model.Scenario.FromNowcast, the bundled 2027 ones) is started on the
// rung it holds for that, the record's last coded one (the entente, which
// the record's state for the end of 2026 gives 98.8%). An odds ratio is a
// property of the model's mechanisms under the scenario's conditions, and
// measured from one rung it does not hang on a filtered state, which is
// filtered under the default weights: the calibration's effect priors
// compare every weight vector's odds ratios, and from a state of the
// defaults' they would not be on the same footing.
//
// It also sets the unipolar era's bar off (dyad.unipolarity 0): the cited
// odds ratios come from records mostly before 1992, when the bar did not
// apply, and with it on every hazard is lower and the model's odds ratios
// larger in size than the same mechanisms imply at the records' rates.
// The bar's own row switches it on.
func EffectBase(sc *model.Scenario) *model.Scenario {
	b := sc.OnInitialState()
	if c, err := ApplyEdits(b, []Edit{Pin("dyad.unipolarity", 0)}); err == nil {
		return c
	}
	return b // a scenario built without the driver has no bar to switch off
}

// ImpliedORs simulates baseline sc (EffectBase) under weights w (the
// scenario's own weights win, as in a run) in every distinct setting of
// EffectSizes, each once, with draws runs and seed (so every setting has
// the same random numbers), and returns each row's implied annual-hazard
// odds ratio, in the order of EffectSizes.
func ImpliedORs(ctx context.Context, sc *model.Scenario, w *model.Weights, draws int, seed uint64) ([]ImpliedOR, error) {
	sc = EffectBase(sc)
	ww := *w
	for k, v := range sc.Weights {
		s, ok := model.LookupWeight(k)
		if !ok {
			return nil, fmt.Errorf("effect size: scenario %s: unknown weight %q", sc.Name, k)
		}
		s.Set(&ww, v)
	}
	settings, on, off := Settings(EffectSizes)
	res := make([]*sim.Result, len(settings))
	for i, eds := range settings {
		c, err := ApplyEdits(sc, eds)
		if err != nil {
			return nil, err
		}
		if res[i], err = sim.Run(ctx, c, &ww, sim.Plan{Draws: int64(draws), Seed: seed}); err != nil {
			return nil, err
		}
	}
	out := make([]ImpliedOR, len(EffectSizes))
	for i := range EffectSizes {
		hOn, kOn := Hazard(res[on[i]])
		hOff, kOff := Hazard(res[off[i]])
		out[i] = ImpliedOR{HOn: hOn, HOff: hOff, OnsetsOn: kOn, OnsetsOff: kOff, OR: odds(hOn) / odds(hOff),
			SELog: math.Sqrt(1/float64(max(kOn, 1)) + 1/float64(max(kOff, 1)))}
	}
	return out, nil
}
