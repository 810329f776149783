package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
)

// InitOptions are the init command's inputs.
type InitOptions struct {
	IO    *IOStreams
	Path  string
	From  string
	Force bool
}

func NewCmdInit(f *Factory, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: f.IOStreams}
	cmd := oneArg(&cobra.Command{
		Use:   "init FILE",
		Short: "Write a commented scenario file to start from",
		Long: `Write a copy of a bundled scenario (baseline unless --from says otherwise)
to FILE, renamed after the file, with every comment that explains the
format and the sources. Edit it, check it with 'alliancesim validate FILE',
and run it with 'alliancesim run FILE'.`,
		Example: `  alliancesim init my-scenario.yaml
  alliancesim init hardline-2030.yaml --from us-hardline`,
	}, opts, &opts.Path, runF, initRun)
	cmd.Flags().StringVar(&opts.From, "from", "baseline", "bundled scenario to start from (see 'alliancesim list')")
	cmd.RegisterFlagCompletionFunc("from", completeBundled)
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite FILE if it exists")
	return cmd
}

func initRun(opts *InitOptions) error {
	path, from := opts.Path, opts.From
	src, ok := scenarios.Source(from)
	if !ok {
		var names []string
		for _, s := range scenarios.List() {
			names = append(names, s.Name)
		}
		return usageErrorf("--from %q: no bundled scenario by that name; use one of %s", from, strings.Join(names, ", "))
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		// --force would not help: a folder is never replaced.
		return usageErrorf("%s is a folder; give the path of the .yaml file to write, e.g. %s", path, filepath.Join(path, "my-scenario.yaml"))
	case err == nil && !opts.Force:
		return usageErrorf("%s already exists; use --force to overwrite it", path)
	}
	if dir := filepath.Dir(path); dir != "." {
		// Said here, not as the temporary file's "open .x.yaml.tmp-…".
		if di, err := os.Stat(dir); err != nil {
			return fmt.Errorf("cannot write %s: the folder %s does not exist; create it first (mkdir -p %s)", path, dir, dir)
		} else if !di.IsDir() {
			return fmt.Errorf("cannot write %s: %s is a file, not a folder", path, dir)
		}
	}
	text := regexp.MustCompile(`(?m)^name: .*$`).ReplaceAllString(string(src), "name: "+scenarioName(path))
	text = fmt.Sprintf("# Started from the bundled scenario %q with `alliancesim init`.\n", from) + text
	if err := results.WriteFile(path, []byte(text)); err != nil {
		return err
	}
	shown := path
	if strings.ContainsAny(path, " '\"$`\\") {
		shown = "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s (from %s); check it with: alliancesim validate %s\n", path, from, shown)
	return nil
}

// scenarioName names a scenario after its file.
func scenarioName(path string) string {
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".yaml"), ".yml")
	name = regexp.MustCompile(`[^a-z0-9_-]+`).ReplaceAllString(strings.ToLower(name), "-")
	name = strings.Trim(name, "-_")
	if name == "" {
		name = "my-scenario"
	}
	return name
}
