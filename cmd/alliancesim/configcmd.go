package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/model"
)

func newConfigCmd(io streams, g *globalOptions) *cobra.Command {
	var scenario string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings and where each came from",
		Long: `Show every weight and run default in effect, and where each value came
from: the built-in default, the config file (alliancesim.yaml or --config),
a scenario's own overrides (with --scenario), an ALLIANCESIM_* environment
variable, or a flag (--set).

Precedence, lowest first: default < config file < scenario < environment < flags.`,
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			src := configSource{ConfigPath: g.ConfigPath, Sets: g.Sets, Environ: io.Environ}
			if scenario != "" {
				l, err := loadScenario(scenario)
				if err != nil {
					return err
				}
				src.Scenario = l.Scenario
			}
			st, err := resolveSettings(src)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "key\tvalue\tsource\tmeaning")
			for _, s := range model.WeightSpecs {
				k := "weights." + s.Key
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k, formatValue(s.Get(&st.Weights)), st.Source[k], s.Doc)
			}
			rv := st.Run
			vals := map[string]any{"draws": rv.Draws, "seed": rv.Seed, "workers": rv.Workers, "sampler": rv.Sampler,
				"out": rv.Out, "formats": rv.Formats, "dpi": rv.DPI, "precision": rv.Precision, "max_draws": rv.MaxDraws}
			for _, r := range runSettings {
				k := "run." + r.key
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k, formatValue(vals[r.key]), st.Source[k], r.doc)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&scenario, "scenario", "", "also apply this scenario's own weight overrides")
	return cmd
}
