package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// This file prints the tables of compare, sweep and discover.

// pp renders a difference in percentage points with its sign.
func pp(x float64) string {
	return fmt.Sprintf("%+.1f pp", 100*x)
}

func printComparison(w io.Writer, set *sim.Set, header ...string) {
	r0 := set.Results[0]
	split := r0.Uncertainty != nil && r0.Uncertainty.Groups > 0
	weights := ""
	if split {
		weights = fmt.Sprintf(" · weights from a posterior of %s vectors", format.Thousands(int64(r0.Uncertainty.Vectors)))
	}
	fmt.Fprintf(w, "%d scenarios · %s draws each on common random numbers · seed %d · %s%s\n",
		len(set.Results), format.Thousands(r0.Draws), r0.Seed, r0.Sampler, weights)
	for _, h := range header {
		fmt.Fprintln(w, h)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "scenario\tby\tP(alliance)\t95% interval\tΔ vs " + r0.Scenario + "\t95% interval (paired)\t"
	if split {
		head += "sd: weights\tsd: inputs\t"
	}
	fmt.Fprintln(tw, head)
	for k, r := range set.Results {
		last := r.Years[len(r.Years)-1]
		delta, dint := "–", "–"
		if k > 0 {
			d := set.Diffs[k]
			delta = pp(d.Delta)
			dint = fmt.Sprintf("%s to %s", pp(d.Lo), pp(d.Hi))
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t", r.Scenario, last, format.Percent(r.ByHorizon.P), format.Interval(r.ByHorizon.Lo, r.ByHorizon.Hi), delta, dint)
		if split {
			fmt.Fprintf(tw, "%s\t%s\t", componentSD(r.Uncertainty, r.Uncertainty.Weights), componentSD(r.Uncertainty, r.Uncertainty.Inputs))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if split {
		fmt.Fprintln(w, "\nsd: how far P(alliance) moves across the posterior's weight vectors, and across the scenario's inputs for given weights;")
		fmt.Fprintln(w, "the rest of a run's variance is the model's own chance (each scenario's summary.json has the whole split).")
	}
}

// componentSD is a component's standard deviation of P in percentage
// points, or an upper bound when it is not clearly above 0 (as run prints
// it).
func componentSD(u *sim.Uncertainty, c sim.Component) string {
	if u == nil || u.Groups == 0 {
		return "–"
	}
	if c.Variance <= 2*c.VarianceSE {
		return fmt.Sprintf("under %.1f pp", 100*math.Sqrt(max(c.Variance, 0)+2*c.VarianceSE))
	}
	return fmt.Sprintf("%.1f pp", 100*c.SD)
}

func printSweep(w io.Writer, res *study.SweepResult) {
	fmt.Fprintf(w, "%s · sweep of P(alliance by %d) · %s draws per point on common random numbers · seed %d\n\n",
		res.Scenario, res.Horizon, format.Thousands(res.Draws), res.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(res.Axes) == 1 {
		fmt.Fprintf(tw, "%s\tP(alliance)\t95%% interval\t\n", res.Axes[0].Key)
		for _, p := range res.Points {
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", format.Grid(p.X[0]), format.Percent(p.P.P), format.Interval(p.P.Lo, p.P.Hi))
		}
		tw.Flush()
		return
	}
	ys := res.Axes[1].Values()
	fmt.Fprintf(tw, "%s \\ %s\t", res.Axes[0].Key, res.Axes[1].Key)
	for _, y := range ys {
		fmt.Fprintf(tw, "%s\t", format.Grid(y))
	}
	fmt.Fprintln(tw)
	for i, x := range res.Axes[0].Values() {
		fmt.Fprintf(tw, "%s\t", format.Grid(x))
		for k := range ys {
			fmt.Fprintf(tw, "%s\t", format.Percent(res.Points[i*len(ys)+k].P.P))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func printDiscover(w io.Writer, sc *model.Scenario, f *results.Discovery) {
	fmt.Fprintf(w, "%s · scenario discovery (PRIM) · %s draws · seed %d\n", sc.Name, format.Thousands(f.Draws), f.Seed)
	fmt.Fprintf(w, "Outcome %q in %s of runs.\n\n", f.Outcome, format.Percent(float64(f.Cases)/float64(f.Draws)))
	fmt.Fprintln(w, wrap(f.Sentences, 96, ""))
	if len(f.Signposts) > 0 {
		fmt.Fprintln(w, "\nSignposts to watch (the most telling first; density lost if the condition is dropped):")
		for _, s := range f.Signposts {
			cond := ""
			switch {
			case s.Lo != nil && s.Hi != nil:
				cond = fmt.Sprintf("between %s and %s", analysis.FormatValue(*s.Lo), analysis.FormatValue(*s.Hi))
			case s.Lo != nil:
				cond = "above " + analysis.FormatValue(*s.Lo)
			default:
				cond = "below " + analysis.FormatValue(*s.Hi)
			}
			fmt.Fprintf(w, "  - %s %s (%s)   −%.1f points of density\n", s.Label, cond, s.Input, 100*math.Abs(*s.DensityDrop))
		}
	}
	fmt.Fprintf(w, "\nThe peeling trajectory has %d boxes; prim-tradeoff shows their coverage and density.\n", len(f.Trajectory))
}

// wrap breaks text into lines of at most width bytes, each begun with
// indent, at the spaces between words (a word longer than a line stands
// on a line of its own); text with no word is "".
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(s) {
		switch {
		case len(line) == len(indent):
		case len(line)+1+len(word) > width:
			b.WriteString(line + "\n")
			line = indent
		default:
			line += " "
		}
		line += word
	}
	if len(line) > len(indent) {
		b.WriteString(line)
	}
	return b.String()
}
