package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
)

// setWeights lists the weights a rerun must set: every weight whose value
// differs from what the scenario alone gives (its own override, or the
// model's default), in WeightSpecs order. A weight the scenario makes
// uncertain counts as set when it was changed.
func (st *state) setWeights(changes map[string]float64) []model.WeightSpec {
	w := st.weights(changes)
	var out []model.WeightSpec
	for _, s := range model.WeightSpecs {
		ref := s.Default
		if v, ok := st.sc.Weights[s.Key]; ok {
			ref = v
		}
		_, changed := changes[model.WeightPathPrefix+s.Key]
		c := st.byID[model.WeightPathPrefix+s.Key]
		if s.Get(&w) != ref || (changed && c != nil && c.Dist != "") {
			out = append(out, s)
		}
	}
	return out
}

func (st *state) driversChanged(changes map[string]float64) bool {
	for id := range changes {
		if c := st.byID[id]; c != nil && c.Kind != "weight" {
			return true
		}
	}
	return false
}

// rerun is the command that repeats the page's current run, and a note on
// what it needs.
func (st *state) rerun(changes map[string]float64, draws int64, seed uint64) (string, string) {
	arg, note := st.arg, ""
	if st.driversChanged(changes) {
		arg = st.save
		note = fmt.Sprintf("Drivers changed: the command runs %s, which \"Save as scenario\" writes.", st.save)
	}
	parts := []string{"alliancesim", "run", shellQuote(arg), "--draws", strconv.FormatInt(draws, 10), "--seed", strconv.FormatUint(seed, 10), "--sampler", "mc"}
	w := st.weights(changes)
	for _, s := range st.setWeights(changes) {
		parts = append(parts, "--set", "weights."+s.Key+"="+format.Exact(s.Get(&w)))
	}
	return strings.Join(parts, " "), note
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:=+-]+$`)

func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// configFile is the text of alliancesim.yaml for the changes: a weights:
// block in the tool's config format (docs/cli.md, Settings) with every
// weight the rerun line sets, each with its default and range, and the
// run settings that reproduce the page as a comment.
func (s *server) configFile(st *state, changes map[string]float64, draws int64) ([]byte, []string) {
	var b bytes.Buffer
	var warnings []string
	w := st.weights(changes)
	ver := ""
	if s.version != "" {
		ver = " " + s.version
	}
	fmt.Fprintf(&b, "# alliancesim.yaml: weights chosen in `alliancesim serve`%s on scenario %s.\n", ver, st.sc.Name)
	b.WriteString("# `alliancesim config` lists every key, its value and where the value came from;\n")
	b.WriteString("# docs/model.md, section 10, gives each weight's meaning, range and source.\n")
	fmt.Fprintf(&b, "# The page's numbers came from %d draws with seed %d:\n", draws, s.seed)
	fmt.Fprintf(&b, "#   alliancesim run %s --draws %d --seed %d\n", shellQuote(st.arg), draws, s.seed)
	if st.driversChanged(changes) {
		fmt.Fprintf(&b, "# Drivers were changed too: they are not settings; \"Save as scenario\" writes them to %s.\n", st.save)
		warnings = append(warnings, "drivers are not settings: save them with \"Save as scenario\"")
	}
	set := st.setWeights(changes)
	if len(set) == 0 {
		b.WriteString("\n# No weight differs from its default.\nweights: {}\n")
		return b.Bytes(), warnings
	}
	b.WriteString("\nweights:\n")
	for _, sp := range set {
		line := fmt.Sprintf("  %s: %s", sp.Key, format.Exact(sp.Get(&w)))
		comment := fmt.Sprintf("# default %s; range %s to %s", format.Exact(sp.Default), format.Exact(sp.Min), format.Exact(sp.Max))
		if _, ok := st.sc.Weights[sp.Key]; ok {
			comment += fmt.Sprintf("; scenario %s sets its own value, which wins over this file (use --set)", st.sc.Name)
			warnings = append(warnings, fmt.Sprintf("scenario %s sets weights.%s itself, which takes precedence over a config file: use the rerun command's --set", st.sc.Name, sp.Key))
		}
		fmt.Fprintf(&b, "%-42s%s\n", line, comment)
	}
	return b.Bytes(), warnings
}

// saveResponse is the body of a successful save.
type saveResponse struct {
	Path     string   `json:"path"`
	Bytes    int      `json:"bytes"`
	Replaced bool     `json:"replaced"`
	Warnings []string `json:"warnings,omitempty"`
	Text     string   `json:"text"`
	Rerun    string   `json:"rerun"`
}

func (s *server) handleSaveConfig(w http.ResponseWriter, r *http.Request) {
	req, st, ok := s.decode(w, r)
	if !ok {
		return
	}
	changes := st.effective(req.Changes)
	data, warnings := s.configFile(st, changes, req.Draws)
	// The file must read back as the CLI reads it.
	if _, _, err := scenarios.ConfigWeights(s.configPath, data); err != nil {
		writeError(w, http.StatusInternalServerError, apiError{Error: "the config file would not load: " + err.Error()})
		return
	}
	s.save(w, s.configPath, data, req, warnings, st, changes)
}

func (s *server) handleSaveScenario(w http.ResponseWriter, r *http.Request) {
	req, st, ok := s.decode(w, r)
	if !ok {
		return
	}
	changes := st.effective(req.Changes)
	data, warnings, err := st.scenarioFile(changes)
	if err != nil {
		writeError(w, http.StatusInternalServerError, apiError{Error: err.Error()})
		return
	}
	if w := st.setWeights(changes); len(w) > 0 {
		warnings = append(warnings, "weights are not part of the scenario file: save them with \"Save as alliancesim.yaml\" or use the rerun command")
	}
	s.save(w, st.save, data, req, warnings, st, changes)
}

// save writes data to path atomically, refusing to replace an existing
// file unless the request confirms it.
func (s *server) save(w http.ResponseWriter, path string, data []byte, req *request, warnings []string, st *state, changes map[string]float64) {
	info, err := os.Lstat(path)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		writeError(w, http.StatusInternalServerError, apiError{Error: err.Error(), Path: path})
		return
	}
	if exists && !info.Mode().IsRegular() {
		writeError(w, http.StatusConflict, apiError{Error: path + " exists and is not a regular file; it is left alone", Path: path})
		return
	}
	if exists && !req.Overwrite {
		writeError(w, http.StatusConflict, apiError{Error: path + " already exists: replace it?", Exists: true, Path: path})
		return
	}
	if err := results.WriteFile(path, data); err != nil {
		writeError(w, http.StatusInternalServerError, apiError{Error: err.Error(), Path: path})
		return
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	rerun, _ := st.rerun(changes, req.Draws, s.seed)
	writeJSON(w, http.StatusOK, saveResponse{Path: abs, Bytes: len(data), Replaced: exists, Warnings: warnings, Text: string(data), Rerun: rerun})
}

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// savedName is the scenario name of the saved file: its file name when
// that is a valid name, else "<name>-edited".
func (st *state) savedName() string {
	n := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(st.save), ".yaml"), ".yml")
	if nameRe.MatchString(n) && len(n) <= scenarios.MaxNameLen {
		return n
	}
	n = st.sc.Name + "-edited"
	if len(n) > scenarios.MaxNameLen {
		n = n[len(n)-scenarios.MaxNameLen:]
	}
	return n
}

// scenarioFile is the scenario with the changed drivers fixed: the
// original file's text with each changed value replaced, or, when there is
// no file or the edit does not load back as intended, a minimal file
// built from the model. Either way it has been loaded with
// scenarios.LoadBytes and checked.
func (st *state) scenarioFile(changes map[string]float64) ([]byte, []string, error) {
	name := st.savedName()
	var drivers = map[string]float64{}
	for id, v := range changes {
		if c := st.byID[id]; c != nil && c.Kind != "weight" {
			drivers[id] = v
		}
	}
	var warnings []string
	if l := st.opt.Loaded; l != nil && len(l.Source) > 0 {
		text, err := editScenario(l.Source, name, drivers, st.byID)
		if err == nil {
			if err = checkSaved(text, name, drivers); err == nil {
				return text, nil, nil
			}
		}
		warnings = append(warnings, "the original file could not be edited in place ("+err.Error()+"); wrote a minimal file instead")
	}
	text := minimalScenario(st.sc, name, drivers)
	if err := checkSaved(text, name, drivers); err != nil {
		return nil, nil, fmt.Errorf("cannot write a valid scenario file: %w", err)
	}
	return text, warnings, nil
}

// checkSaved loads text as the CLI would and checks that every changed
// driver reads back fixed at its value.
func checkSaved(text []byte, name string, drivers map[string]float64) error {
	l, err := scenarios.LoadBytes(name+".yaml", text)
	if err != nil {
		return err
	}
	if l.Scenario.Name != name {
		return fmt.Errorf("the name reads back as %q, not %q", l.Scenario.Name, name)
	}
	for id, v := range drivers {
		ok := false
		for _, in := range l.Scenario.Inputs {
			if in.Path == id && in.Fixed && in.Dist.Quantile(0.5) == v {
				ok = true
			}
		}
		if !ok {
			return fmt.Errorf("%s does not read back as the fixed value %s", id, format.Exact(v))
		}
	}
	return nil
}

// fixedValue is the YAML of a driver fixed at v, keeping the original's
// sources and saying what it replaced.
func fixedValue(v float64, c *control) string {
	var parts []string
	parts = append(parts, "fixed: "+format.Exact(v))
	if c != nil && c.Source != "" {
		parts = append(parts, "sources: "+yamlString(c.Source))
	}
	was := "was " + format.Exact(c.Start)
	if c.Dist != "" {
		was = "was " + c.Dist
	}
	parts = append(parts, "note: "+yamlString("set in alliancesim serve; "+was))
	return "{" + strings.Join(parts, ", ") + "}"
}

// yamlString quotes s as a YAML double-quoted scalar (JSON's escapes are
// YAML's).
func yamlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSpace(b.String())
}

// editScenario replaces, in the scenario file src, the name and the value
// of every changed driver (an actor's, the dyad's or an event's
// probability) with a fixed value. It works on lines: it finds each key
// by the structure of the file (actors by id, events by name) and replaces
// its value, whether written on the key's line (a number or a flow
// mapping, possibly continued on the next lines) or as a block below it.
// A driver the file leaves out is added to its block.
func editScenario(src []byte, name string, drivers map[string]float64, controls map[string]*control) ([]byte, error) {
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	ix := indexScenario(lines)
	if ix.name < 0 {
		return nil, errors.New("no top-level name: line")
	}
	edits := []lineEdit{{from: ix.name, to: ix.name, text: []string{"name: " + name}}}
	for _, id := range sortedKeys(drivers) {
		value := fixedValue(drivers[id], controls[id])
		if at, ok := ix.keys[id]; ok {
			e, err := valueEdit(lines, at, value)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			edits = append(edits, e)
			continue
		}
		dot := strings.LastIndex(id, ".")
		ins, ok := ix.insert[id[:dot]]
		if !ok {
			return nil, fmt.Errorf("cannot find where %s goes", id)
		}
		edits = append(edits, lineEdit{from: ins.line + 1, to: ins.line, text: []string{ins.indent + id[dot+1:] + ": " + value}})
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	for i := 1; i < len(edits); i++ {
		if edits[i].to >= edits[i-1].from {
			return nil, errors.New("overlapping edits")
		}
	}
	for _, e := range edits {
		tail := append([]string(nil), lines[e.to+1:]...)
		lines = append(append(lines[:e.from], e.text...), tail...)
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// lineEdit replaces lines from..to (inclusive; to = from-1 inserts) with text.
type lineEdit struct {
	from, to int
	text     []string
}

// keyAt is a key's position: its line and the column where the key starts.
type keyAt struct {
	line, indent int
}

// insertAt is where to add a missing key in a block: after line, with
// indent.
type insertAt struct {
	line   int
	indent string
}

type scenarioIndex struct {
	name   int
	keys   map[string]keyAt    // "russia.threat", "dyad.treaty", "events.x.probability"
	insert map[string]insertAt // "russia" (after its drivers: line), "dyad"
}

var keyLineRe = regexp.MustCompile(`^(\s*)(- )?([a-z_][a-z0-9_]*):(\s|$)`)

// indexScenario finds the keys of a scenario file written in the block
// style of the bundled files: top-level keys at column 0, actors and
// events as block sequences of mappings, drivers as block mappings.
// Anything else is not found, and the caller writes a minimal file.
func indexScenario(lines []string) scenarioIndex {
	ix := scenarioIndex{name: -1, keys: map[string]keyAt{}, insert: map[string]insertAt{}}
	top := ""
	itemIndent := -1 // indent of the keys of the current sequence item
	itemID := ""     // the current actor's id or event's name
	var itemKeys map[string]keyAt
	var driversAt *insertAt
	inDrivers, driversIndent, dyadIndent := false, -1, -1
	flush := func() {
		if itemID != "" {
			for k, at := range itemKeys {
				switch top {
				case "actors":
					ix.keys[itemID+"."+k] = at
				case "events":
					if k == "probability" {
						ix.keys["events."+itemID+".probability"] = at
					}
				}
			}
			if top == "actors" && driversAt != nil {
				ix.insert[itemID] = *driversAt
			}
		}
		itemKeys, itemID, driversAt, inDrivers = map[string]keyAt{}, "", nil, false
	}
	for i, ln := range lines {
		trimmed := strings.TrimSpace(ln)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		m := keyLineRe.FindStringSubmatch(ln)
		if !strings.HasPrefix(ln, " ") && !strings.HasPrefix(ln, "-") {
			flush()
			top = ""
			if m != nil {
				top = m[3]
				switch top {
				case "name":
					ix.name = i
				case "dyad":
					ix.insert["dyad"] = insertAt{line: i, indent: "  "}
					dyadIndent = -1
				}
			}
			continue
		}
		if m == nil {
			continue
		}
		keyCol := len(m[1]) + len(m[2])
		val := strings.TrimSpace(ln[len(m[0]):])
		switch top {
		case "dyad":
			if dyadIndent < 0 {
				dyadIndent = keyCol
				at := ix.insert["dyad"]
				at.indent = strings.Repeat(" ", keyCol)
				ix.insert["dyad"] = at
			}
			if keyCol == dyadIndent && m[2] == "" {
				ix.keys["dyad."+m[3]] = keyAt{line: i, indent: keyCol}
			}
		case "actors", "events":
			if m[2] != "" { // "- key:" starts an item
				flush()
				itemIndent = keyCol
			}
			if keyCol == itemIndent {
				inDrivers = false
				switch {
				case m[3] == "id" && top == "actors", m[3] == "name" && top == "events":
					itemID = strings.Trim(stripComment(val), `"'`)
				case m[3] == "drivers" && top == "actors" && (val == "" || strings.HasPrefix(val, "#")):
					inDrivers, driversIndent = true, -1
					driversAt = &insertAt{line: i, indent: strings.Repeat(" ", keyCol+2)}
				case m[3] == "probability" && top == "events":
					itemKeys["probability"] = keyAt{line: i, indent: keyCol}
				}
				continue
			}
			if inDrivers && keyCol > itemIndent && m[2] == "" {
				if driversIndent < 0 {
					driversIndent = keyCol
					driversAt.indent = strings.Repeat(" ", keyCol)
				}
				if keyCol == driversIndent {
					itemKeys[m[3]] = keyAt{line: i, indent: keyCol}
				}
			}
		}
	}
	flush()
	return ix
}

// stripComment drops a trailing " # comment" from a plain scalar.
func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// valueEdit is the edit that puts text in place of the value of the key
// at k: the rest of the key's line (a plain scalar, or a flow collection
// matched bracket by bracket, over several lines if need be; a trailing
// comment stays), or the more-indented block below the key.
func valueEdit(lines []string, k keyAt, text string) (lineEdit, error) {
	ln := lines[k.line]
	m := keyLineRe.FindStringSubmatchIndex(ln)
	if m == nil {
		return lineEdit{}, errors.New("key line not found")
	}
	head := ln[:m[7]+1] // through the colon
	val := strings.TrimLeft(ln[len(head):], " \t")
	if val == "" || strings.HasPrefix(val, "#") {
		// A block value: the following lines indented deeper than the key,
		// without the blank and comment lines that end it.
		end := k.line
		for i := k.line + 1; i < len(lines); i++ {
			t := strings.TrimSpace(lines[i])
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			if len(lines[i])-len(strings.TrimLeft(lines[i], " ")) <= k.indent {
				break
			}
			end = i
		}
		if end == k.line {
			return lineEdit{}, errors.New("empty value")
		}
		return lineEdit{from: k.line, to: end, text: []string{head + " " + text}}, nil
	}
	if val[0] == '{' || val[0] == '[' {
		depth, line, col := 0, k.line, len(ln)-len(val)
		var quote byte
		for line < len(lines) && line <= k.line+50 {
			s := lines[line]
			for ; col < len(s); col++ {
				ch := s[col]
				switch {
				case quote == '"' && ch == '\\':
					col++
				case quote != 0:
					if ch == quote {
						if quote == '\'' && col+1 < len(s) && s[col+1] == '\'' {
							col++
						} else {
							quote = 0
						}
					}
				case ch == '"' || ch == '\'':
					quote = ch
				case ch == '{' || ch == '[':
					depth++
				case ch == '}' || ch == ']':
					depth--
					if depth == 0 {
						return lineEdit{from: k.line, to: line, text: []string{head + " " + text + s[col+1:]}}, nil
					}
				}
			}
			line++
			col = 0
		}
		return lineEdit{}, errors.New("unbalanced brackets")
	}
	tail := ""
	if i := strings.Index(val, " #"); i >= 0 {
		tail = "  " + strings.TrimSpace(val[i:])
	}
	return lineEdit{from: k.line, to: k.line, text: []string{head + " " + text + tail}}, nil
}

// minimalScenario writes a scenario file from the model: every driver and
// event probability with its distribution when that can be written back
// (pert, uniform, triangular, beta, normal, lognormal, bernoulli), else
// its median as a fixed value, noted.
func minimalScenario(sc *model.Scenario, name string, drivers map[string]float64) []byte {
	var b bytes.Buffer
	inputs := map[string]model.Input{}
	for _, in := range sc.Inputs {
		inputs[in.Path] = in
	}
	value := func(path string, def float64) string {
		if v, ok := drivers[path]; ok {
			return fmt.Sprintf("{fixed: %s, note: %s}", format.Exact(v), yamlString("set in alliancesim serve"))
		}
		in, ok := inputs[path]
		if !ok || in.Dist == nil {
			return format.Exact(def)
		}
		src := ""
		if len(in.Sources) > 0 {
			var qs []string
			for _, s := range in.Sources {
				qs = append(qs, yamlString(s))
			}
			src = ", sources: [" + strings.Join(qs, ", ") + "]"
		}
		med := in.Dist.Quantile(0.5)
		if in.Fixed {
			return fmt.Sprintf("{fixed: %s%s}", format.Exact(med), src)
		}
		if y, ok := distYAML(in.Dist.String()); ok {
			return "{" + y + src + "}"
		}
		return fmt.Sprintf("{fixed: %s%s, note: %s}", format.Exact(med), src, yamlString("median of "+in.Dist.String()))
	}
	fmt.Fprintf(&b, "# %s: written by alliancesim serve from scenario %s.\n", name, sc.Name)
	fmt.Fprintf(&b, "name: %s\n", name)
	desc := sc.Description
	if desc == "" {
		desc = "Scenario " + sc.Name + " with drivers changed in alliancesim serve."
	}
	fmt.Fprintf(&b, "description: %s\n", yamlString(desc))
	fmt.Fprintf(&b, "start_year: %d\nhorizon_years: %d\ninitial_state: %s\n", sc.StartYear, sc.HorizonYears, sc.InitialState.Key())
	fmt.Fprintf(&b, "rival: {id: %s, name: %s}\n", sc.Rival.ID, yamlString(sc.Rival.Name))
	b.WriteString("actors:\n")
	for _, a := range sc.Actors {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    drivers:\n", a.ID, yamlString(a.Name))
		for _, s := range model.DriverSpecs {
			if s.Actor {
				fmt.Fprintf(&b, "      %s: %s\n", s.Key, value(a.ID+"."+s.Key, s.Default))
			}
		}
	}
	b.WriteString("dyad:\n")
	for _, s := range model.DriverSpecs {
		if !s.Actor {
			fmt.Fprintf(&b, "  %s: %s\n", s.Key, value("dyad."+s.Key, s.DefaultFor(sc.StartYear)))
		}
	}
	if len(sc.DecisionYears) > 0 {
		var ys []string
		for _, y := range sc.DecisionYears {
			ys = append(ys, strconv.Itoa(y))
		}
		fmt.Fprintf(&b, "  decision_years: [%s]\n", strings.Join(ys, ", "))
	}
	if len(sc.Events) > 0 {
		b.WriteString("events:\n")
		for _, e := range sc.Events {
			fmt.Fprintf(&b, "  - name: %s\n    description: %s\n", e.Name, yamlString(e.Description))
			fmt.Fprintf(&b, "    probability: %s\n", value("events."+e.Name+".probability", 0))
			if e.From != 0 || e.To != 0 {
				from, to := e.From, e.To
				if from == 0 {
					from = sc.StartYear
				}
				if to == 0 {
					to = scenarios.MaxYear
				}
				fmt.Fprintf(&b, "    window: [%d, %d]\n", from, to)
			}
			fmt.Fprintf(&b, "    decay: %s\n    once: %t\n", format.Exact(e.Decay), e.Once)
			if len(e.Effects) > 0 {
				b.WriteString("    effects:\n")
				for _, f := range e.Effects {
					fmt.Fprintf(&b, "      %s: %s\n", f.Target, format.Exact(f.Delta))
				}
			}
		}
	}
	if len(sc.Weights) > 0 {
		b.WriteString("weights:\n")
		for _, s := range model.WeightSpecs {
			if v, ok := sc.Weights[s.Key]; ok {
				fmt.Fprintf(&b, "  %s: %s\n", s.Key, format.Exact(v))
			}
		}
	}
	return b.Bytes()
}

var distRe = regexp.MustCompile(`^(pert|uniform|triangular|beta|normal|lognormal|bernoulli)\(([-+0-9.eE, ]+)\)$`)

// distYAML turns a distribution's String form back into scenario syntax,
// for the kinds whose String carries every parameter.
func distYAML(s string) (string, bool) {
	m := distRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	var xs []float64
	for _, f := range strings.Split(m[2], ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsNaN(x) {
			return "", false
		}
		xs = append(xs, x)
	}
	list := func() string {
		var ps []string
		for _, x := range xs {
			ps = append(ps, format.Exact(x))
		}
		return "[" + strings.Join(ps, ", ") + "]"
	}
	switch {
	case (m[1] == "pert" || m[1] == "triangular") && len(xs) == 3, (m[1] == "uniform" || m[1] == "beta") && len(xs) == 2:
		return m[1] + ": " + list(), true
	case m[1] == "normal" && len(xs) == 2:
		return fmt.Sprintf("normal: {mean: %s, sd: %s}", format.Exact(xs[0]), format.Exact(xs[1])), true
	case m[1] == "lognormal" && len(xs) == 2:
		return fmt.Sprintf("lognormal: {mu: %s, sigma: %s}", format.Exact(xs[0]), format.Exact(xs[1])), true
	case m[1] == "bernoulli" && len(xs) == 1:
		return "bernoulli: " + format.Exact(xs[0]), true
	}
	return "", false
}
