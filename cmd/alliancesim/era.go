package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/data"
	"github.com/alliancesim/alliancesim/era"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
)

// EraOptions are the era command's inputs.
type EraOptions struct {
	IO *IOStreams
	// Onsets is a bilateral-onsets file; empty, the bundled one.
	Onsets  string
	Start   int
	JSON    bool
	WorkDir string
}

func NewCmdEra(f *Factory, runF func(*EraOptions) error) *cobra.Command {
	opts := &EraOptions{IO: f.IOStreams, WorkDir: f.WorkDir}
	cmd := noArgs(&cobra.Command{
		Use:   "era",
		Short: "Measure the unipolar era's bar (dyad.unipolarity) from the world's bilateral defence pacts",
		Long: `Measure whether the era that bars a bilateral defence pledge still holds, the
value of the driver dyad.unipolarity, from the count of bilateral
defence-pledge onsets among politically relevant dyads in the ten years
before a run starts (data/world/bilateral-onsets.csv: ATOP 5.1 through 2018,
the treaty texts since): the probability that the window's rate is that of
1992–2016 (the driver at 1) rather than that of 1946–1991 (at 0), from even
odds. Prints it beside the era's own ten-year windows, how many onsets the
window would need for even odds, and the line a scenario file that starts in
that year takes (docs/coding.md rule 157, docs/model.md §3.2).`,
		Example: `  alliancesim era
  alliancesim era --start 2024
  alliancesim era --onsets my-onsets.csv`,
	}, opts, runF, eraRun)
	fl := cmd.Flags()
	fl.StringVar(&opts.Onsets, "onsets", "", "a bilateral-onsets file in the format of data/README.md (default: the bundled one)")
	fl.IntVar(&opts.Start, "start", 0, "start year of the run the value is for, from 2017 (default: the year after the record's last)")
	fl.BoolVar(&opts.JSON, "json", false, "print the estimate as JSON instead of the table")
	// An empty --onsets or --start 0 written out is a mistake, not a
	// request for the default.
	cmd.PreRunE = func(c *cobra.Command, _ []string) error {
		if c.Flags().Changed("onsets") && opts.Onsets == "" {
			return usageErrorf("--onsets is empty: give a file, or leave the flag out for the bundled one")
		}
		if c.Flags().Changed("start") && opts.Start == 0 {
			return usageErrorf("--start 0: give a year, such as 2027, or leave the flag out for the year after the record's last")
		}
		return nil
	}
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
	// Before 2017 the protocol codes the era by date, and the eras' own
	// rates would hold the years after the start.
	lo := max(era.UnipolarYears[1]+1, first+era.Window)
	if start < lo || start > last+1 {
		return usageErrorf("--start %d: use a year from %d to %d (before %d the driver is by date, docs/coding.md §7; %s holds %d–%d)",
			start, lo, last+1, era.UnipolarYears[1]+1, rec.File, first, last)
	}
	bi, uni, err := rec.Eras()
	if err != nil {
		return invalidf("%v", err)
	}
	est, err := rec.Present(start)
	if err != nil {
		return invalidf("%v", err)
	}
	windows, err := rec.EraWindows(start)
	if err != nil {
		return invalidf("%v", err)
	}
	other, extra, err := rec.OtherReading(start)
	if err != nil {
		return invalidf("%v", err)
	}
	if opts.JSON {
		return printJSON(opts.IO.Out, results.FromEra(results.EraInputs{File: rec.File, Start: start, Estimate: est,
			Eras: [2]era.Period{bi, uni}, Windows: windows, Other: other, Extra: extra}))
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "era · %s · the %d years before %d\n\n", rec.File, era.Window, start)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "years\tat-risk dyad-years\tbilateral onsets\tper 10,000\tP(1992–2016 rate)\tonsets at even odds")
	for i, p := range []era.Period{bi, uni} {
		fmt.Fprintf(tw, "%d–%d\t%s\t%d\t%.1f\t%d (the definition)\t\n", p.From, p.To, format.Thousands(int64(p.AtRisk+0.5)), p.Onsets, p.Rate(), i)
	}
	for _, e := range windows {
		eraRow(tw, e, "")
	}
	eraRow(tw, est, " ←")
	if err := tw.Flush(); err != nil {
		return err
	}
	w := est.Window
	fmt.Fprintf(out, "\n%s: %d onsets in %s dyad-years, %.1f per 10,000 (the later era's %.1f, the earlier's %.1f): the later era's rate with probability %s, from even odds.\n",
		rec.File, w.Onsets, format.Thousands(int64(w.AtRisk+0.5)), w.Rate(), uni.Rate(), bi.Rate(), era.Prob(est.P))
	fmt.Fprintf(out, "Signpost: with %d or more onsets in %d–%d the earlier era's rate would be the likelier.\n", est.Even, w.From, w.To)
	where := "the file's judgement column"
	if opts.Onsets == "" {
		where = "data/world/SOURCES.md"
	}
	if extra > 0 {
		fmt.Fprintf(out, "With the window's judgement calls read the other way (%d more onsets, %s): %s.\n", extra, where, era.Prob(other.P))
	}
	if n := postRecordYears(rec, w); n > 0 {
		fmt.Fprintf(out, "%s not marked verified yes (for the bundled record: coded from the treaty texts after ATOP 5.1's last year).\n", fmt.Sprintf(format.Plural(n, "%d of the window's years is", "%d of the window's years are"), n))
	}
	fmt.Fprintf(out, "\nFor a scenario that starts in %d:\n  %s\n", start, era.Line(start, est))
	return nil
}

// postRecordYears counts the window's years not marked verified yes.
func postRecordYears(rec *era.Record, w era.Period) int {
	n := 0
	for _, y := range rec.Years {
		if y.Year >= w.From && y.Year <= w.To && y.Verified != "yes" {
			n++
		}
	}
	return n
}

func eraRow(tw *tabwriter.Writer, e era.Estimate, mark string) {
	w := e.Window
	fmt.Fprintf(tw, "%d–%d%s\t%s\t%d\t%.1f\t%s\t%d\n", w.From, w.To, mark, format.Thousands(int64(w.AtRisk+0.5)), w.Onsets, w.Rate(), era.Prob(e.P), e.Even)
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
	src, err := scenarios.ReadLimited(path, "bilateral onsets", era.MaxFileSize)
	if err != nil {
		return nil, invalidf("--onsets: %v\n  hint: give a CSV file in the format of data/README.md (bilateral-onsets.csv)", err)
	}
	rec, err := era.Read(arg, bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	return rec, nil
}
