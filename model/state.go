package model

import (
	"fmt"
	"strings"
)

// State is a rung of the relationship ladder. States are ordered: a higher
// state is a closer relationship, and the model moves at most one rung a year.
type State int

// The six rungs. Each carries the historical China–Russia example it is
// anchored on (ATOP 5.1 codings and treaty dates; docs/model.md).
const (
	// Rivalry: open strategic rivalry (the Sino-Soviet split, 1958–1989).
	Rivalry State = iota
	// Normalization: relations restored, no special alignment (1989–1996).
	Normalization
	// StrategicPartnership: declared partnership without treaty obligations (1996–2001).
	StrategicPartnership
	// TreatyPartnership: a treaty with a consultation pledge but no defence
	// obligation (the 2001 Treaty of Good-Neighborliness, Art. 9).
	TreatyPartnership
	// Entente: a "no limits" quasi-alliance, closer than a strategic
	// partnership but less than an alliance (about 2014 onwards).
	Entente
	// DefenceAlliance: a mutual-defence obligation (an ATOP defence pledge, as
	// in the 1950 Treaty of Friendship, Alliance and Mutual Assistance). This
	// is the headline event.
	DefenceAlliance
)

// NumStates is the number of rungs on the ladder.
const NumStates = int(DefenceAlliance) + 1

var stateKeys = [NumStates]string{"rivalry", "normalization", "strategic_partnership", "treaty_partnership", "entente", "defence_alliance"}

var stateNames = [NumStates]string{"Rivalry", "Normalization", "Strategic partnership", "Treaty partnership", "Entente", "Defence alliance"}

// Key is the state's identifier in scenario files and results.
func (s State) Key() string {
	if s < 0 || int(s) >= NumStates {
		return fmt.Sprintf("state(%d)", int(s))
	}
	return stateKeys[s]
}

// String is the state's name for tables and charts.
func (s State) String() string {
	if s < 0 || int(s) >= NumStates {
		return fmt.Sprintf("state(%d)", int(s))
	}
	return stateNames[s]
}

// StateKeys lists the identifiers of all states in ladder order.
func StateKeys() []string { return append([]string(nil), stateKeys[:]...) }

// StateNames lists the display names of all states in ladder order.
func StateNames() []string { return append([]string(nil), stateNames[:]...) }

// ParseState reads a state identifier such as "entente" (case, spaces and
// hyphens ignored). It accepts every rung; a run may start on the
// defence alliance, to study an alliance's durability.
func ParseState(s string) (State, error) {
	k := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_")
	k = strings.ReplaceAll(k, "-", "_")
	for i, key := range stateKeys {
		if key == k {
			return State(i), nil
		}
	}
	return 0, fmt.Errorf("unknown state %q: use one of %s", s, strings.Join(stateKeys[:], ", "))
}
