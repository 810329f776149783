package schemas

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/alliancesim/alliancesim/internal/jsonschema"
)

// Field is one top-level field of a results file, as the field reference
// of docs/results.md lists it.
type Field struct {
	Name     string
	Type     string // in words: "integer", "array of results.Prob", "number or null", …
	Required bool
	// Doc is the first sentence of the field's description.
	Doc string
}

// Fields returns the top-level fields of each of f's types, from its
// schema (generated from the source under root), in name order.
func (f File) Fields(root string) ([][]Field, error) {
	s, err := f.schema(root)
	if err != nil {
		return nil, err
	}
	var out [][]Field
	for _, t := range f.Types {
		def := s.Defs[jsonschema.DefName(t.Type)]
		var fs []Field
		for name, p := range def.Properties {
			fs = append(fs, Field{Name: name, Type: words(p, s.Defs), Required: slices.Contains(def.Required, name), Doc: firstSentence(describe(p, s.Defs))})
		}
		sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
		out = append(out, fs)
	}
	return out, nil
}

// TypeNames are the Go types of f, in words, for headings.
func (f File) TypeNames() []string {
	var out []string
	for _, t := range f.Types {
		out = append(out, jsonschema.DefName(t.Type))
	}
	return out
}

// words says a schema's type in words.
func words(s *jsonschema.Schema, defs map[string]*jsonschema.Schema) string {
	switch {
	case s.Const != nil:
		return fmt.Sprintf("%v (always)", s.Const)
	case s.Ref != "":
		name := strings.TrimPrefix(s.Ref, "#/$defs/")
		if d := defs[name]; d != nil && d.Type != "object" && d.Type != nil {
			return words(d, defs) // a named number, list or string (a Num, a vocabulary)
		}
		return "object (" + name + ")"
	case len(s.AnyOf) == 2 && s.AnyOf[1].Type == "null":
		return words(s.AnyOf[0], defs) + " or null"
	case s.Enum != nil:
		return "one of " + join(s.Enum)
	}
	var base []string
	null := false
	switch t := s.Type.(type) {
	case string:
		base = []string{t}
	case []string:
		for _, x := range t {
			if x == "null" {
				null = true
			} else {
				base = append(base, x)
			}
		}
	}
	w := strings.Join(base, " or ")
	switch w {
	case "array":
		if s.Items != nil {
			w = "array of " + words(s.Items, defs)
		}
	case "object":
		if s.AdditionalProperties != nil {
			w = "map of " + words(s.AdditionalProperties, defs)
		}
	case "":
		w = "any"
	}
	if null {
		w += " or null"
	}
	return w
}

// describe is a schema's description, or that of the definition it
// refers to.
func describe(s *jsonschema.Schema, defs map[string]*jsonschema.Schema) string {
	if s.Description != "" {
		return s.Description
	}
	if s.Ref != "" {
		if d := defs[strings.TrimPrefix(s.Ref, "#/$defs/")]; d != nil {
			return d.Description
		}
	}
	if len(s.AnyOf) > 0 {
		return describe(s.AnyOf[0], defs)
	}
	return ""
}

func join(vs []any) string {
	var ss []string
	for _, v := range vs {
		if s, ok := v.(string); ok && s == "" {
			ss = append(ss, `""`)
			continue
		}
		ss = append(ss, fmt.Sprint(v))
	}
	return strings.Join(ss, ", ")
}

// firstSentence is s up to its first full stop followed by a space (or the
// end), which ends most doc comments' first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
