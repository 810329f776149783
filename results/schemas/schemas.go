// Package schemas is the JSON Schema of every JSON file the tool writes,
// generated from the Go types that the files are marshalled from
// (internal/jsonschema), with the schema versions and kinds that the
// readers check as constants.
//
// The schemas are published in docs/schemas, one file each, for the
// analysts and scripts that read results without Go: a test regenerates
// them and fails when they differ from the published ones (go test
// ./results/schemas -update rewrites them), and the documentation tests
// validate every JSON file that the documented commands write against
// them, so a schema cannot drift from what the tool writes.
package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/jsonschema"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
	validator "github.com/santhosh-tekuri/jsonschema/v6"
)

// Module is the tool's module path, whose source the descriptions are read
// from.
const Module = "github.com/alliancesim/alliancesim"

// File is one kind of JSON file the tool writes.
type File struct {
	// Name is the file's name in a result folder.
	Name string
	// Commands are the commands that write it.
	Commands []string
	// Title is what the file holds, in a line.
	Title string
	// Types are the Go types it is marshalled from: one, or the
	// alternatives of a file that several commands write differently.
	Types []Type
	// Printed says the output is only printed, by the command's --json,
	// and never written into a folder; Name is then the name its schema
	// is published under.
	Printed bool
}

// Label is how the documents name f: its file name, or for output that is
// only printed, the command that prints it.
func (f File) Label() string {
	if f.Printed {
		return f.Commands[0] + " --json"
	}
	return f.Name
}

// Type is one Go type a file is marshalled from, with the fields its
// readers check: Consts fixes a field to one value (the schema version the
// readers accept, the kind), Enums to one of several (the commands whose
// shard files share a type), by JSON name.
type Type struct {
	Type   reflect.Type
	Consts map[string]any
	Enums  map[string][]any
}

func typ[T any](consts map[string]any) Type { return Type{Type: reflect.TypeFor[T](), Consts: consts} }

// commands restricts a shard header's command field to cs.
func commands(cs ...any) map[string][]any { return map[string][]any{"command": cs} }

// Files lists every JSON file of the results contract: what the commands
// write into their folders, and era's output, which is only printed. What
// --json prints on stdout is one of these (run's summary.json,
// sensitivity's sensitivity.json, sweep's sweep.json, …).
var Files = []File{
	{Name: "summary.json", Commands: []string{"run", "compare", "report", "merge"}, Title: "a run's results",
		Types: []Type{typ[results.Summary](map[string]any{"schema": results.SchemaVersion})}},
	{Name: "manifest.json", Commands: []string{"run", "compare", "report", "merge"}, Title: "everything needed to rerun a run",
		Types: []Type{typ[results.Manifest](map[string]any{"tool": "alliancesim", "schema": results.ManifestSchemaVersion})}},
	{Name: "compare.json", Commands: []string{"compare", "merge"}, Title: "scenarios compared on common random numbers",
		Types: []Type{typ[results.Comparison](map[string]any{"schema": results.CompareSchemaVersion})}},
	{Name: "explain.json", Commands: []string{"explain", "report"}, Title: "each driver's contribution to a year's utilities",
		Types: []Type{typ[results.Explanation](map[string]any{"schema": results.ExplainSchemaVersion})}},
	{Name: "sensitivity.json", Commands: []string{"sensitivity", "merge"}, Title: "tornado, Morris and Sobol sensitivity",
		Types: []Type{typ[results.Sensitivity](map[string]any{"schema": results.SensitivitySchemaVersion})}},
	{Name: "sweep.json", Commands: []string{"sweep", "merge"}, Title: "P(alliance) over a grid of one or two swept values",
		Types: []Type{typ[results.Sweep](map[string]any{"schema": results.SweepSchemaVersion})}},
	{Name: "discover.json", Commands: []string{"discover"}, Title: "PRIM boxes: the conditions under which an alliance becomes likely",
		Types: []Type{typ[results.Discovery](map[string]any{"schema": results.DiscoverSchemaVersion})}},
	{Name: "backtest.json", Commands: []string{"backtest", "merge"}, Title: "scores on a case library",
		Types: []Type{
			typ[backtest.File](map[string]any{"schema": backtest.SchemaVersion}),
			typ[backtest.PosteriorFile](map[string]any{"schema": backtest.SchemaVersion}),
		}},
	{Name: "calibration.json", Commands: []string{"calibrate", "merge"}, Title: "the weights' posterior and its scores",
		Types: []Type{typ[calibrate.File](map[string]any{"schema": calibrate.SchemaVersion})}},
	{Name: calibrate.StateFileName, Commands: []string{"merge"}, Title: "the merged rounds of a sharded calibration",
		Types: []Type{typ[calibrate.State](map[string]any{"schema": calibrate.StateSchema, "kind": calibrate.StateKind})}},
	{Name: "nowcast.json", Commands: []string{"nowcast"}, Title: "the filtered state of the relationship by year",
		Types: []Type{typ[nowcast.File](map[string]any{"schema": nowcast.SchemaVersion})}},
	{Name: "state.json", Commands: []string{"nowcast"}, Title: "the particles that --from-nowcast starts from",
		Types: []Type{typ[nowcast.StateFile](map[string]any{"schema": nowcast.StateSchemaVersion, "kind": nowcast.StateKind})}},
	{Name: "signposts.json", Commands: []string{"nowcast", "discover"}, Title: "signposts on observables",
		Types: []Type{typ[nowcast.SignpostsJSON](map[string]any{"schema": nowcast.SignpostsSchemaVersion})}},
	{Name: results.ShardFileName, Commands: []string{"run", "compare", "sweep", "sensitivity", "backtest", "calibrate"}, Title: "one slice of a sharded command, for merge",
		Types: []Type{
			{Type: reflect.TypeFor[results.ShardFile](), Consts: map[string]any{"schema": results.ShardSchema, "kind": results.ShardKind}, Enums: commands("run", "compare", "sweep")},
			{Type: reflect.TypeFor[results.SensitivityShardFile](), Consts: map[string]any{"schema": results.SensitivityShardSchema, "kind": results.ShardKind}, Enums: commands("sensitivity")},
			{Type: reflect.TypeFor[backtest.ShardFile](), Consts: map[string]any{"schema": results.ShardSchema, "kind": results.ShardKind}, Enums: commands("backtest")},
			{Type: reflect.TypeFor[calibrate.ShardFile](), Consts: map[string]any{"schema": calibrate.ShardSchema, "kind": results.ShardKind}, Enums: commands("calibrate")},
		}},
	{Name: "era.json", Commands: []string{"era"}, Title: "the unipolar era's bar (dyad.unipolarity) from the world's bilateral defence pacts", Printed: true,
		Types: []Type{typ[results.Era](map[string]any{"schema": results.EraSchemaVersion})}},
	{Name: results.MarkerName, Commands: []string{"every command that writes a result set"}, Title: "the result set's marker: the files the tool wrote",
		Types: []Type{typ[results.Marker](map[string]any{"tool": "alliancesim", "schema": 1})}},
}

// custom are the schemas of the results types that marshal themselves,
// and of the vocabularies whose text forms are a fixed list.
var custom = map[reflect.Type]jsonschema.Custom{
	reflect.TypeFor[results.Num](): jsonschema.Fixed(&jsonschema.Schema{Type: []string{"number", "null"},
		Description: "A number, or null where it is undefined or does not apply."}),
	// Blocking: each actor's share of the refusals under its id, beside
	// the fixed fields.
	reflect.TypeFor[results.Blocking](): func(of func(reflect.Type) (*jsonschema.Schema, error)) (*jsonschema.Schema, error) {
		num, err := of(reflect.TypeFor[results.Num]())
		if err != nil {
			return nil, err
		}
		byYear, err := of(reflect.TypeFor[[]results.BlockYear]())
		if err != nil {
			return nil, err
		}
		described := func(s *jsonschema.Schema, d string) *jsonschema.Schema {
			cp := *s
			cp.Description = d
			return &cp
		}
		return &jsonschema.Schema{
			Type:        "object",
			Description: "Who withheld consent when the alliance was on the table: each actor's share of those occasions alone, under its id, and both's.",
			Properties: map[string]*jsonschema.Schema{
				"both":         described(num, "The share (0–1) of the refusals in which both sides withheld consent; null without refusals."),
				"occasions":    {Type: "integer", Description: "The run-years in which the alliance was on the table and at least one side refused."},
				"runs_blocked": {Type: "integer", Description: "The runs with at least one such refusal."},
				"by_year":      described(byYear, "The refusals by year: only the first side, only the second, or both."),
			},
			Required:             []string{"both", "occasions", "runs_blocked", "by_year"},
			AdditionalProperties: num,
		}, nil
	},
	reflect.TypeFor[design.Sampler](): jsonschema.Fixed(&jsonschema.Schema{Type: "string", Enum: vocabulary(design.DesignSamplers()),
		Description: "The sampler: mc (Monte Carlo), lhs (Latin hypercube) or qmc (scrambled Sobol'); empty where none applies."}),
	reflect.TypeFor[sim.StopReason](): jsonschema.Fixed(&jsonschema.Schema{Type: "string", Enum: vocabulary(sim.StopReasons()),
		Description: "Why the run stopped drawing: draws (the number asked for), precision (the target half-width met) or max_draws (the cap reached first); empty where none applies."}),
}

// vocabulary is a typed vocabulary's text forms, and the empty text that
// its zero value writes.
func vocabulary[T ~string](vs []T) []any {
	out := []any{""}
	for _, v := range vs {
		out = append(out, string(v))
	}
	return out
}

// Generate returns the schema of file f, indented, with a final newline:
// the file that docs/schemas publishes.
func (f File) Generate(root string) ([]byte, error) {
	s, err := f.schema(root)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// schema is f's schema: its types' (every named struct in $defs), its
// title, and the readers' constants and values on their fields.
func (f File) schema(root string) (*jsonschema.Schema, error) {
	g := &jsonschema.Generator{Custom: custom, Docs: jsonschema.Comments(Module, root)}
	ts := make([]reflect.Type, len(f.Types))
	for i, t := range f.Types {
		ts[i] = t.Type
	}
	s, err := g.Generate(ts[0], ts[1:]...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	s.Title = f.Name + ": " + f.Title + " (written by " + joinCommands(f.Commands) + ")"
	if f.Printed {
		s.Title = f.Label() + ": " + f.Title + " (printed, not written to a file)"
	}
	for _, t := range f.Types {
		def := s.Defs[jsonschema.DefName(t.Type)]
		for name, v := range t.Consts {
			p, ok := def.Properties[name]
			if !ok {
				return nil, fmt.Errorf("%s: %s has no field %q for its constant", f.Name, t.Type, name)
			}
			p.Const = v
		}
		for name, vs := range t.Enums {
			p, ok := def.Properties[name]
			if !ok {
				return nil, fmt.Errorf("%s: %s has no field %q for its values", f.Name, t.Type, name)
			}
			p.Enum = vs
		}
	}
	return s, nil
}

// SchemaName is the file name of f's schema in docs/schemas.
func (f File) SchemaName() string {
	name := f.Name
	if name == results.MarkerName {
		name = "set-marker.json"
	}
	return name[:len(name)-len(".json")] + ".schema.json"
}

func joinCommands(cs []string) string {
	out := ""
	for i, c := range cs {
		switch {
		case i == 0:
		case i == len(cs)-1:
			out += " and "
		default:
			out += ", "
		}
		out += c
	}
	return out
}

// ByName returns the file of the contract named name (a file's base name).
func ByName(name string) (File, bool) {
	for _, f := range Files {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// A Validator checks JSON documents against the published schemas.
type Validator struct {
	mu       sync.Mutex
	compiled map[string]*validator.Schema
	root     string
}

// NewValidator validates against the schemas generated from the source
// under root (the repository's root folder).
func NewValidator(root string) *Validator {
	return &Validator{compiled: map[string]*validator.Schema{}, root: root}
}

// Validate checks data, the content of a file named name, against its
// schema; a name the contract does not hold is an error.
func (v *Validator) Validate(name string, data []byte) error {
	f, ok := ByName(name)
	if !ok {
		return fmt.Errorf("%s: not a file of the results contract (results/schemas.Files)", name)
	}
	sch, err := v.schema(f)
	if err != nil {
		return err
	}
	inst, err := validator.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("%s does not conform to docs/schemas/%s: %w", name, f.SchemaName(), detailed{err})
	}
	return nil
}

func (v *Validator) schema(f File) (*validator.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.compiled[f.Name]; ok {
		return s, nil
	}
	b, err := f.Generate(v.root)
	if err != nil {
		return nil, err
	}
	doc, err := validator.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	c := validator.NewCompiler()
	url := "mem:///" + f.SchemaName()
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("%s: the schema does not compile: %w", f.SchemaName(), err)
	}
	v.compiled[f.Name] = s
	return s, nil
}

// detailed shows a validation error with its causes (where in the file,
// and what), which the validator's Error leaves out, at most ten lines.
type detailed struct{ err error }

func (d detailed) Error() string {
	ve, ok := d.err.(*validator.ValidationError)
	if !ok {
		return d.err.Error()
	}
	lines := strings.Split(strings.TrimSpace(ve.GoString()), "\n")
	if len(lines) > 10 {
		lines = append(lines[:10], fmt.Sprintf("  … (%d lines more)", len(lines)-10))
	}
	return strings.Join(lines, "\n")
}

func (d detailed) Unwrap() error { return d.err }
