package main

import (
	"fmt"
	"io"

	"github.com/alliancesim/alliancesim/calibrate"
)

// mergeCalibrateShards folds the shards of one round of a sharded
// calibration into the state in the output folder (created by round 1's
// merge) and writes the state back there; after the last round it also
// writes what calibrate writes. Shards of other rounds, seeds or
// libraries, a missing slice and a state of another calibration are
// refused before anything is written.
func mergeCalibrateShards(opts *MergeOptions) error {
	files, err := readShardFiles(opts.Dirs, calibrate.ReadShardFile, "alliancesim calibrate --round R --shard K/N")
	if err != nil {
		return err
	}
	ref := files[0]
	for i, f := range files[1:] {
		switch {
		case f.CasesDir != ref.CasesDir:
			return invalidf("%s and %s are not slices of one calibration: the case folders (%q, %q) differ", opts.Dirs[0], opts.Dirs[i+1], ref.CasesDir, f.CasesDir)
		case f.Part.Round != ref.Part.Round:
			return invalidf("%s and %s are shards of rounds %d and %d: merge the shards of one round at a time", opts.Dirs[0], opts.Dirs[i+1], ref.Part.Round, f.Part.Round)
		}
		if what := ref.Identity.Diff(&f.Identity); what != "" {
			return invalidf("%s and %s are not slices of one calibration: %s differ", opts.Dirs[0], opts.Dirs[i+1], what)
		}
	}
	id := ref.Identity
	o, err := calibrationOptions(ref.CasesDir, id.Points, id.Rounds, id.Draws, id.Seed)
	if err != nil {
		return err
	}
	o.EffectPriors, o.EffectDraws = id.EffectPriors, id.EffectDraws
	c, err := calibrate.NewSharded(o, version)
	if err != nil {
		return invalidf("%v", err)
	}
	mine := c.Identity()
	if what := mine.Diff(&id); what != "" {
		return invalidf("the shards were made with another calibration than this merge would run: %s differ\n  hint: merge with the alliancesim and the case files (--cases %q) the shards ran with", what, ref.CasesDir)
	}
	st, err := calibrate.ReadState(opts.Out)
	if err != nil {
		return invalidf("%v", err)
	}
	if st != nil {
		if err := c.Resume(st); err != nil {
			return invalidf("-o %s: %v\n  hint: merge each calibration into its own state folder", opts.Out, err)
		}
	}
	parts := shardParts(files, func(f *calibrate.ShardFile) *calibrate.Part { return f.Part })
	if err := c.Merge(parts); err != nil {
		if st == nil && ref.Part.Round > 1 {
			return invalidf("%v\n  hint: -o %s holds no calibration state: give the state folder the earlier rounds were merged into", err, opts.Out)
		}
		return invalidf("%v", err)
	}
	state, err := c.State(ref.CasesDir).Marshal()
	if err != nil {
		return err
	}
	r := opts.Run()
	stateFile := stagedFile{calibrate.StateFileName, state}
	round := ref.Part.Round
	if round < id.Rounds {
		p := publication{Dir: opts.Out, Files: []stagedFile{stateFile}}
		if !opts.JSON {
			p.Print = func(w io.Writer) {
				fmt.Fprintf(w, "calibrate: merged round %d of %d (%d shards, seed %d); next: alliancesim calibrate --round %d --shard K/N --state %s …\n",
					round, id.Rounds, len(files), id.Seed, round+1, opts.Out)
			}
		}
		return r.publish(p)
	}
	res, err := c.Result(r.ctx)
	if err != nil {
		return r.studyError(err)
	}
	p, err := calibrationPublication(opts.Factory, opts.Out, res, opts.Formats, opts.DPI, opts.JSON)
	if err != nil {
		return err
	}
	p.Files = append(p.Files, stateFile)
	return opts.publishMerged(r, p)
}
