package main

import (
	"fmt"
	"io"
	"reflect"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/study"
)

// studyShardCommands are the commands whose shards hold a study's
// evaluations or cases rather than a run's counts: each has its own shard
// file and merge.
var studyShardCommands = map[string]func(*MergeOptions) error{
	"sensitivity": mergeSensitivityShards,
	"backtest":    mergeBacktestShards,
	"calibrate":   mergeCalibrateShards,
}

// mergeStudyShards merges the shards of sensitivity, backtest and
// calibrate;
// handled is false when the shards are a run's, compare's or
// sweep's, which mergeRun reads itself. Shards of two commands are
// refused.
func mergeStudyShards(opts *MergeOptions) (handled bool, err error) {
	cmds := make([]string, len(opts.Dirs))
	for i, d := range opts.Dirs {
		h, err := results.PeekShard(d)
		if err != nil {
			return false, nil // mergeRun reports it
		}
		cmds[i] = h.Command
		if _, ok := studyShardCommands[h.Command]; ok {
			handled = true
		}
	}
	if !handled {
		return false, nil
	}
	for i, c := range cmds {
		if c != cmds[0] {
			return true, invalidf("%s and %s are not slices of one run: the commands (%s, %s) differ\n  hint: merge the shards of one command at a time", opts.Dirs[0], opts.Dirs[i], cmds[0], c)
		}
	}
	return true, studyShardCommands[cmds[0]](opts)
}

// publishSensitivityShard writes dir/shard.json: the shard's values at its
// design points, the analysis' setup and its scenario's manifest.
func publishSensitivityShard(r *runner, opts *SensitivityOptions, j job, so study.SensitivityOptions, part *study.SensitivityPart, dir string) error {
	st := j.st
	whole := &results.Summary{Scenario: results.ScenarioRef{Name: j.l.Scenario.Name, File: j.l.File, SHA256: j.l.SHA256},
		Run: results.RunInfo{Seed: st.Run.Seed, Sampler: st.Run.Sampler, Workers: st.Run.Workers, Version: version}}
	f := &results.SensitivityShardFile{ShardHeader: results.NewShardHeader(results.SensitivityShardSchema, "sensitivity"),
		Manifest: r.withStart(buildManifest(opts.Factory.Command, j.l, st, whole, r.now())),
		Spec: &results.SensitivitySpec{Output: opts.Output, Reps: so.Reps, TornadoReps: so.TornadoReps, N: so.N, Bootstrap: so.Bootstrap,
			Trajectories: so.Trajectories, Sampler: string(so.Sampler), Seed: so.Seed, InputsOnly: opts.InputsOnly},
		Part: part}
	return r.publishShard(dir, f, opts.JSON, func(w io.Writer) {
		fmt.Fprintf(w, "%s sensitivity: shard %s, %d of the %d design points (seed %d); merge every shard with `alliancesim merge`\n",
			j.l.Scenario.Name, part.Shard, len(part.Values), part.Points, so.Seed)
	})
}

// mergeSensitivityShards checks that the shards are slices of one
// analysis, rebuilds its scenario, weights and posterior from their
// manifest, and writes what sensitivity writes.
func mergeSensitivityShards(opts *MergeOptions) error {
	files, err := readShardsOfOne(opts.Dirs, results.ReadSensitivityShard, "alliancesim sensitivity … --shard K/N", "analysis", sensitivityShardDiff)
	if err != nil {
		return err
	}
	ref := files[0]
	m, spec := ref.Manifest, ref.Spec
	l, w, err := shardScenario(m)
	if err != nil {
		return err
	}
	st := &Settings{Weights: *w, Source: map[string]string{}, Scenario: l.Scenario}
	for _, v := range append(append([]results.ResolvedValue(nil), m.Weights...), m.Settings...) {
		st.Source[v.Key] = v.Source
	}
	st.Run.Seed, st.Run.Formats, st.Run.DPI = spec.Seed, opts.Formats, opts.DPI
	var so study.SensitivityOptions
	r := opts.Run()
	if so.Start, err = manifestStart(r, opts.Factory.WorkDir, m); err != nil {
		return err
	}
	if m.Posterior != nil {
		if so.Posterior, err = shardPosterior(m); err != nil {
			return err
		}
	}
	ins, err := withWeights(l.Scenario, st, spec.InputsOnly, so.Posterior != nil)
	if err != nil {
		return invalidf("the shards' analysis: %v", err)
	}
	out, err := parseOutput(spec.Output)
	if err != nil {
		return invalidf("the shards' output %q: %v", spec.Output, err)
	}
	so.Output, so.Reps, so.TornadoReps, so.N, so.Bootstrap, so.Trajectories = out, spec.Reps, spec.TornadoReps, spec.N, spec.Bootstrap, spec.Trajectories
	so.Sampler, so.Seed = design.Sampler(spec.Sampler), spec.Seed
	parts := shardParts(files, func(f *results.SensitivityShardFile) *study.SensitivityPart { return f.Part })
	s, err := study.MergeSensitivity(r.ctx, ins.Scenario, w, so, parts)
	if err != nil {
		return invalidf("%v", err)
	}
	set := sensitivitySetup{Dir: opts.Out, Ref: m.Scenario, Ins: ins, Output: out, Seed: spec.Seed, InputsOnly: spec.InputsOnly, Posterior: m.Posterior, Start: m.Start, Charts: st}
	p, err := sensitivityPublication(opts.Factory, set, s, opts.JSON)
	if err != nil {
		return err
	}
	return opts.publishMerged(r, p)
}

// sensitivityShardDiff names what makes b a slice of another analysis
// than a, or "".
func sensitivityShardDiff(a, b *results.SensitivityShardFile) string {
	ma, mb := a.Manifest, b.Manifest
	switch {
	case ma.Version != mb.Version:
		return fmt.Sprintf("the versions of alliancesim (%s, %s)", ma.Version, mb.Version)
	case a.Part.Shard.N != b.Part.Shard.N:
		return fmt.Sprintf("the numbers of slices (%d, %d)", a.Part.Shard.N, b.Part.Shard.N)
	case ma.Scenario.SHA256 != mb.Scenario.SHA256 || ma.ScenarioYAML != mb.ScenarioYAML:
		return fmt.Sprintf("the scenario files (%s, %s)", ma.Scenario.File, mb.Scenario.File)
	case !reflect.DeepEqual(a.Spec, b.Spec):
		return "the analyses' settings (--output, --n, --reps, --bootstrap, --trajectories, --inputs-only, seed, sampler)"
	case !results.SameValues(ma.Weights, mb.Weights): // the design's digest catches a difference that matters
		return "the weights"
	case !reflect.DeepEqual(ma.Posterior, mb.Posterior) && (ma.Posterior == nil || mb.Posterior == nil || ma.Posterior.SHA256 != mb.Posterior.SHA256):
		return "the posteriors (--posterior)"
	case !reflect.DeepEqual(ma.Start, mb.Start):
		return "the start states (--from-nowcast, initial_state: nowcast)"
	case a.Part.Design != b.Part.Design:
		return "the designs"
	}
	return ""
}

// publishMerged publishes what a merge of a study's shards writes with r,
// without its charts under --no-charts.
func (opts *MergeOptions) publishMerged(r *runner, p publication) error {
	if opts.NoCharts {
		p.Charts = nil
	}
	return r.publish(p)
}

// publishShard writes dir/shard.json, the file f renders; --json (asJSON)
// prints the file, and otherwise print says what was written.
func (r *runner) publishShard(dir string, f interface{ Marshal() ([]byte, error) }, asJSON bool, print func(io.Writer)) error {
	b, err := f.Marshal()
	if err != nil {
		return err
	}
	p := publication{Dir: dir, Files: []stagedFile{{results.ShardFileName, b}}}
	if asJSON {
		p.JSON = b
	} else {
		p.Print = print
	}
	return r.publish(p)
}

// readShardFiles reads the shard file of every folder in dirs with read;
// made names the command that writes them, for the hint.
func readShardFiles[F any](dirs []string, read func(string) (F, error), made string) ([]F, error) {
	files := make([]F, len(dirs))
	for i, d := range dirs {
		f, err := read(d)
		if err != nil {
			return nil, invalidf("%v\n  hint: give the folders that `%s` wrote", err, made)
		}
		files[i] = f
	}
	return files, nil
}

// readShardsOfOne is readShardFiles, and checks that the files are slices
// of one run (one backtest, one analysis): diff names what makes the
// second file a slice of another run than the first, or "".
func readShardsOfOne[F any](dirs []string, read func(string) (F, error), made, run string, diff func(a, b F) string) ([]F, error) {
	files, err := readShardFiles(dirs, read, made)
	if err != nil {
		return nil, err
	}
	for i, f := range files[1:] {
		if what := diff(files[0], f); what != "" {
			return nil, invalidf("%s and %s are not slices of one %s: %s differ", dirs[0], dirs[i+1], run, what)
		}
	}
	return files, nil
}

// shardParts is the part of every shard file, in order.
func shardParts[F, P any](files []F, part func(F) P) []P {
	parts := make([]P, len(files))
	for i, f := range files {
		parts[i] = part(f)
	}
	return parts
}
