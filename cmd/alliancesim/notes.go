package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

// This file holds what a command says on stderr before it works: warnings
// (shown even with --quiet: they are about the results) and notes (not
// with --quiet), and the header line that names the config file read.

// fewDraws is the number of draws below which a run warns that its
// Monte Carlo error is large; recommendedDraws is what it recommends.
const (
	fewDraws         = 1000
	recommendedDraws = 10_000
)

// warnf prints a warning on stderr.
func (c *common) warnf(format string, a ...any) {
	fmt.Fprintf(c.Factory.IOStreams.ErrOut, "warning: "+format+"\n", a...)
}

// notef prints a note on stderr, unless --quiet.
func (c *common) notef(format string, a ...any) {
	if !c.Factory.Global.Quiet {
		fmt.Fprintf(c.Factory.IOStreams.ErrOut, "note: "+format+"\n", a...)
	}
}

// configHeader is the line under a run's first line that names the
// config file read, if any, and what it sets: a stray alliancesim.yaml in
// the working directory changes every result, so it must show.
func (c *common) configHeader() []string {
	cfg, err := c.Factory.Config()
	if err != nil || cfg == nil {
		return nil
	}
	weights, run := 0, 0
	for k := range cfg.layer.source {
		if strings.HasPrefix(k, "weights.") {
			weights++
		} else {
			run++
		}
	}
	path := cfg.Path
	if c.Factory.Global.ConfigPath == "" {
		path = "./" + path + ", read from the working directory"
	}
	var sets []string
	if weights > 0 {
		sets = append(sets, countOf(weights, "weight"))
	}
	if run > 0 {
		sets = append(sets, countOf(run, "run setting"))
	}
	if len(sets) == 0 {
		sets = []string{"no settings"}
	}
	return []string{fmt.Sprintf("config: %s (%s)", path, strings.Join(sets, ", "))}
}

// countOf writes "1 weight", "3 weights".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// mcHalfWidth is the half-width, in percentage points, of the 95%
// interval of a probability estimated from draws runs at its worst
// (p = 0.5).
func mcHalfWidth(draws int64) float64 {
	return 100 * 1.96 * math.Sqrt(0.25/float64(max(draws, 1)))
}

// warnFewDraws warns when draws are too few for a headline; halfWidth is
// the Monte Carlo error in percentage points, "up to" when it is the
// worst case.
func (c *common) warnFewDraws(draws int64, halfWidth float64, upTo bool) {
	if draws >= fewDraws {
		return
	}
	noun, bound := "draws", ""
	if draws == 1 {
		noun = "draw"
	}
	if upTo {
		bound = "up to "
	}
	c.warnf("with %s %s the Monte Carlo error is %s±%.1f pp; use at least %s for a headline", format.Thousands(draws), noun, bound, halfWidth, format.Thousands(recommendedDraws))
}

// defaultedDrivers lists the drivers a scenario leaves at their built-in
// defaults (not written in its file).
func defaultedDrivers(sc *model.Scenario) (paths []string, drivers int) {
	for _, in := range sc.Inputs {
		if strings.HasPrefix(in.Path, "events.") || strings.HasPrefix(in.Path, model.WeightPathPrefix) {
			continue
		}
		drivers++
		if in.Line == 0 && in.Fixed && len(in.Sources) == 0 {
			paths = append(paths, in.Path)
		}
	}
	return paths, drivers
}

// noteDefaults says which drivers a scenario leaves at their defaults.
func (c *common) noteDefaults(j job) {
	paths, n := defaultedDrivers(j.l.Scenario)
	if len(paths) == 0 {
		return
	}
	verb := "are"
	if len(paths) == 1 {
		verb = "is"
	}
	c.notef("%d of %s's %d drivers %s at their built-in defaults: %s (see `alliancesim show %s`)",
		len(paths), j.l.Scenario.Name, n, verb, strings.Join(paths, ", "), j.l.File)
}

// warnNameClash warns when a scenario file carries a bundled scenario's
// name and writes into the folder that the bundled scenario's runs use: a
// copied file that keeps `name: baseline` would overwrite out/baseline/.
func (c *common) warnNameClash(j job, dir string) {
	name := j.l.Scenario.Name
	if strings.HasPrefix(j.l.File, "bundled:") {
		return
	}
	if _, bundled := scenarios.Source(name); !bundled || !pathHas(dir, name) {
		return
	}
	c.warnf("%s is named %q, like the bundled scenario: its results go to %s, where the bundled %s's go too\n  hint: give the file a name of its own (name: my-%s), or choose another --out", j.l.File, name, dir, name, name)
}

// pathHas says whether one of dir's folder names is name.
func pathHas(dir, name string) bool {
	for _, part := range strings.Split(filepath.ToSlash(filepath.Clean(dir)), "/") {
		if part == name {
			return true
		}
	}
	return false
}

// notes are the warnings and notes of a command that simulates jobs and
// writes into dirs (one per job, or one for all), given up front; draws
// is what each run draws, for the warning about too few.
func (c *common) notes(jobs []job, dirs []string, draws int64) {
	for i, j := range jobs {
		dir := dirs[min(i, len(dirs)-1)]
		c.warnNameClash(j, dir)
		c.noteDefaults(j)
	}
	if draws > 0 {
		c.warnFewDraws(draws, mcHalfWidth(draws), true)
	}
}

// preflight is what a command that simulates jobs together checks before
// any work: the size of the plan (the first job's settings, for scenarios
// scenarios or grid points), the output folders (reserved; the caller
// defers r.release), and then its warnings and notes.
func (c *common) preflight(r *runner, jobs []job, scenarios int, dirs ...string) error {
	st := jobs[0].st
	if err := checkSize(st, scenarios, jobs[0].l.Scenario.HorizonYears); err != nil {
		return err
	}
	if err := r.reserve(dirs...); err != nil {
		return err
	}
	c.notes(jobs, dirs, st.Run.Draws)
	return nil
}
