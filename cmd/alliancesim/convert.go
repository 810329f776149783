package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cast"
	"github.com/spf13/viper"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/sim"
)

// values reads the merged settings, converting each strictly and
// collecting what is wrong, with where the value came from.
type values struct {
	v    *viper.Viper
	from map[string]string
	errs []string
}

func (x *values) errorf(format string, a ...any) { x.errs = append(x.errs, fmt.Sprintf(format, a...)) }

// num reads a number.
func (x *values) num(k string) float64 {
	f, err := cast.ToFloat64E(x.v.Get(k))
	if _, isBool := x.v.Get(k).(bool); isBool || err != nil { // true would read as 1
		x.errorf("%s = %v (from %s): not a number", k, x.v.Get(k), x.from[k])
		return math.NaN()
	}
	return f
}

// whole reads a whole-number setting strictly: 2.7 draws or a seed of 1.5
// is a mistake to report, not to truncate. A note, when not empty, follows
// the range in brackets, for a range that needs a word on why.
func (x *values) whole(k string, lo, hi float64, note string) int64 {
	if s, ok := x.v.Get(k).(string); ok { // 1e6 or 1,000,000 from the environment or --set
		if n, err := parseCount(s); err == nil && float64(n) >= lo && float64(n) <= hi {
			return n
		}
	}
	f := x.num(k)
	if math.IsNaN(f) {
		return 0 // num has said why
	}
	if f != math.Trunc(f) || f < lo || f > hi {
		if note != "" {
			note = " (" + note + ")"
		}
		x.errorf("%s = %v (from %s): must be a whole number from %.0f to %.0f%s", k, x.v.Get(k), x.from[k], lo, hi, note)
		return 0
	}
	return int64(f)
}

// seed reads run.seed, a non-negative whole number.
func (x *values) seed() uint64 {
	raw := x.v.Get("run.seed")
	seed, err := cast.ToUint64E(raw)
	if f, isFloat := raw.(float64); isFloat && f != math.Trunc(f) {
		err = fmt.Errorf("not whole")
	}
	if err != nil {
		x.errorf("run.seed = %v (from %s): not a non-negative whole number", raw, x.from["run.seed"])
	}
	return seed
}

// convert turns the merged settings into Settings, or an error that lists
// every problem.
func convert(v *viper.Viper, from map[string]string) (*Settings, error) {
	x := &values{v: v, from: from}
	st := &Settings{Source: from, Weights: model.DefaultWeights()}
	for _, s := range model.WeightSpecs {
		s.Set(&st.Weights, x.num("weights."+s.Key))
	}
	r := &st.Run
	// A sharded run's total may reach 1e12; sim.Plan.Validate holds one
	// run (or shard) to sim.MaxRunDraws, which the note says at once.
	drawsNote := fmt.Sprintf("the total of a run split with --shard K/N; one run or shard draws at most %d", sim.MaxRunDraws)
	r.Draws = x.whole("run.draws", 1, 1e12, drawsNote)
	r.Seed = x.seed()
	r.Workers = int(x.whole("run.workers", 0, 4096, ""))
	sampler, samplerErr := design.Parse(strings.ToLower(cast.ToString(v.Get("run.sampler"))))
	r.Sampler = sampler
	r.Out = cast.ToString(v.Get("run.out"))
	r.Formats = toList(v.Get("run.formats"))
	r.DPI = int(x.whole("run.dpi", plots.MinDPI, plots.MaxDPI, "")) // the range plots.CheckDPI accepts
	r.Precision = x.num("run.precision")
	r.MaxDraws = x.whole("run.max_draws", 1, 1e12, "")
	r.Posterior = strings.TrimSpace(cast.ToString(v.Get("run.posterior")))
	if len(x.errs) == 0 {
		x.check(st, samplerErr)
	}
	if len(x.errs) > 0 {
		return nil, invalidf("%s", strings.Join(x.errs, "\n"))
	}
	return st, nil
}

// check validates converted settings.
func (x *values) check(st *Settings, samplerErr error) {
	r, from := &st.Run, x.from
	if err := st.Weights.Validate(); err != nil {
		x.errs = append(x.errs, err.Error())
	}
	switch {
	case r.Draws < 1:
		x.errorf("run.draws = %d (from %s): must be at least 1", r.Draws, from["run.draws"])
	case r.Workers < 0:
		x.errorf("run.workers = %d (from %s): must be 0 (all cores) or more", r.Workers, from["run.workers"])
	case samplerErr != nil:
		x.errorf("run.sampler (from %s): %v", from["run.sampler"], samplerErr)
	case !(r.Precision >= 0 && r.Precision < 0.5): // also NaN
		x.errorf("run.precision = %g (from %s): use a half-width between 0 and 0.5, such as 0.005", r.Precision, from["run.precision"])
	case r.Out == "":
		x.errorf("run.out (from %s): must not be empty", from["run.out"])
	}
	for _, f := range r.Formats {
		switch f {
		case "png", "svg", "pdf":
		default:
			x.errorf("run.formats: %q (from %s): use png, svg or pdf", f, from["run.formats"])
		}
	}
}

func toList(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		for _, f := range strings.Split(x, ",") {
			if f = strings.ToLower(strings.TrimSpace(f)); f != "" {
				out = append(out, f)
			}
		}
	default:
		for _, f := range cast.ToStringSlice(x) {
			out = append(out, toList(f)...)
		}
	}
	return out
}
