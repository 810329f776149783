package design

import (
	"fmt"
	"strings"
)

// Sampler names how a run draws its uncertain inputs. Its text form ("mc",
// "lhs") is what flags, config files, summary.json and the manifest use;
// the zero value means "not set" and readers take it as MonteCarlo.
type Sampler string

// Samplers.
const (
	// MonteCarlo draws every uncertain input independently.
	MonteCarlo Sampler = "mc"
	// LatinHypercube stratifies each uncertain input over blocks of draws.
	LatinHypercube Sampler = "lhs"
)

// Samplers lists the valid samplers, the default first.
func Samplers() []Sampler { return []Sampler{MonteCarlo, LatinHypercube} }

// String returns the sampler's text form.
func (s Sampler) String() string { return string(s) }

// Valid reports whether s is one of Samplers.
func (s Sampler) Valid() bool { return s == MonteCarlo || s == LatinHypercube }

// MarshalText returns the text form; it fails on a value that is neither
// a sampler nor the zero value.
func (s Sampler) MarshalText() ([]byte, error) {
	if s != "" && !s.Valid() {
		return nil, errUnknown(string(s))
	}
	return []byte(s), nil
}

// UnmarshalText parses a text form with Parse; empty text gives the zero
// value.
func (s *Sampler) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = ""
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Parse returns the sampler named by text, exactly as written ("mc" or
// "lhs"). The error lists the valid values.
func Parse(text string) (Sampler, error) {
	if s := Sampler(text); s.Valid() {
		return s, nil
	}
	return "", errUnknown(text)
}

func errUnknown(text string) error {
	names := make([]string, 0, len(Samplers()))
	for _, s := range Samplers() {
		names = append(names, s.String())
	}
	return fmt.Errorf("unknown sampler %q: use %s or %s", text, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
