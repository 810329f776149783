package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Issue 12: strict input.
func TestStrictInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if r := cli(t, "run", "--set", "weights.junior_partner=", "-o", out); r.code != exitUsage || !strings.Contains(r.stderr, "has no value") {
		t.Errorf("empty --set: exit %d, %s", r.code, r.stderr)
	}
	boolCfg := writeFile(t, dir, "bool.yaml", "run:\n  draws: true\n")
	if r := cli(t, "config", "--config", boolCfg); r.code != exitInvalid || !strings.Contains(r.stderr, "bool.yaml:2: run.draws: true is not a number") {
		t.Errorf("boolean draws: exit %d, %s", r.code, r.stderr)
	}
	// A syntax error in a config file is reported as in a scenario file:
	// its line and column and a hint, not viper's "While parsing config".
	syntax := writeFile(t, dir, "syntax.yaml", "run:\n  draws: [1\n")
	if r := cli(t, "config", "--config", syntax); r.code != exitInvalid || !strings.Contains(r.stderr, "syntax.yaml:2:10: YAML syntax error") ||
		!strings.Contains(r.stderr, "hint: ") || strings.Contains(r.stderr, "While parsing") {
		t.Errorf("config syntax error: exit %d, %s", r.code, r.stderr)
	}
	twoDocs := writeFile(t, dir, "two.yaml", "run:\n  draws: 5\n---\nrun:\n  seed: 3\n")
	if r := cli(t, "config", "--config", twoDocs); r.code != exitInvalid || !strings.Contains(r.stderr, "two.yaml:3: a second YAML document") {
		t.Errorf("two documents: exit %d, %s", r.code, r.stderr)
	}
	var laughs strings.Builder
	laughs.WriteString("a0: &a0 \"" + strings.Repeat("x", 100) + "\"\n")
	for i := 1; i < 10; i++ {
		laughs.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat("*a"+string(rune('0'+i-1))+",", 9) + "*a" + string(rune('0'+i-1)) + "]\n")
	}
	bl := writeFile(t, dir, "laughs.yaml", laughs.String())
	if r := cli(t, "config", "--config", bl); r.code != exitInvalid || !strings.Contains(r.stderr, "aliases expanded") {
		t.Errorf("billion laughs: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "config", "--config", dir); r.code != exitInvalid || !strings.Contains(r.stderr, "a folder, not a file") {
		t.Errorf("folder as config: exit %d, %s", r.code, r.stderr)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		if r := cli(t, "config", "--config", fifo); r.code != exitInvalid || !strings.Contains(r.stderr, "named pipe") {
			t.Errorf("FIFO as config: exit %d, %s", r.code, r.stderr)
		}
	}
	// Sizes are refused before any folder is made.
	for _, args := range [][]string{
		{"run", "-n", "2e9"},
		{"run", "-n", "2e12"}, // over a sharded run's total too: says one run's bound
		{"compare", "baseline", "us-hardline", "--precision", "0.001", "--max-draws", "2e9"},
		{"sweep", "baseline", "--vary", "china.pressure=0:1:101", "--vary", "china.threat=0:1:101", "-n", "1e7"},
		{"sensitivity", "baseline", "--n", "1e9"},
		{"sensitivity", "baseline", "--n", "0"},
		{"discover", "baseline", "-n", "1e9"},
		{"backtest", "-n", "2e9"},
	} {
		o := filepath.Join(dir, "sized")
		r := cli(t, append(args, "-o", o)...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "the most") && !strings.Contains(r.stderr, "at most") && !strings.Contains(r.stderr, "up to") && !strings.Contains(r.stderr, "power of two") {
			t.Errorf("%v: exit %d, %s", args, r.code, r.stderr)
		}
		if _, err := os.Stat(o); err == nil {
			t.Errorf("%v: made the output folder before refusing", args)
		}
	}
	// plot checks what it reads.
	run := filepath.Join(dir, "res")
	mustCLI(t, "run", "-n", "1000", "--no-charts", "-o", run)
	b, _ := os.ReadFile(filepath.Join(run, "summary.json"))
	bad := strings.Replace(string(b), `"horizon_years": 10`, `"horizon_years": 100000000`, 1)
	writeFile(t, run, "summary.json", bad)
	if r := cli(t, "plot", run, "-o", filepath.Join(dir, "charts")); r.code != exitInvalid || !strings.Contains(r.stderr, "summary.json: horizon_years: 100000000") {
		t.Errorf("plot of a damaged summary: exit %d, %s", r.code, r.stderr)
	}
}

// Issue 13: what a newcomer needs to be told.
func TestNewcomerMessages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The config file read shows in the run's header.
	cfg := writeFile(t, dir, "alliancesim.yaml", "weights:\n  junior_partner: 2\n  doctrine: 1\n  disorder_gap: 0.5\n")
	var r result
	{
		var outb, errb strings.Builder
		f := newFactory(&IOStreams{Out: &outb, ErrOut: &errb}, []string{}, dir, nil)
		code := mainRun(context.Background(), f, []string{"run", "-n", "2000", "--no-charts", "-o", filepath.Join(dir, "o1")})
		r = result{code, outb.String(), errb.String()}
	}
	if r.code != 0 || !strings.Contains(r.stdout, "config: ./alliancesim.yaml, read from the working directory (3 weights)") {
		t.Errorf("config header: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	os.Remove(cfg)
	// A bad config is blamed, not the scenario.
	badCfg := writeFile(t, dir, "bad.yaml", "run:\n  draw: 5\n")
	if r := cli(t, "validate", "baseline", "--config", badCfg); r.code != exitInvalid || !strings.Contains(r.stderr, "the settings are wrong, not the scenarios") || strings.Contains(r.stderr, "files invalid") {
		t.Errorf("validate with a bad config: exit %d, %s", r.code, r.stderr)
	}
	// An unwritable output folder is reported before simulating.
	file := writeFile(t, dir, "afile", "x")
	if r := cli(t, "run", "-n", "1e8", "-o", filepath.Join(file, "sub")); r.code != exitFailure || !strings.Contains(r.stderr, "not a directory") {
		t.Errorf("output under a file: exit %d, %s", r.code, r.stderr)
	}
	// Few draws warn; counts take 1e3 and 1,000.
	r = cli(t, "run", "-n", "1", "--no-charts", "-o", filepath.Join(dir, "o2"))
	if r.code != 0 || !strings.Contains(r.stderr, "warning: with 1 draw the Monte Carlo error is ±79.3 pp; use at least 10,000 for a headline") {
		t.Errorf("1 draw: exit %d, %s", r.code, r.stderr)
	}
	for _, n := range []string{"1e3", "1,000", "1_000"} {
		if r := cli(t, "run", "-n", n, "--no-charts", "-o", filepath.Join(dir, "o3")); r.code != 0 || !strings.Contains(r.stdout, "1,000 draws") {
			t.Errorf("-n %s: exit %d, %s", n, r.code, r.stderr)
		}
	}
	for args, want := range map[string]string{
		"run --seed abc":  `--seed "abc": use a whole number from 0 to 18446744073709551615`,
		"run -n 2.5":      `--draws "2.5": use a whole number, such as 100000, 100,000 or 1e5`,
		"run -n -5":       `--draws "-5": a count cannot be negative: use a whole number, such as 100000, 100,000 or 1e5`,
		"run --workers x": `--workers "x": use a whole number`,
		"run basline":     "did you mean baseline?",
		"run us-hardlin":  "did you mean us-hardline?",
		"show basline":    "did you mean baseline?",
		"sensitivity baseline --reps 1,5 -o /nonexistent/x":     `--reps "1,5"`,
		"discover baseline --mass-min 0 -o /nonexistent/x":      `--mass-min 0: use a share above 0 and below 1, such as 0.05`,
		"discover baseline --peel-alpha 0.6 -o /nonexistent/x":  `--peel-alpha 0.6: use a share above 0 and below 0.5`,
		"discover baseline --paste-alpha NaN -o /nonexistent/x": `--paste-alpha NaN: use a share above 0 and below 1`,
		"serve baseline --no-open --addr 127.0.0.1:99999":       `alliancesim: --addr: address "127.0.0.1:99999": the port "99999" is not a number from 0 to 65535`,
		"serve baseline --no-open --addr 0.0.0.0:80":            `alliancesim: --addr: address "0.0.0.0:80": the page is served on 127.0.0.1 only`,
		"run --shard 3/2":                  `--shard "3/2": K counts from 0, so it must be from 0 to 1`,
		"run --shard 0/0":                  `--shard "0/0": N must be from 1 to 10000`,
		"backtest --shard x":               `--shard "x": use K/N, the K-th of N slices counted from 0`,
		"sensitivity baseline --shard 4/4": `--shard "4/4": K counts from 0, so it must be from 0 to 3`,
	} {
		r := cli(t, strings.Fields(args)...)
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, %s", args, r.code, r.stderr)
		}
	}
	// A file that keeps a bundled scenario's name warns; defaulted drivers
	// are noted (not with --quiet).
	sc := writeFile(t, dir, "copy.yaml", uwScenario("A copy.", "  disorder_gap: 1.3\n"))
	clash := strings.Replace(mustRead(t, sc), "name: uw", "name: baseline", 1)
	writeFile(t, dir, "copy.yaml", clash)
	r = cli(t, "run", sc, "-n", "2000", "--no-charts", "--set", "run.out="+filepath.Join(dir, "o4"))
	if r.code != 0 || !strings.Contains(r.stderr, `is named "baseline", like the bundled scenario`) || !strings.Contains(r.stderr, "drivers are at their built-in defaults") {
		t.Errorf("name clash and defaults: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "run", sc, "-n", "2000", "--no-charts", "-q", "-o", filepath.Join(dir, "o5")); strings.Contains(r.stderr, "defaults") || strings.Contains(r.stderr, "like the bundled") {
		t.Errorf("--quiet still notes the defaults: %s", r.stderr)
	}
	// Two sweeps of one scenario go to their own folders.
	out := filepath.Join(dir, "sw")
	for _, v := range [][]string{{"--vary", "china.pressure=0.3:0.9:2"}, {"--vary", "china.pressure=0.3:0.9:2", "--vary", "weights.junior_partner=1:2:2"}} {
		args := append([]string{"sweep", "baseline", "-n", "200", "--format", "svg", "--set", "run.out=" + out}, v...)
		mustCLI(t, args...)
	}
	for _, d := range []string{"sweep-china.pressure", "sweep-china.pressure-weights.junior_partner"} {
		if _, err := os.Stat(filepath.Join(out, "baseline", d, "sweep.csv")); err != nil {
			t.Errorf("no %s: %v", d, err)
		}
	}
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestJSONShowAndCompletion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"config", "--json"},
		{"explain", "baseline", "-n", "1000", "--json", "-o", filepath.Join(dir, "ex")},
		{"sweep", "baseline", "--vary", "china.pressure=0.3:0.9:2", "-n", "200", "--json", "-o", filepath.Join(dir, "sw")},
		{"show", "baseline", "--json"},
	} {
		r := cli(t, args...)
		if r.code != 0 || !strings.HasPrefix(strings.TrimSpace(r.stdout), "{") && !strings.HasPrefix(strings.TrimSpace(r.stdout), "[") {
			t.Errorf("%v: exit %d, %q %s", args, r.code, r.stdout, r.stderr)
		}
	}
	r := cli(t, "show", "baseline")
	if r.code != 0 || !strings.Contains(r.stdout, "path") || !strings.Contains(r.stdout, "90% range") || !strings.Contains(r.stdout, "china.doctrine") {
		t.Errorf("show: exit %d\n%s", r.code, r.stdout)
	}
	r = cli(t, "show", "baseline", "--diff", "us-hardline")
	if r.code != 0 || !strings.Contains(r.stdout, "differ") || strings.Contains(r.stdout, "dyad.treaty ") && !strings.Contains(r.stdout, "us-hardline") {
		t.Errorf("show --diff: exit %d\n%s", r.code, r.stdout)
	}
	if r := cli(t, "show", "baseline", "--diff", "baseline"); !strings.Contains(r.stdout, "the same inputs") {
		t.Errorf("show --diff of itself: %s", r.stdout)
	}
	r = cli(t, "__complete", "run", "bas")
	if r.code != 0 || !strings.Contains(r.stdout, "baseline\n") {
		t.Errorf("completion: exit %d, %q", r.code, r.stdout)
	}
}
