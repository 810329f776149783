package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/serve"
)

// ServeOptions are the serve command's inputs.
type ServeOptions struct {
	common
	Args   []string
	Addr   string
	NoOpen bool
	// FromNowcast starts every scenario's runs from a nowcast state
	// (run's --from-nowcast).
	FromNowcast string
}

func NewCmdServe(f *Factory, runF func(*ServeOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, map[string]any{"run.draws": int64(serve.DefaultDraws)}, runF, serveRun, func(o *ServeOptions, args []string) { o.Args = orBaseline(args) }, &cobra.Command{
		Use:   "serve [SCENARIO|FILE ...]",
		Short: "Tweak weights and drivers live in a local web page",
		Long: `Open a page in your browser, served from this computer only (127.0.0.1),
with a slider for every weight and driver of the scenario, each with its
meaning, range, default and source. Moving one re-runs the scenario on the
same random numbers (about 30 ms at 20,000 draws) and redraws P(alliance by
year) against the starting point, the states, who refuses and the change in
the headline with its paired interval. Buttons save the weights as
alliancesim.yaml, save the scenario, or copy the command that reruns it.
Stop with Ctrl-C.`,
		Example: `  alliancesim serve
  alliancesim serve baseline taiwan-crisis --no-open`,
		Args: argsUsage(cobra.ArbitraryArgs),
	})
	fl := cmd.Flags()
	fl.Int64P("draws", "n", serve.DefaultDraws, "draws per re-run (the page can change it)")
	fl.Uint64("seed", 1, "seed of every random stream; the same seed gives the same results")
	fl.Int("workers", 0, "parallel workers (0 = one per CPU); never changes results")
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:0", "address to listen on (this computer only; port 0 picks a free one)")
	fl.BoolVar(&opts.NoOpen, "no-open", false, "print the address but do not open the browser")
	fromNowcastFlag(fl, &opts.FromNowcast)
	return cmd
}

func serveRun(opts *ServeOptions) error {
	// The address before the scenarios are loaded or a nowcast filtered.
	if _, err := serve.CheckAddr(opts.Addr); err != nil {
		return usageErrorf("--addr: %s", strings.TrimPrefix(err.Error(), "serve: "))
	}
	jobs, err := opts.prepare(opts.Args)
	if err != nil {
		return err
	}
	// Each scenario starts from its own rung or, with --from-nowcast or
	// initial_state: nowcast, from the nowcast state of the year before it.
	var scs []serve.Scenario
	for i, j := range jobs {
		r := opts.runner()
		if err := nowcastStart(r, &opts.common, []job{j}, opts.FromNowcast); err != nil {
			return err
		}
		w := j.st.Weights
		scs = append(scs, serve.Scenario{Loaded: j.l, Weights: &w, Arg: opts.Args[i], Start: r.start})
	}
	st := jobs[0].st
	o := serve.Options{Scenarios: scs, Addr: opts.Addr, Draws: st.Run.Draws, Seed: st.Run.Seed, Workers: st.Run.Workers,
		Out: opts.Factory.IOStreams.Out, ConfigPath: filepath.Join(opts.Factory.WorkDir, "alliancesim.yaml"), Version: version}
	if !opts.NoOpen {
		o.OpenBrowser = openBrowser
	}
	if err := serve.Run(opts.Ctx, o); err != nil {
		// serve's errors say "serve: " themselves.
		return err
	}
	return nil
}

// openBrowser opens url in the desktop's browser without waiting for it.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot open a browser (%v): open %s yourself", err, url)
	}
	go cmd.Wait()
	return nil
}
