package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// publishBacktestShard writes dir/shard.json: the shard's cases, the
// backtest's plan and what backtest.json records of it.
func publishBacktestShard(r *runner, opts *BacktestOptions, st *Settings, library string, cases []backtest.Case, info backtest.Info, part *backtest.Part, dir string) error {
	f := &backtest.ShardFile{ShardHeader: results.NewShardHeader(results.ShardSchema, "backtest"), Version: version, Library: library,
		Draws: st.Run.Draws, Seed: st.Run.Seed, Sampler: string(st.Run.Sampler),
		WeightsSource: info.WeightsSource, Weights: info.Weights, Rerun: info.Rerun, Posterior: posteriorRef(st), Part: part}
	for _, c := range cases {
		f.Names, f.Digests = append(f.Names, c.Name), append(f.Digests, c.SHA256)
	}
	return r.publishShard(dir, f, opts.JSON, func(w io.Writer) {
		fmt.Fprintf(w, "backtest: shard %s, cases %d to %d of %d (seed %d); merge every shard with `alliancesim merge`\n",
			part.Shard, part.From, part.To, len(cases), st.Run.Seed)
	})
}

// mergeBacktestShards checks that the shards are slices of one backtest
// and writes what backtest writes.
func mergeBacktestShards(opts *MergeOptions) error {
	files, err := readShardsOfOne(opts.Dirs, backtest.ReadShardFile, "alliancesim backtest … --shard K/N", "backtest", backtestShardDiff)
	if err != nil {
		return err
	}
	ref := files[0]
	parts := shardParts(files, func(f *backtest.ShardFile) *backtest.Part { return f.Part })
	o := backtest.Options{Library: ref.Library, Plan: sim.Plan{Draws: ref.Draws, Seed: ref.Seed, Sampler: design.Sampler(ref.Sampler)}}
	rep, err := backtest.Merge(ref.Names, o, parts)
	if err != nil {
		return invalidf("%v", err)
	}
	info := backtest.Info{Version: ref.Version, WeightsSource: ref.WeightsSource, Weights: ref.Weights, Rerun: ref.Rerun}
	p, err := backtestPublication(opts.Factory, opts.Out, rep, info, ref.Posterior, opts.Formats, opts.DPI, opts.JSON)
	if err != nil {
		return err
	}
	return opts.publishMerged(opts.Run(), p)
}

// backtestShardDiff names what makes b a slice of another backtest than
// a, or "".
func backtestShardDiff(a, b *backtest.ShardFile) string {
	switch {
	case a.Version != b.Version:
		return fmt.Sprintf("the versions of alliancesim (%s, %s)", a.Version, b.Version)
	case a.Part.Shard.N != b.Part.Shard.N:
		return fmt.Sprintf("the numbers of slices (%d, %d)", a.Part.Shard.N, b.Part.Shard.N)
	case a.Library != b.Library || !slices.Equal(a.Names, b.Names) || !slices.Equal(a.Digests, b.Digests):
		return "the case libraries"
	case a.Draws != b.Draws || a.Seed != b.Seed || a.Sampler != b.Sampler:
		return "the plans (draws, seed, sampler)"
	case !results.SameValues(a.Weights, b.Weights):
		return "the weights"
	case (a.Posterior == nil) != (b.Posterior == nil) || (a.Posterior != nil && a.Posterior.SHA256 != b.Posterior.SHA256):
		return "the posteriors (--posterior)"
	}
	return ""
}
