package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// ShowOptions are the show command's inputs.
type ShowOptions struct {
	IO   *IOStreams
	Arg  string
	Diff string // another scenario to compare with
	JSON bool
}

func NewCmdShow(f *Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{IO: f.IOStreams}
	cmd := oneArg(&cobra.Command{
		Use:   "show SCENARIO [--diff OTHER]",
		Short: "Show a scenario's inputs as a table, or what differs between two",
		Long: `Show every input of a scenario (bundled name or file) as a table: its path,
its distribution, its median, its 90% range (5th to 95th percentile) and
where it comes from (the file's sources, or "default" for a driver the file
leaves at its built-in default), then the scenario's own weights.

With --diff OTHER, show only the inputs and weights that differ between
the two scenarios, side by side. Nothing is simulated.`,
		Example: `  alliancesim show baseline
  alliancesim show my-scenario.yaml --diff baseline`,
		ValidArgsFunction: completeScenarioArgs(1),
	}, opts, &opts.Arg, runF, showRun)
	cmd.Flags().StringVar(&opts.Diff, "diff", "", "another scenario: show only what differs from it")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the rows as JSON instead of the table")
	cmd.RegisterFlagCompletionFunc("diff", completeScenarios)
	return cmd
}

// showRow is one input or weight of a scenario.
type showRow struct {
	Path         string  `json:"path"`
	Distribution string  `json:"distribution"`
	Median       float64 `json:"median"`
	P05          float64 `json:"p05"`
	P95          float64 `json:"p95"`
	Source       string  `json:"source"`
}

// showRows lists a scenario's inputs, then its fixed weights.
func showRows(sc *model.Scenario) []showRow {
	var rows []showRow
	for _, in := range sc.Inputs {
		r := showRow{Path: in.Path, Distribution: in.Dist.String(), Median: sim.Median(in.Dist),
			P05: in.Dist.Quantile(0.05), P95: in.Dist.Quantile(0.95), Source: strings.Join(in.Sources, "; ")}
		if in.Line == 0 && in.Fixed && len(in.Sources) == 0 && !strings.HasPrefix(in.Path, "events.") {
			r.Source = "default"
		}
		rows = append(rows, r)
	}
	var ks []string
	for k := range sc.Weights {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		x := sc.Weights[k]
		rows = append(rows, showRow{Path: model.WeightPathPrefix + k, Distribution: "fixed " + format.Exact(x),
			Median: x, P05: x, P95: x, Source: "the scenario's weights:"})
	}
	return rows
}

func showRun(opts *ShowOptions) error {
	l, err := loadScenario(opts.Arg)
	if err != nil {
		return err
	}
	rows := showRows(l.Scenario)
	if opts.Diff == "" {
		if opts.JSON {
			return printJSON(opts.IO.Out, rows)
		}
		printShow(opts.IO.Out, l.Scenario, rows)
		return nil
	}
	o, err := loadScenario(opts.Diff)
	if err != nil {
		return err
	}
	diff := diffRows(rows, showRows(o.Scenario))
	if opts.JSON {
		return printJSON(opts.IO.Out, diff)
	}
	printDiff(opts.IO.Out, l.Scenario.Name, o.Scenario.Name, diff)
	return nil
}

// printJSON prints v as the results files are written (results.JSON).
func printJSON(w io.Writer, v any) error {
	b, err := results.JSON(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// short cuts a text to n characters, with an ellipsis.
func short(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// g writes a number shortly.
func g(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }

func printShow(w io.Writer, sc *model.Scenario, rows []showRow) {
	fmt.Fprintf(w, "%s · %d–%d · %d inputs\n", sc.Name, sc.StartYear, sc.StartYear+sc.HorizonYears-1, len(sc.Inputs))
	if sc.Description != "" {
		fmt.Fprintf(w, "%s\n", sc.Description)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "path\tdistribution\tmedian\t90% range\tsource")
	for _, r := range rows {
		rng := g(r.P05) + " to " + g(r.P95)
		if r.P05 == r.P95 {
			rng = "–"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Path, r.Distribution, g(r.Median), rng, short(r.Source, 60))
	}
	tw.Flush()
}

// rowDiff is an input that differs between two scenarios; A or B is nil
// when only the other has it.
type rowDiff struct {
	Path string   `json:"path"`
	A    *showRow `json:"a"`
	B    *showRow `json:"b"`
}

// diffRows lists the paths whose distributions differ, in a's order, then
// those only b has.
func diffRows(a, b []showRow) []rowDiff {
	bm := map[string]*showRow{}
	for i := range b {
		bm[b[i].Path] = &b[i]
	}
	var out []rowDiff
	seen := map[string]bool{}
	for i := range a {
		ra, rb := &a[i], bm[a[i].Path]
		seen[ra.Path] = true
		if rb == nil || rb.Distribution != ra.Distribution {
			out = append(out, rowDiff{ra.Path, ra, rb})
		}
	}
	for i := range b {
		if !seen[b[i].Path] {
			out = append(out, rowDiff{b[i].Path, nil, &b[i]})
		}
	}
	return out
}

func printDiff(w io.Writer, a, b string, diff []rowDiff) {
	if len(diff) == 0 {
		fmt.Fprintf(w, "%s and %s have the same inputs and weights\n", a, b)
		return
	}
	fmt.Fprintf(w, "%s against %s: %d inputs or weights differ\n\n", a, b, len(diff))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "path\t%s\tmedian\t%s\tmedian\n", a, b)
	cell := func(r *showRow) (string, string) {
		if r == nil {
			return "–", "–"
		}
		return r.Distribution, g(r.Median)
	}
	for _, d := range diff {
		da, ma := cell(d.A)
		db, mb := cell(d.B)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Path, da, ma, db, mb)
	}
	tw.Flush()
}

// completeScenarios completes a scenario argument: the bundled names and
// the .yaml and .yml files (and folders) under what has been typed.
func completeScenarios(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	if !strings.ContainsAny(toComplete, `/\`) {
		for _, n := range bundledNames() {
			if strings.HasPrefix(n, toComplete) {
				out = append(out, n)
			}
		}
	}
	dir := filepath.Dir(toComplete + "x")
	matches, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, m := range matches {
		if toComplete != "" && !strings.HasPrefix(m, filepath.Clean(toComplete)) && !strings.HasPrefix(m, toComplete) {
			continue
		}
		if dir == "." && !strings.HasPrefix(toComplete, "./") {
			m = filepath.Base(m)
		}
		if strings.HasSuffix(m, ".yaml") || strings.HasSuffix(m, ".yml") {
			out = append(out, m)
		} else if isDir(m) {
			out = append(out, m+string(filepath.Separator))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace*boolDirective(hasDirs(out))
}

// completeScenarioArgs completes up to n scenario arguments (n < 0: any
// number).
func completeScenarioArgs(n int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if n >= 0 && len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completeScenarios(cmd, args, toComplete)
	}
}

// completeBundled completes a bundled scenario's name (init --from).
func completeBundled(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, n := range bundledNames() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func hasDirs(c []string) bool {
	for _, s := range c {
		if strings.HasSuffix(s, string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func boolDirective(b bool) cobra.ShellCompDirective {
	if b {
		return 1
	}
	return 0
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}
