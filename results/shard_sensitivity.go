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
	// Schema is the shard file's schema version; a merge refuses a shard
	// of another version (merge with the version that wrote it).
	Schema int `json:"schema"`
	// Kind is always shard: it tells a shard file from the other JSON
	// files.
	Kind string `json:"kind"`
	// Command is the command that wrote the shard (run, compare, sweep,
	// sensitivity, backtest or calibrate); a command's merge refuses
	// another command's shards.
	Command string `json:"command"`
}

// ShardKind is the kind of every shard file.
const ShardKind = "shard"

// NewShardHeader is the header of a shard file of schema version schema
// that command writes; the shard files embed it, so that the three
// fields are declared and filled in one place.
func NewShardHeader(schema int, command string) ShardHeader {
	return ShardHeader{Schema: schema, Kind: ShardKind, Command: command}
}

// ShardPath is the shard.json in a folder, or path itself. The folder is
// joined as given, not cleaned, so that messages name the path as typed.
func ShardPath(path string) string {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return path + string(os.PathSeparator) + ShardFileName
	}
	return path
}

// PeekShard reads a shard file's header (a folder given is read as the
// shard.json inside it).
func PeekShard(path string) (*ShardHeader, error) {
	return ReadJSON(ShardPath(path), FileSpec{Kind: "shard file", Limit: MaxShardFileSize}, func(h *ShardHeader) error {
		return h.CheckKind("")
	})
}

// CheckKind refuses a shard file whose kind is not "shard" or, when
// command is not empty, that another command wrote: every command's merge
// refuses another's shard in the same words, naming what it found.
func (h ShardHeader) CheckKind(command string) error {
	switch {
	case command == "" && h.Kind != ShardKind:
		return fmt.Errorf("not a shard file (kind %q)", h.Kind)
	case command != "" && (h.Kind != ShardKind || h.Command != command):
		return fmt.Errorf("not a shard file of %s (kind %q, command %q)", command, h.Kind, h.Command)
	}
	return nil
}

// Check is CheckKind and then a check of the schema version against
// schema: a merge must run with the version that wrote its shards.
func (h ShardHeader) Check(command string, schema int) error {
	if err := h.CheckKind(command); err != nil {
		return err
	}
	if err := CheckSchema("shard", h.Schema, schema); err != nil {
		return fmt.Errorf("%v: merge with the version that wrote it", err)
	}
	return nil
}

// SensitivityShardSchema is the schema version of a sensitivity shard
// file. 3: a shard's values are those of its units of the design (a
// tornado point, a Morris trajectory, a Sobol row), in the design's
// order, rather than of every N-th point sorted by value; a merge refuses
// the older files, whose values it would misplace.
const SensitivityShardSchema = 3

// SensitivityShardFile is the shard.json of `sensitivity --shard K/N`:
// the analysis' setup, the manifest of its scenario (its text, resolved
// weights and posterior) and the shard's values at its design points.
type SensitivityShardFile struct {
	ShardHeader // schema SensitivityShardSchema, command "sensitivity"
	// Manifest is the manifest the analysed scenario's run would write
	// (its text, resolved weights and settings, posterior), so that a
	// merge on another machine needs nothing else.
	Manifest *Manifest `json:"manifest"`
	// Spec is the analysis's setup, which a merge needs to draw the same
	// design.
	Spec *SensitivitySpec `json:"sensitivity"`
	// Part is the shard's slice of the design and the model's values at
	// its points.
	Part *study.SensitivityPart `json:"part"`
}

// SensitivitySpec is the setup of a sharded sensitivity analysis: what a
// merge needs beyond the scenario's manifest to draw the same design.
type SensitivitySpec struct {
	// Output is the quantity analysed, as --output takes it: p_alliance,
	// p_alliance_year:YEAR or mean_state.
	Output string `json:"output"`
	// Reps is the number of inner runs per evaluation for Morris and
	// Sobol.
	Reps int `json:"reps"`
	// TornadoReps is the number of inner runs per evaluation for the
	// tornado.
	TornadoReps int `json:"tornado_reps"`
	// N is the Sobol base sample size.
	N int `json:"n"`
	// Bootstrap is the number of bootstrap resamples for the Sobol
	// indices' intervals.
	Bootstrap int `json:"bootstrap"`
	// Trajectories is the number of Morris trajectories.
	Trajectories int `json:"trajectories"`
	// Sampler is the design of the Sobol analysis when the user chose one
	// (mc or lhs); empty for the analysis' default, scrambled Sobol' points
	// (qmc).
	Sampler string `json:"sampler"`
	// Seed is the analysis's random seed.
	Seed uint64 `json:"seed"`
	// InputsOnly is true when --inputs-only left the model's weights out
	// of the analysis.
	InputsOnly bool `json:"inputs_only"`
}

// Marshal renders the file.
func (f *SensitivityShardFile) Marshal() ([]byte, error) { return JSON(f) }

// ReadSensitivityShard reads and checks the shard.json of a sensitivity
// analysis.
func ReadSensitivityShard(path string) (*SensitivityShardFile, error) {
	return ReadJSON(ShardPath(path), shardSpec, func(f *SensitivityShardFile) error {
		if err := f.Check("sensitivity", SensitivityShardSchema); err != nil {
			return err
		}
		if f.Manifest == nil || f.Spec == nil || f.Part == nil {
			return errors.New("the shard file is incomplete (no manifest, setup or values)")
		}
		return nil
	})
}
