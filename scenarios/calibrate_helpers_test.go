package scenarios_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// pin pins an input to v (study.Pinned: its random numbers are still
// consumed, so the factor on and off share every other draw).
func pin(v float64) func(model.Distribution) model.Distribution {
	return func(x model.Distribution) model.Distribution { return study.Pinned(x, v) }
}

// shift moves an input by d (study.Shifted: the same random numbers).
func shift(d float64) func(model.Distribution) model.Distribution {
	return func(x model.Distribution) model.Distribution { return study.Shifted(x, d) }
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
