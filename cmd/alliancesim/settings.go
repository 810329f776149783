package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/viper"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

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
	// Posterior is run.posterior's sample, read; nil without one.
	Posterior *loadedPosterior
	// Scenario is the scenario to run: the one given, or a copy with the
	// config file's uncertain weights added and the uncertain weights that
	// the environment or a flag fixes removed.
	Scenario *model.Scenario
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
	Posterior string // run.posterior: a posterior.yaml, "bundled" or ""
}

// layer is one source of settings: a viper instance holding the keys it
// sets, and where each value came from.
type layer struct {
	v      *viper.Viper
	source map[string]string
}

func newLayer() *layer { return &layer{v: viper.New(), source: map[string]string{}} }

func (l *layer) set(key string, value any, source string) {
	l.v.Set(key, value)
	l.source[key] = source
}

// settingsMap is the layer as a nested map for viper.MergeConfigMap; unlike
// AllSettings it keeps empty values, which are errors to report.
func (l *layer) settingsMap() map[string]any {
	m := map[string]any{}
	for _, k := range l.v.AllKeys() {
		section, key, _ := strings.Cut(k, ".")
		sub, ok := m[section].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[section] = sub
		}
		sub[key] = l.v.Get(k)
	}
	return m
}

// settingsInput is what settings resolution reads, by precedence, lowest
// first: built-in defaults (a command may change some), the config file,
// the scenario's own weights, ALLIANCESIM_* variables, the run flags the
// user set (by settings key), and --set.
type settingsInput struct {
	Defaults map[string]any
	Config   *configFile // nil without one
	Scenario *model.Scenario
	Environ  []string
	Flags    map[string]string
	Sets     []string
}

// resolveSettings layers the settings, one viper instance per layer, and
// checks them; unknown keys anywhere are errors. It changes nothing it is
// given: a scenario whose uncertain weights the settings change comes back
// as a copy in Settings.Scenario.
//
// A scenario (or the config file) may make a weight uncertain; the engine
// then draws it per run, and Settings.Weights holds its median (source
// "... (uncertain: ...; median shown)") for the central run that explain
// shows. When the environment or a flag sets that weight, the fixed value
// wins: the weight's input and its correlations are dropped.
func resolveSettings(in settingsInput) (*Settings, error) {
	layers := []*layer{defaultsLayer(in.Defaults)}
	if in.Config != nil {
		layers = append(layers, in.Config.layer)
	}
	own := scenarioLayer(in.Scenario)
	layers = append(layers, own)
	env, err := envLayer(in.Environ)
	if err != nil {
		return nil, err
	}
	sets, err := setsLayer(in.Sets)
	if err != nil {
		return nil, err
	}
	layers = append(layers, env, flagsLayer(in.Flags), sets)
	v, from := merge(layers)
	sc := resolveScenario(in.Scenario, in.Config, own, from)
	st, err := convert(v, from)
	if err != nil {
		return nil, err
	}
	st.Scenario = sc
	if in.Config != nil {
		st.ConfigFile = in.Config.Path
	}
	return st, nil
}

// merge layers the values with viper, and records which layer set each.
func merge(layers []*layer) (*viper.Viper, map[string]string) {
	v := viper.New()
	from := map[string]string{}
	for _, l := range layers {
		v.MergeConfigMap(l.settingsMap()) // never fails
		for k, src := range l.source {
			from[k] = src
		}
	}
	return v, from
}

// defaultsLayer holds the built-in defaults, and a command's own.
func defaultsLayer(own map[string]any) *layer {
	l := newLayer()
	for _, s := range model.WeightSpecs {
		l.set("weights."+s.Key, s.Default, "default")
	}
	for _, r := range runSettings {
		l.set("run."+r.key, r.def, "default")
	}
	for k, x := range own {
		l.set(k, x, "default")
	}
	return l
}

// scenarioLayer holds the scenario's own weight overrides: fixed numbers,
// and the weights it makes uncertain (inputs "weights.<key>", drawn per
// run by the engine), which show at their median.
func scenarioLayer(sc *model.Scenario) *layer {
	l := newLayer()
	if sc == nil {
		return l
	}
	for k, x := range sc.Weights {
		l.set("weights."+k, x, "scenario "+sc.Name)
	}
	for _, in := range scenarioUncertain(sc) {
		k := strings.TrimPrefix(in.Path, model.WeightPathPrefix)
		l.set("weights."+k, median(k, in), fmt.Sprintf("scenario %s (uncertain: %s; median shown)", sc.Name, in.Dist))
	}
	return l
}

// scenarioUncertain lists the weights the scenario makes uncertain.
func scenarioUncertain(sc *model.Scenario) []model.Input {
	var ins []model.Input
	for _, in := range sc.Inputs {
		k, ok := strings.CutPrefix(in.Path, model.WeightPathPrefix)
		if _, known := model.LookupWeight(k); ok && known && !in.Fixed && in.Dist != nil {
			ins = append(ins, in)
		}
	}
	return ins
}

// envLayer reads ALLIANCESIM_<SECTION>_<KEY>, the key upper-cased with
// dots as underscores. Every other variable whose name starts with
// ALLIANCESIM_ is an error with a suggestion, so that a typo
// (ALLIANCESIM_DRAWS, ALLIANCESIM_WEIGHT_JUNIOR_PARTNER) cannot be
// silently ignored. An empty value is ignored.
func envLayer(environ []string) (*layer, error) {
	var names []string
	key := map[string]string{}
	for _, k := range allKeys() {
		n := envName(k)
		names, key[n] = append(names, n), k
	}
	l := newLayer()
	var errs []string
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		k, ok := key[name]
		switch {
		case !strings.HasPrefix(name, envPrefix+"_"):
		case !ok:
			errs = append(errs, fmt.Sprintf("environment variable %s is not a setting%s", name, suggestEnv(name, names)))
		case value != "":
			l.set(k, value, "env "+name)
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, invalidf("%s\n  hint: the variables are ALLIANCESIM_ and a key of `alliancesim config` in capitals, with _ for the dot (ALLIANCESIM_RUN_DRAWS); unset the others", strings.Join(errs, "\n"))
	}
	return l, nil
}

// envName is the environment variable of a settings key.
func envName(key string) string {
	return envPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// suggestEnv suggests the variable a misspelt one meant: the nearest
// name, or the one whose key is the misspelt name's tail without its
// section (ALLIANCESIM_DRAWS → ALLIANCESIM_RUN_DRAWS).
func suggestEnv(name string, names []string) string {
	if s := suggest(name, names); s != "" {
		return s
	}
	tail := strings.ToLower(strings.TrimPrefix(name, envPrefix+"_"))
	for _, section := range []string{"run_", "weights_", "weight_"} {
		tail = strings.TrimPrefix(tail, section)
	}
	var keys []string
	byKey := map[string]string{}
	for _, k := range allKeys() {
		_, short, _ := strings.Cut(k, ".")
		keys, byKey[short] = append(keys, short), k
	}
	if c, ok := scenarios.Closest(tail, keys); ok {
		return fmt.Sprintf(" (did you mean %s?)", envName(byKey[c]))
	}
	return ""
}

// flagsLayer holds the run flags the user set, by settings key.
func flagsLayer(flags map[string]string) *layer {
	l := newLayer()
	for k, x := range flags {
		l.set(k, x, "flag --"+flagFor(k))
	}
	return l
}

// setsLayer holds --set key=value, in order (the last wins); the weights.
// prefix may be left out.
func setsLayer(sets []string) (*layer, error) {
	l := newLayer()
	for _, kv := range sets {
		k, x, ok := strings.Cut(kv, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || k == "" {
			return nil, usageErrorf("--set %q: use --set key=value, for example --set weights.junior_partner=1.4", kv)
		}
		if strings.TrimSpace(x) == "" {
			return nil, usageErrorf("--set %s has no value\n  hint: give one, for example --set %s=1.4; to keep the built-in default, leave the --set out (`alliancesim config` shows the defaults)", kv, strings.TrimSuffix(strings.TrimSpace(kv), "="))
		}
		if _, isWeight := model.LookupWeight(k); !isKey(k) && isWeight {
			k = "weights." + k
		} else if !isKey(k) {
			return nil, invalidf("--set %s: unknown key %s%s\n  hint: the keys are listed by `alliancesim config`", kv, k, suggest(k, allKeys()))
		}
		l.set(k, strings.TrimSpace(x), "flag --set")
	}
	return l, nil
}

// resolveScenario returns the scenario to run. A weight the config file
// makes uncertain, and the scenario leaves alone, is drawn per run like a
// scenario's own uncertain weight; an uncertain weight that the
// environment or a flag fixes takes the fixed value, its input (and any
// correlation naming it) dropped and its source noted. sc itself is
// returned when nothing changes; from is updated.
func resolveScenario(sc *model.Scenario, cfg *configFile, own *layer, from map[string]string) *model.Scenario {
	if sc == nil {
		return nil
	}
	out, changed := *sc, false
	out.Inputs = slices.Clip(sc.Inputs)
	uncertain := map[string]string{} // settings key → input path
	for _, in := range scenarioUncertain(sc) {
		uncertain[in.Path] = in.Path // the settings key is the path
	}
	for _, k := range configUncertain(cfg) {
		if _, set := own.source[k]; !set {
			out.Inputs, changed = append(out.Inputs, cfg.uncertain[k]), true
			uncertain[k] = cfg.uncertain[k].Path
		}
	}
	for k, path := range uncertain {
		if !strings.HasPrefix(from[k], "scenario ") && !strings.HasPrefix(from[k], "config ") {
			out.DropInput(path)
			from[k] += " (replaces the scenario's distribution)"
			changed = true
		}
	}
	if !changed {
		return sc
	}
	return &out
}

// configUncertain lists the keys of the weights the config file makes
// uncertain, in the file's order.
func configUncertain(cfg *configFile) []string {
	if cfg == nil {
		return nil
	}
	return cfg.order
}
