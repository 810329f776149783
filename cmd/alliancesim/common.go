package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// simFlags adds the flags every command that simulates and writes files
// shares, with the same meaning everywhere: --draws, --seed, --workers,
// --sampler, --out, --format, --dpi; precision adds --precision and
// --max-draws.
func simFlags(f *pflag.FlagSet, outHelp, formatDefault string, precision bool) {
	countFlag(f, "draws", "n", 100_000, "number of Monte Carlo draws (1e6 and 1,000,000 are accepted)")
	f.Uint64("seed", 1, "seed of every random stream; the same seed gives the same results")
	f.Int("workers", 0, "parallel workers (0 = one per CPU); never changes results")
	f.String("sampler", design.MonteCarlo.String(), "sampler: "+samplerDoc)
	f.StringP("out", "o", "out", outHelp)
	f.String("format", formatDefault, "chart formats, comma-separated: png, svg, pdf")
	f.Int("dpi", 150, "PNG resolution in dots per inch (300 for print)")
	f.String("posterior", "", "take each draw's weights from a posterior sample `FILE`: a posterior.yaml written by alliancesim calibrate, or bundled")
	if precision {
		f.Float64("precision", 0, "keep drawing until the 95% half-width of every headline probability is at most this (e.g. 0.002)")
		countFlag(f, "max-draws", "", 10_000_000, "cap on draws when --precision is set")
	}
}

// changedFlags returns the run-setting flags the user set, by settings key,
// so that they take precedence over config and environment.
func changedFlags(f *pflag.FlagSet) map[string]string {
	m := map[string]string{}
	for _, r := range runSettings {
		if fl := f.Lookup(r.flag); fl != nil && fl.Changed {
			m["run."+r.key] = fl.Value.String()
		}
	}
	return m
}

// job is one loaded scenario with its resolved settings; l.Scenario is
// the resolved scenario (Settings.Scenario).
type job struct {
	l  *scenarios.Loaded
	st *Settings
}

// sameRunSettings checks that scenarios compared on common random numbers
// share their sampling settings (a scenario's own weights may differ) and
// their simulated years: a difference between P(alliance by 2036) and
// P(alliance by 2025) is not a comparison.
func sameRunSettings(jobs []job) error {
	a := jobs[0].st.Run
	s0 := jobs[0].l.Scenario
	for _, j := range jobs[1:] {
		if sc := j.l.Scenario; sc.StartYear != s0.StartYear || sc.HorizonYears != s0.HorizonYears {
			return invalidf("%s simulates %d–%d but %s simulates %d–%d: scenarios compared together must cover the same years\n  hint: give them the same start_year and horizon_years, or run them separately",
				s0.Name, s0.StartYear, s0.StartYear+s0.HorizonYears-1, sc.Name, sc.StartYear, sc.StartYear+sc.HorizonYears-1)
		}
	}
	for _, j := range jobs[1:] {
		b := j.st.Run
		if a.Draws != b.Draws || a.Seed != b.Seed || a.Sampler != b.Sampler || a.Posterior != b.Posterior {
			return invalidf("%s and %s resolve to different draws, seed, sampler or posterior; scenarios compared together share them", jobs[0].l.Scenario.Name, j.l.Scenario.Name)
		}
	}
	return nil
}

// medianParams sets every input of sc to its median (clamped to its range):
// the central run that explain shows.
func medianParams(sc *model.Scenario) (*model.Params, error) {
	p := sc.NewParams()
	for _, in := range sc.Inputs {
		tg, err := sc.Resolve(in.Path)
		if err != nil {
			return nil, err
		}
		v := sim.Median(in.Dist)
		if math.IsNaN(v) {
			return nil, fmt.Errorf("%s: the median of %s is not a number", in.Path, in.Dist)
		}
		tg.Set(p, min(max(v, tg.Min), tg.Max))
	}
	return p, nil
}

// names joins the jobs' scenario names with sep.
func names(jobs []job, sep string) string {
	var ns []string
	for _, j := range jobs {
		ns = append(ns, j.l.Scenario.Name)
	}
	return strings.Join(ns, sep)
}

// rerunSettings is the part of a rerun command line that pins the
// settings: the config file, if one was read, and --set for each weight
// that came from the environment or a flag. Weights from the scenario or
// the config file come back with them (an uncertain weight is drawn again,
// not pinned at its median).
func rerunSettings(st *Settings) string {
	var b strings.Builder
	if st.ConfigFile != "" {
		fmt.Fprintf(&b, " --config %s", st.ConfigFile)
	}
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		if src := st.Source[k]; strings.HasPrefix(src, "env ") || strings.HasPrefix(src, "flag ") {
			fmt.Fprintf(&b, " --set %s=%s", k, format.Exact(s.Get(&st.Weights)))
		}
	}
	return b.String()
}

// weightValues are the resolved weights with their sources.
func weightValues(st *Settings) []results.ResolvedValue {
	var vs []results.ResolvedValue
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		vs = append(vs, results.ResolvedValue{Key: k, Value: s.Get(&st.Weights), Source: st.Source[k]})
	}
	return vs
}

// outDir is where a command writes: --out (or run.out from a flag) as
// given, otherwise <run.out>/<default...>, e.g. out/baseline/sensitivity.
func outDir(st *Settings, flags map[string]string, def ...string) string {
	if _, given := flags["run.out"]; given {
		return st.Run.Out
	}
	return filepath.Join(append([]string{st.Run.Out}, def...)...)
}
