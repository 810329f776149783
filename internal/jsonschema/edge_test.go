package jsonschema_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The types of TestEncodingJSONRules: each a rule of encoding/json that the
// generator must follow.
type (
	d1 struct{ X int }
	b1 struct{ d1 }
	c1 struct{ d1 }
	// twice embeds d1 twice at one depth: encoding/json drops X.
	twice struct {
		b1
		c1
	}
	pbase struct {
		Kind string `json:"kind"`
	}
	// pembed promotes kind through a pointer: absent when it is nil.
	pembed struct {
		*pbase
		Name string `json:"name"`
	}
	// quoted writes its fields as strings.
	quoted struct {
		N int     `json:"n,string"`
		F float64 `json:"f,string"`
		B bool    `json:"b,string"`
		P *int    `json:"p,string"`
	}
	textT struct{ A int }
	// texts holds a nil pointer to a TextMarshaler: null.
	texts struct {
		T *textT `json:"t"`
	}
	prt struct{ A int }
	// inMap holds a type whose MarshalText has a pointer receiver as a
	// map's value, where encoding/json does not call it.
	inMap struct {
		M map[string]prt `json:"m"`
		V prt            `json:"v"`
	}
	// badTag's tag is one encoding/json ignores.
	badTag struct {
		//lint:ignore SA5008 the tag is malformed on purpose: encoding/json ignores it
		X int `json:"a'b"`
	}
	// number is a json.Number: written as a number.
	number struct {
		N json.Number `json:"n"`
	}
	// empties: omitempty leaves out empty slices, maps and nil pointers,
	// never a struct.
	empties struct {
		S  []int          `json:"s,omitempty"`
		M  map[string]int `json:"m,omitempty"`
		P  *int           `json:"p,omitempty"`
		St d1             `json:"st,omitempty"`
		A  [2]int         `json:"a,omitempty"`
		Z  d1             `json:"z,omitzero"`
	}
	keyed struct {
		M map[int]string `json:"m"`
	}
	selfMap map[string]selfMap
)

func (t textT) MarshalText() ([]byte, error) { return []byte("t"), nil }
func (p *prt) MarshalText() ([]byte, error)  { return []byte("p"), nil }

// TestEncodingJSONRules marshals values of types that exercise
// encoding/json's rules, through a pointer as the tool writes its files,
// and checks that each conforms to the generated schema, and that JSON
// encoding/json would not write for them does not.
func TestEncodingJSONRules(t *testing.T) {
	one := 1
	cases := []struct {
		name string
		v    any      // a pointer to the value
		bad  []string // documents that must not conform
	}{
		{"a struct embedded twice at one depth", &twice{}, []string{`{"X":1}`}},
		{"a nil embedded pointer", &pembed{Name: "n"}, []string{`{"name":"n","kind":1}`}},
		{"a set embedded pointer", &pembed{pbase: &pbase{Kind: "k"}, Name: "n"}, nil},
		{"the string option", &quoted{N: 5, F: 0.5, B: true, P: &one}, []string{`{"n":5,"f":"0.5","b":"true","p":"1"}`}},
		{"the string option on a nil pointer", &quoted{}, nil},
		{"a nil pointer to a TextMarshaler", &texts{}, []string{`{"t":1}`}},
		{"a set pointer to a TextMarshaler", &texts{T: &textT{}}, nil},
		{"a pointer-receiver TextMarshaler in a map and in a field", &inMap{M: map[string]prt{"k": {A: 1}}}, []string{`{"m":{"k":"p"},"v":"p"}`, `{"m":{"k":{"A":1}},"v":{"A":0}}`}},
		{"a tag encoding/json ignores", &badTag{X: 1}, []string{`{"a'b":1}`}},
		{"a json.Number", &number{N: "12"}, []string{`{"n":"12"}`}},
		{"empty omitempty fields", &empties{}, []string{`{"s":null,"st":{"X":0},"a":[0,0]}`, `{"st":{"X":0}}`, `{"st":{"X":0},"a":[0,0,0]}`}},
		{"set omitempty fields", &empties{S: []int{1}, M: map[string]int{"a": 1}, P: &one, Z: d1{X: 1}}, nil},
		{"a map keyed by integers", &keyed{M: map[int]string{-3: "a", 7: "b"}}, []string{`{"m":{"one":"a"}}`}},
	}
	g := generator()
	for _, c := range cases {
		s, err := g.Generate(reflect.TypeOf(c.v).Elem())
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		sch := compile(t, s)
		b, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateBytes(sch, b); err != nil {
			t.Errorf("%s: encoding/json writes %s, which does not conform: %v", c.name, b, err)
		}
		for _, bad := range c.bad {
			if err := validateBytes(sch, []byte(bad)); err == nil {
				t.Errorf("%s: %s conforms (encoding/json writes %s)", c.name, bad, b)
			}
		}
	}
	if _, err := g.Generate(reflect.TypeFor[selfMap]()); err == nil || !strings.Contains(err.Error(), "refers to itself") {
		t.Errorf("a map type that holds itself: err = %v, want one that says it refers to itself", err)
	}
}
