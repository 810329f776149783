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
	// Tool is always alliancesim: the tool that wrote the file.
	Tool string `json:"tool"`
	// Schema is the file's schema version, 1; manifests written before it
	// existed have none.
	Schema int `json:"schema"`
	// Version is the version of alliancesim that wrote the file.
	Version string `json:"version"`
	// GoVersion is the Go release the binary was built with (e.g. go1.24.1).
	GoVersion string `json:"go_version"`
	// Modules are the binary's dependencies, each with its module path
	// and version.
	Modules []Module `json:"modules"`
	// CreatedAt is when the file was written, in UTC, as RFC 3339
	// (2026-01-31T12:00:00Z).
	CreatedAt string `json:"created_at"`
	// Command is the command line that wrote the file, word by word, the
	// program's name first.
	Command []string `json:"command"`
	// Rerun is a command line that reruns the result exactly: the
	// scenario, the draws, seed and sampler, the precision target and the
	// posterior when set, the config file, and the weights set by the
	// environment or a flag.
	Rerun string `json:"rerun"`
	// Scenario identifies the scenario that was run: its name, its file
	// and the SHA-256 of the file's bytes.
	Scenario ScenarioRef `json:"scenario"`
	// Plan says how the runs were made, as run does in summary.json:
	// draws, seed, sampler, workers, version, time taken and why drawing
	// stopped.
	Plan RunInfo `json:"plan"`
	// CPUs is the number of logical processors the machine offered the process.
	CPUs int `json:"cpus"`
	// Weights are every model weight, by key (weights.<key>), with its
	// value and where the value came from.
	Weights []ResolvedValue `json:"weights"`
	// Settings are the run settings (run.draws, run.seed, run.workers,
	// …), each with its value and where the value came from.
	Settings []ResolvedValue `json:"settings"`
	// Inputs are every input of the scenario, fixed or uncertain, with
	// its distribution and sources.
	Inputs []Input `json:"inputs"`
	// Events are the scenario's events as they were run; null when it has
	// none.
	Events []EventDef `json:"events"`
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
	// From is where the state came from: the nowcast folder given, or
	// bundled for the bundled China–Russia record's state.
	From string `json:"from"`
	// Year is the year the state describes, the last year filtered: the
	// runs start in year + 1.
	Year int `json:"year"`
	// ObservedThrough is the last year of the record behind the state;
	// earlier than year when the years between were predicted without
	// observations (nowcast --through).
	ObservedThrough int `json:"observed_through"`
	// Scenario is the name of the scenario the particles were filtered
	// under.
	Scenario string `json:"scenario"`
	// Particles is the number of particles of the filter that made the
	// state.
	Particles int `json:"particles"`
	// Seed is the filter's random seed.
	Seed uint64 `json:"seed"`
	// Rungs is the share (0–1) of runs starting on each rung, in ladder
	// order from rung 0 (rivalry).
	Rungs []Num `json:"rungs"`
	// SHA256 is the SHA-256 of the state (its state.json as alliancesim
	// writes it), in hexadecimal, by which a merge checks that every shard
	// started from the same particles.
	SHA256 string `json:"sha256,omitempty"`
}

// PosteriorRef records a run's posterior sample of the weights: the file
// (or bundled:priors/posterior.yaml), its SHA-256, its number of weight
// vectors and where the setting came from.
type PosteriorRef struct {
	// File is the posterior sample's file as given, or
	// bundled:priors/posterior.yaml.
	File string `json:"file"`
	// SHA256 is the SHA-256 of the sample file's bytes, in hexadecimal.
	SHA256 string `json:"sha256"`
	// Vectors is the number of weight vectors in the sample.
	Vectors int `json:"vectors"`
	// Source is where the run.posterior setting came from: default,
	// config <file>, env <VAR> or flag --<name>.
	Source string `json:"source"`
}

// Module is a dependency and its version.
type Module struct {
	// Path is the dependency's module path.
	Path string `json:"path"`
	// Version is the dependency's module version.
	Version string `json:"version"`
}

// ResolvedValue is one setting's value and where it came from: "default",
// "config <file>", "scenario", "env <VAR>" or "flag --<name>".
type ResolvedValue struct {
	// Key is the setting's name: weights.<key> for a weight, run.<name>
	// for a run setting.
	Key string `json:"key"`
	// Value is the setting's resolved value: a number for a weight, the
	// setting's own type (number, string, list) for a run setting.
	Value any `json:"value"`
	// Source is where the value came from: default, config <file>,
	// scenario, env <VAR> or flag --<name>.
	Source string `json:"source"`
}

// Input is one resolved scenario input.
type Input struct {
	// Path names the input: <actor id>.<driver>, dyad.<driver>,
	// events.<event name>.probability, or weights.<key> for a weight the
	// scenario makes uncertain.
	Path string `json:"path"`
	// Distribution is what the value is drawn from, e.g. uniform(0.6,
	// 1.8); a fixed value is written as fixed(<value>).
	Distribution string `json:"distribution"`
	// Fixed is true when the value is the same in every draw.
	Fixed bool `json:"fixed"`
	// Sources are the references the scenario gives for the value; absent
	// when it gives none.
	Sources []string `json:"sources,omitempty"`
	// Line is the line of the value in the scenario file; absent when
	// unknown.
	Line int `json:"line,omitempty"`
}

// EventDef is one event's definition as run.
type EventDef struct {
	// Name is the event's name ("taiwan_crisis").
	Name string `json:"name"`
	// From is the first year in which the event can happen; absent when
	// unbounded.
	From int `json:"from,omitempty"`
	// To is the last year in which the event can happen (inclusive);
	// absent when unbounded.
	To int `json:"to,omitempty"`
	// Decay is the share (0–1) of the event's effect that remains one
	// year later: 0 lasts one year, 1 is permanent.
	Decay float64 `json:"decay"`
	// Once is true when the event can happen at most once per run.
	Once bool `json:"once"`
	// Effects are the event's additive shifts at full strength, by what
	// they shift: <actor>.<driver>, <actor>.consent, dyad.<driver> or
	// latent.
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
