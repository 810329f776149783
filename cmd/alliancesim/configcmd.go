package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/model"
)

// ConfigOptions are the config command's inputs.
type ConfigOptions struct {
	common
	Scenario string // also apply this scenario's own weights
}

func NewCmdConfig(f *Factory, runF func(*ConfigOptions) error) *cobra.Command {
	opts := &ConfigOptions{common: common{Factory: f}}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings and where each came from",
		Long: `Show every weight and run default in effect, and where each value came
from: the built-in default, the config file (alliancesim.yaml or --config),
a scenario's own overrides (with --scenario), an ALLIANCESIM_* environment
variable, or a flag (--set).

Precedence, lowest first: default < config file < scenario < environment < flags.`,
		Args: argsUsage(cobra.NoArgs),
		RunE: opts.runE(func([]string) {}, func() error { return dispatch(opts, runF, configRun) }),
	}
	cmd.Flags().StringVar(&opts.Scenario, "scenario", "", "also apply this scenario's own weight overrides")
	return cmd
}

func configRun(opts *ConfigOptions) error {
	var sc *model.Scenario
	if opts.Scenario != "" {
		l, err := loadScenario(opts.Scenario)
		if err != nil {
			return err
		}
		sc = l.Scenario
	}
	st, err := opts.settings(sc)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(opts.Factory.IOStreams.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "key\tvalue\tsource\tmeaning")
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k, formatValue(s.Get(&st.Weights)), st.Source[k], s.Doc)
	}
	for i, kv := range runValues(st) {
		k := "run." + kv.key
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k, formatValue(kv.value), st.Source[k], runSettings[i].doc)
	}
	return tw.Flush()
}
