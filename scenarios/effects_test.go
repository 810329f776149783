package scenarios_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// pinned returns a constant but consumes the random numbers of the
// distribution it replaces, so that every other input keeps its draws
// (common random numbers between the factor on and off).
type pinned struct {
	model.Distribution
	v float64
}

func (p pinned) Rand(src rand.Source) float64 { p.Distribution.Rand(src); return p.v }
func (p pinned) Quantile(float64) float64     { return p.v }

func pin(v float64) func(model.Distribution) model.Distribution {
	return func(x model.Distribution) model.Distribution { return pinned{x, v} }
}

func shift(d float64) func(model.Distribution) model.Distribution {
	return func(x model.Distribution) model.Distribution { return shifted{x, d} }
}

func scale(k float64) func(model.Distribution) model.Distribution {
	return func(x model.Distribution) model.Distribution { return scaled{x, k} }
}

// hazard is the first-onset annual hazard of a result: onsets over the
// run-years at risk (no alliance formed before the year), with the count
// of onsets for its error.
func hazard(r *sim.Result) (h float64, onsets int64) {
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

// yearHazards is the first-onset hazard in each year.
func yearHazards(r *sim.Result) []float64 {
	var cum int64
	hs := make([]float64, len(r.Onset))
	for t, c := range r.Onset {
		if r.Draws > cum {
			hs[t] = float64(c) / float64(r.Draws-cum)
		}
		cum += c
	}
	return hs
}

func odds(h float64) float64 { return h / (1 - h) }

func probeWeights(t testing.TB) model.Weights {
	w := model.DefaultWeights()
	for _, kv := range strings.Split(os.Getenv("W"), ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		s, _ := model.LookupWeight(k)
		x, _ := strconv.ParseFloat(v, 64)
		s.Set(&w, x)
	}
	return w
}

func runW(t testing.TB, sc *model.Scenario, w model.Weights, draws int64) *sim.Result {
	for k, v := range sc.Weights {
		s, _ := model.LookupWeight(k)
		s.Set(&w, v)
	}
	r, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: draws, Seed: 20261127})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestProbeV2(t *testing.T) {
	if os.Getenv("PROBE") == "" {
		t.Skip("set PROBE=1")
	}
	w := probeWeights(t)
	run := func(t testing.TB, sc *model.Scenario, draws int64) *sim.Result { return runW(t, sc, w, draws) }
	for _, name := range []string{"baseline", "hindcast-1992", "sino-soviet-1950", "article-2021", "us-china-detente", "wedge-russia", "russia-weakened", "taiwan-crisis", "us-hardline", "doctrine-shift"} {
		r := run(t, open(t, name), 20000)
		h, _ := hazard(r)
		hs := yearHazards(r)
		mx := 0.0
		for _, x := range hs {
			mx = math.Max(mx, x)
		}
		last := r.StateProb[len(r.StateProb)-1]
		fmt.Printf("%-18s P=%.4f h=%.4f maxh=%.4f stepdown=%.3f calm=%.3f ent0=%.2f entL=%.2f z0=%.2f zL=%.2f\n", name, r.ByHorizon.P, h, mx, r.StepDown.P, r.Calm.P, r.StateProb[0][model.Entente], last[model.Entente], r.Latent[0].P50, r.Latent[len(r.Latent)-1].P50)
	}
	base := open(t, "baseline")
	ref := run(t, base, 40000)
	h0, _ := hazard(ref)
	for _, tc := range []struct {
		name  string
		edits map[string]func(model.Distribution) model.Distribution
	}{
		{"no opposition", map[string]func(model.Distribution) model.Distribution{"russia.threat": pin(0), "china.threat": pin(0)}},
		{"typical common rival", map[string]func(model.Distribution) model.Distribution{"russia.threat": pin(0.5), "china.threat": pin(0.5), "russia.pressure": pin(0.5), "china.pressure": pin(0.5)}},
		{"parity", map[string]func(model.Distribution) model.Distribution{"china.capability": pin(0.038)}},
		{"no gap", map[string]func(model.Distribution) model.Distribution{"russia.disorder_appetite": pin(0.5), "china.disorder_appetite": pin(0.5)}},
		{"no doctrine", map[string]func(model.Distribution) model.Distribution{"china.doctrine": pin(0), "russia.doctrine": pin(0)}},
		{"no nuclear", map[string]func(model.Distribution) model.Distribution{"china.self_sufficiency": shift(-0.4), "russia.self_sufficiency": shift(-0.4)}},
		{"no interdep", map[string]func(model.Distribution) model.Distribution{"dyad.interdependence": pin(0)}},
		{"no regime", map[string]func(model.Distribution) model.Distribution{"dyad.regime_similarity": pin(0)}},
		{"no treaty", map[string]func(model.Distribution) model.Distribution{"dyad.treaty": pin(0)}},
	} {
		sc := base
		for path, f := range tc.edits {
			sc = modify(t, sc, path, f)
		}
		r := run(t, sc, 40000)
		h1, _ := hazard(r)
		fmt.Printf("%-22s h_off=%.4f h_on=%.4f OR(on/off)=%.3f\n", tc.name, h1, h0, odds(h0)/odds(h1))
	}
}

func TestProbePath(t *testing.T) {
	if os.Getenv("PROBE") == "" {
		t.Skip("set PROBE=1")
	}
	w := probeWeights(t)
	for _, name := range strings.Split(os.Getenv("SC"), ",") {
		r := runW(t, open(t, name), w, 20000)
		hs := yearHazards(r)
		for i, y := range r.Years {
			ps := r.StateProb[i]
			fmt.Printf("%s %d z50=%.2f z05=%.2f z95=%.2f h=%.4f P=%.3f inforce=%.3f ended=%.3f states=%.2f %.2f %.2f %.2f %.2f %.2f\n", name, y, r.Latent[i].P50, r.Latent[i].P05, r.Latent[i].P95, hs[i], r.Alliance[i].P, r.InForce[i].P, r.Ended[i].P, ps[0], ps[1], ps[2], ps[3], ps[4], ps[5])
		}
	}
}
