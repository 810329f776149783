package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestBaselineFromNowcast: the bundled 2027 baseline starts from the
// nowcast (initial_state: nowcast): the bundled record filtered through
// 2025 and predicted through 2026, kept in the binary. A run of it, one
// with --from-nowcast bundled and one from the state.json of `nowcast
// --through 2026` give the same results; the manifest records the state;
// a copy that asserts the entente differs, and cannot be compared with
// it; explain and report say where their runs start.
func TestBaselineFromNowcast(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nc := filepath.Join(dir, "nc")
	r := mustCLI(t, "nowcast", "--through", "2026", "-o", nc, "--no-progress")
	if !strings.Contains(r.stdout, "2026") || !strings.Contains(r.stdout, "predicted") {
		t.Errorf("nowcast --through 2026 does not show the predicted year:\n%s", r.stdout)
	}
	var st struct{ Year, ObservedThrough int }
	var raw map[string]any
	readJSON(t, filepath.Join(nc, "state.json"), &raw)
	st.Year, st.ObservedThrough = int(raw["year"].(float64)), int(raw["observed_through"].(float64))
	if st.Year != 2026 || st.ObservedThrough != 2025 {
		t.Errorf("state.json: year %d, observed through %d; want 2026 and 2025", st.Year, st.ObservedThrough)
	}
	run := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		r := mustCLI(t, append(append([]string{"run"}, args...), "--draws", "20000", "-o", out, "--no-charts", "--no-progress")...)
		if !strings.Contains(r.stdout, "start: the nowcast state at the end of 2026") {
			t.Errorf("%s: the table does not say where the runs start:\n%s", name, r.stdout)
		}
		if flagged := len(args) > 1; flagged != strings.Contains(r.stderr, "the nowcast state at the end of 2026") {
			t.Errorf("%s: a note of the start on stderr only when --from-nowcast asks for one: %q", name, r.stderr)
		}
		return out
	}
	folder := run("folder", "baseline", "--from-nowcast", nc)
	bundled := run("bundled", "baseline", "--from-nowcast", "bundled")
	own := run("own", "baseline")
	if a, b := probs(t, folder), probs(t, bundled); a != b {
		t.Errorf("from nowcast --through 2026 and from the bundled nowcast differ:\n%s\n%s", a, b)
	}
	if a, c := alliance(t, bundled), alliance(t, own); a != c {
		t.Errorf("--from-nowcast bundled and the baseline's own initial_state: nowcast differ:\n%s\n%s", a, c)
	}
	type manifest struct {
		Rerun string `json:"rerun"`
		Start *struct {
			From            string    `json:"from"`
			Year            int       `json:"year"`
			ObservedThrough int       `json:"observed_through"`
			Rungs           []float64 `json:"rungs"`
			SHA256          string    `json:"sha256"`
		} `json:"start"`
	}
	read := func(dir string) manifest {
		var m manifest
		readJSON(t, filepath.Join(dir, "manifest.json"), &m)
		if m.Start == nil {
			t.Fatalf("manifest: no start: %+v", m)
		}
		return m
	}
	m, mo := read(bundled), read(own)
	if m.Start.From != "bundled" || m.Start.Year != 2026 || m.Start.ObservedThrough != 2025 || len(m.Start.Rungs) != 6 || m.Start.Rungs[4] < 0.9 || len(m.Start.SHA256) != 64 || !strings.Contains(m.Rerun, "--from-nowcast bundled") {
		t.Errorf("manifest start %+v, rerun %q", m.Start, m.Rerun)
	}
	if !reflect.DeepEqual(mo.Start, m.Start) || strings.Contains(mo.Rerun, "--from-nowcast") {
		t.Errorf("the baseline's own start %+v (rerun %q), want %+v without the flag", mo.Start, mo.Rerun, m.Start)
	}
	// A copy that asserts the entente differs: the record moves the start.
	file := assertedBaseline(t, dir)
	plain := filepath.Join(dir, "asserted")
	if r := mustCLI(t, "run", file, "--draws", "20000", "-o", plain, "--no-charts", "--no-progress"); strings.Contains(r.stdout, "start:") {
		t.Errorf("a run from its asserted rung says it starts from a state:\n%s", r.stdout)
	}
	if alliance(t, plain) == alliance(t, own) {
		t.Error("the run from the nowcast equals the run from the asserted entente")
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"compare", "baseline", file}, exitInvalid, "start the same way"},
		{[]string{"nowcast", "--through", "2031"}, exitUsage, "--through 2031"},
	} {
		r := cli(t, append(tc.args, "--draws", "100", "-o", filepath.Join(dir, "refused"), "--no-progress")...)
		if tc.args[0] == "nowcast" {
			r = cli(t, append(tc.args, "-o", filepath.Join(dir, "refused"), "--no-progress")...)
		}
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d (want %d), %s", tc.args, r.code, tc.code, r.stderr)
		}
	}
	if r := mustCLI(t, "explain", "baseline", "--draws", "2000", "-o", filepath.Join(dir, "explain"), "--no-progress"); !strings.Contains(r.stderr, "central run starts on the nowcast's likeliest rung, entente") {
		t.Errorf("explain from the nowcast: %s", r.stderr)
	}
	rep := filepath.Join(dir, "report")
	mustCLI(t, "report", "baseline", "--draws", "2000", "--format", "png", "--dpi", "50", "-o", rep, "--no-progress")
	if b, err := os.ReadFile(filepath.Join(rep, "report.md")); err != nil || !strings.Contains(string(b), "runs start from the nowcast state at the end of 2026") {
		t.Errorf("the report does not say where its runs start: %v", err)
	}
}

// assertedBaseline writes into dir a copy of the baseline that asserts the
// entente as its start (initial_state: entente), named baseline-entente,
// and returns its path.
func assertedBaseline(t *testing.T, dir string) string {
	t.Helper()
	return asserted(t, dir, "baseline")
}

// asserted is assertedBaseline for the bundled scenario name.
func asserted(t *testing.T, dir, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "scenarios", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	if !strings.Contains(text, "\ninitial_state: nowcast\n") {
		t.Fatalf("the bundled %s no longer starts from the nowcast", name)
	}
	text = strings.Replace(strings.Replace(text, "\ninitial_state: nowcast\n", "\ninitial_state: entente\n", 1), "name: "+name, "name: "+name+"-entente", 1)
	file := filepath.Join(dir, name+"-entente.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// alliance is the alliance part of a run's summary.json.
func alliance(t *testing.T, dir string) string {
	t.Helper()
	var m map[string]json.RawMessage
	readJSON(t, filepath.Join(dir, "summary.json"), &m)
	return string(m["alliance"])
}

// TestDiscoverObservables: discover adds signposts on the observed
// indicators (signposts.json, the text on the terminal) unless
// --observables=false, and says why it has none for an outcome other than
// an alliance.
func TestDiscoverObservables(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	with := filepath.Join(dir, "with")
	r := mustCLI(t, "discover", "baseline", "--draws", "20000", "-o", with, "--no-progress")
	if !strings.Contains(r.stdout, "Signposts on observables") || !strings.Contains(r.stdout, "From baseline's start in 2027") {
		t.Errorf("no observable signposts:\n%s", r.stdout)
	}
	var sp struct {
		From     string `json:"from"`
		WatchTo  int    `json:"watch_to"`
		Runs     int    `json:"runs"`
		Features []any  `json:"features"`
	}
	b, err := os.ReadFile(filepath.Join(with, "signposts.json"))
	if err != nil || json.Unmarshal(b, &sp) != nil || sp.WatchTo != 2029 || sp.Runs != 20000 || len(sp.Features) == 0 || !strings.Contains(sp.From, "baseline") {
		t.Errorf("signposts.json: %v %+v", err, sp)
	}
	without := filepath.Join(dir, "without")
	r = mustCLI(t, "discover", "baseline", "--draws", "5000", "--observables=false", "-o", without, "--no-progress")
	if strings.Contains(r.stdout, "on observables") {
		t.Errorf("--observables=false still shows them:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(without, "signposts.json")); err == nil {
		t.Error("--observables=false wrote signposts.json")
	}
	r = mustCLI(t, "discover", "baseline", "--draws", "5000", "--outcome", "state-at-least=entente", "-o", filepath.Join(dir, "state"), "--no-progress")
	if !strings.Contains(r.stdout, "only for an alliance outcome") {
		t.Errorf("no note for a state outcome:\n%s", r.stdout)
	}
}

// TestSweepAndDiscoverFromNowcast: sweep and discover start the
// baseline's runs from the nowcast state, and the result differs from the
// asserted start's; discover says so and discover.json records it.
func TestSweepAndDiscoverFromNowcast(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sweep := func(name, scenario string) string {
		r := mustCLI(t, "sweep", scenario, "--vary", "weights.doctrine=1:2:2", "--draws", "4000", "--json", "--no-progress", "-o", filepath.Join(dir, name))
		return r.stdout
	}
	if a, b := sweep("plain", assertedBaseline(t, dir)), sweep("nc", "baseline"); a == b {
		t.Error("the sweep from the nowcast equals the sweep from the asserted entente")
	}
	out := filepath.Join(dir, "disc")
	r := mustCLI(t, "discover", "baseline", "--draws", "8000", "-o", out, "--no-progress")
	if !strings.Contains(r.stdout, "from the nowcast state at the end of 2026") {
		t.Errorf("discover from the nowcast:\n%s\n%s", r.stderr, r.stdout)
	}
	var d struct {
		Start *struct {
			From string `json:"from"`
			Year int    `json:"year"`
		} `json:"start"`
	}
	b, err := os.ReadFile(filepath.Join(out, "discover.json"))
	if err != nil || json.Unmarshal(b, &d) != nil || d.Start == nil || d.Start.From != "bundled" || d.Start.Year != 2026 {
		t.Errorf("discover.json start: %v %s", err, b)
	}
}

// TestSensitivityFromNowcast: every inner run of the baseline's analysis
// starts from the nowcast state, so the base point and the indices differ
// from the asserted start's; sensitivity.json records the start.
func TestSensitivityFromNowcast(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	small := []string{"--n", "256", "--reps", "16", "--bootstrap", "20", "--trajectories", "4", "--no-progress", "--inputs-only"}
	// doctrine-shift: the baseline's pact is too rare (under 2%) for a
	// design this small to see vary.
	plain := mustCLI(t, append([]string{"sensitivity", asserted(t, dir, "doctrine-shift"), "-o", filepath.Join(dir, "p")}, small...)...)
	out := filepath.Join(dir, "n")
	nc := mustCLI(t, append([]string{"sensitivity", "doctrine-shift", "-o", out}, small...)...)
	if plain.stdout == nc.stdout {
		t.Error("the analysis from the nowcast equals the one from the asserted entente")
	}
	var f struct {
		Start *struct {
			From string `json:"from"`
		} `json:"start"`
	}
	b, err := os.ReadFile(filepath.Join(out, "sensitivity.json"))
	if err != nil || json.Unmarshal(b, &f) != nil || f.Start == nil || f.Start.From != "bundled" {
		t.Errorf("sensitivity.json start: %v", err)
	}
}

// TestRunStartsEachScenarioItsOwnWay: run's scenarios run apart, so each
// starts its own way in one command: the baseline from the record's state
// for the end of 2026, article-2021 from that for the end of 2020, the
// hindcast from its coded rung; each manifest records its own.
func TestRunStartsEachScenarioItsOwnWay(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := mustCLI(t, "run", "baseline", "hindcast-1992", "article-2021", "--draws", "2000", "-o", dir, "--no-charts", "--no-progress")
	if got := strings.Count(r.stdout, "start: the nowcast state"); got != 2 {
		t.Errorf("%d start lines, want 2 (baseline and article-2021):\n%s", got, r.stdout)
	}
	for name, want := range map[string]int{"baseline": 2026, "hindcast-1992": 0, "article-2021": 2020} {
		var m struct {
			Start *struct {
				Year int `json:"year"`
			} `json:"start"`
		}
		readJSON(t, filepath.Join(dir, name, "manifest.json"), &m)
		got := 0
		if m.Start != nil {
			got = m.Start.Year
		}
		if got != want {
			t.Errorf("%s: manifest start year %d, want %d (0: its own rung)", name, got, want)
		}
	}
}

// TestNowcastStartOutOfReach: a scenario from the nowcast that starts
// before the filtered record's first year, or more than five years past
// its end, is refused before any work (exit 3), by name, with a hint.
func TestNowcastStartOutOfReach(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		year int
		want string
	}{
		{1991, "first state is for the end of 1992"},
		{2040, "predicts at most 5 years past it"},
	} {
		file := filepath.Join(dir, fmt.Sprintf("y%d.yaml", tc.year))
		src := fmt.Sprintf("name: y%d\ndescription: a scenario from the nowcast out of its reach\nstart_year: %d\nhorizon_years: 5\ninitial_state: nowcast\nrival: {id: us, name: United States}\nactors:\n  - id: russia\n    name: Russia\n  - id: china\n    name: China\n", tc.year, tc.year)
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, fmt.Sprint(tc.year))
		r := cli(t, "run", file, "--draws", "100", "-o", out, "--no-progress")
		if r.code != exitInvalid || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, fmt.Sprintf("y%d starts in %d", tc.year, tc.year)) || !strings.Contains(r.stderr, "hint:") {
			t.Errorf("start %d: exit %d, %s", tc.year, r.code, r.stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("start %d: the refused run left %s", tc.year, out)
		}
	}
}
