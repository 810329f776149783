package main

import (
	"context"
	"io"
	"reflect"
	"testing"

	"github.com/spf13/cobra"
)

// parse runs a command line through the command that newCmd builds, with a
// runF that captures the options instead of running anything; it returns
// the options (nil if runF was not reached), the factory and the exit code.
func parse[T any](t *testing.T, newCmd func(*Factory, func(*T) error) *cobra.Command, args ...string) (*T, *Factory, int) {
	t.Helper()
	f := newFactory(&IOStreams{Out: io.Discard, ErrOut: io.Discard}, []string{}, "", nil)
	var got *T
	root := &cobra.Command{Use: "alliancesim", SilenceErrors: true, SilenceUsage: true}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	globalFlags(root.PersistentFlags(), f.Global)
	root.AddCommand(newCmd(f, func(o *T) error { got = o; return nil }))
	root.SetArgs(args)
	root.SetOut(io.Discard)
	err := root.ExecuteContext(context.Background())
	return got, f, exitCode(err)
}

func wantFlags(t *testing.T, got, want map[string]string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("run flags %v, want %v", got, want)
	}
}

func TestRunOptions(t *testing.T) {
	t.Parallel()
	o, _, code := parse(t, NewCmdRun, "run")
	if code != 0 || !reflect.DeepEqual(o.Args, []string{"baseline"}) || o.OutGiven || o.JSON || o.NoCharts || len(o.Flags) != 0 {
		t.Errorf("no arguments: exit %d, %+v", code, o)
	}
	o, f, code := parse(t, NewCmdRun, "run", "a.yaml", "b", "-n", "500", "--seed", "7", "-o", "x", "--format", "svg", "--max-draws", "9",
		"--json", "--no-charts", "--set", "junior_partner=1", "--set", "run.dpi=72", "--config", "c.yaml", "-q", "--no-progress")
	if code != 0 || !reflect.DeepEqual(o.Args, []string{"a.yaml", "b"}) || !o.OutGiven || !o.JSON || !o.NoCharts {
		t.Errorf("exit %d, %+v", code, o)
	}
	wantFlags(t, o.Flags, map[string]string{"run.draws": "500", "run.seed": "7", "run.out": "x", "run.formats": "svg", "run.max_draws": "9"})
	g := f.Global
	if !reflect.DeepEqual(g.Sets, []string{"junior_partner=1", "run.dpi=72"}) || g.ConfigPath != "c.yaml" || !g.Quiet || !g.NoProgress || f.showProgress() {
		t.Errorf("global options %+v", g)
	}
	for _, bad := range [][]string{{"run", "--drawz", "5"}, {"run", "--draws", "many"}, {"run", "--seed", "-1"}} {
		if o, _, code := parse(t, NewCmdRun, bad...); code != exitUsage || o != nil {
			t.Errorf("%v: exit %d, want %d without running", bad, code, exitUsage)
		}
	}
}

func TestCompareAndReportOptions(t *testing.T) {
	t.Parallel()
	if o, _, code := parse(t, NewCmdCompare, "compare", "baseline"); code != exitUsage || o != nil {
		t.Errorf("one scenario: exit %d", code)
	}
	o, _, code := parse(t, NewCmdCompare, "compare", "a", "b", "c", "--json", "--precision", "0.01")
	if code != 0 || !reflect.DeepEqual(o.Args, []string{"a", "b", "c"}) || !o.JSON {
		t.Errorf("exit %d, %+v", code, o)
	}
	wantFlags(t, o.Flags, map[string]string{"run.precision": "0.01"})
	r, _, code := parse(t, NewCmdReport, "report", "a", "--dpi", "300")
	if code != 0 || !reflect.DeepEqual(r.Args, []string{"a"}) || !reflect.DeepEqual(r.Defaults["run.formats"], []string{"png", "svg", "pdf"}) {
		t.Errorf("report: exit %d, %+v", code, r)
	}
	wantFlags(t, r.Flags, map[string]string{"run.dpi": "300"})
}

func TestOneScenarioOptions(t *testing.T) {
	t.Parallel()
	e, _, code := parse(t, NewCmdExplain, "explain", "us-hardline", "--year", "2030", "--sampler", "lhs")
	if code != 0 || e.Arg != "us-hardline" || e.Year != 2030 {
		t.Errorf("explain: exit %d, %+v", code, e)
	}
	wantFlags(t, e.Flags, map[string]string{"run.sampler": "lhs"})
	if _, _, code := parse(t, NewCmdExplain, "explain", "a", "b"); code != exitUsage {
		t.Errorf("explain with two scenarios: exit %d", code)
	}
	if _, _, code := parse(t, NewCmdExplain, "explain", "a", "--precision", "0.1"); code != exitUsage {
		t.Errorf("explain --precision: exit %d", code)
	}
	s, _, code := parse(t, NewCmdSensitivity, "sensitivity", "baseline", "--n", "64", "--reps", "8", "--bootstrap", "20", "--trajectories", "3",
		"--output", "mean_state", "--inputs-only", "--json")
	if code != 0 || s.Arg != "baseline" || s.N != 64 || s.Reps != 8 || s.Boot != 20 || s.Traj != 3 || s.Output != "mean_state" || !s.InputsOnly || !s.JSON {
		t.Errorf("sensitivity: exit %d, %+v", code, s)
	}
	w, _, code := parse(t, NewCmdSweep, "sweep", "baseline", "--vary", "a=0:1:3", "--vary", "b=1:2:2", "--level", "0.3")
	if code != 0 || w.Arg != "baseline" || !reflect.DeepEqual(w.Vary, []string{"a=0:1:3", "b=1:2:2"}) || w.Level != 0.3 || w.Defaults["run.draws"] != int64(20_000) {
		t.Errorf("sweep: exit %d, %+v", code, w)
	}
	d, _, code := parse(t, NewCmdDiscover, "discover", "baseline", "--outcome", "alliance-by=2030", "--peel-alpha", "0.1", "--paste-alpha", "0.02", "--mass-min", "0.2", "--workers", "3")
	if code != 0 || d.Arg != "baseline" || d.Outcome != "alliance-by=2030" || d.Peel != 0.1 || d.Paste != 0.02 || d.MassMin != 0.2 || d.JSON {
		t.Errorf("discover: exit %d, %+v", code, d)
	}
	wantFlags(t, d.Flags, map[string]string{"run.workers": "3"})
}

func TestBacktestOptions(t *testing.T) {
	t.Parallel()
	o, _, code := parse(t, NewCmdBacktest, "backtest")
	if code != 0 || o.Dir != "" || o.JSON {
		t.Errorf("exit %d, %+v", code, o)
	}
	o, _, code = parse(t, NewCmdBacktest, "backtest", "cases/", "--json", "-o", "x")
	if code != 0 || o.Dir != "cases/" || !o.JSON {
		t.Errorf("exit %d, %+v", code, o)
	}
	wantFlags(t, o.Flags, map[string]string{"run.out": "x"})
	for _, bad := range [][]string{{"backtest", "a", "b"}, {"backtest", "--precision", "0.01"}} {
		if _, _, code := parse(t, NewCmdBacktest, bad...); code != exitUsage {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
}

func TestOtherOptions(t *testing.T) {
	t.Parallel()
	p, _, code := parse(t, NewCmdPlot, "plot", "out/x", "--format", "SVG, pdf", "--dpi", "300", "--width", "8.5", "--height", "6", "-o", "charts")
	if code != 0 || p.Dir != "out/x" || !reflect.DeepEqual(p.Formats, []string{"svg", "pdf"}) || p.DPI != 300 || p.Width != 8.5 || p.Height != 6 || p.Out != "charts" {
		t.Errorf("plot: exit %d, %+v", code, p)
	}
	i, _, code := parse(t, NewCmdInit, "init", "my.yaml", "--from", "us-hardline", "--force")
	if code != 0 || i.Path != "my.yaml" || i.From != "us-hardline" || !i.Force {
		t.Errorf("init: exit %d, %+v", code, i)
	}
	c, _, code := parse(t, NewCmdConfig, "config", "--scenario", "x.yaml")
	if code != 0 || c.Scenario != "x.yaml" {
		t.Errorf("config: exit %d, %+v", code, c)
	}
	v, _, code := parse(t, NewCmdValidate, "validate", "a", "b")
	if code != 0 || !reflect.DeepEqual(v.Args, []string{"a", "b"}) {
		t.Errorf("validate: exit %d, %+v", code, v)
	}
	if l, _, code := parse(t, NewCmdList, "list"); code != 0 || l == nil {
		t.Errorf("list: exit %d", code)
	}
	if _, _, code := parse(t, NewCmdVersion, "version", "x"); code != exitUsage {
		t.Errorf("version x: exit %d", code)
	}
}
