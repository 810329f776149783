package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/spf13/cast"
	"github.com/spf13/viper"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/scenarios"
)

// envPrefix prefixes every environment variable the tool reads:
// ALLIANCESIM_WEIGHTS_JUNIOR_PARTNER, ALLIANCESIM_RUN_DRAWS, ...
const envPrefix = "ALLIANCESIM"

// defaultConfigFile is looked for in the working directory when --config
// is not given.
const defaultConfigFile = "alliancesim.yaml"

// samplerDoc describes the samplers in flag and config help.
var samplerDoc = fmt.Sprintf("%s (Monte Carlo) or %s (Latin hypercube)", design.MonteCarlo, design.LatinHypercube)

// runSetting describes one run default: its config key, flag and default.
type runSetting struct {
	key, flag, doc string
	def            any
}

// runSettings are the run defaults a config file may set (key run.<key>).
var runSettings = []runSetting{
	{"draws", "draws", "number of Monte Carlo draws", int64(100_000)},
	{"seed", "seed", "seed of every random stream", uint64(1)},
	{"workers", "workers", "parallel workers (0 = one per CPU); never changes results", 0},
	{"sampler", "sampler", samplerDoc, design.MonteCarlo.String()},
	{"out", "out", "output directory; each scenario writes to <out>/<scenario>/", "out"},
	{"formats", "format", "chart formats: png, svg, pdf", []string{"png"}},
	{"dpi", "dpi", "PNG resolution in dots per inch", 150},
	{"precision", "precision", "target 95% half-width of the headline probability (0 = off)", 0.0},
	{"max_draws", "max-draws", "cap on draws when --precision is set", int64(10_000_000)},
}

// Settings are the resolved weights and run defaults, with where each
// value came from.
type Settings struct {
	Weights model.Weights
	Run     RunValues
	// Source maps every key ("weights.junior_partner", "run.draws") to
	// where its value came from.
	Source map[string]string
	// ConfigFile is the config file read, if any.
	ConfigFile string
}

// RunValues are the resolved run defaults.
type RunValues struct {
	Draws     int64
	Seed      uint64
	Workers   int
	Sampler   design.Sampler
	Out       string
	Formats   []string
	DPI       int
	Precision float64
	MaxDraws  int64
}

// allKeys lists every settable key.
func allKeys() []string {
	var ks []string
	for _, k := range model.WeightKeys() {
		ks = append(ks, "weights."+k)
	}
	for _, r := range runSettings {
		ks = append(ks, "run."+r.key)
	}
	return ks
}

// configSource is the layered input of settings resolution. Flags holds
// the values of run flags the user set explicitly, by key.
type configSource struct {
	ConfigPath string // --config, "" to look for alliancesim.yaml
	Sets       []string
	Flags      map[string]string
	Scenario   *model.Scenario // its weight overrides, if any
	Environ    []string
}

// resolveSettings layers built-in defaults < config file < the scenario's
// own overrides < ALLIANCESIM_* environment < flags (including --set).
// Unknown keys anywhere are errors.
//
// A scenario may make a weight uncertain (a distribution under weights:);
// the engine then draws it per run, and Settings.Weights holds its median
// (source "scenario <name> (uncertain: ...; median shown)") for the
// central run that explain shows. When the environment or a flag sets
// that weight, the fixed value wins, as for any scenario override: the
// weight's input and its correlations are removed from src.Scenario,
// which resolveSettings therefore modifies.
func resolveSettings(src configSource) (*Settings, error) {
	known := map[string]bool{}
	for _, k := range allKeys() {
		known[k] = true
	}
	vals := map[string]any{}
	from := map[string]string{}
	w := model.DefaultWeights()
	for _, s := range model.WeightSpecs {
		vals["weights."+s.Key] = s.Default
		from["weights."+s.Key] = "default"
	}
	for _, r := range runSettings {
		vals["run."+r.key] = r.def
		from["run."+r.key] = "default"
	}
	st := &Settings{Source: from}
	configUncertain := map[string]model.Input{} // settings key → the config's uncertain weight

	// Config file, read with viper; unknown keys are found against the
	// file's own keys and reported with their line.
	path, explicit := src.ConfigPath, src.ConfigPath != ""
	if !explicit {
		path = defaultConfigFile
	}
	if _, err := os.Stat(path); err == nil || explicit {
		if err != nil {
			return nil, invalidf("config file %s: %w", path, err)
		}
		v := viper.New()
		v.SetConfigFile(path)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return nil, invalidf("config file %s: %v", path, err)
		}
		raw, _ := os.ReadFile(path)
		// The weights: block takes the scenario files' value syntax (a
		// number or a distribution), read with line-numbered errors.
		fixedW, uncW, err := scenarios.ConfigWeights(path, raw)
		if err != nil {
			return nil, err
		}
		for k, x := range fixedW {
			vals["weights."+k] = x
			from["weights."+k] = "config " + path
		}
		for _, in := range uncW {
			k := strings.TrimPrefix(in.Path, model.WeightPathPrefix)
			spec, _ := model.LookupWeight(k)
			vals["weights."+k] = min(max(in.Dist.Quantile(0.5), spec.Min), spec.Max)
			from["weights."+k] = fmt.Sprintf("config %s (uncertain: %s; median shown)", path, in.Dist)
			configUncertain["weights."+k] = in
		}
		var errs []string
		for _, k := range v.AllKeys() {
			if strings.HasPrefix(k, "weights.") {
				continue // read above
			}
			if !known[k] {
				errs = append(errs, fmt.Sprintf("%s:%d: unknown key %s%s", path, keyLine(raw, k), k, suggest(k, allKeys())))
				continue
			}
			vals[k] = v.Get(k)
			from[k] = "config " + path
		}
		if len(errs) > 0 {
			sort.Strings(errs)
			return nil, invalidf("%s\n  hint: the keys are listed by `alliancesim config`", strings.Join(errs, "\n"))
		}
		st.ConfigFile = path
	}

	// The scenario's own weight overrides: fixed numbers, and weights the
	// scenario makes uncertain (inputs "weights.<key>", drawn per run by
	// the engine), which show at their median.
	uncertain := map[string]string{} // settings key → input path
	if sc := src.Scenario; sc != nil {
		for k, x := range sc.Weights {
			vals["weights."+k] = x
			from["weights."+k] = "scenario " + sc.Name
		}
		for _, in := range sc.Inputs {
			k, ok := strings.CutPrefix(in.Path, model.WeightPathPrefix)
			spec, known := model.LookupWeight(k)
			if !ok || !known || in.Fixed || in.Dist == nil {
				continue
			}
			vals["weights."+k] = min(max(in.Dist.Quantile(0.5), spec.Min), spec.Max)
			from["weights."+k] = fmt.Sprintf("scenario %s (uncertain: %s; median shown)", sc.Name, in.Dist)
			uncertain["weights."+k] = in.Path
		}
	}

	// A weight the config file makes uncertain, and the scenario leaves
	// alone, is drawn per run like a scenario's own uncertain weight.
	for k, in := range configUncertain {
		if !strings.HasPrefix(from[k], "config ") {
			continue // the scenario set it
		}
		if src.Scenario != nil {
			src.Scenario.Inputs = append(src.Scenario.Inputs, in)
			uncertain[k] = in.Path
		}
	}

	// Environment: ALLIANCESIM_<SECTION>_<KEY>, the key upper-cased with
	// dots as underscores; variables with the prefix that match no key are
	// errors, so a typo cannot be silently ignored.
	envName := map[string]string{}
	for _, k := range allKeys() {
		envName[envPrefix+"_"+strings.ToUpper(strings.ReplaceAll(k, ".", "_"))] = k
	}
	environ := src.Environ
	if environ == nil {
		environ = os.Environ()
	}
	var envErrs []string
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		// Only the settings' own namespaces are checked strictly, so that an
		// unrelated variable such as ALLIANCESIM_HOME does not stop a run.
		if !strings.HasPrefix(name, envPrefix+"_WEIGHTS_") && !strings.HasPrefix(name, envPrefix+"_RUN_") {
			continue
		}
		k, ok := envName[name]
		if !ok {
			var names []string
			for n := range envName {
				names = append(names, n)
			}
			envErrs = append(envErrs, fmt.Sprintf("environment variable %s is not a setting%s", name, suggest(name, names)))
			continue
		}
		if value == "" {
			continue
		}
		vals[k] = value
		from[k] = "env " + name
	}
	if len(envErrs) > 0 {
		sort.Strings(envErrs)
		return nil, invalidf("%s", strings.Join(envErrs, "\n"))
	}

	// Flags, then --set (the most specific).
	for k, x := range src.Flags {
		vals[k] = x
		from[k] = "flag --" + flagFor(k)
	}
	for _, kv := range src.Sets {
		k, x, ok := strings.Cut(kv, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || k == "" {
			return nil, usageErrorf("--set %q: use --set key=value, for example --set weights.junior_partner=1.4", kv)
		}
		if !known[k] {
			if _, isWeight := model.LookupWeight(k); isWeight {
				k = "weights." + k
			} else {
				return nil, invalidf("--set %s: unknown key %s%s\n  hint: the keys are listed by `alliancesim config`", kv, k, suggest(k, allKeys()))
			}
		}
		vals[k] = strings.TrimSpace(x)
		from[k] = "flag --set"
	}

	// A weight the scenario makes uncertain but the environment or a flag
	// fixes takes the fixed value: the scenario's input (and any
	// correlation naming it) is removed, so the engine does not draw it.
	for k, path := range uncertain {
		if !strings.HasPrefix(from[k], "scenario ") && !strings.HasPrefix(from[k], "config ") {
			src.Scenario.DropInput(path)
			from[k] += " (replaces the scenario's distribution)"
		}
	}

	// Convert and validate.
	var errs []string
	num := func(k string) float64 {
		f, err := cast.ToFloat64E(vals[k])
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s = %v (from %s): not a number", k, vals[k], from[k]))
			return math.NaN()
		}
		return f
	}
	for _, s := range model.WeightSpecs {
		s.Set(&w, num("weights."+s.Key))
	}
	// whole reads a whole-number setting strictly: 2.7 draws or a seed of
	// 1.5 is a mistake to report, not to truncate.
	whole := func(k string, lo, hi float64) int64 {
		f := num(k)
		if math.IsNaN(f) {
			return 0 // num has said why
		}
		if f != math.Trunc(f) || f < lo || f > hi {
			errs = append(errs, fmt.Sprintf("%s = %v (from %s): must be a whole number from %.0f to %.0f", k, vals[k], from[k], lo, hi))
			return 0
		}
		return int64(f)
	}
	r := &st.Run
	r.Draws = whole("run.draws", 1, 1e12)
	seed, err := cast.ToUint64E(vals["run.seed"])
	if f, isFloat := vals["run.seed"].(float64); isFloat && f != math.Trunc(f) {
		err = fmt.Errorf("not whole")
	}
	if err != nil {
		errs = append(errs, fmt.Sprintf("run.seed = %v (from %s): not a non-negative whole number", vals["run.seed"], from["run.seed"]))
	}
	r.Seed = seed
	r.Workers = int(whole("run.workers", 0, 4096))
	sampler, samplerErr := design.Parse(strings.ToLower(cast.ToString(vals["run.sampler"])))
	r.Sampler = sampler
	r.Out = cast.ToString(vals["run.out"])
	r.Formats = toList(vals["run.formats"])
	r.DPI = int(whole("run.dpi", plots.MinDPI, plots.MaxDPI)) // the range plots.CheckDPI accepts
	r.Precision = num("run.precision")
	r.MaxDraws = whole("run.max_draws", 1, 1e12)
	if len(errs) == 0 {
		if err := w.Validate(); err != nil {
			errs = append(errs, err.Error())
		}
		switch {
		case r.Draws < 1:
			errs = append(errs, fmt.Sprintf("run.draws = %d (from %s): must be at least 1", r.Draws, from["run.draws"]))
		case r.Workers < 0:
			errs = append(errs, fmt.Sprintf("run.workers = %d (from %s): must be 0 (all cores) or more", r.Workers, from["run.workers"]))
		case samplerErr != nil:
			errs = append(errs, fmt.Sprintf("run.sampler (from %s): %v", from["run.sampler"], samplerErr))
		case !(r.Precision >= 0 && r.Precision < 0.5): // also NaN
			errs = append(errs, fmt.Sprintf("run.precision = %g (from %s): use a half-width between 0 and 0.5, such as 0.005", r.Precision, from["run.precision"]))
		case r.Out == "":
			errs = append(errs, fmt.Sprintf("run.out (from %s): must not be empty", from["run.out"]))
		}
		for _, f := range r.Formats {
			switch f {
			case "png", "svg", "pdf":
			default:
				errs = append(errs, fmt.Sprintf("run.formats: %q (from %s): use png, svg or pdf", f, from["run.formats"]))
			}
		}
	}
	if len(errs) > 0 {
		return nil, invalidf("%s", strings.Join(errs, "\n"))
	}
	st.Weights = w
	return st, nil
}

func flagFor(key string) string {
	for _, r := range runSettings {
		if "run."+r.key == key {
			return r.flag
		}
	}
	return key
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

// keyLine finds the line of a dotted key in a YAML config file (0 if it
// cannot be found), so that an unknown key can be pointed at.
func keyLine(src []byte, key string) int {
	f, err := parser.ParseBytes(src, 0)
	if err != nil || len(f.Docs) == 0 {
		return 0
	}
	var node ast.Node = f.Docs[0].Body
	line := 0
	for _, part := range strings.Split(key, ".") {
		m, ok := node.(*ast.MappingNode)
		if !ok {
			return line
		}
		found := false
		for _, kv := range m.Values {
			if strings.EqualFold(kv.Key.String(), part) {
				line = kv.Key.GetToken().Position.Line
				node, found = kv.Value, true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// suggest returns ` (did you mean x?)` for a likely typo, or "".
func suggest(s string, candidates []string) string {
	if c, ok := scenarios.Closest(s, candidates); ok {
		return fmt.Sprintf(" (did you mean %s?)", c)
	}
	return ""
}

// formatValue renders a setting's value for `alliancesim config`.
func formatValue(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', 6, 64)
	case []string:
		return strings.Join(x, ",")
	}
	return fmt.Sprint(v)
}

// loadScenario opens a bundled name or a file, and classifies failures.
func loadScenario(arg string) (*scenarios.Loaded, error) {
	l, err := scenarios.Open(arg)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, invalidf("%v\n  hint: give a bundled scenario name (see `alliancesim list`) or the path of a .yaml file", err)
		}
		return nil, err
	}
	return l, nil
}
