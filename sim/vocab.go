package sim

import (
	"fmt"
	"strings"
)

// Sampler names how a run draws its uncertain inputs. Its text form ("mc",
// "lhs") is what flags, config files, summary.json and the manifest use;
// the zero value means "not set" and Run reads it as MonteCarlo.
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
		return nil, errUnknown("sampler", string(s), Samplers())
	}
	return []byte(s), nil
}

// UnmarshalText parses a text form with ParseSampler; empty text gives
// the zero value.
func (s *Sampler) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = ""
		return nil
	}
	v, err := ParseSampler(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSampler returns the sampler named by text, exactly as written
// ("mc" or "lhs"). The error lists the valid values.
func ParseSampler(text string) (Sampler, error) {
	if s := Sampler(text); s.Valid() {
		return s, nil
	}
	return "", errUnknown("sampler", text, Samplers())
}

// StopReason says why a run stopped drawing. Its text form is the "stopped"
// field of summary.json and the manifest.
type StopReason string

// Stop reasons.
const (
	// StopDraws: the requested number of draws was made.
	StopDraws StopReason = "draws"
	// StopPrecision: the target half-width (Plan.Precision) was met.
	StopPrecision StopReason = "precision"
	// StopMaxDraws: Plan.MaxDraws was reached before the target half-width.
	StopMaxDraws StopReason = "max_draws"
)

// StopReasons lists the valid stop reasons.
func StopReasons() []StopReason { return []StopReason{StopDraws, StopPrecision, StopMaxDraws} }

// String returns the stop reason's text form.
func (r StopReason) String() string { return string(r) }

// Valid reports whether r is one of StopReasons.
func (r StopReason) Valid() bool { return r == StopDraws || r == StopPrecision || r == StopMaxDraws }

// MarshalText returns the text form; it fails on a value that is neither
// a stop reason nor the zero value.
func (r StopReason) MarshalText() ([]byte, error) {
	if r != "" && !r.Valid() {
		return nil, errUnknown("stop reason", string(r), StopReasons())
	}
	return []byte(r), nil
}

// UnmarshalText parses a text form with ParseStopReason; empty text gives
// the zero value.
func (r *StopReason) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = ""
		return nil
	}
	v, err := ParseStopReason(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// ParseStopReason returns the stop reason named by text ("draws",
// "precision" or "max_draws"). The error lists the valid values.
func ParseStopReason(text string) (StopReason, error) {
	if r := StopReason(text); r.Valid() {
		return r, nil
	}
	return "", errUnknown("stop reason", text, StopReasons())
}

// errUnknown is the error for a text that names none of valid, such as
// `unknown sampler "sobol": use mc or lhs`.
func errUnknown[T fmt.Stringer](what, text string, valid []T) error {
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = v.String()
	}
	list := names[len(names)-1]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " or " + list
	}
	return fmt.Errorf("unknown %s %q: use %s", what, text, list)
}
