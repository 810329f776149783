package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

const testHost = "127.0.0.1:4711"

// startFor is where l's runs start, as the serve command resolves it: the
// bundled record's state for a scenario from the nowcast, else nil.
func startFor(t testing.TB, l *scenarios.Loaded) *sim.StartState {
	t.Helper()
	st, err := nowcast.StartFor(context.Background(), l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// testScenario is the bundled scenario name as the serve command serves
// it: saved into dir, its runs started where startFor says.
func testScenario(t testing.TB, dir, name string) Scenario {
	t.Helper()
	l, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	return Scenario{Loaded: l, SavePath: filepath.Join(dir, name+"-edited.yaml"), Start: startFor(t, l)}
}

func testServer(t testing.TB, draws int64, names ...string) *server {
	t.Helper()
	if len(names) == 0 {
		names = []string{"baseline"}
	}
	var scs []Scenario
	dir := t.TempDir()
	for _, n := range names {
		scs = append(scs, testScenario(t, dir, n))
	}
	s, err := newServer(Options{Scenarios: scs, Draws: draws, Seed: 7, ConfigPath: filepath.Join(dir, "alliancesim.yaml")}, testHost)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// postOK posts body to path and fails the test unless s answers 200.
func postOK(t testing.TB, s *server, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	w := do(t, s, http.MethodPost, path, body)
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	return w
}

// do sends a request as the page would: the bound Host, its Origin, JSON.
func do(t testing.TB, s *server, method, path string, body any, edit ...func(*http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		js, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	r := httptest.NewRequest(method, "http://"+testHost+path, rd)
	r.Host = testHost
	if method == http.MethodPost {
		r.Header.Set("Origin", "http://"+testHost)
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.Header.Set("Content-Type", "application/json")
	}
	for _, e := range edit {
		e(r)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func runOK(t testing.TB, s *server, req request) runResponse {
	t.Helper()
	w := do(t, s, http.MethodPost, "/api/run", req)
	if w.Code != http.StatusOK {
		t.Fatalf("POST /api/run %+v: %d %s", req, w.Code, w.Body)
	}
	var out runResponse
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPageAndAssets(t *testing.T) {
	t.Parallel()
	s := testServer(t, 2000)
	for path, want := range map[string]string{"/": "<!doctype html>", "/app.js": "api/run", "/charts.js": "createElementNS", "/style.css": "--now"} {
		w := do(t, s, http.MethodGet, path, nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), want) {
			t.Errorf("GET %s: %d, body lacks %q", path, w.Code, want)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
	}
	if w := do(t, s, http.MethodGet, "/nothing", nil); w.Code != http.StatusNotFound {
		t.Errorf("GET /nothing: %d", w.Code)
	}
	// No asset refers to anything off the page.
	for _, name := range []string{"index.html", "app.js", "charts.js", "style.css"} {
		b, _ := assets.ReadFile("assets/" + name)
		for _, bad := range []string{"https://", "http://", "//cdn", "@import"} {
			if bytes.Contains(b, []byte(bad)) && !(name == "charts.js" && bad == "http://") {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}

func TestModelListsEveryWeightAndDriver(t *testing.T) {
	t.Parallel()
	s := testServer(t, 2000)
	w := do(t, s, http.MethodGet, "/api/model", nil)
	var m modelResponse
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, g := range m.Scenarios[0].Groups {
		if g.Title == "Other weights" {
			t.Errorf("weights not sorted into a section: %+v", g.Controls)
		}
		for _, c := range g.Controls {
			seen[c.ID]++
			if c.Doc == "" || c.Max <= c.Min || c.SliderMin > c.Start || c.SliderMax < c.Start || c.Step <= 0 {
				t.Errorf("%s: incomplete control %+v", c.ID, c)
			}
			if c.Kind == "weight" && (c.Source == "" || c.Default == nil) {
				t.Errorf("%s: no source or default", c.ID)
			}
		}
	}
	for _, k := range model.WeightKeys() {
		if seen["weights."+k] != 1 {
			t.Errorf("weights.%s shown %d times", k, seen["weights."+k])
		}
	}
	l, _ := scenarios.Open("baseline")
	for _, in := range l.Scenario.Inputs {
		if seen[in.Path] != 1 {
			t.Errorf("input %s shown %d times", in.Path, seen[in.Path])
		}
	}
}

func TestRunIsReproducibleAndMatchesSim(t *testing.T) {
	t.Parallel()
	s := testServer(t, 5000)
	req := request{Changes: map[string]float64{"weights.doctrine": 1.2, "china.threat": 0.9}}
	a, b := runOK(t, s, req), runOK(t, s, req)
	a.ElapsedMS, b.ElapsedMS = 0, 0
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Fatal("the same request twice gave different numbers")
	}
	// The page's numbers are sim.Run's, with the same seed and draws.
	l, _ := scenarios.Open("baseline")
	w := model.DefaultWeights()
	w.Doctrine = 1.2
	sc, err := s.scs[0].scenario(req.Changes)
	if err != nil {
		t.Fatal(err)
	}
	start := s.scs[0].opt.Start
	res, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 5000, Seed: 7, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(a.Current.ByHorizon.P); got != results.Round(res.ByHorizon.P) {
		t.Errorf("page P %v, sim.Run %v", got, res.ByHorizon.P)
	}
	w0 := model.DefaultWeights()
	res0, _ := sim.Run(context.Background(), l.Scenario, &w0, sim.Plan{Draws: 5000, Seed: 7, Start: start})
	if got := float64(a.Start.ByHorizon.P); got != results.Round(res0.ByHorizon.P) {
		t.Errorf("starting P %v, sim.Run %v", got, res0.ByHorizon.P)
	}
	// The paired interval from recorded onsets equals sim.RunSet's.
	set, err := sim.RunSet(context.Background(), []*model.Scenario{l.Scenario, sc}, []*model.Weights{&w0, &w}, sim.Plan{Draws: 5000, Seed: 7, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	d := set.Diffs[1]
	if float64(a.Diff.Delta) != results.Round(d.Delta) || float64(a.Diff.Lo) != results.Round(d.Lo) || a.Diff.OnlyChange != d.OnlyOther || a.Diff.OnlyStart != d.OnlyBase {
		t.Errorf("paired diff %+v, RunSet %+v", a.Diff, d)
	}
	if !strings.Contains(a.Rerun, "--set weights.doctrine=1.2") || !strings.Contains(a.Rerun, "--seed 7") || !strings.Contains(a.Rerun, "-edited.yaml") {
		t.Errorf("rerun %q", a.Rerun)
	}
	// Unchanged: the starting point, with a zero change.
	z := runOK(t, s, request{})
	if z.Diff.Delta != 0 || z.Current.ByHorizon.P != z.Start.ByHorizon.P || len(z.Changed) != 0 {
		t.Errorf("no change gave %+v", z.Diff)
	}
}

// TestWeightsMoveInTheirDirection raises each signed weight from its
// default and checks P(alliance) moves the way WeightSpecs documents (or
// stays), on common random numbers.
func TestWeightsMoveInTheirDirection(t *testing.T) {
	t.Parallel()
	s := testServer(t, 4000)
	base := runOK(t, s, request{})
	p0 := float64(base.Start.ByHorizon.P)
	for _, sp := range model.WeightSpecs {
		if sp.Direction != "+" && sp.Direction != "-" || sp.IsThreshold() {
			continue
		}
		v := sp.PriorHi + (sp.PriorHi - sp.PriorLo)
		if v > sp.Max {
			v = sp.Max
		}
		out := runOK(t, s, request{Changes: map[string]float64{"weights." + sp.Key: v}})
		p := float64(out.Current.ByHorizon.P)
		if (sp.Direction == "+" && p < p0) || (sp.Direction == "-" && p > p0) {
			t.Errorf("%s %s → %g: P %.4f → %.4f, against its direction %s", sp.Key, format.Exact(sp.Default), v, p0, p, sp.Direction)
		}
		if float64(out.Diff.Delta) != results.Round(p-p0) && mathAbs(float64(out.Diff.Delta)-(p-p0)) > 2e-6 {
			t.Errorf("%s: delta %v, P difference %v", sp.Key, out.Diff.Delta, p-p0)
		}
	}
	// The clear cases move strictly.
	for key, sign := range map[string]float64{"weights.doctrine": -1, "weights.shared_opposition": 1, "weights.consent_threshold": -1} {
		out := runOK(t, s, request{Changes: map[string]float64{key: map[string]float64{"weights.doctrine": 3, "weights.shared_opposition": 2.4, "weights.consent_threshold": 0.9}[key]}})
		if d := float64(out.Diff.Delta); d*sign <= 0 || float64(out.Diff.Lo)*sign <= 0 && float64(out.Diff.Hi)*sign <= 0 {
			t.Errorf("%s: change %v [%v, %v], want sign %v", key, d, out.Diff.Lo, out.Diff.Hi, sign)
		}
	}
}

func mathAbs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestInvalidRequests(t *testing.T) {
	t.Parallel()
	s := testServer(t, 2000)
	cases := []struct {
		name string
		body any
		edit func(*http.Request)
		code int
		want string
	}{
		{"out of range weight", `{"changes":{"weights.doctrine":11}}`, nil, 400, "outside the allowed range [0, 10]"},
		{"out of range driver", `{"changes":{"russia.threat":1.5}}`, nil, 400, "russia.threat"},
		{"unknown key", `{"changes":{"weights.nope":1}}`, nil, 400, "no such weight"},
		{"thresholds out of order", `{"changes":{"weights.threshold_entente":0.1}}`, nil, 400, "must be greater than"},
		{"too many draws", `{"draws":1000001}`, nil, 400, "use 100 to 1000000"},
		{"too few draws", `{"draws":5}`, nil, 400, "draws"},
		{"bad scenario", `{"scenario":3}`, nil, 400, "scenario 3"},
		{"not JSON", `{"changes":`, nil, 400, "invalid JSON"},
		{"unknown field", `{"chagnes":{}}`, nil, 400, "unknown field"},
		{"NaN is not JSON", `{"changes":{"weights.bias":NaN}}`, nil, 400, "invalid JSON"},
		{"huge number", `{"changes":{"weights.bias":1e999}}`, nil, 400, "invalid JSON"},
		{"body too large", `{"changes":{"` + strings.Repeat("x", maxBody) + `":1}}`, nil, 413, "over"},
		{"wrong host", `{}`, func(r *http.Request) { r.Host = "evil.example:4711" }, 421, "answers only for"},
		{"localhost host", `{}`, func(r *http.Request) { r.Host = "localhost:4711" }, 421, "answers only for"},
		{"cross origin", `{}`, func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403, "cross-origin"},
		{"cross site", `{}`, func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403, "cross-site"},
		{"no origin", `{}`, func(r *http.Request) { r.Header.Del("Origin"); r.Header.Del("Sec-Fetch-Site") }, 403, "Origin"},
		{"form post", `{}`, func(r *http.Request) { r.Header.Set("Content-Type", "application/x-www-form-urlencoded") }, 403, "content type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var edits []func(*http.Request)
			if c.edit != nil {
				edits = append(edits, c.edit)
			}
			w := do(t, s, http.MethodPost, "/api/run", c.body, edits...)
			if w.Code != c.code || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("got %d %s, want %d with %q", w.Code, w.Body, c.code, c.want)
			}
			var e apiError
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Errorf("error body is not error JSON: %s", w.Body)
			}
		})
	}
	// A range error names the field and its bounds.
	w := do(t, s, http.MethodPost, "/api/run", `{"changes":{"weights.doctrine":-1}}`)
	var e apiError
	json.Unmarshal(w.Body.Bytes(), &e)
	if len(e.Problems) != 1 || e.Problems[0].Field != "weights.doctrine" || e.Problems[0].Min == nil || *e.Problems[0].Max != 10 {
		t.Errorf("problems %+v", e.Problems)
	}
	// A GET with a wrong Host is refused too (DNS rebinding reads the page).
	if w := do(t, s, http.MethodGet, "/api/model", nil, func(r *http.Request) { r.Host = "attacker.test:4711" }); w.Code != 421 {
		t.Errorf("GET with a foreign Host: %d", w.Code)
	}
}

func TestCheckAddr(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "127.0.0.1:0", "127.0.0.1:8080": "127.0.0.1:8080", "localhost:0": "127.0.0.1:0", ":9000": "127.0.0.1:9000"} {
		if got, err := CheckAddr(in); err != nil || got != want {
			t.Errorf("CheckAddr(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"0.0.0.0:80", "[::1]:80", "192.168.1.2:80", "example.com:80", "nonsense", "127.0.0.1:99999", "127.0.0.1:http", ":-1"} {
		if _, err := CheckAddr(in); err == nil {
			t.Errorf("CheckAddr(%q) accepted", in)
		}
	}
}

func TestCancelPrevious(t *testing.T) {
	t.Parallel()
	s := testServer(t, 2000)
	r1 := httptest.NewRequest("POST", "/api/run", nil)
	r1.Header.Set("X-Page-Id", "page1")
	ctx1, done1, err := s.begin(r1)
	if err != nil {
		t.Fatal(err)
	}
	// The second request of the same page cancels the first, then waits
	// for the simulation slot, which the first frees.
	got := make(chan error, 1)
	go func() {
		r2 := httptest.NewRequest("POST", "/api/run", nil)
		r2.Header.Set("X-Page-Id", "page1")
		_, done2, err := s.begin(r2)
		if err == nil {
			done2()
		}
		got <- err
	}()
	<-ctx1.Done()
	done1()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	// A cancelled simulation answers 499 and no numbers.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st := s.scs[0]
	if _, err := s.simulate(ctx, st, &request{Draws: 3000, Changes: map[string]float64{"weights.bias": 0.1}}); err == nil {
		t.Error("a cancelled simulation returned numbers")
	}
}

func TestSaveConfig(t *testing.T) {
	t.Parallel()
	s := testServer(t, 2000)
	bias, _ := model.LookupWeight("bias")
	junior, _ := model.LookupWeight("junior_partner")
	// bias at its default is no change, so it is not saved.
	body := map[string]any{"changes": map[string]float64{"weights.junior_partner": 1.3, "weights.bias": bias.Default, "russia.threat": 0.9}}
	postOK(t, s, "/api/save/config", body)
	src, err := os.ReadFile(s.configPath)
	if err != nil {
		t.Fatal(err)
	}
	fixed, unc, err := scenarios.ConfigWeights(s.configPath, src)
	if err != nil || len(unc) != 0 {
		t.Fatalf("config does not load: %v\n%s", err, src)
	}
	if len(fixed) != 1 || fixed["junior_partner"] != 1.3 {
		t.Errorf("weights %v, want only junior_partner 1.3\n%s", fixed, src)
	}
	if !strings.Contains(string(src), fmt.Sprintf("# default %g; range 0 to 10", junior.Default)) || !strings.Contains(string(src), "Save as scenario") {
		t.Errorf("config text:\n%s", src)
	}
	// A second save does not replace the file without the page's confirmation.
	w := do(t, s, http.MethodPost, "/api/save/config", map[string]any{"changes": map[string]float64{"weights.junior_partner": 1.5}})
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"exists":true`) {
		t.Fatalf("second save: %d %s", w.Code, w.Body)
	}
	if again, _ := os.ReadFile(s.configPath); !bytes.Equal(again, src) {
		t.Error("the file changed without confirmation")
	}
	w = do(t, s, http.MethodPost, "/api/save/config", map[string]any{"overwrite": true, "changes": map[string]float64{"weights.junior_partner": 1.5}})
	if w.Code != 200 {
		t.Fatalf("confirmed save: %d %s", w.Code, w.Body)
	}
	src, _ = os.ReadFile(s.configPath)
	if fixed, _, _ := scenarios.ConfigWeights(s.configPath, src); fixed["junior_partner"] != 1.5 {
		t.Errorf("after confirmation: %v", fixed)
	}
	// Nothing changed: an empty weights block that still loads.
	s2 := testServer(t, 2000)
	if w := do(t, s2, http.MethodPost, "/api/save/config", map[string]any{}); w.Code != 200 {
		t.Fatalf("empty save: %d %s", w.Code, w.Body)
	}
	src, _ = os.ReadFile(s2.configPath)
	if fixed, _, err := scenarios.ConfigWeights(s2.configPath, src); err != nil || len(fixed) != 0 {
		t.Errorf("empty config: %v %v\n%s", fixed, err, src)
	}
}

// TestSaveScenarioEveryBundled changes every driver and event probability
// of every bundled scenario and checks the saved file loads with the
// values fixed, edited in place (not the fallback).
func TestSaveScenarioEveryBundled(t *testing.T) {
	t.Parallel()
	for _, info := range scenarios.List() {
		t.Run(info.Name, func(t *testing.T) {
			s := testServer(t, 2000, info.Name)
			st := s.scs[0]
			changes := map[string]float64{}
			for id, c := range st.byID {
				if c.Kind != "weight" {
					changes[id] = stats.Clamp(c.Start+c.Step, c.Min, c.Max)
				}
			}
			text, warnings, err := st.scenarioFile(changes)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 {
				t.Errorf("fell back to a minimal file: %v", warnings)
			}
			l, err := scenarios.LoadBytes("x.yaml", text)
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			if l.Scenario.Name != info.Name+"-edited" {
				t.Errorf("name %q", l.Scenario.Name)
			}
			// The events, correlations and weights of the original are intact.
			if len(l.Scenario.Events) != len(st.sc.Events) || len(l.Scenario.Weights) != len(st.sc.Weights) {
				t.Errorf("events or weights lost")
			}
			// The minimal file is valid too.
			min := minimalScenario(st.sc, "minimal", changes)
			if err := checkSaved(min, "minimal", changes); err != nil {
				t.Errorf("minimal file: %v\n%s", err, min)
			}
			unchanged := minimalScenario(st.sc, "minimal", nil)
			if _, err := scenarios.LoadBytes("m.yaml", unchanged); err != nil {
				t.Errorf("minimal unchanged file: %v", err)
			}
		})
	}
}

func TestSaveScenarioHandler(t *testing.T) {
	t.Parallel()
	s := testServer(t, 2000)
	body := map[string]any{"changes": map[string]float64{"china.doctrine": 0.3, "events.taiwan_crisis.probability": 0.2, "weights.bias": 0.1}}
	w := postOK(t, s, "/api/save/scenario", body)
	var out saveResponse
	json.Unmarshal(w.Body.Bytes(), &out)
	if len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], "weights are not part") {
		t.Errorf("warnings %v", out.Warnings)
	}
	l, err := scenarios.Load(s.scs[0].save)
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := scenarios.Source("baseline")
	// Only the name and the two values differ from the original text.
	a, b := strings.Split(string(orig), "\n"), strings.Split(string(l.Source), "\n")
	if len(a) != len(b) {
		t.Fatalf("line count %d → %d", len(a), len(b))
	}
	diff := 0
	for i := range a {
		if a[i] != b[i] {
			diff++
		}
	}
	if diff != 3 {
		t.Errorf("%d lines changed, want 3 (name and two values)", diff)
	}
	if w := do(t, s, http.MethodPost, "/api/save/scenario", body); w.Code != http.StatusConflict {
		t.Errorf("second save: %d", w.Code)
	}
}
