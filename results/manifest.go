package results

import (
	"runtime"
	"runtime/debug"
)

// ManifestSchemaVersion is manifest.json's schema version, bumped on an
// incompatible change.
const ManifestSchemaVersion = 1

// Manifest is manifest.json: everything needed to rerun a result exactly
// and to see where every number came from.
type Manifest struct {
	Tool string `json:"tool"`
	// Schema is the file's schema version (ManifestSchemaVersion);
	// manifests written before it existed have none.
	Schema    int             `json:"schema"`
	Version   string          `json:"version"`
	GoVersion string          `json:"go_version"`
	Modules   []Module        `json:"modules"`
	CreatedAt string          `json:"created_at"`
	Command   []string        `json:"command"`
	Rerun     string          `json:"rerun"`
	Scenario  ScenarioRef     `json:"scenario"`
	Plan      RunInfo         `json:"plan"`
	CPUs      int             `json:"cpus"`
	Weights   []ResolvedValue `json:"weights"`
	Settings  []ResolvedValue `json:"settings"`
	Inputs    []Input         `json:"inputs"`
	Events    []EventDef      `json:"events"`
	// ScenarioYAML is the scenario file's full text, so the manifest alone
	// is enough to rerun.
	ScenarioYAML string `json:"scenario_yaml"`
	// Posterior is the posterior sample of the weights the draws took
	// their weights from (run.posterior); absent without one.
	Posterior *PosteriorRef `json:"posterior,omitempty"`
	// Start is the nowcast state the runs started from instead of the
	// scenario's initial_state; absent when they started from its rung.
	Start *StartRef `json:"start,omitempty"`
}

// StartRef records the nowcast state a run started from: where it came
// from (a nowcast folder, or "bundled" for the bundled China–Russia
// record's state, kept in the binary or filtered by the run itself), the
// year it describes, the last year of the record behind it (earlier when
// the years between were predicted without observations), the scenario
// it was filtered under, the filter's particles and seed, the
// distribution of the rung, and the SHA-256 of the state (its state.json
// as alliancesim writes it), by which a merge knows that every shard
// started from the same particles.
type StartRef struct {
	From            string `json:"from"`
	Year            int    `json:"year"`
	ObservedThrough int    `json:"observed_through"`
	Scenario        string `json:"scenario"`
	Particles       int    `json:"particles"`
	Seed            uint64 `json:"seed"`
	Rungs           []Num  `json:"rungs"`
	SHA256          string `json:"sha256,omitempty"`
}

// PosteriorRef records a run's posterior sample of the weights: the file
// (or bundled:priors/posterior.yaml), its SHA-256, its number of weight
// vectors and where the setting came from.
type PosteriorRef struct {
	File    string `json:"file"`
	SHA256  string `json:"sha256"`
	Vectors int    `json:"vectors"`
	Source  string `json:"source"`
}

// Module is a dependency and its version.
type Module struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

// ResolvedValue is one setting's value and where it came from: "default",
// "config <file>", "scenario", "env <VAR>" or "flag --<name>".
type ResolvedValue struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Source string `json:"source"`
}

// Input is one resolved scenario input.
type Input struct {
	Path         string   `json:"path"`
	Distribution string   `json:"distribution"`
	Fixed        bool     `json:"fixed"`
	Sources      []string `json:"sources,omitempty"`
	Line         int      `json:"line,omitempty"`
}

// EventDef is one event's definition as run.
type EventDef struct {
	Name    string             `json:"name"`
	From    int                `json:"from,omitempty"`
	To      int                `json:"to,omitempty"`
	Decay   float64            `json:"decay"`
	Once    bool               `json:"once"`
	Effects map[string]float64 `json:"effects"`
}

// BuildModules lists the binary's dependency versions.
func BuildModules() (goVersion string, mods []Module) {
	goVersion = runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			mods = append(mods, Module{Path: d.Path, Version: d.Version})
		}
	}
	return goVersion, mods
}

// Marshal renders the manifest as indented JSON with a final newline.
func (m *Manifest) Marshal() ([]byte, error) {
	return JSON(m)
}
