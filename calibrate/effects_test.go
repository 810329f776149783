package calibrate

import (
	"context"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/study"
)

// TestEffectPriorsAtDefaults: the prepared baseline settings at the
// default weights give every row's OR close to what study.ImpliedORs
// (sim.Run, 40,000 draws) gives, and a paired standard error of log OR
// well below the row's prior scale s, so that the effect priors see the
// model's odds ratios and not the Monte Carlo noise.
func TestEffectPriorsAtDefaults(t *testing.T) {
	t.Parallel()
	cases, path := library(t)
	draws := DefaultDraws
	if v, err := strconv.Atoi(os.Getenv("ALLIANCESIM_EFFECT_DRAWS")); err == nil {
		draws = v
	}
	r, err := newRun(Options{Cases: cases[:1], Path: path, EffectPriors: true, EffectDraws: draws, Seed: 5, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.prepareEffects(context.Background()); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	p := &point{w: model.DefaultWeights()}
	r.evalEffects(newSimulator(), p)
	t.Logf("%d settings × %d draws in %v", len(r.eff.settings), draws, time.Since(t0))
	base, err := scenarios.Open("baseline")
	if err != nil {
		t.Fatal(err)
	}
	w := model.DefaultWeights()
	ref, err := study.ImpliedORs(context.Background(), base.Scenario, &w, 40_000, 20261127)
	if err != nil {
		t.Fatal(err)
	}
	for k, tm := range r.eff.terms {
		row := study.EffectSizes[tm.row]
		or, se := math.Exp(p.logOR[k]), p.seLogOR[k]
		unpaired := math.Sqrt(1/float64(p.eff[2*k].onsets) + 1/float64(p.eff[2*k+1].onsets))
		t.Logf("%-42s OR %.3f (ImpliedORs %.3f); %d draws; SE log OR paired %.3f, unpaired %.3f; s %.3f (SE/s %.2f)", row.Factor, or, ref[tm.row].OR, tm.n, se, unpaired, tm.s, se/tm.s)
		// The pilot sets the draws for a ratio of EffectSETarget; allow
		// for the pilot's own noise.
		if se > 1.25*EffectSETarget*tm.s {
			t.Errorf("%s: the Monte Carlo SE of log OR %.3f is not well below the prior scale %.3f", row.Factor, se, tm.s)
		}
		if d := math.Abs(p.logOR[k] - math.Log(ref[tm.row].OR)); d > 4*math.Hypot(unpaired, ref[tm.row].SELog) {
			t.Errorf("%s: prepared OR %.3f, sim.Run's %.3f", row.Factor, or, ref[tm.row].OR)
		}
	}
}

// TestEffectPriorsSeeAsymmetry: the record's reading of the weights and
// the literature's effect sizes agree on the capability asymmetry. Before
// the senior's protection cost entered the model, the bundled posterior's
// medians (a lower junior-partner cost and consent threshold, each inside
// its own prior range) implied an asymmetry OR of 0.98 on the baseline,
// above its cited 0.4–0.9, and only the effect priors saw it. With the
// protection cost the medians' OR (the defaults, since they became the
// posterior's medians) must lie inside the cited range by 2 standard
// errors of its log, and the effect priors must not weigh the medians
// down against the priors' centres (the hand-set values) by more than one
// unit of log density over all rows. The ORs are estimated on the same prepared draws (common
// random numbers), at the full calibration's 1,500 draws per setting.
func TestEffectPriorsSeeAsymmetry(t *testing.T) {
	t.Parallel()
	cases, path := library(t)
	r, err := newRun(Options{Cases: cases[:1], Path: path, EffectPriors: true, Seed: 20261127, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.prepareEffects(context.Background()); err != nil {
		t.Fatal(err)
	}
	post, err := ReadPosterior("bundled", scenarios.BundledPosterior())
	if err != nil {
		t.Fatal(err)
	}
	med := model.DefaultWeights()
	for _, e := range post.Summary {
		s, _ := model.LookupWeight(e.Key)
		s.Set(&med, e.Q50)
	}
	ps, err := scenarios.BundledPriors()
	if err != nil {
		t.Fatal(err)
	}
	s := newSimulator()
	def, pm := &point{w: ps.Weights()}, &point{w: med}
	r.evalEffects(s, def)
	r.evalEffects(s, pm)
	for k, tm := range r.eff.terms {
		row := study.EffectSizes[tm.row]
		zd, zm := (def.logOR[k]-tm.mu)/tm.s, (pm.logOR[k]-tm.mu)/tm.s
		t.Logf("%-42s OR priors' centres %.3f, posterior medians %.3f (SE of log %.3f); effect-prior log density %.2f against %.2f",
			row.Factor, math.Exp(def.logOR[k]), math.Exp(pm.logOR[k]), pm.seLogOR[k], -zm*zm/2, -zd*zd/2)
		if row.Factor != "the capability asymmetry (Russia junior)" {
			continue
		}
		if lo, hi := pm.logOR[k]-2*pm.seLogOR[k], pm.logOR[k]+2*pm.seLogOR[k]; lo < math.Log(row.Lo) || hi > math.Log(row.Hi) {
			t.Errorf("%s: the bundled posterior's medians imply OR %.3f (±2 SE of log: %.3f to %.3f), not inside the cited %.1f–%.1f",
				row.Factor, math.Exp(pm.logOR[k]), math.Exp(lo), math.Exp(hi), row.Lo, row.Hi)
		}
	}
	t.Logf("effect priors, log density: priors' centres %.2f, posterior medians %.2f", def.lep, pm.lep)
	if pm.lep < def.lep-1 {
		t.Errorf("the effect priors weigh the posterior medians down by %.2f in log density against the priors' centres", def.lep-pm.lep)
	}
}
