package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// ExplainOptions are the explain command's inputs.
type ExplainOptions struct {
	common
	Arg  string
	Year int // 0 for the first year
	JSON bool
	// FromNowcast starts the runs from a nowcast state (run's
	// --from-nowcast); the central run then starts on its likeliest rung.
	FromNowcast string
}

func NewCmdExplain(f *Factory, runF func(*ExplainOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, nil, runF, explainRun, func(o *ExplainOptions, a []string) { o.Arg = a[0] }, &cobra.Command{
		Use:   "explain SCENARIO",
		Short: "Show each driver's contribution, year by year, in a central run",
		Long: `Run the scenario once with every input at its median, no noise and no
events (a central run), and show, year by year, what each driver contributes
to each side's utility of an alliance and to the latent alignment pressure,
and in words why the model leans where it leans. Writes explain.json and
the explanation charts (a waterfall for --year, and the terms over time).

For context it also runs the full Monte Carlo (--draws, --seed) and prints
the headline probability: the central run is one path, not the forecast.`,
		Example: `  alliancesim explain baseline
  alliancesim explain us-hardline --year 2030 --format png,svg`,
	})
	fl := scenarioCommand(cmd, "output directory; without it, <run.out>/<scenario>/explain")
	fl.IntVar(&opts.Year, "year", 0, "year to break down in detail (default: the first year)")
	fl.BoolVar(&opts.JSON, "json", false, "print explain.json on stdout instead of the tables")
	fromNowcastFlag(fl, &opts.FromNowcast)
	return cmd
}

func explainRun(opts *ExplainOptions) error {
	jobs, err := opts.prepare([]string{opts.Arg})
	if err != nil {
		return err
	}
	sc, st := jobs[0].l.Scenario, jobs[0].st
	year := opts.Year
	if year == 0 {
		year = sc.StartYear
	}
	if last := sc.StartYear + sc.HorizonYears - 1; year < sc.StartYear || year > last {
		return usageErrorf("--year %d: %s runs from %d to %d", year, sc.Name, sc.StartYear, last)
	}
	p, err := medianParams(sc)
	if err != nil {
		return err
	}
	if st.Posterior != nil {
		// The central run: the posterior mean, the scenario's own and the
		// user's fixed weights kept.
		st.Weights = posteriorMean(st)
	}
	r := opts.runner()
	defer r.release()
	dir := outDir(st, opts.Flags, sc.Name, "explain")
	if err := opts.preflight(r, jobs, 1, dir); err != nil {
		return err
	}
	if err := nowcastStart(r, &opts.common, jobs, opts.FromNowcast); err != nil {
		return err
	}
	central, share := centralScenario(sc, r.start)
	if r.start != nil {
		opts.notef("the central run starts on the nowcast's likeliest rung, %s (%s of its particles)", strings.ToLower(central.InitialState.String()), format.Percent(share))
	}
	ex := model.Explain(central, &st.Weights, p)
	set, err := r.runJobs(jobs, sc.Name)
	if err != nil {
		return err
	}
	exJSON, err := results.FromExplanation(ex).Marshal()
	if err != nil {
		return err
	}
	var js []byte
	if opts.JSON {
		js = exJSON
	}
	return r.publish(publication{
		Dir:   dir,
		JSON:  js,
		Files: []stagedFile{{"explain.json", exJSON}},
		Charts: func(stage string) ([]string, error) {
			charts, err := plots.RenderExplanation(ex, year, stage, st.Run.Formats, chartOptions(opts.Factory, st.Run.DPI, &st.Weights))
			if err != nil {
				return nil, fmt.Errorf("explanation charts: %w", err)
			}
			return chartFiles(charts, ""), nil
		},
		Print: func(w io.Writer) { printExplanation(w, ex, year, &st.Weights, set.Results[0]) },
	})
}

func num(x float64) string {
	if math.Abs(x) < 0.005 {
		return "0"
	}
	return fmt.Sprintf("%+.2f", x)
}

// printExplanation writes the year-by-year table, the breakdown of one
// year, and the reasons in words.
func printExplanation(w io.Writer, ex *model.Explanation, year int, wt *model.Weights, r *sim.Result) {
	a, b := ex.Actors[0], ex.Actors[1]
	fmt.Fprintf(w, "%s · central run: every input at its median, no noise, no events\n", ex.Scenario)
	fmt.Fprintf(w, "For context, the full Monte Carlo (%s draws, seed %d) gives P(alliance by end %d) = %s (%s).\n\n",
		format.Thousands(r.Draws), r.Seed, r.Years[len(r.Years)-1], format.Percent(r.ByHorizon.P), format.Interval(r.ByHorizon.Lo, r.ByHorizon.Hi))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "year\tstate\tlatent\thurdle\ton table\t%s U\t%s U\tthreshold\t\n", a, b)
	for _, y := range ex.Years {
		on := "no"
		if y.OnTable {
			on = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%.2f\t%.2f\t%s\t%s\t%s\t%.2f\t\n", y.Year, y.State.Key(), y.Latent, y.Hurdle, on, num(y.Utility[0]), num(y.Utility[1]), y.ConsentThreshold)
	}
	tw.Flush()

	y := ex.Years[year-ex.Years[0].Year]
	fmt.Fprintf(w, "\nContributions in %d (model units; costs are negative):\n", year)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "term\tlatent pressure\t%s's utility\t%s's utility\t\n", a, b)
	rows := map[string][3]float64{}
	var order []string
	labels := map[string]string{}
	add := func(col int, cs []model.Contribution) {
		for _, c := range cs {
			v, ok := rows[c.Key]
			if !ok {
				order = append(order, c.Key)
				labels[c.Key] = c.Label
			}
			v[col] = c.Value
			rows[c.Key] = v
		}
	}
	add(0, y.LatentParts)
	add(1, y.UtilityParts[0])
	add(2, y.UtilityParts[1])
	for _, k := range order {
		v := rows[k]
		if v == [3]float64{} {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", labels[k], num(v[0]), num(v[1]), num(v[2]))
	}
	fmt.Fprintf(tw, "total\t%.2f\t%.2f\t%.2f\t\n", y.Latent, y.Utility[0], y.Utility[1])
	tw.Flush()

	fmt.Fprintf(w, "\nIn words (%d):\n", year)
	for _, s := range reasons(ex, y) {
		fmt.Fprintf(w, "  %s\n", s)
	}
}

// largest returns the contribution with the largest value of sign s (+1
// for the strongest pull, -1 for the heaviest cost).
func largest(cs []model.Contribution, s float64) model.Contribution {
	var best model.Contribution
	for _, c := range cs {
		if c.Value*s > best.Value*s {
			best = c
		}
	}
	return best
}

// reasons says in plain sentences why the central run stands where it
// stands in one year.
func reasons(ex *model.Explanation, y model.YearExplanation) []string {
	var out []string
	push := largest(y.LatentParts, 1)
	drag := largest(y.LatentParts, -1)
	switch {
	case y.State == model.DefenceAlliance:
		out = append(out, fmt.Sprintf("The pair is in a defence alliance; the latent pressure (%.2f) is driven chiefly by %s (%s).", y.Latent, strings.ToLower(push.Label), num(push.Value)))
	case y.OnTable:
		out = append(out, fmt.Sprintf("The alliance is on the table: the latent pressure %.2f is above the hurdle %.2f, pushed chiefly by %s (%s).", y.Latent, y.Hurdle, strings.ToLower(push.Label), num(push.Value)))
	default:
		out = append(out, fmt.Sprintf("The alliance is not on the table: the pair stands at %s with a latent pressure of %.2f against a hurdle of %.2f; the main pull is %s (%s), the main drag %s (%s).",
			strings.ToLower(y.State.String()), y.Latent, y.Hurdle, strings.ToLower(push.Label), num(push.Value), strings.ToLower(drag.Label), num(drag.Value)))
	}
	for i, name := range ex.Actors {
		cost := largest(y.UtilityParts[i], -1)
		if y.Consent[i] {
			out = append(out, fmt.Sprintf("%s would consent: its utility %.2f clears the threshold %.2f.", name, y.Utility[i], y.ConsentThreshold))
			continue
		}
		out = append(out, fmt.Sprintf("%s would withhold consent: its utility %.2f is below the threshold %.2f, chiefly because of the %s (%s).",
			name, y.Utility[i], y.ConsentThreshold, strings.ToLower(cost.Label), num(cost.Value)))
	}
	return out
}
