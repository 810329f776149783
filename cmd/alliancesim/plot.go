package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/internal/safefile"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// PlotOptions are the plot command's inputs.
type PlotOptions struct {
	Ctx           context.Context
	IO            *IOStreams
	Dir           string
	Formats       []string
	DPI           int
	Width, Height float64 // centimetres
	// Out, when set, receives the charts (mirroring the results' folders)
	// instead of the results directory itself.
	Out string
	// Force: --force, write into a folder alliancesim did not write.
	Force bool
}

func NewCmdPlot(f *Factory, runF func(*PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{IO: f.IOStreams}
	var formats string
	cmd := &cobra.Command{
		Use:   "plot RESULTS_DIR",
		Short: "Re-render charts from saved results, without re-running",
		Long: `Re-render every chart from a results directory written by run, compare,
explain or report (it reads summary.json, compare.json and explain.json), in
the formats and size you choose, for example to fit a journal's column.
Nothing is simulated again, so the numbers are exactly those saved.`,
		Example: `  alliancesim plot out/baseline --format svg,pdf
  alliancesim plot out/baseline --width 8.5 --height 6 --dpi 300`,
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Dir, opts.Formats, opts.Force = cmd.Context(), args[0], toList(formats), f.Global.Force
			return dispatch(opts, runF, plotRun)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&formats, "format", "png", "chart formats, comma-separated: png, svg, pdf")
	fl.IntVar(&opts.DPI, "dpi", 150, "PNG resolution in dots per inch (300 for print)")
	fl.Float64Var(&opts.Width, "width", 16, "chart width in centimetres")
	fl.Float64Var(&opts.Height, "height", 10, "chart height in centimetres")
	fl.StringVarP(&opts.Out, "out", "o", "", "write the charts here instead of into RESULTS_DIR (its subfolders are mirrored)")
	return cmd
}

// maxResultsFile bounds a results file read back (summary.json and its
// kin are kilobytes to a few megabytes).
const maxResultsFile = 256 << 20

// readResult reads a results file and converts it; a missing file is
// (zero, false, nil).
func readResult[T any](path string, parse func([]byte) (T, error)) (T, bool, error) {
	var zero T
	b, err := safefile.Read(path, maxResultsFile)
	if os.IsNotExist(err) {
		return zero, false, nil
	}
	if err != nil {
		return zero, false, err
	}
	v, err := parse(b)
	var ie *invalidError
	if err != nil && !errors.As(err, &ie) {
		err = invalidf("%s: %v", path, err)
	}
	return v, true, err
}

// fromJSON reads a results file of type F and converts it with convert.
func fromJSON[F, T any](path string, convert func(*F) (T, error)) (T, bool, error) {
	return readResult(path, func(b []byte) (T, error) {
		var f F
		if err := json.Unmarshal(b, &f); err != nil {
			var zero T
			return zero, invalidf("%s: not a results file of this tool: %v", path, results.ExplainJSON(b, err))
		}
		return convert(&f)
	})
}

// readSummary reads a summary.json back, and checks its numbers.
func readSummary(path string) (*sim.Result, bool, error) {
	r, ok, err := fromJSON(path, (*results.Summary).Result)
	if err == nil && ok {
		err = checkResult(path, r)
	}
	return r, ok, err
}

// readExplanation reads explain.json back into the central run it was
// written from.
func readExplanation(path string) (*model.Explanation, bool, error) {
	return fromJSON(path, (*results.Explanation).Explanation)
}

// plotChecks checks the formats, the size and the folder, and returns the
// charts' options.
func plotChecks(opts *PlotOptions) (plots.Options, error) {
	for _, f := range opts.Formats {
		switch f {
		case "png", "svg", "pdf":
		default:
			return plots.Options{}, usageErrorf("--format %q: use png, svg or pdf", f)
		}
	}
	if plots.CheckDPI(opts.DPI) != nil {
		return plots.Options{}, usageErrorf("--dpi %d: use %d to %d", opts.DPI, plots.MinDPI, plots.MaxDPI)
	}
	if opts.Width < 6 || opts.Height < 4 || opts.Width > 100 || opts.Height > 100 {
		return plots.Options{}, usageErrorf("--width %g --height %g: use at least 6 × 4 cm and at most 100 cm", opts.Width, opts.Height)
	}
	if st, err := os.Stat(opts.Dir); err != nil || !st.IsDir() {
		return plots.Options{}, invalidf("%s is not a results directory", opts.Dir)
	}
	o := plots.Options{DPI: opts.DPI, Version: version, Width: vg.Length(opts.Width) * vg.Centimeter, Height: vg.Length(opts.Height) * vg.Centimeter, Warn: chartWarn(opts.IO.ErrOut)}
	if err := o.Validate(); err != nil {
		return o, usageErrorf("%s", strings.TrimPrefix(err.Error(), "plots: "))
	}
	return o, nil
}

func plotRun(opts *PlotOptions) error {
	o, err := plotChecks(opts)
	if err != nil {
		return err
	}
	pl := &plotter{opts: opts, o: o}
	found, err := pl.scenario(opts.Dir)
	if err != nil {
		return err
	}
	// A comparison directory: each scenario's subdirectory, then the
	// comparison charts from the saved summaries and paired differences.
	cmp, err := pl.comparison()
	if err != nil {
		return err
	}
	// An explain directory on its own.
	ex, err := pl.explanation()
	if err != nil {
		return err
	}
	if !found && !cmp && !ex {
		return invalidf("%s holds no summary.json, compare.json or explain.json\n  hint: give the directory a run wrote, e.g. out/baseline", opts.Dir)
	}
	for _, p := range pl.written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return nil
}

// plotter re-renders the charts of a results folder.
type plotter struct {
	opts    *PlotOptions
	o       plots.Options
	written []string
}

// scenario re-renders a scenario folder's charts, if it holds a
// summary.json.
func (pl *plotter) scenario(dir string) (bool, error) {
	r, ok, err := readSummary(filepath.Join(dir, "summary.json"))
	if err != nil || !ok {
		return ok, err
	}
	ex, _, err := readExplanation(filepath.Join(dir, "explain", "explain.json"))
	if err != nil {
		return true, err
	}
	return true, pl.renderInto(dir, func(stage string) ([]plots.RenderedChart, error) {
		return plots.RenderScenario(r, ex, stage, pl.opts.Formats, pl.o)
	})
}

// comparison re-renders a comparison folder's charts, if it holds a
// compare.json.
func (pl *plotter) comparison() (bool, error) {
	dir := pl.opts.Dir
	cmp, ok, err := readResult(filepath.Join(dir, "compare.json"), results.ReadComparison)
	if err != nil || !ok {
		return ok, err
	}
	set := &sim.Set{Diffs: cmp.PairedDiffs()}
	for _, cs := range cmp.Scenarios {
		if _, err := pl.scenario(filepath.Join(dir, filepath.Dir(cs.Summary))); err != nil {
			return true, err
		}
		r, ok, err := readSummary(filepath.Join(dir, cs.Summary))
		if err != nil {
			return true, err
		}
		if !ok {
			return true, invalidf("%s: missing %s", dir, cs.Summary)
		}
		set.Results = append(set.Results, r)
	}
	return true, pl.renderInto(dir, func(stage string) ([]plots.RenderedChart, error) {
		return plots.RenderComparison(set, stage, pl.opts.Formats, pl.o)
	})
}

// explanation re-renders an explain folder's charts, if it holds an
// explain.json with a year.
func (pl *plotter) explanation() (bool, error) {
	e, ok, err := readExplanation(filepath.Join(pl.opts.Dir, "explain.json"))
	if err != nil || !ok || len(e.Years) == 0 {
		return false, err
	}
	return true, pl.renderInto(pl.opts.Dir, func(stage string) ([]plots.RenderedChart, error) {
		return plots.RenderExplanation(e, e.Years[0].Year, stage, pl.opts.Formats, pl.o)
	})
}

// renderInto renders charts into a staging directory inside dir (or its
// mirror under --out) and moves them into place only when all have been
// written.
func (pl *plotter) renderInto(dir string, f func(stage string) ([]plots.RenderedChart, error)) error {
	if pl.opts.Out != "" {
		rel, err := filepath.Rel(pl.opts.Dir, dir)
		if err != nil {
			rel = "."
		}
		dir = filepath.Join(pl.opts.Out, rel)
	}
	// An update: the set's results stay, its charts are redrawn.
	stage, err := results.NewStageWith(dir, results.StageOptions{Update: true, Force: pl.opts.Force})
	if err != nil {
		return err
	}
	defer stage.Abort() // removes only the staging folder: a no-op once committed
	charts, err := f(stage.Dir)
	if err != nil {
		return err
	}
	for _, name := range chartFiles(charts, "") {
		stage.Add(name)
	}
	written, err := commit(pl.opts.Ctx, stage)
	pl.written = append(pl.written, written...)
	return err
}
