package schemas_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/docsection"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/results/schemas"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

var update = flag.Bool("update", false, "rewrite docs/schemas from the Go types")

const root = "../.."

// TestPublished checks that docs/schemas holds exactly the schemas that the
// types generate: a field added, renamed or documented differently fails
// here until `go test ./results/schemas -update` rewrites them.
func TestPublished(t *testing.T) {
	dir := filepath.Join(root, "docs", "schemas")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for _, f := range schemas.Files {
		b, err := f.Generate(root)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, f.SchemaName())
		want = append(want, f.SchemaName())
		if *update {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (go test ./results/schemas -update writes it)", err)
			continue
		}
		if string(got) != string(b) {
			t.Errorf("docs/schemas/%s differs from what the Go types generate: run go test ./results/schemas -update and review the diff", f.SchemaName())
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(want, e.Name()) {
			t.Errorf("docs/schemas/%s: no file of the results contract has this schema (results/schemas.Files)", e.Name())
		}
	}
}

// TestCompile checks every schema against the draft 2020-12 meta-schema,
// by compiling it, and that each file's constants are its readers' (a
// summary of another schema version must not conform).
func TestCompile(t *testing.T) {
	v := schemas.NewValidator(root)
	for _, f := range schemas.Files {
		err := v.Validate(f.Name, []byte(`{}`))
		if err == nil {
			t.Errorf("%s: an empty object conforms", f.Name)
		} else if strings.Contains(err.Error(), "does not compile") {
			t.Error(err)
		}
	}
	// The contract: each file has a schema version (readers check it,
	// but for manifest.json, which nothing reads back as a whole file).
	for _, f := range schemas.Files {
		for _, ty := range f.Types {
			if _, ok := ty.Consts["schema"]; !ok {
				t.Errorf("%s: %s has no schema version among its constants", f.Name, ty.Type)
			}
		}
	}
	if err := v.Validate("notes.json", []byte(`{}`)); err == nil {
		t.Error("a file outside the contract: no error")
	}
}

// TestRunFiles checks that the summary, manifest and marker of a real run
// of the bundled baseline conform to their schemas, and that a summary
// with an unknown field, or of another schema version, does not.
func TestRunFiles(t *testing.T) {
	l, err := scenarios.Open("baseline")
	if err != nil {
		t.Fatal(err)
	}
	w := model.DefaultWeights()
	from, err := nowcast.StartFor(context.Background(), l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), l.Scenario, &w, sim.Plan{Draws: 2000, Seed: 1, Workers: 1, Start: from})
	if err != nil {
		t.Fatal(err)
	}
	sum := results.FromResult(res, results.ScenarioRef{Name: "baseline"}, "test")
	b, err := sum.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	v := schemas.NewValidator(root)
	if err := v.Validate("summary.json", b); err != nil {
		t.Error(err)
	}
	for _, bad := range []struct{ name, from, to string }{
		{"another schema version", `"schema": 1`, `"schema": 2`},
		{"an unknown field", `"schema": 1,`, `"schema": 1, "extra": true,`},
		{"a count that is not a number", `"horizon_years": 10`, `"horizon_years": "10"`},
	} {
		doc := strings.Replace(string(b), bad.from, bad.to, 1)
		if doc == string(b) {
			t.Fatalf("%s: %q is not in summary.json", bad.name, bad.from)
		}
		err := v.Validate("summary.json", []byte(doc))
		if err == nil {
			t.Errorf("summary.json with %s conforms", bad.name)
			continue
		}
		// The message says where in the file and what.
		if bad.name == "a count that is not a number" && !strings.Contains(err.Error(), "at '/horizon_years'") {
			t.Errorf("the error does not say where: %v", err)
		}
	}
	mb, err := results.JSON(&results.Marker{Tool: "alliancesim", Schema: 1, Files: []string{"summary.json"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(results.MarkerName, mb); err != nil {
		t.Error(err)
	}
}

// TestDocsTable keeps the table of schemas in docs/results.md equal to
// Files.
func TestDocsTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("| file | schema | what it holds | written by |\n|---|---|---|---|\n")
	for _, f := range schemas.Files {
		fmt.Fprintf(&b, "| `%s` | [%s](schemas/%s) | %s | %s |\n", f.Label(), f.SchemaName(), f.SchemaName(), f.Title, strings.Join(f.Commands, ", "))
	}
	for _, err := range docsection.Check(filepath.Join(root, "docs", "results.md"), map[string]string{"schemas": b.String()}, *update, "go test ./results/schemas -run TestDocsTable -update") {
		t.Error(err)
	}
}

// TestDocsFields keeps the field reference of docs/results.md, every top-level
// field of every file of the contract with its type and the first sentence
// of its description, equal to the schemas.
func TestDocsFields(t *testing.T) {
	var b strings.Builder
	for _, f := range schemas.Files {
		fields, err := f.Fields(root)
		if err != nil {
			t.Fatal(err)
		}
		names := f.TypeNames()
		for i, fs := range fields {
			fmt.Fprintf(&b, "\n#### %s", f.Label())
			if len(fields) > 1 {
				fmt.Fprintf(&b, ", as %s", names[i])
			}
			b.WriteString("\n\n| field | type | description |\n|---|---|---|\n")
			for _, fl := range fs {
				name := "`" + fl.Name + "`"
				if !fl.Required {
					name += " (optional)"
				}
				fmt.Fprintf(&b, "| %s | %s | %s |\n", name, strings.ReplaceAll(fl.Type, "|", "\\|"), strings.ReplaceAll(fl.Doc, "|", "\\|"))
			}
		}
	}
	b.WriteString("\n")
	for _, err := range docsection.Check(filepath.Join(root, "docs", "results.md"), map[string]string{"fields": b.String()}, *update, "go test ./results/schemas -run TestDocsFields -update") {
		t.Error(err)
	}
}
