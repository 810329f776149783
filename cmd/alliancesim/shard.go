package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// shardFlag is --shard K/N: run one slice of the draws and write its
// counts (shard.json) for `alliancesim merge`.
type shardFlag struct{ sh *sim.Shard }

func (f *shardFlag) String() string {
	if f.sh == nil {
		return ""
	}
	return f.sh.String()
}

func (f *shardFlag) Set(s string) error {
	sh, err := sim.ParseShard(s)
	if err != nil {
		return err
	}
	f.sh = &sh
	return nil
}

func (f *shardFlag) Type() string { return "K/N" }

func addShardFlag(fl *pflag.FlagSet, f *shardFlag) {
	fl.Var(f, "shard", "run only slice K (from 0) of N of the draws and write shard.json, for alliancesim merge (batch schedulers: --shard $SLURM_ARRAY_TASK_ID/N)")
}

// runShard runs slice sh of job j's draws and writes dir/shard.json: the
// slice's counts and the manifest the whole run would write. It is a set
// shard of one scenario.
func runShard(r *runner, opts *RunOptions, j job, dir string, sh sim.Shard) error {
	return runSetShard(r, opts.Factory.Command, setShard{Command: "run", Label: j.l.Scenario.Name, Jobs: []job{j},
		Scs: []*model.Scenario{j.l.Scenario}, Ws: []*model.Weights{&j.st.Weights}, Plan: planFor(j.st), Dir: dir, JSON: opts.JSON}, sh)
}

// shardDir is where a shard of job j writes: like run, <out>/<scenario>,
// or --out itself with one scenario.
func shardDir(opts *RunOptions, j job, n int) string {
	if opts.OutGiven && n == 1 {
		return j.st.Run.Out
	}
	return filepath.Join(j.st.Run.Out, j.l.Scenario.Name)
}

// setShard is a shard of a command that runs scenarios together on
// common random numbers (compare, sweep).
type setShard struct {
	Command string // "compare", "sweep"
	Label   string // the progress bar's and the printed line's name
	Jobs    []job  // whose manifests the shard file keeps, in order
	Scs     []*model.Scenario
	Ws      []*model.Weights
	Plan    sim.Plan
	Sweep   *results.SweepSpec
	Dir     string
	JSON    bool
}

// runSetShard runs slice sh of the draws of s's scenarios and writes
// s.Dir/shard.json: the slice's counts and the manifests of the jobs.
func runSetShard(r *runner, command []string, s setShard, sh sim.Shard) error {
	plan := s.Plan
	plan.Start = r.start
	if plan.Precision > 0 {
		return invalidf("--shard %s: a precision target needs the whole run in one place: give a fixed number of draws (--draws) and drop --precision", sh)
	}
	if plan.Workers == 0 {
		plan.Workers = numCPU()
	}
	var part *sim.Partial
	from, to := sh.Range(plan.Draws)
	err := r.simulate(fmt.Sprintf("%s %s", s.Label, sh), sim.Plan{Draws: to - from}, func(p sim.Plan) (err error) {
		plan.Done, plan.Total = p.Done, p.Total
		part, err = sim.RunShard(r.ctx, s.Scs, s.Ws, plan, sh)
		return err
	})
	if err != nil {
		return err
	}
	f := &results.ShardFile{ShardHeader: results.NewShardHeader(results.ShardSchema, s.Command), Partial: part, Sweep: s.Sweep}
	for _, j := range s.Jobs {
		ref := results.ScenarioRef{Name: j.l.Scenario.Name, File: j.l.File, SHA256: j.l.SHA256}
		whole := &results.Summary{Scenario: ref, Run: results.RunInfo{Draws: plan.Draws, Seed: plan.Seed, Sampler: plan.Sampler,
			Workers: plan.Workers, Version: version, Stopped: sim.StopDraws}}
		f.Manifests = append(f.Manifests, r.withStart(buildManifest(command, j.l, j.st, whole, r.now())))
	}
	b, err := f.Marshal()
	if err != nil {
		return err
	}
	p := publication{Dir: s.Dir, Files: []stagedFile{{results.ShardFileName, b}}}
	if !s.JSON {
		p.Print = func(w io.Writer) {
			fmt.Fprintf(w, "%s: shard %s, draws %d to %d of %d (seed %d); merge every shard with `alliancesim merge`\n",
				s.Label, sh, from, to, plan.Draws, plan.Seed)
		}
	} else {
		p.JSON = b
	}
	return r.publish(p)
}
