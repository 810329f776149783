package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/results"
)

// VersionOptions are the version command's inputs.
type VersionOptions struct{ IO *IOStreams }

func NewCmdVersion(f *Factory, runF func(*VersionOptions) error) *cobra.Command {
	short := "Print the version and the versions of the libraries it was built with"
	return noArgs(&cobra.Command{Use: "version", Short: short}, &VersionOptions{IO: f.IOStreams}, runF, versionRun)
}

func versionRun(opts *VersionOptions) error {
	goVer, mods := results.BuildModules()
	fmt.Fprintf(opts.IO.Out, "alliancesim %s (%s)\n", version, goVer)
	for _, m := range mods {
		switch m.Path {
		case "gonum.org/v1/gonum", "gonum.org/v1/plot", "github.com/spf13/viper", "github.com/spf13/cobra", "github.com/goccy/go-yaml":
			fmt.Fprintf(opts.IO.Out, "  %s %s\n", m.Path, m.Version)
		}
	}
	return nil
}
