package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	readPosterior = parsedOnce(readPosterior)
	os.Exit(m.Run())
}

// parsedOnce wraps the posterior parser so that each file's bytes are
// parsed once in the test process: dozens of commands read the bundled
// sample (1,000 vectors, seconds of YAML parsing in all). The key is the
// name and the bytes themselves, so a changed file is parsed again; the
// parsed posterior is only read by the commands (each draws its own
// weight sample from it), so sharing it is safe.
func parsedOnce(parse func(string, []byte) (*calibrate.Posterior, error)) func(string, []byte) (*calibrate.Posterior, error) {
	type parsed struct {
		p   *calibrate.Posterior
		err error
	}
	var mu sync.Mutex
	cache := map[string]*parsed{}
	return func(file string, data []byte) (*calibrate.Posterior, error) {
		sum := sha256.Sum256(data)
		key := file + "\x00" + string(sum[:])
		mu.Lock()
		defer mu.Unlock()
		if c, ok := cache[key]; ok {
			return c.p, c.err
		}
		p, err := parse(file, data)
		cache[key] = &parsed{p, err}
		return p, err
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command in-process with a clean environment plus env.
func runCLI(t *testing.T, ctx context.Context, env []string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	if env == nil {
		env = []string{}
	}
	f := newFactory(&IOStreams{Out: &out, ErrOut: &errb}, env, "", append([]string{"alliancesim"}, args...))
	code := mainRun(ctx, f, args)
	return result{code, out.String(), errb.String()}
}

func cli(t *testing.T, args ...string) result {
	t.Helper()
	return runCLI(t, context.Background(), nil, args...)
}

// mustCLI runs the command like cli and stops the test unless it exits 0.
func mustCLI(t *testing.T, args ...string) result {
	t.Helper()
	r := cli(t, args...)
	if r.code != 0 {
		t.Fatalf("alliancesim %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// listDir returns every file under dir, relative, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, rel)
		}
		return nil
	})
	return files
}

func TestRunWritesResults(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	r := mustCLI(t, "run", "baseline", "--draws", "3000", "--workers", "2", "-o", out, "--format", "png,svg")
	want := []string{results.MarkerName, "alliance.png", "alliance.svg", "by_year.csv", "latent.png", "latent.svg", "manifest.json", "states.png", "states.svg", "summary.json"}
	if got := listDir(t, out); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", got, want)
	}
	if !strings.Contains(r.stdout, "P(defence alliance between Russia and China by end 2036)") {
		t.Errorf("no headline in stdout:\n%s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr not empty when it is not a terminal: %q", r.stderr)
	}
	var m map[string]any
	readJSON(t, filepath.Join(out, "manifest.json"), &m)
	if !strings.HasPrefix(m["rerun"].(string), "alliancesim run baseline --draws 3000 --seed 1") {
		t.Errorf("rerun = %q", m["rerun"])
	}
}

// The same seed gives the same summary.json for any number of workers,
// apart from the two fields that record the workers and the wall time.
func TestRunSameResultsAnyWorkers(t *testing.T) {
	t.Parallel()
	sameForAnyWorkers(t, []string{"1", "2", "16"}, func(workers string) []byte {
		out := t.TempDir()
		mustCLI(t, "run", "baseline", "--draws", "5000", "--workers", workers, "-o", out, "--no-charts")
		b, err := os.ReadFile(filepath.Join(out, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}

// sameForAnyWorkers checks that what run returns for each number of
// workers is the same as for the first, once the fields that record the
// workers and the wall time are masked.
func sameForAnyWorkers(t *testing.T, workers []string, run func(workers string) []byte) {
	t.Helper()
	mask := regexp.MustCompile(`"(workers|elapsed_s)": [0-9.]+`)
	first := mask.ReplaceAll(run(workers[0]), []byte(`"$1": 0`))
	for _, w := range workers[1:] {
		if got := mask.ReplaceAll(run(w), []byte(`"$1": 0`)); !bytes.Equal(got, first) {
			t.Errorf("--workers %s: the results differ from --workers %s", w, workers[0])
		}
	}
}

// The terminal table is pinned by a golden file (the timing is masked).
func TestRunTableGolden(t *testing.T) {
	t.Parallel()
	r := mustCLI(t, "run", "baseline", "--draws", "4000", "--workers", "1", "-o", t.TempDir(), "--no-charts")
	got := regexp.MustCompile(`mc · [0-9.]+ s`).ReplaceAllString(r.stdout, "mc · X s")
	got = regexp.MustCompile(`wrote .*/`).ReplaceAllString(got, "wrote OUT/")
	golden := filepath.Join("testdata", "run_baseline.golden")
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/alliancesim -update)", err)
	}
	if got != string(want) {
		t.Errorf("stdout differs from %s (rerun with -update if intended):\n%s", golden, got)
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.yaml", "name: x\ndescrption: typo\n")
	notDir := writeFile(t, dir, "file", "I am a file")
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"unknown command", []string{"rnu"}, exitUsage, "unknown command"},
		{"too many args", []string{"version", "x"}, exitUsage, "unknown command"},
		{"invalid scenario", []string{"run", bad, "-o", dir}, exitInvalid, "bad.yaml:2:1"},
		{"missing file", []string{"run", filepath.Join(dir, "nope.yaml")}, exitInvalid, "nope.yaml"},
		{"unknown bundled name", []string{"run", "baselin"}, exitInvalid, "baseline"},
		{"unknown --set key", []string{"run", "--set", "weights.junior_partnr=1", "-o", dir}, exitInvalid, "did you mean weights.junior_partner"},
		{"--set out of range", []string{"run", "--set", "weights.noise_persistence=1.5", "-o", dir}, exitInvalid, "noise_persistence"},
		{"--set not a number", []string{"run", "--set", "weights.doctrine=lots", "-o", dir}, exitInvalid, "not a number"},
		{"zero draws", []string{"run", "--draws", "0", "-o", dir}, exitInvalid, "run.draws"},
		{"bad format", []string{"run", "--format", "gif", "-o", dir}, exitInvalid, "gif"},
		{"unknown sampler", []string{"run", "--sampler", "sobol", "-o", dir}, exitInvalid, `run.sampler (from flag --sampler): unknown sampler "sobol": use mc or lhs`},
		{"unwritable output", []string{"run", "--draws", "100", "-o", filepath.Join(notDir, "sub")}, exitFailure, "output directory"},
		{"validate bad", []string{"validate", bad}, exitInvalid, "unknown key"},
		{"validate good", []string{"validate", "baseline", "hindcast-1992"}, exitOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := cli(t, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", r.code, tc.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.message) {
				t.Errorf("stderr does not mention %q:\n%s", tc.message, r.stderr)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("stderr shows a panic:\n%s", r.stderr)
			}
		})
	}
}

// Ctrl-C: exit code 130 and no file written.
func TestInterruptedRunWritesNothing(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCLI(t, ctx, nil, "run", "baseline", "--draws", "2000000", "-o", out)
	if r.code != exitInterrupted {
		t.Errorf("exit %d, want %d; stderr %s", r.code, exitInterrupted, r.stderr)
	}
	if files := listDir(t, out); len(files) != 0 {
		t.Errorf("interrupted run left files: %v", files)
	}
}

// A resolution the charts refuse is a bad setting, reported before any
// simulation: with the context already cancelled, a command that simulated
// first would exit as interrupted instead, and nothing is written. The range
// is the charts' (plots.MinDPI to plots.MaxDPI), whatever the layer it
// comes from.
func TestDPIRefusedUpFront(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "alliancesim.yaml", "run:\n  dpi: 32\n")
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		code int
		want string
	}{
		{"run flag", nil, []string{"run", "baseline", "--dpi", "32", "-o", out}, exitInvalid, "run.dpi = 32 (from flag --dpi): must be a whole number from 36 to 1200"},
		{"too high", nil, []string{"run", "baseline", "--dpi", "1201", "-o", out}, exitInvalid, "run.dpi = 1201"},
		{"draws", nil, []string{"run", "baseline", "-n", "2e12", "-o", out}, exitInvalid, "run.draws = 2000000000000 (from flag --draws): must be a whole number from 1 to 1000000000000 (the total of a run split with --shard K/N; one run or shard draws at most 1000000000)"},
		{"env", []string{"ALLIANCESIM_RUN_DPI=32"}, []string{"run", "baseline", "-o", out}, exitInvalid, "run.dpi = 32 (from env ALLIANCESIM_RUN_DPI)"},
		{"config file", nil, []string{"run", "baseline", "--config", cfg, "-o", out}, exitInvalid, "run.dpi = 32 (from config"},
		{"compare", nil, []string{"compare", "baseline", "us-hardline", "--dpi", "32", "-o", out}, exitInvalid, "run.dpi = 32"},
		{"sweep", nil, []string{"sweep", "baseline", "--vary", "china.pressure=0:1:3", "--dpi", "32", "-o", out}, exitInvalid, "run.dpi = 32"},
		{"config", nil, []string{"config", "--config", cfg}, exitInvalid, "run.dpi = 32"},
		{"plot", nil, []string{"plot", dir, "--dpi", "32"}, exitUsage, "--dpi 32: use 36 to 1200"},
	} {
		r := runCLI(t, ctx, tc.env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d and a message with %q; stderr:\n%s", tc.name, r.code, tc.code, tc.want, r.stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused resolution left %s behind: %v", out, err)
	}
	if r := runCLI(t, ctx, nil, "config", "--set", "run.dpi=36"); r.code != 0 {
		t.Errorf("run.dpi=36 (the least the charts accept): exit %d, stderr %s", r.code, r.stderr)
	}
}

// Precedence: default < config file < scenario < environment < flags.
func TestSettingsPrecedence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "alliancesim.yaml", "weights:\n  junior_partner: 1.2\n  disorder_gap: 1.1\n  doctrine: 2.5\nrun:\n  draws: 500\n")
	sc := writeFile(t, dir, "sc.yaml", strings.Replace(bundled(t, "baseline"), "\nsources:\n", "\nweights:\n  disorder_gap: 1.3\n  doctrine: 2.2\n\nsources:\n", 1))
	env := []string{"ALLIANCESIM_WEIGHTS_DOCTRINE=2.7", "ALLIANCESIM_RUN_DRAWS=700"}
	r := runCLI(t, context.Background(), env, "config", "--config", cfg, "--scenario", sc, "--set", "weights.self_sufficiency=0.8")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	treaty, _ := model.LookupWeight("treaty")
	for _, want := range []string{
		"weights.junior_partner  1.2  config " + cfg,
		"weights.disorder_gap  1.3  scenario baseline",
		"weights.doctrine  2.7  env ALLIANCESIM_WEIGHTS_DOCTRINE",
		"weights.self_sufficiency  0.8  flag --set",
		fmt.Sprintf("weights.treaty  %g  default", treaty.Default),
		"run.draws  700  env ALLIANCESIM_RUN_DRAWS",
	} {
		fields := strings.Fields(want)
		re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(fields[0]) + `\s+` + regexp.QuoteMeta(fields[1]) + `\s+` + regexp.QuoteMeta(strings.Join(fields[2:], " ")))
		if !re.MatchString(r.stdout) {
			t.Errorf("config output lacks %q:\n%s", want, r.stdout)
		}
	}
	// A config weight may be a distribution: it is drawn per run unless
	// the scenario sets that weight itself.
	ucfg := writeFile(t, dir, "uncertain.yaml", "weights:\n  junior_partner: {pert: [0.8, 1.0, 1.3]}\n  disorder_gap: {uniform: [1, 2]}\n")
	r = runCLI(t, context.Background(), nil, "config", "--config", ucfg, "--scenario", sc)
	if r.code != 0 || !regexp.MustCompile(`weights.junior_partner\s+1.01\d*\s+config \S+ \(uncertain: pert\(0.8, 1, 1.3\); median shown\)`).MatchString(r.stdout) ||
		!regexp.MustCompile(`weights.disorder_gap\s+1.3\s+scenario baseline`).MatchString(r.stdout) {
		t.Errorf("uncertain config weights: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Unknown keys in the config file and in the environment are errors.
	badCfg := writeFile(t, dir, "bad.yaml", "weights:\n  junior_partner: 1.2\n  juniorpartner: 1\n")
	r = cli(t, "config", "--config", badCfg)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "bad.yaml:3:3: weights.juniorpartner: unknown key") || !strings.Contains(r.stderr, "did you mean junior_partner") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
	r = runCLI(t, context.Background(), []string{"ALLIANCESIM_WEIGHTS_DOCTRIN=1"}, "config")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "ALLIANCESIM_WEIGHTS_DOCTRINE") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
	// Every other ALLIANCESIM_ variable is an error too, with a suggestion
	// when one is near; the test-only knobs of `go test` are not settings.
	for env, want := range map[string]string{
		"ALLIANCESIM_DRAWS=5":                 "did you mean ALLIANCESIM_RUN_DRAWS?",
		"ALLIANCESIM_WEIGHT_JUNIOR_PARTNER=1": "did you mean ALLIANCESIM_WEIGHTS_JUNIOR_PARTNER?",
		"ALLIANCESIM_HOME=/x":                 "ALLIANCESIM_HOME is not a setting",
		"ALLIANCESIM_CALIBRATE_FULL=1":        "ALLIANCESIM_CALIBRATE_FULL is not a setting",
	} {
		if r = runCLI(t, context.Background(), []string{env}, "config"); r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, stderr %s", env, r.code, r.stderr)
		}
	}
}

func TestListShowsBundled(t *testing.T) {
	t.Parallel()
	r := cli(t, "list")
	for _, name := range []string{"baseline", "article-2021", "us-hardline", "wedge-russia", "us-china-detente", "taiwan-crisis", "russia-weakened", "doctrine-shift", "multipolar-return", "hindcast-1992", "sino-soviet-1950"} {
		if !regexp.MustCompile(`(?m)^` + name + `\s+\S`).MatchString(r.stdout) {
			t.Errorf("list lacks %s with a description:\n%s", name, r.stdout)
		}
	}
}

func TestJSONOutput(t *testing.T) {
	t.Parallel()
	r := cli(t, "run", "baseline", "--draws", "1000", "--json", "--no-charts", "-o", t.TempDir())
	var s struct {
		Alliance struct {
			ByHorizon struct{ P, Lo, Hi float64 } `json:"by_horizon"`
		} `json:"alliance"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if !(s.Alliance.ByHorizon.Lo <= s.Alliance.ByHorizon.P && s.Alliance.ByHorizon.P <= s.Alliance.ByHorizon.Hi) {
		t.Errorf("interval does not contain the estimate: %+v", s.Alliance.ByHorizon)
	}
}

func bundled(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "scenarios", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInitWritesAValidScenario(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "My Scenario.yaml")
	mustCLI(t, "init", p, "--from", "wedge-russia")
	r := cli(t, "validate", p)
	if r.code != 0 || !strings.Contains(r.stdout, "ok (my-scenario,") {
		t.Errorf("validate: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, "init", p); r.code != exitUsage || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("overwrite without --force: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := cli(t, "init", p+"2", "--from", "nosuch"); r.code != exitUsage {
		t.Errorf("unknown --from: exit %d", r.code)
	}
	// A folder, a missing folder and a file as the folder are refused in
	// words, without the temporary file's name, and nothing is written.
	dir := filepath.Dir(p)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"init", dir, "--force"}, exitUsage, dir + " is a folder; give the path of the .yaml file to write"},
		{[]string{"init", filepath.Join(dir, "none", "x.yaml")}, exitFailure, "the folder " + filepath.Join(dir, "none") + " does not exist"},
		{[]string{"init", filepath.Join(p, "x.yaml")}, exitFailure, p + " is a file, not a folder"},
	} {
		if r := cli(t, c.args...); r.code != c.code || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, ".tmp-") {
			t.Errorf("%v: exit %d, stderr %q", c.args, r.code, r.stderr)
		}
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("init --force replaced the folder %s: %v", dir, err)
	}
}

func TestCompareExplainPlotReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmp := filepath.Join(dir, "cmp")
	r := mustCLI(t, "compare", "baseline", "us-hardline", "--draws", "3000", "-o", cmp)
	if !regexp.MustCompile(`us-hardline\s+2036\s+\S+%\s+\S+\s+\+\d+\.\d pp`).MatchString(r.stdout) {
		t.Errorf("compare table lacks a positive ΔP for us-hardline:\n%s", r.stdout)
	}
	b, _ := os.ReadFile(filepath.Join(cmp, "compare.json"))
	if c, err := results.ReadComparison(b); err != nil || len(c.Diffs) != 1 || c.Diffs[0].Delta <= 0 || c.Diffs[0].Lo > c.Diffs[0].Delta {
		t.Errorf("compare.json: %v %+v", err, c)
	}
	for _, f := range []string{"compare-curves.png", "compare-dots.png", "baseline/summary.json", "us-hardline/summary.json"} {
		if _, err := os.Stat(filepath.Join(cmp, f)); err != nil {
			t.Errorf("compare did not write %s", f)
		}
	}
	// plot re-renders from the saved results, in another format.
	if r := cli(t, "plot", cmp, "--format", "svg"); r.code != 0 || !strings.Contains(r.stdout, "compare-dots.svg") || !strings.Contains(r.stdout, filepath.Join("baseline", "alliance.svg")) {
		t.Errorf("plot: exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, "plot", dir); r.code != exitInvalid {
		t.Errorf("plot of a directory without results: exit %d", r.code)
	}

	ex := filepath.Join(dir, "ex")
	r = mustCLI(t, "explain", "baseline", "--year", "2030", "--draws", "2000", "-o", ex)
	for _, want := range []string{"Contributions in 2030", "China would withhold consent", "non-alignment doctrine"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := cli(t, "explain", "baseline", "--year", "2050", "-o", ex); r.code != exitUsage {
		t.Errorf("explain --year outside the run: exit %d", r.code)
	}

	rep := filepath.Join(dir, "rep")
	r = mustCLI(t, "report", "baseline", "taiwan-crisis", "--draws", "2000", "-o", rep)
	html, _ := os.ReadFile(filepath.Join(rep, "index.html"))
	md, _ := os.ReadFile(filepath.Join(rep, "report.md"))
	if !bytes.Contains(html, []byte("data:image/svg+xml;base64,")) || !bytes.Contains(md, []byte("taiwan-crisis")) { // the HTML embeds the SVG charts
		t.Error("report lacks embedded images or the second scenario")
	}
	for _, f := range []string{"baseline/alliance.svg", "baseline/alliance.pdf", "taiwan-crisis/events.png", "compare-curves.png"} {
		if _, err := os.Stat(filepath.Join(rep, f)); err != nil {
			t.Errorf("report did not write %s", f)
		}
	}
}

// A rerun with fewer formats removes the charts that no longer match.
func TestRunRemovesStaleCharts(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	mustCLI(t, "run", "baseline", "--draws", "500", "-o", out, "--format", "png,svg")
	mustCLI(t, "run", "baseline", "--draws", "600", "-o", out, "--format", "png")
	if _, err := os.Stat(filepath.Join(out, "alliance.svg")); err == nil {
		t.Error("a stale alliance.svg from the earlier run is still there")
	}
}

func TestSensitivitySweepDiscover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sens := filepath.Join(dir, "sens") // the analysis itself: TestSensitivityWeights
	if r := cli(t, "sensitivity", "baseline", "--output", "p_alliance_year:1990", "-o", sens); r.code != exitInvalid {
		t.Errorf("an output year outside the run: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "sensitivity", "baseline", "--output", "nonsense", "-o", sens); r.code != exitUsage {
		t.Errorf("a bad --output: exit %d", r.code)
	}

	sw := filepath.Join(dir, "sweep")
	r := mustCLI(t, "sweep", "baseline", "--vary", "china.pressure=0.4:0.9:3", "--vary", "weights.junior_partner=0.5:1.5:3", "--draws", "500", "-o", sw)
	csvb, _ := os.ReadFile(filepath.Join(sw, "sweep.csv"))
	if lines := strings.Split(strings.TrimSpace(string(csvb)), "\n"); len(lines) != 10 || !strings.HasPrefix(lines[0], "china.pressure,weights.junior_partner,p_alliance") {
		t.Errorf("sweep.csv:\n%s", csvb)
	}
	if r := cli(t, "sweep", "baseline", "--vary", "china.presure=0:1:3", "-o", sw); r.code != exitInvalid || !strings.Contains(r.stderr, "china.presure") {
		t.Errorf("a bad key: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "sweep", "baseline", "-o", sw); r.code != exitUsage {
		t.Errorf("no --vary: exit %d", r.code)
	}

	disc := filepath.Join(dir, "disc")
	r = mustCLI(t, "discover", "baseline", "--draws", "20000", "-o", disc)
	if !strings.Contains(r.stdout, "An alliance forms by 2036 in") || !strings.Contains(r.stdout, "Signposts") {
		t.Errorf("discover output:\n%s", r.stdout)
	}
	if r := cli(t, "discover", "baseline", "--outcome", "alliance-by=2050", "-o", disc); r.code != exitUsage {
		t.Errorf("an outcome year outside the run: exit %d", r.code)
	}
}
