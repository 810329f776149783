package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// settingsCommand is the options of a command that resolves settings: a
// pointer to a struct that embeds common.
type settingsCommand[T any] interface {
	*T
	base() *common
}

func (c *common) base() *common { return c }

// newCommand makes the options of a command that resolves settings, on f
// with the command's own defaults (nil for none), and completes cmd (its
// help texts and argument check) with a RunE that reads the context, the
// run flags the user set and, with args, the arguments into the options,
// then runs runF when a test gives one and run otherwise.
func newCommand[T any, P settingsCommand[T]](f *Factory, defaults map[string]any, runF, run func(P) error, args func(P, []string), cmd *cobra.Command) (P, *cobra.Command) {
	opts := P(new(T))
	c := opts.base()
	c.Factory, c.Defaults = f, defaults
	cmd.RunE = c.runE(func(a []string) {
		if args != nil {
			args(opts, a)
		}
	}, func() error {
		if runF != nil {
			return runF(opts)
		}
		return run(opts)
	})
	return opts, cmd
}

// scenarioArg reads a command's one scenario argument.
func scenarioArg(arg *string) func([]string) { return func(a []string) { *arg = a[0] } }

// scenarioCommand makes cmd a command of one scenario argument that
// simulates and writes into outHelp's folder; it returns the flags for the
// command's own.
func scenarioCommand(cmd *cobra.Command, outHelp string) *pflag.FlagSet {
	cmd.Args = argsUsage(cobra.ExactArgs(1))
	cmd.ValidArgsFunction = completeScenarioArgs(1)
	simFlags(cmd.Flags(), outHelp, "png", false)
	return cmd.Flags()
}

// oneArg makes cmd a command of one argument, read into arg, that runs
// opts.
func oneArg[T any](cmd *cobra.Command, opts *T, arg *string, runF, run func(*T) error) *cobra.Command {
	cmd.Args = argsUsage(cobra.ExactArgs(1))
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		*arg = args[0]
		return dispatch(opts, runF, run)
	}
	return cmd
}

// orBaseline is the scenarios of a command that runs the bundled baseline
// when given none.
func orBaseline(args []string) []string {
	if len(args) == 0 {
		return []string{"baseline"}
	}
	return args
}
