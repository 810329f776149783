package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// streams are the command's input and outputs; tests replace them.
type streams struct {
	Out, Err io.Writer
	// ErrTTY is true when Err is a terminal (progress bars go there).
	ErrTTY bool
	// Environ replaces os.Environ in tests.
	Environ []string
}

func stdStreams() streams {
	return streams{Out: os.Stdout, Err: os.Stderr, ErrTTY: term.IsTerminal(int(os.Stderr.Fd()))}
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	ConfigPath string
	Sets       []string
	Quiet      bool
	NoProgress bool
}

// mainRun runs the command line args and returns the exit code. Errors are
// printed once, to stderr, with usage only for usage errors.
func mainRun(ctx context.Context, args []string, io streams) int {
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if isUnknownCommand(err) {
		err = &usageError{err}
	}
	code := exitCode(err)
	if err != nil {
		switch code {
		case exitInterrupted:
			fmt.Fprintln(io.Err, "alliancesim: interrupted; the step in progress wrote nothing (files already reported as written stay)")
		default:
			fmt.Fprintf(io.Err, "alliancesim: %v\n", err)
			if code == exitUsage {
				fmt.Fprintln(io.Err, "Run 'alliancesim --help' for usage.")
			}
		}
	}
	return code
}

func newRootCmd(io streams) *cobra.Command {
	g := &globalOptions{}
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
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&g.ConfigPath, "config", "", "config file with weights and run defaults (default ./alliancesim.yaml if present)")
	pf.StringArrayVar(&g.Sets, "set", nil, "override one setting, e.g. --set weights.junior_partner=1.4 (repeatable)")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "print no progress or notes on stderr")
	pf.BoolVar(&g.NoProgress, "no-progress", false, "do not show a progress bar")
	root.AddCommand(newRunCmd(io, g), newCompareCmd(io, g), newExplainCmd(io, g), newReportCmd(io, g), newPlotCmd(io, g), newSensitivityCmd(io, g), newSweepCmd(io, g), newDiscoverCmd(io, g), newBacktestCmd(io, g), newListCmd(io), newValidateCmd(io, g), newInitCmd(io), newConfigCmd(io, g), newVersionCmd(io))
	root.CompletionOptions.HiddenDefaultCmd = true
	return root
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
