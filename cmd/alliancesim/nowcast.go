package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alliancesim/alliancesim/data"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/scenarios"
)

// NowcastOptions are the nowcast command's inputs.
type NowcastOptions struct {
	common
	// Data is a bundled dyad ("china-russia"), a folder holding
	// observations.csv, or the file itself.
	Data      string
	Out       string
	Particles int
	Seed      uint64
	Workers   int
	Horizon   int
	Through   int
	JSON      bool
	Formats   []string
	DPI       int
}

func NewCmdNowcast(f *Factory, runF func(*NowcastOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, nil, runF, nowcastRun, func(o *NowcastOptions, args []string) {
		o.Data = "china-russia"
		if len(args) == 1 {
			o.Data = args[0]
		}
	}, &cobra.Command{
		Use:   "nowcast [DYAD|DATA]",
		Short: "Read the relationship off the observed record: where it stood each year and stands now",
		Long: `Filter the observed record of a pair (UN Security Council vetoes, joint
exercises and patrols, arms and energy trade, UN General Assembly agreement,
joint statements: data/README.md) through the model's own yearly step with a
particle filter, and write where the pair stood on the ladder each year, the
state it is in now, the one-step-ahead forecast scores over the record, and
the forecast from the filtered state. The observation model (how each rung
shows in each indicator) is estimated on the record; an indicator that does
not tell the rungs apart gets no weight.

DYAD is a bundled series (china-russia, the default); DATA is a folder with
an observations.csv, or the file itself, in the same format. Writes
nowcast.json, and state.json (the filtered state, for run --from-nowcast),
to <out>/nowcast-<dyad>/ (or --out).`,
		Example: `  alliancesim nowcast
  alliancesim nowcast my-data/ --particles 200000 -o out/my-nowcast`,
		Args: argsUsage(cobra.MaximumNArgs(1)),
	})
	fl := cmd.Flags()
	fl.StringVarP(&opts.Out, "out", "o", "", "output directory (default out/nowcast-<dyad>)")
	fl.IntVar(&opts.Particles, "particles", nowcast.DefaultParticles, "particles of the filter (and runs of the forecast)")
	fl.Uint64Var(&opts.Seed, "seed", nowcast.DefaultSeed, "seed of every random stream; the same seed gives the same results")
	fl.IntVar(&opts.Through, "through", 0, "last year of the state: up to 5 years past the record's end are predicted with no observations, for a run that starts later (default: the record's last year)")
	fl.IntVar(&opts.Workers, "workers", 0, "parallel workers (0 = one per CPU); never changes results")
	fl.IntVar(&opts.Horizon, "horizon", 0, "last year of the forecast (default: 10 years past the record)")
	fl.BoolVar(&opts.JSON, "json", false, "print nowcast.json on stdout instead of the table")
	chartFlags(fl, &opts.Formats, &opts.DPI)
	return cmd
}

// maxParticles bounds --particles: memory grows with it (each particle
// carries its path and inputs).
const maxParticles = 2_000_000

// nowcastRun reads the record, filters it and publishes nowcast.json.
func nowcastRun(opts *NowcastOptions) error {
	if err := plots.CheckDPI(opts.DPI); err != nil {
		return usageErrorf("--dpi: %v", err)
	}
	if opts.Particles < 100 || opts.Particles > maxParticles {
		return usageErrorf("--particles %d: use 100 to %s", opts.Particles, format.Thousands(maxParticles))
	}
	rec, name, err := readRecord(opts.Data, opts.Factory.WorkDir)
	if err != nil {
		return err
	}
	if t := opts.Through; t != 0 && (t < rec.First || t > rec.Last+nowcast.MaxBeyond) {
		return usageErrorf("--through %d: use a year from %d to %d (the record is %d–%d; at most %d years past its end are predicted)", t, rec.First, rec.Last+nowcast.MaxBeyond, rec.First, rec.Last, nowcast.MaxBeyond)
	}
	if h := opts.Horizon; h != 0 {
		// The forecast starts from the state at the end of --through (or
		// of the record), must reach past the signposts' watch window and
		// runs at most as many years as a scenario may.
		through := rec.Last
		if opts.Through != 0 {
			through = opts.Through
		}
		if lo, hi := through+nowcast.DefaultWindow+1, through+scenarios.MaxHorizon; h < lo || h > hi {
			return usageErrorf("--horizon %d: use a year from %d to %d (the state is at the end of %d; the signposts watch %d–%d, and the forecast runs at most %d years)",
				h, lo, hi, through, through+1, through+nowcast.DefaultWindow, scenarios.MaxHorizon)
		}
	}
	r := opts.runner()
	var done, total atomic.Int64
	stop := r.bar("nowcast "+name, int64(rec.Last-rec.First+1), &done, &total)
	res, err := nowcast.Run(r.ctx, nowcast.Options{Record: rec, Particles: opts.Particles, Seed: opts.Seed, Workers: opts.Workers,
		Horizon: opts.Horizon, Through: opts.Through, Progress: func(stage string, d, t int) { done.Store(int64(d)); total.Store(int64(t)) }})
	stop(err == nil)
	if err != nil {
		return r.studyError(err)
	}
	b, err := res.Marshal()
	if err != nil {
		return err
	}
	// Signposts: the conditions on the indicators to watch in the next
	// three years under which an alliance follows, simulated forward.
	sp, err := res.Signposts(r.ctx, nowcast.SignpostOptions{Runs: opts.Particles, Workers: opts.Workers})
	if err != nil {
		return r.studyError(err)
	}
	spJSON, err := sp.Marshal()
	if err != nil {
		return err
	}
	stJSON, err := res.StateFile().Marshal()
	if err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("out", "nowcast-"+dyadName(name))
	}
	p := publication{Dir: out, Files: []stagedFile{{"nowcast.json", b}, {"signposts.json", spJSON}, {"state.json", stJSON}}}
	file := res.File()
	o := chartOptions(opts.Factory, opts.DPI, nil)
	p.Charts = saveCharts([]plots.Builder{{Kind: "nowcast", Build: func() (*plots.Chart, error) { return plots.Nowcast(file, o) }}}, opts.Formats, o)
	if opts.JSON {
		p.JSON = b
	} else {
		p.Print = func(w io.Writer) {
			printNowcast(w, name, opts, res)
			fmt.Fprintf(w, "\nSignposts to watch:\n%s\n", wrap(sp.Text, 99, "  "))
		}
	}
	return r.publish(p)
}

// chartFlags adds --format and --dpi for a command that draws named
// charts.
func chartFlags(fl *pflag.FlagSet, formats *[]string, dpi *int) {
	fl.StringSliceVar(formats, "format", []string{"png"}, "chart formats, comma-separated: png, svg, pdf")
	fl.IntVar(dpi, "dpi", 150, "PNG resolution in dots per inch (300 for print)")
}

// readRecord reads a bundled dyad's series, or a folder's or file's.
func readRecord(arg, workDir string) (*nowcast.Record, string, error) {
	if b, name, ok := data.Observations(arg); ok && !strings.ContainsAny(arg, `/\.`) {
		rec, err := nowcast.Read(name, bytes.NewReader(b))
		return rec, name, err
	}
	path := arg
	if !filepath.IsAbs(path) && workDir != "" {
		path = filepath.Join(workDir, path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, "", invalidf("%s: no bundled series and no file or folder of that name\n  hint: give a bundled dyad (%s) or a folder holding observations.csv (format: data/README.md)", arg, strings.Join(data.Dyads(), ", "))
	}
	rec, err := nowcast.ReadFile(path)
	if err != nil {
		return nil, "", invalidf("%v", err)
	}
	return rec, arg, nil
}

// dyadName is the name the default output folder takes.
func dyadName(name string) string {
	name = strings.TrimPrefix(name, "bundled:")
	base := filepath.Base(strings.TrimSuffix(name, string(filepath.Separator)))
	if base == "observations.csv" {
		base = filepath.Base(filepath.Dir(name))
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// printNowcast prints the filtered rung at the years the coding changes
// and the last ones, the current state, the scores and the forecast.
func printNowcast(w io.Writer, name string, opts *NowcastOptions, res *nowcast.Result) {
	post := res.Post
	fmt.Fprintf(w, "nowcast · %s (%d–%d) · %s particles · seed %d · %.1f s\n\n", name, res.Record.First, res.Record.Last,
		format.Thousands(int64(post.Particles)), post.Seed, res.ElapsedSeconds)
	keys := model.StateKeys()
	fmt.Fprintf(w, "Filtered rung by year (share of particles, given the record up to that year):\n%-6s", "year")
	for _, k := range []string{"rivalry", "normal.", "strategic", "treaty", "entente", "alliance"}[:len(keys)] {
		fmt.Fprintf(w, " %10s", k)
	}
	fmt.Fprintf(w, "   coded\n")
	show := map[int]bool{post.Years[0].Year: true, post.State.Year: true, res.Record.Last: true, res.Record.Last - 3: true}
	for _, c := range nowcast.ChinaRussia {
		show[c.From] = true
	}
	for _, yp := range post.Years {
		if !show[yp.Year] {
			continue
		}
		fmt.Fprintf(w, "%-6d", yp.Year)
		for s := range keys {
			fmt.Fprintf(w, " %10s", format.Percent(yp.Filtered[s]))
		}
		coded := "-"
		if s, ok := nowcast.ChinaRussia.Rung(yp.Year); ok && !yp.Beyond {
			coded = s.Key()
		} else if yp.Beyond {
			coded = "(predicted, no observations)"
		}
		fmt.Fprintf(w, "   %s\n", coded)
	}
	rungs := post.State.Rungs()
	best := 0
	for s := range rungs {
		if rungs[s] > rungs[best] {
			best = s
		}
	}
	if post.State.Year > res.Record.Last {
		fmt.Fprintf(w, "\nAt the end of %d (predicted from the record through %d): %s with probability %s.\n", post.State.Year, res.Record.Last, model.StateNames()[best], format.Percent(rungs[best]))
	} else {
		fmt.Fprintf(w, "\nNow (end %d): %s with probability %s.\n", post.State.Year, model.StateNames()[best], format.Percent(rungs[best]))
	}
	sc := res.Scores
	fmt.Fprintf(w, "One-step-ahead forecasts of the rung over %d coded years: mean log score %.3f (0 is perfect), ranked probability score %.3f (lower is better).\n",
		sc.Years, sc.LogScore, sc.RPS)
	fc := res.Forecast
	fmt.Fprintf(w, "From the filtered state: P(defence alliance formed by end %d) = %s (%s runs).\n", fc.To, format.Percent(fc.PFormed[len(fc.PFormed)-1]), format.Thousands(int64(fc.Draws)))
	em := append([]nowcast.Emission(nil), res.Obs.Emissions...)
	sort.SliceStable(em, func(i, k int) bool {
		return em[i].Discrimination.MutualInformation > em[k].Discrimination.MutualInformation
	})
	fmt.Fprintf(w, "\nWhat each indicator says about the rung (mutual information, estimated on the record):\n")
	for _, e := range em {
		fmt.Fprintf(w, "  %-34s %.3f bits (%s of the rung's uncertainty)\n", e.Indicator, e.Discrimination.MutualInformation, format.Percent(e.Discrimination.ShareOfEntropy))
	}
	if l := res.Obs.Latent; l != nil && l.Fit != nil {
		best := 0.0
		for _, p := range l.Fit.Points {
			best = max(best, p.LogLik-l.Fit.LogLik0)
		}
		fmt.Fprintf(w, "Within a rung, the latent pressure shifts the counts by slope %g and the shares and amounts by %g (estimated on the record's marginal likelihood: a slope is kept only above a gain of %.2f; the best found was %.2f).\n",
			l.CountSlope, l.NormalSlope, l.Fit.Penalty, best)
	}
}
