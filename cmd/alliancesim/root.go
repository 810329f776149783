package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// mainRun runs the command line args and returns the exit code. Errors are
// printed once, to stderr, with usage only for usage errors.
func mainRun(ctx context.Context, f *Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if isUnknownCommand(err) {
		err = &usageError{err}
	}
	code := exitCode(err)
	stderr := f.IOStreams.ErrOut
	switch {
	case err == nil:
	case code == exitInterrupted:
		fmt.Fprintln(stderr, "alliancesim: interrupted; the step in progress wrote nothing (files already reported as written stay)")
	default:
		fmt.Fprintf(stderr, "alliancesim: %v\n", err)
		if code == exitUsage {
			fmt.Fprintln(stderr, "Run 'alliancesim --help' for usage.")
		}
	}
	return code
}

func NewCmdRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "alliancesim",
		Short: "Estimate how likely two powers are to form a defence alliance, by Monte Carlo simulation",
		Long: `alliancesim estimates how likely two powers (first of all China and Russia)
are to sign a mutual-defence alliance within a horizon, by Monte Carlo
simulation of a parameterized model of the factors that drive and hold back
such a pact. It prints the headline probability with its Monte Carlo error,
writes results files and charts, and records everything needed to rerun.

Start with:  alliancesim run baseline`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	root.SetFlagErrorFunc(flagError)
	globalFlags(root.PersistentFlags(), f.Global)
	root.AddCommand(NewCmdRun(f, nil), NewCmdCompare(f, nil), NewCmdExplain(f, nil), NewCmdReport(f, nil), NewCmdPlot(f, nil),
		NewCmdSensitivity(f, nil), NewCmdSweep(f, nil), NewCmdDiscover(f, nil), NewCmdBacktest(f, nil), NewCmdList(f, nil),
		NewCmdValidate(f, nil), NewCmdInit(f, nil), NewCmdConfig(f, nil), NewCmdShow(f, nil), NewCmdVersion(f, nil), NewCmdMerge(f, nil), NewCmdNowcast(f, nil), NewCmdCalibrate(f, nil), NewCmdServe(f, nil), NewCmdEra(f, nil))
	root.CompletionOptions.HiddenDefaultCmd = true
	return root
}

// globalFlags adds the flags every command shares.
func globalFlags(pf *pflag.FlagSet, g *GlobalOptions) {
	pf.StringVar(&g.ConfigPath, "config", "", "config file with weights and run defaults (default ./alliancesim.yaml if present)")
	pf.StringArrayVar(&g.Sets, "set", nil, "override one setting, e.g. --set weights.junior_partner=1.4 (repeatable)")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "print no progress or notes on stderr")
	pf.BoolVar(&g.NoProgress, "no-progress", false, "do not show a progress bar")
	pf.BoolVar(&g.Force, "force", false, "write into a non-empty output folder that alliancesim did not write (its files are kept)")
}

// argsUsage wraps a cobra positional-argument check so that its failure is
// a usage error (exit code 2).
func argsUsage(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &usageError{err}
		}
		return nil
	}
}

// unknownCommand turns cobra's "unknown command" into a usage error.
func isUnknownCommand(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "unknown command")
}
