package nowcast

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"

	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// StateSchemaVersion is bumped whenever state.json changes incompatibly.
const StateSchemaVersion = 1

// StateKind identifies state.json.
const StateKind = "alliancesim-nowcast-state"

// StateFileParticles is the number of particles state.json keeps: a
// systematic resample of the filtered state (all of it when it has
// fewer particles).
const StateFileParticles = 10_000

// purposeStateFile draws the systematic resample of state.json.
const purposeStateFile uint64 = 0x737461746566 // "statef"

// StateFile is state.json: the filtered state at the end of the record,
// as a weighted sample of particles in columns (particle i is entry i of
// every column), for `alliancesim run --from-nowcast`.
type StateFile struct {
	// Schema is state.json's schema version (1); a reader refuses any
	// other.
	Schema int `json:"schema"`
	// Kind is always "alliancesim-nowcast-state", which marks the file as
	// a nowcast's state; a reader refuses any other.
	Kind string `json:"kind"`
	Source
	// Year is the last year filtered: a run from the state starts in
	// Year+1.
	Year int `json:"year"`
	// ObservedThrough is the record's last year: when it is before Year,
	// the years after it were predicted by the model with no observations
	// (nowcast --through). Absent in files written before it existed.
	ObservedThrough int `json:"observed_through,omitempty"`
	// Seed is the seed of the filter's random streams (--seed), which also
	// draws the resample of the particles kept.
	Seed uint64 `json:"seed"`
	// FilterParticles is the number of particles the filter ran with, of
	// which the file keeps a sample (particles).
	FilterParticles int `json:"filter_particles"`
	// StateKeys names the rungs; Rung holds indexes into it.
	StateKeys []string `json:"state_keys"`
	// Particles is the number of particles kept.
	Particles int `json:"particles"`
	// Weight is each kept particle's weight: 1 for every particle after a
	// systematic resample of 10,000 of the filter's, or the filter's own
	// weights when it had 10,000 particles or fewer; a reader normalises
	// them.
	Weight []float64 `json:"weight"`
	// Rung is each particle's rung at the end of year, as an index into
	// state_keys (0 rivalry, …, 5 defence alliance).
	Rung []int `json:"rung"`
	// Noise is each particle's persistent latent noise u at the end of
	// year, which the next year's AR(1) process continues; rounded to six
	// decimals.
	Noise []float64 `json:"noise"`
	// Standing is, per actor in scenario order (two columns), each
	// particle's standing consent disposition, in standard deviations of
	// the consent shock (docs/model.md §4.11), rounded to six decimals.
	Standing [2][]float64 `json:"standing"`
	// DocInForce is, per actor in scenario order (two columns), whether
	// each particle has that side's non-alignment doctrine still in force.
	DocInForce [2][]bool `json:"doc_in_force"`
	// Walked is, per actor in scenario order (two columns), whether that
	// side has walked out of an alliance in each particle.
	Walked [2][]bool `json:"walked"`
}

// StateFile builds state.json's content: a systematic resample of
// StateFileParticles particles of the filtered state, equally weighted.
func (r *Result) StateFile() *StateFile {
	st := r.Post.State
	f := &StateFile{Schema: StateSchemaVersion, Kind: StateKind, Source: r.Source,
		Year: st.Year, ObservedThrough: min(st.Year, r.Record.Last), Seed: r.Post.Seed, FilterParticles: r.Post.Particles, StateKeys: model.StateKeys()}
	var idx []int32
	if len(st.Carry) <= StateFileParticles {
		for i := range st.Carry {
			idx = append(idx, int32(i))
		}
		f.Weight = append(f.Weight, st.Weights...)
	} else {
		full := systematic(st.Weights, rng.Unit(rng.Mix(r.Post.Seed^purposeStateFile)))
		for j := range StateFileParticles {
			idx = append(idx, full[j*len(full)/StateFileParticles])
		}
	}
	if f.Weight == nil {
		f.Weight = make([]float64, len(idx))
		for i := range f.Weight {
			f.Weight[i] = 1
		}
	}
	f.Particles = len(idx)
	for _, i := range idx {
		c := st.Carry[i]
		f.Rung = append(f.Rung, int(c.Rung))
		// Six decimals (results.Round): the carried noise and
		// dispositions are on a unit scale.
		f.Noise = append(f.Noise, results.Round(c.Noise))
		for a := range 2 {
			f.Standing[a] = append(f.Standing[a], results.Round(c.Standing[a]))
			f.DocInForce[a] = append(f.DocInForce[a], c.DocInForce[a])
			f.Walked[a] = append(f.Walked[a], c.Walked[a])
		}
	}
	return f
}

// Marshal renders state.json, compact (one line: its columns are long).
func (f *StateFile) Marshal() ([]byte, error) { return results.JSONLine(f) }

// Digest is the hex SHA-256 of the state as Marshal renders it: the same
// particles give the same digest, whichever file they were read from.
func (f *StateFile) Digest() (string, error) {
	b, err := f.Marshal()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// stateSpec is how state.json is read: a nowcast's output folder stands
// for the state.json inside it.
var stateSpec = results.FileSpec{Kind: "nowcast state file", Name: "state.json", Limit: MaxStateFileSize}

// MaxStateFileSize bounds state.json: StateFileParticles particles take
// well under a megabyte, so a larger file is not a state file.
const MaxStateFileSize = 64 << 20

// ReadState reads state.json from path, a nowcast's output folder or the
// file itself, and checks it.
func ReadState(path string) (*StateFile, error) {
	return results.ReadJSON(path, stateSpec, (*StateFile).check)
}

// check validates the file's schema and columns.
func (f *StateFile) check() error {
	if f.Kind != StateKind {
		return fmt.Errorf("not a nowcast state file (kind %q, want %q): write one with alliancesim nowcast", f.Kind, StateKind)
	}
	if err := results.CheckSchema("state file", f.Schema, StateSchemaVersion); err != nil {
		return fmt.Errorf("%w: write it again with this version's alliancesim nowcast", err)
	}
	if f.Scenario == "" {
		return fmt.Errorf("state file: no scenario (the scenario the state was filtered under)")
	}
	if err := checkLadder("state file", f.StateKeys); err != nil {
		return err
	}
	if err := f.columns(); err != nil {
		return err
	}
	_, err := f.Start()
	return err
}

// columns checks that every column has an entry per particle.
func (f *StateFile) columns() error {
	n := f.Particles
	if n < 1 {
		return fmt.Errorf("state file: no particles")
	}
	cols := map[string]int{"weight": len(f.Weight), "rung": len(f.Rung), "noise": len(f.Noise)}
	for a := range 2 {
		cols[fmt.Sprintf("standing[%d]", a)] = len(f.Standing[a])
		cols[fmt.Sprintf("doc_in_force[%d]", a)] = len(f.DocInForce[a])
		cols[fmt.Sprintf("walked[%d]", a)] = len(f.Walked[a])
	}
	for _, k := range slices.Sorted(maps.Keys(cols)) {
		if cols[k] != n {
			return fmt.Errorf("state file: column %s has %d entries for %d particles", k, cols[k], n)
		}
	}
	return nil
}

// Start turns the file into sim's start state.
func (f *StateFile) Start() (*sim.StartState, error) {
	if err := f.columns(); err != nil {
		return nil, err
	}
	carry := make([]model.Carry, f.Particles)
	for i := range carry {
		c := &carry[i]
		c.Rung, c.Noise = model.State(f.Rung[i]), f.Noise[i]
		for a := range 2 {
			c.Standing[a], c.DocInForce[a], c.Walked[a] = f.Standing[a][i], f.DocInForce[a][i], f.Walked[a][i]
		}
	}
	return sim.NewStartState(f.Year, f.Scenario, carry, f.Weight)
}
