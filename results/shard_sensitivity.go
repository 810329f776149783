package results

import (
	"errors"
	"fmt"
	"os"

	"github.com/alliancesim/alliancesim/study"
)

// ShardHeader is what every shard.json begins with, whichever command
// wrote it: enough for a merge to tell the commands' shards apart before
// it reads one in full.
type ShardHeader struct {
	Schema  int    `json:"schema"`
	Kind    string `json:"kind"`
	Command string `json:"command"`
}

// shardPath is the shard.json in a folder, or path itself. The folder is
// joined as given, not cleaned, so that messages name the path as typed.
func shardPath(path string) string {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return path + string(os.PathSeparator) + ShardFileName
	}
	return path
}

// PeekShard reads a shard file's header (a folder given is read as the
// shard.json inside it).
func PeekShard(path string) (*ShardHeader, error) {
	return ReadJSON(shardPath(path), FileSpec{Kind: "shard file", Limit: MaxShardFileSize}, func(h *ShardHeader) error {
		if h.Kind != "shard" {
			return fmt.Errorf("not a shard file (kind %q)", h.Kind)
		}
		return nil
	})
}

// SensitivityShardFile is the shard.json of `sensitivity --shard K/N`:
// the analysis' setup, the manifest of its scenario (its text, resolved
// weights and posterior) and the shard's values at its design points.
type SensitivityShardFile struct {
	Schema   int                    `json:"schema"`
	Kind     string                 `json:"kind"`    // "shard"
	Command  string                 `json:"command"` // "sensitivity"
	Manifest *Manifest              `json:"manifest"`
	Spec     *SensitivitySpec       `json:"sensitivity"`
	Part     *study.SensitivityPart `json:"part"`
}

// SensitivitySpec is the setup of a sharded sensitivity analysis: what a
// merge needs beyond the scenario's manifest to draw the same design.
type SensitivitySpec struct {
	Output       string `json:"output"` // as --output takes it
	Reps         int    `json:"reps"`
	TornadoReps  int    `json:"tornado_reps"`
	N            int    `json:"n"`
	Bootstrap    int    `json:"bootstrap"`
	Trajectories int    `json:"trajectories"`
	Sampler      string `json:"sampler"` // empty: the analysis' default
	Seed         uint64 `json:"seed"`
	InputsOnly   bool   `json:"inputs_only"`
}

// Marshal renders the file.
func (f *SensitivityShardFile) Marshal() ([]byte, error) { return JSON(f) }

// ReadSensitivityShard reads and checks the shard.json of a sensitivity
// analysis.
func ReadSensitivityShard(path string) (*SensitivityShardFile, error) {
	return ReadJSON(shardPath(path), shardSpec, func(f *SensitivityShardFile) error {
		switch {
		case f.Kind != "shard" || f.Command != "sensitivity":
			return fmt.Errorf("not a shard file of sensitivity (kind %q, command %q)", f.Kind, f.Command)
		case f.Schema != ShardSchema:
			return fmt.Errorf("shard schema %d; this version reads schema %d: merge with the version that wrote it", f.Schema, ShardSchema)
		case f.Manifest == nil || f.Spec == nil || f.Part == nil:
			return errors.New("the shard file is incomplete (no manifest, setup or values)")
		}
		return nil
	})
}
