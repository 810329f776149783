package scenarios

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/bad")

// TestBadFiles loads every testdata/bad/*.yaml and compares the full error
// text with testdata/bad/*.golden. Run `go test ./scenarios -update` to
// rewrite the golden files after a deliberate change of wording, and read
// the diff.
func TestBadFiles(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("only %d bad files", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			l, err := Load(filepath.ToSlash(file))
			if err == nil {
				t.Fatalf("Load(%s) succeeded: %+v", file, l.Scenario)
			}
			if !IsInvalid(err) {
				t.Fatalf("Load(%s): %v is not an invalid-content error", file, err)
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Load(%s): %T, want a non-empty ErrorList", file, err)
			}
			for i, e := range list {
				if e.Msg == "" || e.File != filepath.ToSlash(file) {
					t.Errorf("error %d has no message or the wrong file: %#v", i, e)
				}
				if e.Line == 0 {
					t.Errorf("error %d has no line: %v", i, e)
				}
				if i > 0 && (list[i-1].Line > e.Line || list[i-1].Line == e.Line && list[i-1].Column > e.Column) {
					t.Errorf("errors not sorted by position: %v before %v", list[i-1], e)
				}
				if strings.Contains(e.Msg, "internal error") {
					t.Errorf("internal error: %v", e)
				}
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./scenarios -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("error text differs from %s\n--- got:\n%s--- want:\n%s", golden, got, want)
			}
		})
	}
}

// TestBadFilesMention checks, independently of the golden files, that each
// bad file's errors say what its first comment line promises.
func TestBadFilesMention(t *testing.T) {
	t.Parallel()
	for _, test := range []struct{ file, want string }{
		{"unknown-top-key", `unknown key "horizon"`},
		{"unknown-top-key", "did you mean horizon_years?"},
		{"driver-typo", "did you mean threat?"},
		{"nan", "NaN"},
		{"inf", "infinity"},
		{"string-for-number", `remove the quotes`},
		{"string-for-number", `70% is 0.7`},
		{"string-for-number", `use a decimal point, not a comma: 0.4`},
		{"beta-negative", "beta[0]: alpha: must be greater than 0 (got -1)"},
		{"sd-zero", "normal.sd: must be greater than 0 (got 0)"},
		{"pert-mode-outside", "pert[1]: mode: 0.95 lies outside [lo, hi]"},
		{"triangular-lo-gt-hi", "triangular[2]: hi: must be greater than lo"},
		{"duplicate-key", `duplicate key "threat" (first given at line 12)`},
		{"three-actors", "exactly 2 actors, found 3"},
		{"unknown-state", "did you mean entente?"},
		{"unknown-effect-target", "did you mean china.pressure?"},
		{"duplicate-event", `duplicate event name "taiwan_crisis"`},
		{"window-reversed", "ends (2027) before it starts (2036)"},
		{"weight-out-of-range", "weights.junior_partner: 12 is outside the allowed range [0, 10]"},
		{"unknown-weight", "did you mean junior_partner?"},
		{"value-outside-range", "1.5 is outside the allowed range [0, 1]"},
		{"value-outside-range", "uniform(2, 3) lies outside the allowed range [0, 1]"},
		{"missing-required", "missing required key start_year"},
		{"missing-required", "actors[1]: missing required key id"},
		{"bad-indentation", "YAML syntax error"},
		{"empty", "the file is empty"},
		{"tabs", "tab character"},
		{"choice-mismatched-weights", "has 2 entries but values has 3"},
		{"colon-in-description", `put the text in double quotes: description: "Russia weakened`},
		{"misplaced-driver", "treaty is a driver of the pair: put it under dyad:"},
		{"misplaced-driver", "threat is a driver of each actor"},
		{"two-documents", "a second YAML document"},
		{"alias-and-tag", "unknown alias *undefined"},
		{"alias-and-tag", "YAML tags such as !!float are not supported"},
		{"two-distributions", "two distributions given (beta and uniform)"},
		{"two-distributions", "no distribution given"},
		{"truncation-no-mass", "keep less than 0.01% of normal(0, 0.01)"},
		{"float-for-int", "expected a whole number, got 2027.5"},
		{"map-where-list", "expected a list, got a mapping"},
		{"correlation-unknown-input", "did you mean russia.threat?"},
		{"correlation-fixed-input", "russia.pressure is a fixed value (0.7, line 13)"},
		{"correlation-fixed-input", "china.growth is not given in this file, so it is fixed at its default (0)"},
		{"correlation-duplicate", "is given twice (first at line 26)"},
		{"correlation-duplicate", "russia.threat is paired with itself"},
		{"correlation-malformed", "rank correlation 1 must lie strictly between -1 and 1"},
		{"correlation-malformed", "missing required key rank"},
		{"correlation-not-positive-definite", "25:1: correlations: these correlations cannot hold together: the matrix is not positive definite; weaken some of them"},
		{"correlation-not-positive-definite", "[china.threat, events.taiwan_crisis.probability, -0.9] (line 28)"},
		{"weight-uncertain-problems", "threshold_entente is a threshold of the state ladder and cannot be uncertain"},
		{"weight-uncertain-problems", "weights.junior_partner: uniform(12, 15) lies outside the allowed range [0, 10]"},
		{"weight-uncertain-problems", "weights.bias: 11 is outside the allowed range"},
	} {
		_, err := Load(filepath.Join("testdata", "bad", test.file+".yaml"))
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: error %v\ndoes not contain %q", test.file, err, test.want)
		}
	}
}

// TestGoodFile checks the scenario testdata/good.yaml gives, field by field.
func TestGoodFile(t *testing.T) {
	t.Parallel()
	l, err := Load("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc := l.Scenario
	if l.File != "testdata/good.yaml" || len(l.SHA256) != 64 || len(l.Source) == 0 {
		t.Errorf("Loaded: file %q, sha %q, %d bytes", l.File, l.SHA256, len(l.Source))
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	check("Name", sc.Name, "good-test")
	check("Description", sc.Description, "Every feature of the scenario format, for the loader's tests.")
	check("StartYear", sc.StartYear, 2027)
	check("HorizonYears", sc.HorizonYears, 12)
	check("InitialState", sc.InitialState, model.TreatyPartnership)
	check("Rival", sc.Rival, model.ActorInfo{ID: "us", Name: "United States"})
	check("Actors", sc.Actors, [2]model.ActorInfo{{ID: "russia", Name: "Russia"}, {ID: "china", Name: "China"}})
	check("DecisionYears", sc.DecisionYears, []int{2027, 2032})
	check("Weights", sc.Weights, map[string]float64{"junior_partner": 1.2, "threshold_entente": 0.7, "bias": 0.1})
	check("Correlations", sc.Correlations, []model.Correlation{
		{A: "russia.threat", B: "china.threat", Rank: 0.6, Line: 61},
		{A: "china.threat", B: "weights.disorder_gap", Rank: -0.3, Sources: []string{"expert judgement"}, Line: 62},
	})
	check("Sources", sc.Sources, []string{"Seed article (2021)", "Domain research"})

	if len(sc.Events) != 2 {
		t.Fatalf("%d events, want 2", len(sc.Events))
	}
	e := sc.Events[0]
	check("Events[0].Name", e.Name, "taiwan_crisis")
	check("Events[0].Description", e.Description, "A military crisis over Taiwan that draws in the US.")
	check("Events[0].window", [2]int{e.From, e.To}, [2]int{2028, 2036})
	check("Events[0].Decay", e.Decay, 0.6)
	check("Events[0].Once", e.Once, false)
	var targets []string
	var deltas []float64
	for _, ef := range e.Effects {
		targets = append(targets, ef.Target)
		deltas = append(deltas, ef.Delta)
	}
	check("Events[0] targets", targets, []string{"china.pressure", "russia.consent", "dyad.treaty", "latent"})
	check("Events[0] deltas", deltas, []float64{0.3, -0.2, 0.1, 0.4})
	e = sc.Events[1]
	check("Events[1]", [5]any{e.Name, e.From, e.To, e.Decay, e.Once}, [5]any{"treaty_lapse", 0, 0, 0.5, true})

	// Every driver of both actors and the dyad, in DriverSpecs order, then
	// the event probabilities.
	var paths []string
	for _, a := range []string{"russia", "china"} {
		for _, k := range model.DriverKeys(true) {
			paths = append(paths, a+"."+k)
		}
	}
	for _, k := range model.DriverKeys(false) {
		paths = append(paths, "dyad."+k)
	}
	paths = append(paths, "events.taiwan_crisis.probability", "events.treaty_lapse.probability", "weights.disorder_gap")
	var got []string
	byPath := map[string]model.Input{}
	for _, in := range sc.Inputs {
		got = append(got, in.Path)
		byPath[in.Path] = in
	}
	check("input paths", got, paths)

	for _, test := range []struct {
		path    string
		dist    string
		fixed   bool
		line    int
		sources []string
	}{
		{"russia.threat", "beta(8, 3)", false, 13, []string{"Walt 1987"}},
		{"russia.pressure", "fixed(0.7)", true, 14, nil},
		{"russia.capability", "fixed(0.038)", true, 15, nil},
		{"russia.growth", "normal(-0.005, 0.01)", false, 16, []string{"Single source as text"}},
		{"russia.disorder_appetite", "pert(0.6, 0.8, 0.95)", false, 19, nil},
		{"russia.autonomy_value", "triangular(0.5, 1, 1.5)", false, 20, nil},
		{"russia.self_sufficiency", "ci90[0.7, 0.95]", false, 21, nil},
		{"russia.doctrine", "bernoulli(0.2)", false, 22, nil},
		{"russia.doctrine_hazard", "fixed(0)", true, 0, nil},
		{"china.threat", "uniform(0.5, 0.9)", false, 27, nil},
		{"china.pressure", "uniform(0.5, 0.9)", false, 28, nil},
		{"china.capability", "lognormal(-1.5, 0.1)", false, 29, nil},
		{"china.growth", "fixed(0)", true, 0, nil},
		{"china.doctrine", "choice([0.5, 0.9, 1], weights [1, 2, 1])", false, 30, nil},
		{"china.doctrine_hazard", "ci90[0, 0.02] truncated to [0, 1]", false, 31, nil},
		{"china.self_sufficiency", "normal(0.7, 0.1) truncated to [0, 1]", false, 32, nil},
		{"china.disorder_appetite", "choice([0.2, 0.3])", false, 33, nil},
		{"china.autonomy_value", "fixed(1)", true, 0, nil},
		{"dyad.interdependence", "uniform(0.3, 0.6)", false, 35, nil},
		{"dyad.regime_similarity", "fixed(0.9)", true, 36, nil},
		{"dyad.treaty", "fixed(1)", true, 37, nil},
		{"events.taiwan_crisis.probability", "beta(2, 40)", false, 42, []string{"shock rates", "event source"}},
		{"events.treaty_lapse.probability", "fixed(0.05)", true, 52, nil},
		{"weights.disorder_gap", "pert(1, 1.5, 2.2)", false, 58, []string{"Snyder 1984"}},
	} {
		in, ok := byPath[test.path]
		if !ok {
			t.Errorf("no input %s", test.path)
			continue
		}
		if in.Dist == nil || in.Dist.String() != test.dist || in.Fixed != test.fixed || in.Line != test.line || !slices.Equal(in.Sources, test.sources) {
			t.Errorf("%s: dist %v fixed %v line %d sources %q; want %s %v %d %q", test.path, in.Dist, in.Fixed, in.Line, in.Sources,
				test.dist, test.fixed, test.line, test.sources)
		}
		if _, isFixed := sim.IsFixed(in.Dist); isFixed != in.Fixed {
			t.Errorf("%s: Fixed %v but sim.IsFixed %v", test.path, in.Fixed, isFixed)
		}
	}
	// The defaults are the specs'.
	spec, _ := model.LookupDriver("autonomy_value")
	if v, _ := sim.IsFixed(byPath["china.autonomy_value"].Dist); v != spec.Default {
		t.Errorf("china.autonomy_value default %v, want %v", v, spec.Default)
	}
	// The scenario is compiled: Resolve works for every input.
	for _, in := range sc.Inputs {
		if _, err := sc.Resolve(in.Path); err != nil {
			t.Errorf("Resolve(%s): %v", in.Path, err)
		}
	}
}

// The good file's correlations and uncertain weight run: the achieved
// rank correlations come within 0.03 of the targets (20,000 draws give a
// standard error of about 0.005 at 0.6, and 0.007 at -0.3).
func TestGoodFileRuns(t *testing.T) {
	t.Parallel()
	l, err := Load("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := model.DefaultWeights()
	rec := &sim.Records{}
	r, err := sim.Run(context.Background(), l.Scenario, &w, sim.Plan{Draws: 20_000, Seed: 1, Records: rec})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Correlations) != 2 {
		t.Fatalf("achieved correlations %+v, want 2", r.Correlations)
	}
	for _, c := range r.Correlations {
		if math.Abs(c.Achieved-c.Target) > 0.03 {
			t.Errorf("%s–%s: achieved %.4f, target %v", c.A, c.B, c.Achieved, c.Target)
		}
	}
	k := slices.Index(rec.Paths, "weights.disorder_gap")
	if k < 0 {
		t.Fatalf("no weights.disorder_gap among the records' inputs %v", rec.Paths)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range rec.X {
		lo, hi = min(lo, x[k]), max(hi, x[k])
	}
	if lo < 1 || hi > 2.2 || hi-lo < 0.8 {
		t.Errorf("weights.disorder_gap drawn in [%v, %v], want most of [1, 2.2]", lo, hi)
	}
}

func TestBundled(t *testing.T) {
	t.Parallel()
	list := List()
	if len(list) == 0 {
		t.Fatal("no bundled scenarios")
	}
	if !slices.IsSortedFunc(list, func(a, b Info) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("List() not sorted: %v", list)
	}
	for _, in := range list {
		l, err := Open(in.Name)
		if err != nil {
			t.Errorf("bundled scenario %s does not load:\n%v", in.Name, err)
			continue
		}
		if l.File != "bundled:"+in.Name {
			t.Errorf("%s: File = %q", in.Name, l.File)
		}
		if l.Scenario.Name != in.Name {
			t.Errorf("%s.yaml: name: %q; the name should match the file name, which is what `alliancesim run` takes", in.Name, l.Scenario.Name)
		}
		if in.Description == "" || in.Description != l.Scenario.Description {
			t.Errorf("%s: List description %q, scenario description %q", in.Name, in.Description, l.Scenario.Description)
		}
		src, ok := Source(in.Name)
		if !ok || string(src) != string(l.Source) {
			t.Errorf("Source(%s) = %d bytes, %v", in.Name, len(src), ok)
		}
	}
	if _, ok := Source("../load.go"); ok {
		t.Error("Source accepts a path")
	}
	if _, ok := Source("no-such-scenario"); ok {
		t.Error("Source(no-such-scenario) found something")
	}
}

func TestOpenAndLoadErrors(t *testing.T) {
	t.Parallel()
	_, err := Load("testdata/no-such-file.yaml")
	if err == nil || !errors.Is(err, fs.ErrNotExist) || IsInvalid(err) || !strings.Contains(err.Error(), "testdata/no-such-file.yaml") {
		t.Errorf("Load of a missing file: %v", err)
	}
	_, err = Open("no-such-scenario")
	if err == nil || !errors.Is(err, fs.ErrNotExist) || IsInvalid(err) {
		t.Errorf("Open of an unknown name: %v", err)
	}
	for _, in := range List() {
		if !strings.Contains(err.Error(), in.Name) {
			t.Errorf("Open error %q does not list %s", err, in.Name)
		}
	}
	_, err = Open("testdata/no-such-file.yaml")
	if err == nil || !errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), "bundled") {
		t.Errorf("Open of a missing path: %v", err)
	}
	l, err := Open("testdata/good.yaml")
	if err != nil || l.Scenario.Name != "good-test" {
		t.Errorf("Open(testdata/good.yaml) = %v, %v", l, err)
	}
	_, err = Open("testdata/bad/nan.yaml")
	if !IsInvalid(err) {
		t.Errorf("Open(bad file): %v is not invalid-content", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Line == 0 {
		t.Errorf("errors.As(*Error) on an ErrorList failed: %v", err)
	}
}

func TestLoadBytesKeepsSource(t *testing.T) {
	t.Parallel()
	src := good(t)
	l := mustLoadBytes(t, "x.yaml", src)
	src[0] = 'X'
	if l.Source[0] == 'X' {
		t.Error("Loaded.Source aliases the caller's slice")
	}
	if l.SHA256 != "" && l.SHA256 == strings.Repeat("0", 64) {
		t.Error("bad SHA256")
	}
}

// TestCRLFAndBOM checks that a file saved by a Windows editor (CRLF line
// ends, a byte-order mark) loads like the original, with the same lines.
func TestCRLFAndBOM(t *testing.T) {
	t.Parallel()
	src := good(t)
	want := mustLoadBytes(t, "good.yaml", src)
	win := append([]byte("\xef\xbb\xbf"), strings.ReplaceAll(string(src), "\n", "\r\n")...)
	got := mustLoadBytes(t, "good-windows.yaml", win)
	if len(got.Scenario.Inputs) != len(want.Scenario.Inputs) {
		t.Fatalf("%d inputs, want %d", len(got.Scenario.Inputs), len(want.Scenario.Inputs))
	}
	for i, in := range got.Scenario.Inputs {
		w := want.Scenario.Inputs[i]
		if in.Path != w.Path || in.Line != w.Line || in.Dist.String() != w.Dist.String() || !slices.Equal(in.Sources, w.Sources) {
			t.Errorf("input %d: %s line %d %v %q, want %s line %d %v %q", i, in.Path, in.Line, in.Dist, in.Sources, w.Path, w.Line, w.Dist, w.Sources)
		}
	}
	if got.Scenario.Description != want.Scenario.Description {
		t.Errorf("description %q, want %q", got.Scenario.Description, want.Scenario.Description)
	}
	bad := strings.ReplaceAll("name: x\r\nstart_year: 2027.5\r\n", "", "")
	_, err := LoadBytes("bad-windows.yaml", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), "bad-windows.yaml:2:13: start_year: expected a whole number") {
		t.Errorf("CRLF positions: %v", err)
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	e := &Error{File: "a.yaml", Line: 3, Column: 7, Path: "actors[0].id", Msg: "bad", Hint: "fix it"}
	if got, want := e.Error(), "a.yaml:3:7: actors[0].id: bad\n  hint: fix it"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &Error{File: "a.yaml", Line: 1, Column: 1, Msg: "YAML syntax error"}
	if got, want := e.Error(), "a.yaml:1:1: YAML syntax error"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	l := ErrorList{e, {File: "a.yaml", Msg: "x"}}
	if got, want := l.Error(), "a.yaml:1:1: YAML syntax error\na.yaml: x"; got != want {
		t.Errorf("ErrorList.Error() = %q, want %q", got, want)
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	keys := model.DriverKeys(true)
	for _, test := range []struct {
		key, want string
		ok        bool
	}{
		{"thret", "threat", true},
		{"Threat", "threat", true},
		{"self-sufficiency", "self_sufficiency", true},
		{"disorder", "disorder_appetite", true},
		{"capabilty", "capability", true},
		{"xyz", "", false},
		{"gdp", "", false},
	} {
		got, ok := Closest(test.key, keys)
		if got != test.want || ok != test.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", test.key, got, ok, test.want, test.ok)
		}
	}
}

func TestTextAsNumber(t *testing.T) {
	t.Parallel()
	x, _, ok := textAsNumber("99999999999999999999999", false)
	if !ok || x != 1e23 {
		t.Errorf("large integer: %v, %v", x, ok)
	}
	for _, s := range []string{"nan", "inf", "-Infinity", "0x10", "1e999"} {
		if _, _, ok := textAsNumber(s, false); ok {
			t.Errorf("textAsNumber(%q) accepted", s)
		}
	}
	if x, _, ok := textAsNumber("1e-999", false); !ok || x != 0 || math.Signbit(x) {
		t.Errorf("1e-999: %v %v", x, ok)
	}
}

// FuzzLoad checks that no input makes the loader panic (or reach the
// recover guard, which reports an "internal error"), and that every
// failure is an invalid-content error with a message.
func FuzzLoad(f *testing.F) {
	for _, dir := range []string{".", "testdata", filepath.Join("testdata", "bad")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		l, err := LoadBytes("fuzz.yaml", src)
		if err != nil {
			if !IsInvalid(err) {
				t.Fatalf("error is not invalid-content: %v", err)
			}
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("the recover guard fired: %v", err)
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("not an ErrorList: %v", err)
			}
			for _, e := range list {
				if e.Msg == "" {
					t.Fatalf("error without a message: %#v", e)
				}
				if e.Line <= 0 && !strings.Contains(e.Msg, "more problems") {
					t.Fatalf("error without a line: %v", e)
				}
			}
			return
		}
		if l == nil || l.Scenario == nil {
			t.Fatal("no error and no scenario")
		}
		for _, in := range l.Scenario.Inputs {
			if in.Dist == nil {
				t.Fatalf("input %s has no distribution", in.Path)
			}
			in.Dist.Quantile(0.5)
		}
	})
}

// minimal is a valid scenario that TestOddYAML splices odd constructs into.
const minimal = `name: odd
description: Odd YAML.
start_year: 2027
horizon_years: 5
initial_state: entente
rival: {id: us, name: United States}
actors:
  - {id: russia, name: Russia}
  - {id: china, name: China}
`

// TestOddYAML feeds constructs that a byte-level fuzzer rarely builds:
// anchors, self-referential aliases, complex keys, merge keys, tags,
// directives, block scalars. None may reach the recover guard, and every
// error must have a line.
func TestOddYAML(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		src string
		ok  bool
	}{
		{minimal, true},
		{minimal + "dyad: &d {treaty: *d}\n", false},
		{minimal + "sources: &s [*s]\n", false},
		{minimal + "dyad: &d\n", false},
		{minimal + "dyad: *d\n", false},
		{minimal + "dyad: {treaty: &t 1, interdependence: *t}\n", true},
		{minimal + "dyad: {? treaty : 1}\n", true},
		{minimal + "dyad: {[a, b]: 1}\n", false},
		{minimal + "dyad: {{a: 1}: 2}\n", false},
		{minimal + "dyad:\n  <<: {treaty: 1}\n", false},
		{minimal + "dyad: {\"\": 1}\n", false},
		{minimal + "dyad: {~: 1}\n", false},
		{minimal + "dyad: {treaty: !!binary eHl6}\n", false},
		{minimal + "dyad: !custom {treaty: 1}\n", false},
		{minimal + "events:\n  - &e {name: a, probability: 0.1}\n  - *e\n", false},
		{minimal + "events: [{name: a, probability: {beta: &ab [2, 3]}}, {name: b, probability: {beta: *ab}}]\n", true},
		{minimal + "events: []\n", true},
		{minimal + "events: {}\n", false},
		{minimal + "weights: {}\n", true},
		{minimal + "correlations: []\n", true},
		{minimal + "correlations:\n", true},
		{minimal + "correlations: {}\n", false},
		{minimal + "correlations: [[a, b]]\n", false},
		{minimal + "correlations: [[[a], {b: 1}, [0.5]]]\n", false},
		{minimal + "correlations: [{between: {a: b}, rank: 0.5}]\n", false},
		{minimal + "correlations: [[russia.threat, china.threat, .nan]]\n", false},
		{minimal + "weights: {junior_partner: {pert: [0.8, 1, 1.3]}}\ncorrelations: [[weights.junior_partner, weights.junior_partner, 0.5]]\n", false},
		{minimal + "weights: {junior_partner: {pert: [0.8, 1, 1.3]}, bias: {uniform: [-0.5, 0.5]}}\ncorrelations: [[weights.junior_partner, weights.bias, 0.5]]\n", true},
		{minimal + "weights: {junior_partner: []}\n", false},
		{minimal + "weights: {junior_partner: {fixed: 1.5}}\n", true},
		{minimal + "weights: []\n", false},
		{minimal + "sources: just one\n", true},
		{minimal + "sources: [a, 1, 2.5, true]\n", true},
		{minimal + "sources: [[a]]\n", false},
		{"%YAML 1.2\n---\n" + minimal + "...\n", true},
		{strings.Replace(minimal, "description: Odd YAML.", "description: |\n  Odd YAML,\n  in a block.", 1), true},
		{strings.Replace(minimal, "description: Odd YAML.", "description: >-\n  Odd YAML,\n  folded.", 1), true},
		{strings.Replace(minimal, "description: Odd YAML.", "description: \"Odd: YAML\"", 1), true},
		{strings.Replace(minimal, "name: odd", "name: \"\"", 1), false},
		{strings.Replace(minimal, "name: odd", "name:", 1), false},
		{strings.Replace(minimal, "start_year: 2027", "start_year: 0x7EB", 1), true},
		{strings.Replace(minimal, "start_year: 2027", "start_year: 99999999999999999999", 1), false},
		{strings.Replace(minimal, "start_year: 2027", "start_year: -99999999999", 1), false},
		{strings.Replace(minimal, "start_year: 2027", "start_year: 2027-01-01", 1), false},
		{strings.Replace(minimal, "actors:", "actors: &a", 1), true},
		{strings.Replace(minimal, "  - {id: china, name: China}", "  - *a", 1), false},
		{strings.Replace(minimal, "  - {id: china, name: China}", "  -", 1), false},
		{strings.Replace(minimal, "  - {id: russia, name: Russia}", "  - {id: russia, name: Russia, drivers: {threat: {ci90: {lo: 0.2, hi: 0.6, max: 1}}}}", 1), true},
		{strings.Replace(minimal, "  - {id: russia, name: Russia}", "  - {id: russia, name: Russia, drivers: {threat: {ci90: 0.5}}}", 1), false},
		{strings.Replace(minimal, "  - {id: russia, name: Russia}", "  - {id: russia, name: Russia, drivers: {threat: {choice: {weights: [1]}}}}", 1), false},
		{strings.Replace(minimal, "  - {id: russia, name: Russia}", "  - {id: russia, name: Russia, drivers: {threat: {choice: [1, 2]}}}", 1), false},
		{strings.Replace(minimal, "  - {id: russia, name: Russia}", "  - {id: russia, name: Russia, drivers: {threat: {beta: [1e300, 1e-300]}}}", 1), false},
		{strings.Replace(minimal, "  - {id: russia, name: Russia}", "  - {id: russia, name: Russia, drivers: {threat: {normal: {mean: 1e308, sd: 1e308}}}}", 1), false},
		{strings.Replace(minimal, "  - {id: russia, name: Russia}", "  - {id: russia, name: Russia, drivers: {threat: {uniform: [-1e9, 1e9]}}}", 1), true},
		{strings.Repeat("[", 5000) + strings.Repeat("]", 5000), false},
		{strings.Repeat("- ", 2000) + "x\n", false},
		{"name: " + strings.Repeat("x", 100000) + "\n", false},
		{"\x00\x01", false},
		{"name: \xff\n", false},
	} {
		l, err := LoadBytes("odd.yaml", []byte(test.src))
		if (err == nil) != test.ok {
			t.Errorf("LoadBytes(%q): ok = %v, want %v; error:\n%v", clip(test.src[min(len(test.src), len(minimal)):]), err == nil, test.ok, err)
		}
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) {
				t.Errorf("%T is not an ErrorList", err)
				continue
			}
			for _, e := range list {
				if e.Line <= 0 || strings.Contains(e.Msg, "internal error") {
					t.Errorf("LoadBytes(%q): %v", clip(test.src), e)
				}
			}
		} else if l.Scenario == nil {
			t.Error("nil scenario")
		}
	}
}

// TestInitialNowcast reads `initial_state: nowcast`: the scenario is
// marked to start from the nowcast, holds the entente as its one rung,
// and a near miss is refused with the new value among the suggestions.
func TestInitialNowcast(t *testing.T) {
	base, err := Open("baseline")
	if err != nil {
		t.Fatal(err)
	}
	if !base.Scenario.FromNowcast || base.Scenario.InitialState != model.Entente {
		t.Errorf("baseline: FromNowcast %v, initial state %v; want the nowcast, holding the entente", base.Scenario.FromNowcast, base.Scenario.InitialState)
	}
	src := strings.Replace(string(base.Source), "initial_state: nowcast", "initial_state: entente", 1)
	l := mustLoadBytes(t, "asserted.yaml", []byte(src))
	if l.Scenario.FromNowcast || l.Scenario.InitialState != model.Entente {
		t.Errorf("asserted: FromNowcast %v, initial state %v", l.Scenario.FromNowcast, l.Scenario.InitialState)
	}
	_, err = LoadBytes("nc.yaml", []byte(strings.Replace(string(base.Source), "initial_state: nowcast", "initial_state: nowcats", 1)))
	if err == nil || !strings.Contains(err.Error(), "nowcast") {
		t.Errorf("near miss: %v", err)
	}
	if _, err := checkCases("lib", []*Loaded{base}); err == nil || !strings.Contains(err.Error(), "cannot start from the nowcast") {
		t.Errorf("a case from the nowcast: %v", err)
	}
}

// TestEraDriversLeftOut: a file that leaves out an era driver
// (multipolarity, unipolarity) takes the coding protocol's value for its
// start year (docs/coding.md §7), not the present era's default, so that
// a case coded before the driver existed gets its date's value; a value
// the file gives wins.
func TestEraDriversLeftOut(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("holdout/china-iran-2016.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(l, "  multipolarity:") && !strings.HasPrefix(l, "  unipolarity:") {
			kept = append(kept, l)
		}
	}
	base := strings.Join(kept, "\n")
	fixedAt := func(l *Loaded, path string) float64 {
		for _, in := range l.Scenario.Inputs {
			if in.Path == path {
				return in.Dist.Quantile(0.5)
			}
		}
		t.Fatalf("no input %s", path)
		return 0
	}
	for _, tc := range []struct {
		year      string
		multi, up float64
	}{{"1938", 1, 0}, {"1950", 0, 0}, {"1991", 0, 0}, {"1992", 0.2, 1}, {"2016", 0.2, 1}} {
		text := strings.Replace(base, "start_year: 2016", "start_year: "+tc.year, 1)
		text = strings.Replace(text, "outcome: {no_pact_through: 2020}", "outcome: {no_pact_through: "+tc.year+"}", 1)
		text = strings.Replace(text, "window: [2020, 2020]", "window: ["+tc.year+", "+tc.year+"]", 1)
		l, err := LoadBytes("era.yaml", []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", tc.year, err)
		}
		if m, u := fixedAt(l, "dyad.multipolarity"), fixedAt(l, "dyad.unipolarity"); m != tc.multi || u != tc.up {
			t.Errorf("start %s: multipolarity %v, unipolarity %v; want %v, %v", tc.year, m, u, tc.multi, tc.up)
		}
	}
	given := strings.Replace(base, "  treaty:", "  unipolarity: 0.5\n  treaty:", 1)
	l := mustLoadBytes(t, "given.yaml", []byte(given))
	if u := fixedAt(l, "dyad.unipolarity"); u != 0.5 {
		t.Errorf("a given unipolarity 0.5 became %v", u)
	}
}
