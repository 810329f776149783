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
	{"posterior", "posterior", "posterior sample of the weights (posterior.yaml, or bundled) each draw takes its weights from; empty = none", ""},
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
	// Only a regular file of at most scenarios.MaxFileSize bytes is read:
	// a FIFO, a device or a folder is refused without blocking.
	raw, err := scenarios.ReadLimited(file, "config", scenarios.MaxFileSize)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = path
		return nil, invalidf("%v", err)
	}
	if err == nil {
		err = checkConfigText(path, raw)
	}
	if err != nil {
		return nil, err
	}
	// The weights first: their reader reports a YAML syntax error as a
	// scenario's, with its line, column and a hint, where viper's would
	// say "While parsing config: yaml: line 1: ...".
	cfg := &configFile{Path: path, layer: newLayer(), uncertain: map[string]model.Input{}}
	if err := cfg.addWeights(raw); err != nil {
		return nil, err
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(raw)); err != nil {
		return nil, invalidf("config file %s: %v", path, err)
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
			if msg := checkType(k, v.Get(k)); msg != "" {
				if doc == nil {
					doc = parseDoc(raw)
				}
				errs = append(errs, fmt.Sprintf("%s:%d: %s: %s", c.Path, keyLine(doc, k), k, msg))
				continue
			}
			c.layer.set(k, v.Get(k), "config "+c.Path)
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return invalidf("%s\n  hint: the keys are listed by `alliancesim config`", strings.Join(errs, "\n"))
	}
	return nil
}

// checkType says what is wrong with the type of a run setting's value in a
// config file ("" when nothing is): a number must be a number (YAML reads
// `draws: true` as a boolean, which would otherwise convert to 1 draw), a
// name a text, the formats a text or a list of texts.
func checkType(key string, x any) string {
	var def any
	for _, r := range runSettings {
		if "run."+r.key == key {
			def = r.def
		}
	}
	if x == nil {
		return "has no value; give one, or remove the line to keep the default"
	}
	switch def.(type) {
	case int, int64, uint64, float64:
		switch x.(type) {
		case int, int64, uint64, float64, string:
			return ""
		}
		return fmt.Sprintf("%v is not a number", formatValue(x))
	case string:
		if _, ok := x.(string); !ok {
			return fmt.Sprintf("%v is not a text (a name or a path)", formatValue(x))
		}
	case []string:
		switch l := x.(type) {
		case string:
		case []any:
			for _, e := range l {
				if _, ok := e.(string); !ok {
					return fmt.Sprintf("%v is not a format name (png, svg or pdf)", formatValue(e))
				}
			}
		default:
			return fmt.Sprintf("%v is not a list of formats, such as [png, svg]", formatValue(x))
		}
	}
	return ""
}

// checkConfigText refuses what the config loader must not read: a file of
// more than one YAML document (viper would read the first and ignore the
// rest), and aliases used more than scenarios.MaxAliases times or
// expanding the text beyond scenarios.MaxTextBytes (a "billion laughs"
// file), the limits of scenario files.
func checkConfigText(path string, raw []byte) error {
	f, err := parser.ParseBytes(raw, 0)
	if err != nil {
		return nil // the parsers that follow report the syntax error with its line
	}
	var bodies []ast.Node
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			if len(bodies) == 1 {
				return invalidf("%s:%d: a second YAML document (after ---): a config file holds one document\n  hint: put every setting under one weights: and one run: section, and remove the ---", path, docLine(d))
			}
			bodies = append(bodies, d.Body)
		}
	}
	if len(bodies) == 0 {
		return nil
	}
	body := bodies[0]
	aliases := ast.Filter(ast.AliasType, body)
	if len(aliases) > scenarios.MaxAliases {
		return invalidf("%s: the file uses aliases (*name) %d times; the most is %d", path, len(aliases), scenarios.MaxAliases)
	}
	anchors := map[string]ast.Node{}
	for _, n := range ast.Filter(ast.AnchorType, body) {
		if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil {
			anchors[a.Name.GetToken().Value] = a.Value
		}
	}
	size := map[string]int{}
	var expand func(name string, depth int) int
	expand = func(name string, depth int) int {
		if n, ok := size[name]; ok {
			return n
		}
		target := anchors[name]
		if target == nil || depth > 100 {
			return 0
		}
		size[name] = scenarios.MaxTextBytes + 1 // a cycle counts as too much
		n := len(target.String())
		for _, a := range ast.Filter(ast.AliasType, target) {
			if n += expand(aliasName(a), depth+1); n > scenarios.MaxTextBytes {
				break
			}
		}
		size[name] = n
		return n
	}
	total := len(raw)
	for _, a := range aliases {
		if total += expand(aliasName(a), 0); total > scenarios.MaxTextBytes {
			return invalidf("%s: the file's text, with its aliases expanded, is over %d bytes", path, scenarios.MaxTextBytes)
		}
	}
	return nil
}

// aliasName is the anchor an alias node names.
func aliasName(n ast.Node) string {
	if a, ok := n.(*ast.AliasNode); ok && a.Value != nil {
		return a.Value.GetToken().Value
	}
	return ""
}

// docLine is the line where a YAML document starts.
func docLine(d *ast.DocumentNode) int {
	if d.Start != nil {
		return d.Start.Position.Line
	}
	return d.Body.GetToken().Position.Line
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
			if s := suggestScenario(arg); s != "" {
				return nil, invalidf("%v\n  hint: did you mean %s?", err, s)
			}
			return nil, invalidf("%v\n  hint: give a bundled scenario name (see `alliancesim list`) or the path of a .yaml file", err)
		}
		return nil, err
	}
	return l, nil
}

// bundledNames lists the bundled scenarios' names.
func bundledNames() []string {
	var names []string
	for _, in := range scenarios.List() {
		names = append(names, in.Name)
	}
	return names
}

// suggestScenario is what a scenario argument that names nothing probably
// meant: the file with a .yaml ending (my-scenario → my-scenario.yaml), a
// bundled name near it (basline → baseline), or a YAML file near it in
// its folder (drafts/taiwn.yaml → drafts/taiwan.yaml); "" if none is near.
func suggestScenario(arg string) string {
	if !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".yaml") && !strings.HasSuffix(arg, ".yml") {
		for _, ext := range []string{".yaml", ".yml"} {
			if info, err := os.Stat(arg + ext); err == nil && info.Mode().IsRegular() {
				return arg + ext
			}
		}
		if c, ok := scenarios.Closest(arg, bundledNames()); ok {
			return c
		}
	}
	dir, base := filepath.Split(arg)
	stem := strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	if _, ok := scenarios.Source(stem); ok && dir == "" {
		return stem + " (the bundled scenario)"
	}
	var files []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, f := range m {
			files = append(files, filepath.Base(f))
		}
	}
	if c, ok := scenarios.Closest(base, files); ok {
		return dir + c
	}
	if c, ok := scenarios.Closest(stem, files); ok {
		return dir + c
	}
	return ""
}
