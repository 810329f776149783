package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// ValidateOptions are the validate command's inputs.
type ValidateOptions struct {
	common
	Args []string
}

func NewCmdValidate(f *Factory, runF func(*ValidateOptions) error) *cobra.Command {
	_, cmd := newCommand(f, nil, runF, validateRun, func(o *ValidateOptions, a []string) { o.Args = a }, &cobra.Command{
		Use:   "validate FILE|SCENARIO ...",
		Short: "Check scenario files without running them",
		Long: `Check scenario files (or bundled scenarios) without running them: YAML
syntax, unknown keys, types, ranges and distribution parameters, and the
weights each would run with (its own weights: block together with the
config file, ALLIANCESIM_* variables and --set). Every problem is reported
with its file, line and column. Exit code 0 when all are valid, 3 when any
is not.`,
		Args:              argsUsage(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeScenarioArgs(-1),
	})
	return cmd
}

func validateRun(opts *ValidateOptions) error {
	io, bad := opts.Factory.IOStreams, 0
	// The config file, the environment and --set first: their mistakes are
	// theirs, not every scenario's.
	if _, err := opts.settings(nil); err != nil {
		return fmt.Errorf("no scenario checked: the settings are wrong, not the scenarios (the config file, ALLIANCESIM_* variables or --set):\n%w", err)
	}
	for _, a := range opts.Args {
		jobs, err := opts.prepare([]string{a})
		if err != nil {
			bad++
			fmt.Fprintf(io.ErrOut, "%v\n", err)
			continue
		}
		sc := jobs[0].l.Scenario
		start := ""
		if sc.FromNowcast {
			start = fmt.Sprintf(", starts from the nowcast state for the end of %d", sc.StartYear-1)
		}
		fmt.Fprintf(io.Out, "%s: ok (%s, %d inputs, %d events%s)\n", a, sc.Name, len(sc.Inputs), len(sc.Events), start)
	}
	if bad > 0 {

		return invalidf("%d of %d files invalid", bad, len(opts.Args))
	}
	return nil
}
