package calibrate

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

// TestFullCalibration runs the full calibration of the bundled library at
// the default settings when ALLIANCESIM_CALIBRATE_FULL is set (to a folder
// where calibration.json and posterior.yaml are written), and logs the
// figures of docs/calibration.md. It takes a few minutes.
func TestFullCalibration(t *testing.T) {
	dir := os.Getenv("ALLIANCESIM_CALIBRATE_FULL")
	if dir == "" {
		t.Skip("set ALLIANCESIM_CALIBRATE_FULL=DIR to run the full calibration")
	}
	cases, path := library(t)
	o := Options{Cases: cases, Path: path, Library: scenarios.HistoryLibrary, Seed: 20261127}
	if os.Getenv("ALLIANCESIM_CALIBRATE_CI") != "" {
		o.Points, o.Stages, o.Draws = CIPoints, CIStages, CIDraws
	}
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	j, y := rendered(t, res)
	if err := os.WriteFile(dir+"/calibration.json", j, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/posterior.yaml", y, 0o644); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "points %d x %d rounds, draws %d, workers %d: %.1f s (prepare %.1f s); ESS %.1f of %d, k %.2f; loglik MC SD %.2f (max %.2f)\n",
		res.Points, res.Stages, res.Draws, res.Workers, res.Timing.TotalSeconds, res.Timing.PrepareSeconds, res.ESS, res.TotalPoints, res.ParetoK, res.LogLikMCSD, res.MaxLogLikMCSD)
	for _, r := range res.Rounds {
		fmt.Fprintf(&b, "round: %d points, ESS after %.1f, %.1f s\n", r.Points, r.ESS, r.Seconds)
	}
	b.WriteString("| weight | default | prior mean (90%) | posterior mean (90%) | shift / prior SD |\n|---|---|---|---|---|\n")
	for _, w := range res.Weights {
		fmt.Fprintf(&b, "| `%s` | %g | %.3g (%.3g to %.3g) | %.3g (%.3g to %.3g) | %+.2f |\n", w.Key, w.Default, w.Prior.Mean, w.Prior.Q05, w.Prior.Q95,
			w.Posterior.Mean, w.Posterior.Q05, w.Posterior.Q95, (w.Posterior.Mean-w.Prior.Mean)/w.Prior.SD)
	}
	b.WriteString("\n| case | outcome | default | prior | posterior (90%) | LOO | LOO ESS | k̂ |\n|---|---|---|---|---|---|---|---|\n")
	for _, c := range res.Cases {
		out := fmt.Sprintf("none through %d", c.Year)
		if c.Pact {
			out = fmt.Sprintf("pact %d", c.Year)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %.1f%% | %.1f%% | %.1f%% (%.1f–%.1f) | %.1f%% | %.0f | %.2f |\n", c.Name, out, 100*c.Default, 100*c.Prior,
			100*c.Posterior, 100*c.PostLo, 100*c.PostHi, 100*c.LOO, c.LOOESS, c.LOOParetoK)
	}
	b.WriteString("\n| forecaster | cases | Brier (± SE) | log score (± SE) |\n|---|---|---|---|\n")
	for _, f := range res.Scores.Forecasters {
		fmt.Fprintf(&b, "| %s | %d | %.3f ± %.3f | %.3f ± %.3f |\n", f.Name, f.Cases, f.Brier.Value, f.Brier.SE, f.Log.Value, f.Log.SE)
	}
	for _, c := range res.Scores.Comparisons {
		fmt.Fprintf(&b, "LOO vs %s: Brier %.3f vs %.3f, diff %.3f ± %.3f, skill %.2f\n", c.Reference, c.Brier, c.RefBrier, c.Diff, c.DiffSE, c.Skill)
	}
	p := res.Path
	fmt.Fprintf(&b, "\npath: P(match) prior %.3f, posterior %.3f, default %.3f\n", p.PriorMatch, p.PostMatch, p.DefaultMatch)
	b.WriteString("| year | observed | prior modal | posterior: rivalry norm SP TP entente alliance | P(alliance by year) post |\n|---|---|---|---|---|\n")
	for ti, y := range p.Years {
		if (y-1992)%3 != 0 && y != 2025 {
			continue
		}
		row := p.Posterior[ti]
		fmt.Fprintf(&b, "| %d | %s | %s | %.2f %.2f %.2f %.2f %.2f %.2f | %.3f |\n", y, p.Observed[ti].Key(), model.State(argmax(p.Prior[ti])).Key(),
			row[0], row[1], row[2], row[3], row[4], row[5], p.PostAlliance[ti])
	}
	t.Log("\n" + b.String())
}

func argmax(xs []float64) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}
