package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newValidateCmd(io streams, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE|SCENARIO ...",
		Short: "Check scenario files without running them",
		Long: `Check scenario files (or bundled scenarios) without running them: YAML
syntax, unknown keys, types, ranges and distribution parameters, and the
weights each would run with (its own weights: block together with the
config file, ALLIANCESIM_* variables and --set). Every problem is reported
with its file, line and column. Exit code 0 when all are valid, 3 when any
is not.`,
		Args: argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			bad := 0
			for _, a := range args {
				jobs, err := prepare(io, g, nil, []string{a})
				if err != nil {
					bad++
					fmt.Fprintf(io.Err, "%v\n", err)
					continue
				}
				sc := jobs[0].l.Scenario
				fmt.Fprintf(io.Out, "%s: ok (%s, %d inputs, %d events)\n", a, sc.Name, len(sc.Inputs), len(sc.Events))
			}
			if bad > 0 {
				return invalidf("%d of %d files invalid", bad, len(args))
			}
			return nil
		},
	}
}
