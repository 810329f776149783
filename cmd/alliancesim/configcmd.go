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
	JSON     bool
}

func NewCmdConfig(f *Factory, runF func(*ConfigOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, nil, runF, configRun, nil, &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings and where each came from",
		Long: `Show every weight and run default in effect, and where each value came
from: the built-in default, the config file (alliancesim.yaml or --config),
a scenario's own overrides (with --scenario), an ALLIANCESIM_* environment
variable, or a flag (--set).

Precedence, lowest first: default < config file < scenario < environment < flags.`,
		Args: argsUsage(cobra.NoArgs),
	})
	cmd.Flags().StringVar(&opts.Scenario, "scenario", "", "also apply this scenario's own weight overrides")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the settings as JSON (key, value, source, meaning) instead of the table")
	cmd.RegisterFlagCompletionFunc("scenario", completeScenarios)
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
	type row struct {
		Key     string `json:"key"`
		Value   any    `json:"value"`
		Source  string `json:"source"`
		Meaning string `json:"meaning"`
	}
	var rows []row
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		rows = append(rows, row{k, s.Get(&st.Weights), st.Source[k], s.Doc})
	}
	for i, kv := range runValues(st) {
		k := "run." + kv.key
		v := kv.value
		if s, ok := v.(fmt.Stringer); ok { // the sampler
			v = s.String()
		}
		rows = append(rows, row{k, v, st.Source[k], runSettings[i].doc})
	}
	out := opts.Factory.IOStreams.Out
	if opts.JSON {
		return printJSON(out, rows)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "key\tvalue\tsource\tmeaning")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Key, formatValue(r.Value), r.Source, r.Meaning)
	}
	return tw.Flush()
}
