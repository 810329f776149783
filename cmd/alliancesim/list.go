package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/scenarios"
)

// ListOptions are the list command's inputs.
type ListOptions struct{ IO *IOStreams }

func NewCmdList(f *Factory, runF func(*ListOptions) error) *cobra.Command {
	cmd := &cobra.Command{Use: "list", Short: "List the bundled scenarios with one-line descriptions"}
	return noArgs(cmd, &ListOptions{IO: f.IOStreams}, runF, listRun)
}

func listRun(opts *ListOptions) error {
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	for _, s := range scenarios.List() {
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
	}
	return tw.Flush()
}

// noArgs makes cmd a command that takes no argument and runs opts.
func noArgs[T any](cmd *cobra.Command, opts *T, runF, run func(*T) error) *cobra.Command {
	cmd.Args = argsUsage(cobra.NoArgs)
	cmd.RunE = func(*cobra.Command, []string) error { return dispatch(opts, runF, run) }
	return cmd
}
