package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/results"
)

func newVersionCmd(io streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and the versions of the libraries it was built with",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			goVer, mods := results.BuildModules()
			fmt.Fprintf(io.Out, "alliancesim %s (%s)\n", version, goVer)
			for _, m := range mods {
				switch m.Path {
				case "gonum.org/v1/gonum", "gonum.org/v1/plot", "github.com/spf13/viper", "github.com/spf13/cobra", "github.com/goccy/go-yaml":
					fmt.Fprintf(io.Out, "  %s %s\n", m.Path, m.Version)
				}
			}
			return nil
		},
	}
}
