// Package jsonschema writes the JSON Schema (draft 2020-12) of a Go type
// as encoding/json marshals it, with the type's and fields' doc comments
// as descriptions.
//
// The project's results files are Go structs marshalled by encoding/json,
// so the schema is derived from the types rather than written by hand: a
// field added to a type is in the schema the next time it is generated, and
// a test that compares the generated schemas with the published ones
// (docs/schemas) fails until they are regenerated. The rules follow
// encoding/json: exported fields under their json tag names, embedded
// structs' fields promoted, "-" left out, omitempty and omitzero fields not
// required, nil slices, maps and pointers written as null. A type with its
// own MarshalJSON must be given its schema (Generator.Custom): its shape
// cannot be read off the type, and guessing it would publish a wrong
// contract; Generate fails on one it was not given.
package jsonschema

import (
	"encoding"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Draft is the $schema of every generated schema.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// Schema is one JSON Schema node. Only the keywords the generator writes
// are fields; they marshal in this order, and $defs' keys sorted.
type Schema struct {
	Schema               string             `json:"$schema,omitempty"`
	ID                   string             `json:"$id,omitempty"`
	Ref                  string             `json:"$ref,omitempty"`
	Title                string             `json:"title,omitempty"`
	Description          string             `json:"description,omitempty"`
	Type                 any                `json:"type,omitempty"` // a string, or a list of strings
	Const                any                `json:"const,omitempty"`
	Enum                 []any              `json:"enum,omitempty"`
	Format               string             `json:"format,omitempty"`
	Minimum              *float64           `json:"minimum,omitempty"`
	Pattern              string             `json:"pattern,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	MinItems             *int               `json:"minItems,omitempty"`
	MaxItems             *int               `json:"maxItems,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	PropertyNames        *Schema            `json:"propertyNames,omitempty"`
	AdditionalProperties *Schema            `json:"additionalProperties,omitempty"`
	// Closed writes "additionalProperties": false (a struct's objects hold
	// its fields and nothing else).
	Closed bool               `json:"-"`
	AnyOf  []*Schema          `json:"anyOf,omitempty"`
	Defs   map[string]*Schema `json:"$defs,omitempty"`
}

// MarshalJSON writes additionalProperties false for a closed object.
func (s *Schema) MarshalJSON() ([]byte, error) {
	type plain Schema
	if !s.Closed {
		return json.Marshal((*plain)(s))
	}
	return json.Marshal(struct {
		*plain
		AdditionalProperties bool `json:"additionalProperties"`
	}{(*plain)(s), false})
}

// Generator derives schemas. Its zero value knows no custom marshaller
// and reads no doc comments.
type Generator struct {
	// Custom gives the schemas of the types that marshal themselves
	// (json.Marshaler), wherever the type, or a pointer to it, stands.
	Custom map[reflect.Type]Custom
	// Docs returns the doc comment of a named type (field "") or of one
	// of its fields, for the descriptions; nil leaves them out. Comments
	// reads them from the Go source.
	Docs func(t reflect.Type, field string) string
}

// A Custom returns the schema of a type that marshals itself; of returns
// the schema of another type, as the generator writes it (named structs
// into $defs), for the parts the custom format shares with Go types.
type Custom func(of func(reflect.Type) (*Schema, error)) (*Schema, error)

// Fixed is the Custom of a type whose schema is s.
func Fixed(s *Schema) Custom {
	return func(func(reflect.Type) (*Schema, error)) (*Schema, error) {
		cp := *s
		return &cp, nil
	}
}

var (
	marshaler     = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonNumber    = reflect.TypeFor[json.Number]()
)

// Generate returns the schema of the values of type t, or of any of the
// types (anyOf) when given several, with every named struct type in $defs,
// referred to by its package and name. The values are taken to be
// marshalled through a pointer (json.Marshal(&v)), as the tool writes its
// files, so that methods on pointer receivers apply.
func (g *Generator) Generate(t reflect.Type, more ...reflect.Type) (*Schema, error) {
	st := &state{g: g, defs: map[string]*Schema{}, names: map[defKey]string{}, open: map[reflect.Type]bool{}}
	root, err := st.schema(t, true)
	if err != nil {
		return nil, err
	}
	if len(more) > 0 {
		root = &Schema{AnyOf: []*Schema{root}}
		for _, t := range more {
			s, err := st.schema(t, true)
			if err != nil {
				return nil, err
			}
			root.AnyOf = append(root.AnyOf, s)
		}
	}
	root.Schema = Draft
	if len(st.defs) > 0 {
		root.Defs = st.defs
	}
	return root, nil
}

// defKey names a definition: a type, and whether its values are
// addressable (a struct reached as a map's value is not, so encoding/json
// does not call its fields' pointer-receiver methods there).
type defKey struct {
	t    reflect.Type
	addr bool
}

type state struct {
	g     *Generator
	defs  map[string]*Schema
	names map[defKey]string
	open  map[reflect.Type]bool // named non-struct types being written
}

// nullable allows null besides s.
func nullable(s *Schema) *Schema {
	switch typ := s.Type.(type) {
	case string:
		if s.Ref == "" && s.AnyOf == nil {
			s.Type = []string{typ, "null"}
			return s
		}
	case []string:
		if slices.Contains(typ, "null") {
			return s
		}
	}
	return &Schema{AnyOf: []*Schema{s, {Type: "null"}}}
}

// nonNull is s without null: the schema of a value that omitempty leaves
// out when it would be null.
func nonNull(s *Schema) *Schema {
	if typ, ok := s.Type.([]string); ok && slices.Contains(typ, "null") {
		cp := *s
		cp.Type = slices.DeleteFunc(slices.Clone(typ), func(x string) bool { return x == "null" })
		if len(cp.Type.([]string)) == 1 {
			cp.Type = cp.Type.([]string)[0]
		}
		return &cp
	}
	if len(s.AnyOf) == 2 && s.AnyOf[1].Type == "null" && s.Description == "" {
		return s.AnyOf[0]
	}
	return s
}

// implements reports whether encoding/json calls t's method of interface
// i: t's own, or its pointer's on an addressable value.
func implements(t, i reflect.Type, addr bool) bool {
	return t.Implements(i) || addr && t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(i)
}

func (st *state) schema(t reflect.Type, addr bool) (*Schema, error) {
	if c, ok := st.g.Custom[t]; ok {
		return st.custom(t, c)
	}
	if t.Kind() == reflect.Pointer {
		if c, ok := st.g.Custom[t.Elem()]; ok {
			s, err := st.custom(t.Elem(), c)
			if err != nil {
				return nil, err
			}
			return nullable(s), nil
		}
	}
	switch {
	case t == jsonNumber:
		return &Schema{Type: "number"}, nil
	case t.Kind() == reflect.Interface:
		return &Schema{}, nil // whatever the dynamic value writes
	case implements(t, marshaler, addr):
		return nil, fmt.Errorf("jsonschema: %s marshals itself (MarshalJSON): give its schema in Generator.Custom", t)
	case implements(t, textMarshaler, addr):
		if t.Kind() == reflect.Pointer {
			return &Schema{Type: []string{"string", "null"}}, nil
		}
		return &Schema{Type: "string"}, nil
	}
	if t.Name() != "" && t.Kind() != reflect.Struct {
		// A named slice, map or pointer that holds itself would recurse
		// for ever; only structs have definitions.
		if st.open[t] {
			return nil, fmt.Errorf("jsonschema: %s refers to itself other than through a struct", t)
		}
		st.open[t] = true
		defer delete(st.open, t)
	}
	switch t.Kind() {
	case reflect.Bool:
		return &Schema{Type: "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &Schema{Type: "integer"}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		zero := 0.0
		return &Schema{Type: "integer", Minimum: &zero}, nil
	case reflect.Float32, reflect.Float64:
		return &Schema{Type: "number"}, nil
	case reflect.String:
		return &Schema{Type: "string"}, nil
	case reflect.Pointer:
		s, err := st.schema(t.Elem(), true)
		if err != nil {
			return nil, err
		}
		return nullable(s), nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !implements(t.Elem(), marshaler, true) && !implements(t.Elem(), textMarshaler, true) {
			return &Schema{Type: []string{"string", "null"}}, nil // base64
		}
		items, err := st.schema(t.Elem(), true)
		if err != nil {
			return nil, err
		}
		return &Schema{Type: []string{"array", "null"}, Items: items}, nil
	case reflect.Array:
		items, err := st.schema(t.Elem(), addr)
		if err != nil {
			return nil, err
		}
		n := t.Len()
		return &Schema{Type: "array", Items: items, MinItems: &n, MaxItems: &n}, nil
	case reflect.Map:
		k := t.Key()
		var names *Schema
		switch {
		case k.Kind() == reflect.String, implements(k, textMarshaler, false):
		case isInt(k):
			names = &Schema{Pattern: "^-?[0-9]+$"}
		default:
			return nil, fmt.Errorf("jsonschema: %s: encoding/json cannot marshal a map keyed by %s", t, k)
		}
		vals, err := st.schema(t.Elem(), false)
		if err != nil {
			return nil, err
		}
		return &Schema{Type: []string{"object", "null"}, PropertyNames: names, AdditionalProperties: vals}, nil
	case reflect.Struct:
		return st.named(t, addr)
	}
	return nil, fmt.Errorf("jsonschema: encoding/json cannot marshal %s", t)
}

func isInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// custom returns a reference to the definition of t, a type that marshals
// itself, writing it first (an unnamed one is written in place).
func (st *state) custom(t reflect.Type, c Custom) (*Schema, error) {
	of := func(t reflect.Type) (*Schema, error) { return st.schema(t, true) }
	if t.Name() == "" {
		return c(of)
	}
	return st.define(defKey{t, true}, func() (*Schema, error) { return c(of) })
}

// named returns a reference to struct t's definition, writing it first;
// an anonymous struct is written in place.
func (st *state) named(t reflect.Type, addr bool) (*Schema, error) {
	if t.Name() == "" {
		return st.object(t, addr)
	}
	return st.define(defKey{t, addr}, func() (*Schema, error) {
		s, err := st.object(t, addr)
		if err != nil {
			return nil, err
		}
		s.Description = st.doc(t, "")
		return s, nil
	})
}

// define returns a reference to k's definition in $defs, making it with
// build the first time. A struct's values seen where they are not
// addressable are a definition of their own (its name ends in ".value"),
// written only where the tool has such values.
func (st *state) define(k defKey, build func() (*Schema, error)) (*Schema, error) {
	if name, ok := st.names[k]; ok {
		return &Schema{Ref: "#/$defs/" + name}, nil
	}
	name := DefName(k.t)
	if !k.addr {
		name += ".value"
	}
	if _, taken := st.defs[name]; taken {
		return nil, fmt.Errorf("jsonschema: two types are named %s", name)
	}
	st.names[k] = name
	st.defs[name] = &Schema{} // reserved: a recursive type refers to it
	s, err := build()
	if err != nil {
		return nil, err
	}
	st.defs[name] = s
	return &Schema{Ref: "#/$defs/" + name}, nil
}

// DefName is a named type's name in $defs: its package's last element and
// its name, as Go code names it (results.Summary).
func DefName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return filepath.Base(t.PkgPath()) + "." + name
}

func (st *state) doc(t reflect.Type, field string) string {
	if st.g.Docs == nil || t.Name() == "" {
		return ""
	}
	return st.g.Docs(t, field)
}

// field is one property of an object, as encoding/json finds it.
type field struct {
	name     string
	optional bool
	quoted   bool // the ",string" option on a value that it applies to
	omit     bool // omitempty or omitzero: a nil is left out, not null
	index    []int
	typ      reflect.Type
	owner    reflect.Type // the struct that declares it, for its comment
	goName   string
	tagged   bool
}

// fields lists t's properties by encoding/json's rules (its typeFields):
// exported fields by tag name, embedded structs' fields promoted unless
// hidden by a shallower field of the name; of several at one depth, a
// single tagged one wins and otherwise the name is dropped, as it is for
// the fields of a struct embedded twice at one depth. A field promoted
// through an embedded pointer is optional: a nil pointer writes none.
func fields(t reflect.Type) []field {
	type level struct {
		t        reflect.Type
		index    []int
		optional bool // reached through an embedded pointer
	}
	var out []field
	seen := map[string]bool{}
	current := []level{{t, nil, false}}
	visited := map[reflect.Type]bool{}
	for len(current) > 0 {
		var next []level
		found := map[string][]field{}
		var order []string
		count := map[reflect.Type]int{}
		for _, l := range current {
			count[l.t]++
		}
		for _, l := range current {
			if visited[l.t] {
				continue
			}
			visited[l.t] = true
			for i := range l.t.NumField() {
				sf := l.t.Field(i)
				if sf.Anonymous {
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTag(name) {
					name = ""
				}
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				index := append(append([]int(nil), l.index...), i)
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					next = append(next, level{ft, index, l.optional || sf.Type.Kind() == reflect.Pointer})
					continue
				}
				tagged := name != ""
				if name == "" {
					name = sf.Name
				}
				if seen[name] {
					continue
				}
				f := field{name: name, index: index, typ: sf.Type, owner: l.t, goName: sf.Name, tagged: tagged, optional: l.optional}
				for _, o := range strings.Split(opts, ",") {
					switch o {
					case "omitempty":
						f.optional = f.optional || canBeEmpty(sf.Type)
						f.omit = true
					case "omitzero":
						f.optional, f.omit = true, true
					case "string":
						switch ft.Kind() {
						case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
							reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
							reflect.Float32, reflect.Float64, reflect.String:
							f.quoted = true
						}
					}
				}
				if len(found[name]) == 0 {
					order = append(order, name)
				}
				found[name] = append(found[name], f)
				if count[l.t] > 1 {
					// A struct embedded more than once at this depth: the
					// copy makes the name ambiguous, so it is dropped.
					found[name] = append(found[name], f)
				}
			}
		}
		for _, name := range order {
			fs := found[name]
			seen[name] = true
			var win []field
			for _, f := range fs {
				if f.tagged {
					win = append(win, f)
				}
			}
			if len(fs) == 1 {
				win = fs
			}
			if len(win) == 1 {
				out = append(out, win[0])
			}
		}
		current = next
	}
	sort.SliceStable(out, func(i, j int) bool { return lessIndex(out[i].index, out[j].index) })
	return out
}

// canBeEmpty reports whether omitempty can leave out a value of type t:
// encoding/json never leaves out a struct, nor an array of nonzero length.
func canBeEmpty(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		return false
	case reflect.Array:
		return t.Len() == 0
	}
	return true
}

// validTag is encoding/json's isValidTag: a name it would take from a tag.
func validTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

func lessIndex(a, b []int) bool {
	for k := range min(len(a), len(b)) {
		if a[k] != b[k] {
			return a[k] < b[k]
		}
	}
	return len(a) < len(b)
}

// goWord matches a word that may be a Go identifier in a comment.
var goWord = regexp.MustCompile(`\b[A-Z][A-Za-z0-9]*\b`)

// object is the closed object schema of struct t's fields.
func (st *state) object(t reflect.Type, addr bool) (*Schema, error) {
	s := &Schema{Type: "object", Properties: map[string]*Schema{}, Closed: true}
	fs := fields(t)
	// The comments name the fields as Go does; the reader of the JSON
	// knows them by their JSON names.
	jsonName := map[string]string{}
	for _, f := range fs {
		jsonName[f.goName] = f.name
	}
	// A plain capitalised word ("Brier score", "Draws are …") may be
	// English; only a word with a capital inside it (DifferenceSE,
	// TotalPoints) is taken for a field's Go name. The leading word is
	// renamed where the field's comment starts with its own name.
	rename := func(d string) string {
		return goWord.ReplaceAllStringFunc(d, func(w string) string {
			if n, ok := jsonName[w]; ok && strings.ContainsFunc(w[1:], unicode.IsUpper) {
				return n
			}
			return w
		})
	}
	for _, f := range fs {
		var p *Schema
		var err error
		if f.quoted {
			p = &Schema{Type: "string"}
			if f.typ.Kind() == reflect.Pointer {
				p = nullable(p)
			}
		} else if p, err = st.schema(f.typ, addr); err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, f.goName, err)
		}
		if f.omit {
			p = nonNull(p) // omitempty and omitzero leave out the nil that would be null
		}
		d := st.doc(f.owner, f.goName)
		if !strings.Contains(d, " ") {
			d = "" // a bare name (a constant's) says nothing the schema does not
		}
		if rest, ok := strings.CutPrefix(d, f.goName+" "); ok {
			d = f.name + " " + rest
		}
		if d = rename(d); d != "" {
			if p.Ref != "" || p.AnyOf != nil {
				// A description beside $ref is allowed in 2020-12.
				p = &Schema{Ref: p.Ref, AnyOf: p.AnyOf, Description: d}
			} else {
				cp := *p
				cp.Description = d
				p = &cp
			}
		}
		s.Properties[f.name] = p
		if !f.optional {
			s.Required = append(s.Required, f.name)
		}
	}
	if len(s.Properties) == 0 {
		s.Properties = nil
	}
	return s, nil
}

// Comments returns a Docs function that reads doc comments from the Go
// source of the module whose path is module and whose root folder is root
// (types of other modules get none). A field's comment is the one above
// it, or else the one at the end of its line; a type's is its
// declaration's. Whitespace is folded to single spaces.
func Comments(module, root string) func(t reflect.Type, field string) string {
	cache := map[string]map[string]string{} // package path → "Type" or "Type.Field" → text
	return func(t reflect.Type, fieldName string) string {
		pkg := t.PkgPath()
		if pkg != module && !strings.HasPrefix(pkg, module+"/") {
			return ""
		}
		docs, ok := cache[pkg]
		if !ok {
			// An external test package (path ending in _test) is read from
			// its folder's _test.go files.
			dir, ext := strings.CutSuffix(strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/"), "_test")
			docs = readComments(filepath.Join(root, dir), ext)
			cache[pkg] = docs
		}
		name := t.Name()
		if i := strings.IndexByte(name, '['); i >= 0 {
			name = name[:i]
		}
		if fieldName != "" {
			name += "." + fieldName
		}
		return docs[name]
	}
}

func readComments(dir string, externalTest bool) map[string]string {
	out := map[string]string{}
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") != externalTest {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil || strings.HasSuffix(f.Name.Name, "_test") != externalTest {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, sp := range gd.Specs {
				ts := sp.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				out[ts.Name.Name] = fold(doc.Text())
				stt, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				for _, fl := range stt.Fields.List {
					text := fl.Doc.Text()
					if text == "" {
						text = fl.Comment.Text()
					}
					for _, nm := range fl.Names {
						out[ts.Name.Name+"."+nm.Name] = fold(text)
					}
					if len(fl.Names) == 0 { // embedded: named by its type
						out[ts.Name.Name+"."+embeddedName(fl.Type)] = fold(text)
					}
				}
			}
		}
	}
	return out
}

func embeddedName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return embeddedName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	}
	return ""
}

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }
