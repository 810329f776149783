package jsonschema_test

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/jsonschema"
	validator "github.com/santhosh-tekuri/jsonschema/v6"
)

// Inner is a nested struct, referred to from $defs.
type Inner struct {
	// N counts.
	N int     `json:"n"`
	X float64 `json:"x,omitempty"` // X is optional.
}

// Base holds fields that Outer promotes.
type Base struct {
	Kind string `json:"kind"`
	Hid  string `json:"-"`
}

type maybe float64

func (m maybe) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(m)) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(m))
}

type word int

func (w word) MarshalText() ([]byte, error) { return []byte("w"), nil }

// Outer is the root of the test type.
type Outer struct {
	Base
	Name    string            `json:"name"`
	Inner   Inner             `json:"inner"`
	Ptr     *Inner            `json:"ptr"`
	List    []Inner           `json:"list"`
	Fixed   [2]bool           `json:"fixed"`
	Map     map[string]uint32 `json:"map,omitempty"`
	Any     any               `json:"any"`
	M       maybe             `json:"m"`
	W       word              `json:"w"`
	Untag   int
	private int
	Self    *Outer `json:"self,omitempty"`
}

func generator() *jsonschema.Generator {
	return &jsonschema.Generator{
		Custom: map[reflect.Type]jsonschema.Custom{reflect.TypeFor[maybe](): jsonschema.Fixed(&jsonschema.Schema{Type: []string{"number", "null"}})},
		Docs:   jsonschema.Comments("github.com/alliancesim/alliancesim", "../.."),
	}
}

// TestGenerate checks the schema of a type that uses each rule against
// the schema written out by hand.
func TestGenerate(t *testing.T) {
	s, err := generator().Generate(reflect.TypeFor[Outer]())
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$ref": "#/$defs/jsonschema_test.Outer",
  "$defs": {
    "jsonschema_test.Inner": {
      "description": "Inner is a nested struct, referred to from $defs.",
      "type": "object",
      "properties": {
        "n": {
          "description": "n counts.",
          "type": "integer"
        },
        "x": {
          "description": "x is optional.",
          "type": "number"
        }
      },
      "required": [
        "n"
      ],
      "additionalProperties": false
    },
    "jsonschema_test.Outer": {
      "description": "Outer is the root of the test type.",
      "type": "object",
      "properties": {
        "Untag": {
          "type": "integer"
        },
        "any": {},
        "fixed": {
          "type": "array",
          "items": {
            "type": "boolean"
          },
          "minItems": 2,
          "maxItems": 2
        },
        "inner": {
          "$ref": "#/$defs/jsonschema_test.Inner"
        },
        "kind": {
          "type": "string"
        },
        "list": {
          "type": [
            "array",
            "null"
          ],
          "items": {
            "$ref": "#/$defs/jsonschema_test.Inner"
          }
        },
        "m": {
          "$ref": "#/$defs/jsonschema_test.maybe"
        },
        "map": {
          "type": "object",
          "additionalProperties": {
            "type": "integer",
            "minimum": 0
          }
        },
        "name": {
          "type": "string"
        },
        "ptr": {
          "anyOf": [
            {
              "$ref": "#/$defs/jsonschema_test.Inner"
            },
            {
              "type": "null"
            }
          ]
        },
        "self": {
          "$ref": "#/$defs/jsonschema_test.Outer"
        },
        "w": {
          "type": "string"
        }
      },
      "required": [
        "kind",
        "name",
        "inner",
        "ptr",
        "list",
        "fixed",
        "any",
        "m",
        "w",
        "Untag"
      ],
      "additionalProperties": false
    },
    "jsonschema_test.maybe": {
      "type": [
        "number",
        "null"
      ]
    }
  }
}`
	if string(got) != want {
		t.Errorf("schema:\n%s\nwant:\n%s", got, want)
	}
}

// compile checks a generated schema against the 2020-12 meta-schema (an
// independent implementation's reading of it) and returns it compiled.
func compile(t *testing.T, s *jsonschema.Schema) *validator.Schema {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := validator.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := validator.NewCompiler()
	if err := c.AddResource("mem:///s.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem:///s.json")
	if err != nil {
		t.Fatalf("the generated schema does not compile: %v", err)
	}
	return sch
}

func validate(sch *validator.Schema, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return validateBytes(sch, b)
}

func validateBytes(sch *validator.Schema, b []byte) error {
	inst, err := validator.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestValues checks that what encoding/json writes of values of the type
// conforms to its schema, and that documents that break it do not.
func TestValues(t *testing.T) {
	s, err := generator().Generate(reflect.TypeFor[Outer]())
	if err != nil {
		t.Fatal(err)
	}
	sch := compile(t, s)
	for _, v := range []Outer{
		{},
		{Base: Base{Kind: "k"}, private: 1, Ptr: &Inner{N: 2}, List: []Inner{{N: 1, X: 0.5}}, Map: map[string]uint32{"a": 1}, Any: []int{1}, M: maybe(math.NaN()), Self: &Outer{}},
	} {
		if err := validate(sch, v); err != nil {
			t.Errorf("%+v: %v", v, err)
		}
	}
	good, _ := json.Marshal(Outer{})
	for _, bad := range []struct{ name, from, to string }{
		{"an unknown field", `"name":""`, `"name":"","extra":1`},
		{"a missing field", `"name":"",`, ``},
		{"a wrong type", `"Untag":0`, `"Untag":"0"`},
		{"a fraction for an integer", `"Untag":0`, `"Untag":0.5`},
	} {
		doc := strings.Replace(string(good), bad.from, bad.to, 1)
		if doc == string(good) {
			t.Fatalf("%s: %q not in %s", bad.name, bad.from, good)
		}
		if err := validateBytes(sch, []byte(doc)); err == nil {
			t.Errorf("%s: %s validates", bad.name, doc)
		}
	}
}

type selfMarshal struct{}

func (selfMarshal) MarshalJSON() ([]byte, error) { return []byte("{}"), nil }

// TestCustomRequired checks that a type that marshals itself is refused
// unless its schema is given: its shape cannot be read off the type.
func TestCustomRequired(t *testing.T) {
	type holder struct {
		S selfMarshal `json:"s"`
	}
	_, err := (&jsonschema.Generator{}).Generate(reflect.TypeFor[holder]())
	if err == nil || !strings.Contains(err.Error(), "Generator.Custom") {
		t.Errorf("err = %v, want one that names Generator.Custom", err)
	}
	if _, err := (&jsonschema.Generator{}).Generate(reflect.TypeFor[map[[2]int]int]()); err == nil {
		t.Error("a map keyed by an array: no error")
	}
}
