package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/spf13/viper"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
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

// isKey says whether k is a settable key.
func isKey(k string) bool {
	for _, x := range allKeys() {
		if x == k {
			return true
		}
	}
	return false
}

// configFile is a config file, read and parsed once: its settings as a
// layer, and the weights it makes uncertain.
type configFile struct {
	Path      string
	layer     *layer
	uncertain map[string]model.Input // by settings key
	order     []string               // the uncertain keys in the file's order
}

// readConfig reads --config, or alliancesim.yaml in workDir if there is
// one (nil, nil if not). The weights: block takes the scenario files'
// value syntax (a number or a distribution), read with line-numbered
// errors; unknown keys elsewhere are reported with their line.
func readConfig(path, workDir string) (*configFile, error) {
	explicit, file := path != "", path
	if !explicit {
		path, file = defaultConfigFile, filepath.Join(workDir, defaultConfigFile)
	}
	if _, err := os.Stat(file); err != nil {
		if explicit {
			return nil, invalidf("config file %s: %w", path, err)
		}
		return nil, nil
	}
	raw, err := os.ReadFile(file)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = path
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err == nil {
		err = v.ReadConfig(bytes.NewReader(raw))
	}
	if err != nil {
		return nil, invalidf("config file %s: %v", path, err)
	}
	cfg := &configFile{Path: path, layer: newLayer(), uncertain: map[string]model.Input{}}
	if err := cfg.addWeights(raw); err != nil {
		return nil, err
	}
	return cfg, cfg.addRun(v, raw)
}

// addWeights reads the weights: block into the layer.
func (c *configFile) addWeights(raw []byte) error {
	fixed, uncertain, err := scenarios.ConfigWeights(c.Path, raw)
	if err != nil {
		return err
	}
	for k, x := range fixed {
		c.layer.set("weights."+k, x, "config "+c.Path)
	}
	for _, in := range uncertain {
		k := strings.TrimPrefix(in.Path, model.WeightPathPrefix)
		c.layer.set("weights."+k, median(k, in), fmt.Sprintf("config %s (uncertain: %s; median shown)", c.Path, in.Dist))
		c.uncertain["weights."+k] = in
		c.order = append(c.order, "weights."+k)
	}
	return nil
}

// addRun reads every key but the weights into the layer; unknown keys are
// errors.
func (c *configFile) addRun(v *viper.Viper, raw []byte) error {
	var errs []string
	var doc ast.Node // the file's syntax tree, for the lines of unknown keys
	for _, k := range v.AllKeys() {
		switch {
		case strings.HasPrefix(k, "weights."): // read by addWeights
		case !isKey(k):
			if doc == nil {
				doc = parseDoc(raw)
			}
			errs = append(errs, fmt.Sprintf("%s:%d: unknown key %s%s", c.Path, keyLine(doc, k), k, suggest(k, allKeys())))
		default:
			c.layer.set(k, v.Get(k), "config "+c.Path)
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return invalidf("%s\n  hint: the keys are listed by `alliancesim config`", strings.Join(errs, "\n"))
	}
	return nil
}

// median is an uncertain weight's median, clamped to the weight's range.
func median(key string, in model.Input) float64 {
	spec, _ := model.LookupWeight(key)
	return min(max(in.Dist.Quantile(0.5), spec.Min), spec.Max)
}

func flagFor(key string) string {
	for _, r := range runSettings {
		if "run."+r.key == key {
			return r.flag
		}
	}
	return key
}

// parseDoc parses a YAML file's first document (an empty mapping if it
// cannot).
func parseDoc(src []byte) ast.Node {
	f, err := parser.ParseBytes(src, 0)
	if err != nil || len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return &ast.MappingNode{}
	}
	return f.Docs[0].Body
}

// keyLine finds the line of a dotted key in a YAML document (0 if it
// cannot be found), so that an unknown key can be pointed at.
func keyLine(node ast.Node, key string) int {
	line := 0
	for _, part := range strings.Split(key, ".") {
		kv := findKey(node, part)
		if kv == nil {
			return line
		}
		line, node = kv.Key.GetToken().Position.Line, kv.Value
	}
	return line
}

// findKey returns the pair of mapping n whose key is name, or nil.
func findKey(n ast.Node, name string) *ast.MappingValueNode {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		return nil
	}
	for _, kv := range m.Values {
		if strings.EqualFold(kv.Key.String(), name) {
			return kv
		}
	}
	return nil
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
