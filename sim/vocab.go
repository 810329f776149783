package sim

import (
	"fmt"
	"github.com/alliancesim/alliancesim/design"
	"strings"
)

// Sampler is design.Sampler, kept under this name until every caller
// names the design package.
type Sampler = design.Sampler

// Samplers, from package design.
const (
	MonteCarlo     = design.MonteCarlo
	LatinHypercube = design.LatinHypercube
)

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
