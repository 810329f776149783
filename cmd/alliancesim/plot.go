package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

type plotOptions struct {
	IO            streams
	Global        *globalOptions
	Dir           string
	Formats       []string
	DPI           int
	Width, Height float64 // centimetres
	ctx           context.Context
	// Out, when set, receives the charts (mirroring the results' folders)
	// instead of the results directory itself.
	Out string
}

func newPlotCmd(io streams, g *globalOptions) *cobra.Command {
	opts := &plotOptions{IO: io, Global: g}
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
			opts.Dir = args[0]
			opts.Formats = toList(formats)
			return plotRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&formats, "format", "png", "chart formats, comma-separated: png, svg, pdf")
	f.IntVar(&opts.DPI, "dpi", 150, "PNG resolution in dots per inch (300 for print)")
	f.Float64Var(&opts.Width, "width", 16, "chart width in centimetres")
	f.Float64Var(&opts.Height, "height", 10, "chart height in centimetres")
	f.StringVarP(&opts.Out, "out", "o", "", "write the charts here instead of into RESULTS_DIR (its subfolders are mirrored)")
	return cmd
}

// readFile reads a results file; a missing file is (nil, false, nil).
func readFile(path string) ([]byte, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

func readJSON(path string, v any) (bool, error) {
	b, ok, err := readFile(path)
	if !ok || err != nil {
		return ok, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, invalidf("%s: not a results file of this tool: %v", path, err)
	}
	return true, nil
}

// readComparison reads compare.json and checks its schema; a missing file
// is (nil, false, nil).
func readComparison(path string) (*results.Comparison, bool, error) {
	b, ok, err := readFile(path)
	if !ok || err != nil {
		return nil, ok, err
	}
	c, err := results.ReadComparison(b)
	if err != nil {
		return nil, true, invalidf("%s: %v", path, err)
	}
	return c, true, nil
}

// readExplanation reads explain.json back into the central run it was
// written from; a missing file is (nil, false, nil).
func readExplanation(path string) (*model.Explanation, bool, error) {
	var e results.Explanation
	ok, err := readJSON(path, &e)
	if !ok || err != nil {
		return nil, ok, err
	}
	ex, err := e.Explanation()
	if err != nil {
		return nil, true, invalidf("%s: %v", path, err)
	}
	return ex, true, nil
}

func readSummary(path string) (*sim.Result, bool, error) {
	var s results.Summary
	ok, err := readJSON(path, &s)
	if !ok || err != nil {
		return nil, ok, err
	}
	r, err := s.Result()
	if err != nil {
		return nil, true, invalidf("%s: %v", path, err)
	}
	return r, true, nil
}

func plotRun(ctx context.Context, opts *plotOptions) error {
	opts.ctx = ctx
	for _, f := range opts.Formats {
		switch f {
		case "png", "svg", "pdf":
		default:
			return usageErrorf("--format %q: use png, svg or pdf", f)
		}
	}
	if plots.CheckDPI(opts.DPI) != nil {
		return usageErrorf("--dpi %d: use %d to %d", opts.DPI, plots.MinDPI, plots.MaxDPI)
	}
	if opts.Width < 6 || opts.Height < 4 || opts.Width > 100 || opts.Height > 100 {
		return usageErrorf("--width %g --height %g: use at least 6 × 4 cm and at most 100 cm", opts.Width, opts.Height)
	}
	if st, err := os.Stat(opts.Dir); err != nil || !st.IsDir() {
		return invalidf("%s is not a results directory", opts.Dir)
	}
	o := plots.Options{DPI: opts.DPI, Version: version, Width: vg.Length(opts.Width) * vg.Centimeter, Height: vg.Length(opts.Height) * vg.Centimeter}
	if err := o.Validate(); err != nil {
		return usageErrorf("%s", strings.TrimPrefix(err.Error(), "plots: "))
	}
	var written []string
	render := func(dir string) (bool, error) {
		r, ok, err := readSummary(filepath.Join(dir, "summary.json"))
		if err != nil || !ok {
			return ok, err
		}
		ex, _, err := readExplanation(filepath.Join(dir, "explain", "explain.json"))
		if err != nil {
			return true, err
		}
		files, err := opts.renderInto(dir, func(stage string) ([]plots.RenderedChart, error) {
			return plots.RenderScenario(r, ex, stage, opts.Formats, o)
		})
		written = append(written, files...)
		return true, err
	}
	found, err := render(opts.Dir)
	if err != nil {
		return err
	}
	// A comparison directory: each scenario's subdirectory, then the
	// comparison charts from the saved summaries and paired differences.
	if cmp, ok, err := readComparison(filepath.Join(opts.Dir, "compare.json")); err != nil {
		return err
	} else if ok {
		found = true
		set := &sim.Set{Diffs: cmp.PairedDiffs()}
		for _, cs := range cmp.Scenarios {
			sub := filepath.Join(opts.Dir, filepath.Dir(cs.Summary))
			if _, err := render(sub); err != nil {
				return err
			}
			r, ok, err := readSummary(filepath.Join(opts.Dir, cs.Summary))
			if err != nil {
				return err
			}
			if !ok {
				return invalidf("%s: missing %s", opts.Dir, cs.Summary)
			}
			set.Results = append(set.Results, r)
		}
		files, err := opts.renderInto(opts.Dir, func(stage string) ([]plots.RenderedChart, error) {
			return plots.RenderComparison(set, stage, opts.Formats, o)
		})
		if err != nil {
			return err
		}
		written = append(written, files...)
	}
	// An explain directory on its own.
	if e, ok, err := readExplanation(filepath.Join(opts.Dir, "explain.json")); err != nil {
		return err
	} else if ok && len(e.Years) > 0 {
		found = true
		files, err := opts.renderInto(opts.Dir, func(stage string) ([]plots.RenderedChart, error) {
			return plots.RenderExplanation(e, e.Years[0].Year, stage, opts.Formats, o)
		})
		if err != nil {
			return err
		}
		written = append(written, files...)
	}
	if !found {
		return invalidf("%s holds no summary.json, compare.json or explain.json\n  hint: give the directory a run wrote, e.g. out/baseline", opts.Dir)
	}
	for _, p := range written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return nil
}

// renderInto renders charts into a staging directory inside dir (or its
// mirror under out) and moves them into place only when all have been
// written.
func (opts *plotOptions) renderInto(dir string, f func(stage string) ([]plots.RenderedChart, error)) ([]string, error) {
	if opts.Out != "" {
		rel, err := filepath.Rel(opts.Dir, dir)
		if err != nil {
			rel = "."
		}
		dir = filepath.Join(opts.Out, rel)
	}
	stage, err := results.NewStage(dir)
	if err != nil {
		return nil, err
	}
	defer stage.Abort() // removes only the staging folder: a no-op once committed
	charts, err := f(stage.Dir)
	if err != nil {
		return nil, err
	}
	for _, c := range charts {
		for _, name := range c.Files {
			stage.Add(name)
		}
	}
	return commit(opts.ctx, stage)
}
