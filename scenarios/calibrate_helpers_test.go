package scenarios_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
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

func shift(d float64) func(model.Distribution) model.Distribution {
	return func(x model.Distribution) model.Distribution { return shifted{x, d} }
}

func scale(k float64) func(model.Distribution) model.Distribution {
	return func(x model.Distribution) model.Distribution { return scaled{x, k} }
}

// yearHazards is each year's first-onset hazard: the onsets that year
// over the runs still without an alliance, as a binomial proportion.
func yearHazards(r *sim.Result) []sim.Proportion {
	var cum int64
	hs := make([]sim.Proportion, len(r.Onset))
	for t, c := range r.Onset {
		hs[t] = sim.Wilson(c, r.Draws-cum)
		cum += c
	}
	return hs
}

// probeWeights are the default weights, changed by the calibration aid
// ALLIANCESIM_CALIBRATE_WEIGHTS="key=value,key=value" when it is set, so
// that one can see what the calibration tests report under other weights
// without editing the code: for example
//
//	ALLIANCESIM_CALIBRATE_WEIGHTS=exit_margin=0.3 go test ./scenarios -run 'TestSinoSovietSplit' -v
//
// Unset (as in CI), the tests run on the defaults.
func probeWeights(t testing.TB) model.Weights {
	w := model.DefaultWeights()
	for _, kv := range strings.Split(os.Getenv("ALLIANCESIM_CALIBRATE_WEIGHTS"), ",") {
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
