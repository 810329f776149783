package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/scenarios"
)

func newListCmd(io streams) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the bundled scenarios with one-line descriptions",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', 0)
			for _, s := range scenarios.List() {
				fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
			}
			return tw.Flush()
		},
	}
}
