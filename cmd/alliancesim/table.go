package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

func numCPU() int { return runtime.NumCPU() }

// tableYears picks the years shown in the state table: the first, the
// last, and a few evenly spaced between.
func tableYears(n int) []int {
	if n <= 6 {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	return []int{0, n / 4, n / 2, 3 * n / 4, n - 1}
}

// printTable writes the headline table of one run; header lines (the
// config file read) follow the run's first line.
func printTable(w io.Writer, sc *model.Scenario, r *sim.Result, s *results.Summary, header ...string) {
	printHeadline(w, r, header...)
	printStates(w, r)
	b := r.Blocking
	if b.Occasions > 0 {
		occ := float64(b.Occasions)
		fmt.Fprintf(w, "\nConsent withheld when the alliance was on the table (%s run-years, in %s runs):\n  %s alone %s · %s alone %s · both %s\n",
			format.Thousands(b.Occasions), format.Thousands(b.RunsBlocked), r.Actors[0], format.Percent(float64(b.OnlyFirst)/occ), r.Actors[1], format.Percent(float64(b.OnlySecond)/occ), format.Percent(float64(b.Both)/occ))
	} else {
		fmt.Fprintln(w, "\nThe alliance was never on the table with a side withholding consent.")
	}
	if len(r.Correlations) > 0 {
		fmt.Fprintln(w, "\nInput correlations (rank; achieved over the first draws):")
		for _, c := range r.Correlations {
			fmt.Fprintf(w, "  %s ~ %s: target %+.2f, achieved %+.3f (%s draws)\n", c.A, c.B, c.Target, c.Achieved, format.Thousands(int64(c.N)))
		}
	}
	if len(r.Events) > 0 {
		fmt.Fprintf(w, "\nEvents (within the horizon):\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  event\toccurred\tP(alliance | event)\tP(alliance | no event)")
		for _, e := range r.Events {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", e.Name, format.Percent(e.Occurred.P), e.AllianceIf.WithInterval(), e.AllianceIfNot.WithInterval())
		}
		tw.Flush()
	}
}

// printHeadline writes the run's first line and its headline probability.
func printHeadline(w io.Writer, r *sim.Result, header ...string) {
	last := r.Years[len(r.Years)-1]
	fmt.Fprintf(w, "%s · %s · seed %d · %s · %.2f s", r.Scenario, draws(r.Draws), r.Seed, r.Sampler, r.ElapsedSeconds)
	switch r.Stopped {
	case sim.StopPrecision:
		fmt.Fprintf(w, " · stopped at the target precision ±%s", strings.TrimSuffix(format.Percent(r.Precision), "%")+" pp")
	case sim.StopMaxDraws:
		fmt.Fprintf(w, " · reached --max-draws before the target precision ±%s", strings.TrimSuffix(format.Percent(r.Precision), "%")+" pp")
	}
	fmt.Fprintln(w)
	for _, h := range header {
		fmt.Fprintln(w, h)
	}
	if r.StartAllied && len(r.InForce) > 0 && len(r.Ended) > 0 {
		in, end := r.InForce[len(r.InForce)-1], r.Ended[len(r.Ended)-1]
		fmt.Fprintf(w, "\nThe alliance between %s and %s in force at the start: P(it has ended by end %d) %s (%s); P(an alliance in force at end %d) %s (%s)\n",
			r.Actors[0], r.Actors[1], last, format.Percent(end.P), format.Interval(end.Lo, end.Hi), last, format.Percent(in.P), format.Interval(in.Lo, in.Hi))
		fmt.Fprintf(w, "P(a new pact after it ended, by end %d): %s  (95%% interval %s)\n", last, format.Percent(r.ByHorizon.P), format.Interval(r.ByHorizon.Lo, r.ByHorizon.Hi))
		printUncertainty(w, r.Uncertainty)
		return
	}
	fmt.Fprintf(w, "\nP(defence alliance between %s and %s by end %d): %s  (95%% interval %s; ±%s pp Monte Carlo error)\n",
		r.Actors[0], r.Actors[1], last, format.Percent(r.ByHorizon.P), format.Interval(r.ByHorizon.Lo, r.ByHorizon.Hi),
		strings.TrimSuffix(format.Percent(r.ByHorizon.HalfWidth()), "%"))
	if f := r.FormedInForce; f.N > 0 && r.ByHorizon.Count > 0 {
		fmt.Fprintf(w, "Formed and still in force at end %d: %s  (95%% interval %s); the rest ended again within the horizon\n", last, format.Percent(f.P), format.Interval(f.Lo, f.Hi))
	}
	printUncertainty(w, r.Uncertainty)
}

// printUncertainty writes the split of the headline's uncertainty of a run
// with a posterior (nothing without one).
func printUncertainty(w io.Writer, u *sim.Uncertainty) {
	if u == nil || u.Groups == 0 {
		return
	}
	pp := func(x float64) string { return fmt.Sprintf("%.1f pp", 100*x) }
	share := func(c sim.Component) string {
		if c.Share <= 2*c.ShareSE { // not clearly above 0: an upper bound
			return fmt.Sprintf("under %.1f%%", 100*max(c.Share+2*c.ShareSE, 0))
		}
		return fmt.Sprintf("%.1f%% (±%.1f)", 100*c.Share, 100*c.ShareSE)
	}
	sd := func(c sim.Component) string {
		if c.Variance <= 2*c.VarianceSE { // not clearly above 0: an upper bound
			return "sd under " + pp(math.Sqrt(max(c.Variance, 0)+2*c.VarianceSE))
		}
		return fmt.Sprintf("sd %s (±%.1f)", pp(c.SD), 100*c.SDSE)
	}
	fmt.Fprintf(w, "\nUncertainty of the headline (posterior of %s weight vectors; %s groups of 3 draws):\n", format.Thousands(int64(u.Vectors)), format.Thousands(u.Groups))
	fmt.Fprintf(w, "  Monte Carlo: ±%.2f pp (95%% half-width, allowing for the grouped draws)\n", 100*1.96*u.MonteCarloSE)
	fmt.Fprintf(w, "  weights (posterior, %s vectors): P has %s across the weight vectors; %s of a run's variance\n", format.Thousands(int64(u.Vectors)), sd(u.Weights), share(u.Weights))
	fmt.Fprintf(w, "  scenario inputs: P has %s across the inputs, for given weights; %s\n", sd(u.Inputs), share(u.Inputs))
	fmt.Fprintf(w, "  the rest, %s, is the model's own chance (noise, events, consent)\n", share(u.Model))
}

// printStates writes the share of runs in each state by year.
func printStates(w io.Writer, r *sim.Result) {
	fmt.Fprintln(w, "\nState by year (share of runs) and P(alliance formed by that year):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	hdr := []string{"year"}
	short := []string{"rivalry", "normal.", "strat.", "treaty", "entente", "alliance"}
	hdr = append(hdr, short...)
	hdr = append(hdr, "P(alliance)", "95% interval")
	fmt.Fprintln(tw, strings.Join(hdr, "\t")+"\t")
	for _, t := range tableYears(len(r.Years)) {
		row := []string{fmt.Sprint(r.Years[t])}
		for _, p := range r.StateProb[t] {
			row = append(row, format.Percent(p))
		}
		a := r.Alliance[t]
		row = append(row, format.Percent(a.P), format.Interval(a.Lo, a.Hi))
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}

// draws says "1 draw" or "1,000 draws".
func draws(n int64) string {
	if n == 1 {
		return "1 draw"
	}
	return format.Thousands(n) + " draws"
}
