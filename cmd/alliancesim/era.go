package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/data"
	"github.com/alliancesim/alliancesim/era"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/scenarios"
)

// EraOptions are the era command's inputs.
type EraOptions struct {
	IO *IOStreams
	// Onsets is a bilateral-onsets file; empty, the bundled one.
	Onsets  string
	Start   int
	WorkDir string
}

func NewCmdEra(f *Factory, runF func(*EraOptions) error) *cobra.Command {
	opts := &EraOptions{IO: f.IOStreams, WorkDir: f.WorkDir}
	cmd := noArgs(&cobra.Command{
		Use:   "era",
		Short: "Measure the unipolar era's bar (dyad.unipolarity) from the world's bilateral defence pacts",
		Long: `Measure how far the present era bars a bilateral defence pledge, the value
of the driver dyad.unipolarity, from the count of bilateral defence-pledge
onsets among politically relevant dyads in the ten years before a run starts
(data/world/bilateral-onsets.csv: ATOP 5.1 through 2018, the treaty texts
since), set between the rate of 1946–1991 (the driver at 0) and that of
1992–2016 (at 1). Prints the estimate for the last years of the record and
for the era's own ten-year windows, and the choice input a scenario file
takes for that start year (docs/model.md §3.2 and §8).`,
		Example: `  alliancesim era
  alliancesim era --start 2024
  alliancesim era --onsets my-onsets.csv`,
	}, opts, runF, eraRun)
	fl := cmd.Flags()
	fl.StringVar(&opts.Onsets, "onsets", "", "a bilateral-onsets file in the format of data/README.md (default: the bundled one)")
	fl.IntVar(&opts.Start, "start", 0, "start year of the run the value is for (default: the year after the record's last)")
	return cmd
}

func eraRun(opts *EraOptions) error {
	rec, err := readOnsets(opts.Onsets, opts.WorkDir)
	if err != nil {
		return err
	}
	first, last := rec.Years[0].Year, rec.Years[len(rec.Years)-1].Year
	start := opts.Start
	if start == 0 {
		start = last + 1
	}
	if start < first+era.Window || start > last+1 {
		return usageErrorf("--start %d: use %d to %d (the window is the %d years before the start, and %s holds %d–%d)",
			start, first+era.Window, last+1, era.Window, rec.File, first, last)
	}
	est, err := rec.Present(start)
	if err != nil {
		return invalidf("%v", err)
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "era · %s · the %d years before %d\n\n", rec.File, era.Window, start)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "years\tat-risk dyad-years\tbilateral onsets\tper 10,000\tunipolarity: mean\t90% interval\tP(at 1)")
	for _, y := range [][2]int{era.BipolarYears, era.UnipolarYears} {
		p, err := rec.Period(y[0], y[1])
		if err != nil {
			return invalidf("%v", err)
		}
		v := "0 (by definition)"
		if y == era.UnipolarYears {
			v = "1 (by definition)"
		}
		fmt.Fprintf(tw, "%d–%d\t%s\t%d\t%.1f\t%s\t\t\n", y[0], y[1], format.Thousands(int64(p.AtRisk+0.5)), p.Onsets, p.Rate(), v)
	}
	// The era's own windows, for comparison: a window at the era's rate is
	// not at 1 (docs/model.md §3.2).
	for s := era.UnipolarYears[0] + era.Window + (era.UnipolarYears[1]-era.UnipolarYears[0]+1)%era.Window; s <= era.UnipolarYears[1]+1; s += era.Window {
		if s == start {
			continue
		}
		e, err := rec.Present(s)
		if err != nil {
			return invalidf("%v", err)
		}
		eraRow(tw, e, "")
	}
	eraRow(tw, est, " ←")
	if err := tw.Flush(); err != nil {
		return err
	}
	vals := make([]string, 0, 20)
	for _, v := range est.Choice(20) {
		vals = append(vals, fmt.Sprintf("%g", v))
	}
	fmt.Fprintf(out, "\nFor a scenario that starts in %d:\n  unipolarity: {choice: {values: [%s]}}\n", start, strings.Join(vals, ", "))
	return nil
}

func eraRow(tw *tabwriter.Writer, e era.Estimate, mark string) {
	w := e.Window
	fmt.Fprintf(tw, "%d–%d%s\t%s\t%d\t%.1f\t%.2f\t%.2f–%.2f\t%s\n", w.From, w.To, mark, format.Thousands(int64(w.AtRisk+0.5)), w.Onsets, w.Rate(),
		e.Mean, e.Q05, e.Q95, format.Percent(e.AtOne))
}

// readOnsets reads the bundled bilateral-onsets file, or the user's.
func readOnsets(arg, workDir string) (*era.Record, error) {
	if arg == "" {
		b, name, ok := data.BilateralOnsets()
		if !ok {
			return nil, fmt.Errorf("this build has no bundled bilateral-onsets.csv")
		}
		rec, err := era.Read(name, bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return rec, nil
	}
	path := arg
	if !filepath.IsAbs(path) && workDir != "" {
		path = filepath.Join(workDir, path)
	}
	src, err := scenarios.ReadLimited(path, "bilateral onsets", era.MaxFileSize+1)
	if err != nil {
		return nil, invalidf("--onsets: %v\n  hint: give a CSV file in the format of data/README.md (bilateral-onsets.csv)", err)
	}
	rec, err := era.Read(arg, bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	return rec, nil
}
