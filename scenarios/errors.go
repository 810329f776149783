package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Error is one problem in a scenario file, located at the line and column
// of the offending key or value.
type Error struct {
	// File is the file's path, or "bundled:<name>" for a bundled scenario.
	File string
	// Line and Column are 1-based; 0 when the problem has no place in the
	// file (a Column of 0 with a Line: a line-oriented file, such as an
	// observations CSV).
	Line, Column int
	// Path names the offending field, as in "actors[1].drivers.threat.beta";
	// empty for problems of the file as a whole (syntax errors).
	Path string
	// Msg says what is wrong, Hint (possibly empty) how to fix it.
	Msg  string
	Hint string
}

// Error formats the problem as "file:line:col: path: msg" (":col" left
// out when Column is 0), followed by
// "\n  hint: ..." when there is a hint.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("\n  hint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// ErrorList is every problem found in one file, sorted by line and
// column. Load, LoadBytes and Open return an ErrorList whenever the file's
// content is invalid, so that a user fixes everything in one pass.
type ErrorList []*Error

// Error joins the problems, one per line (hints on their own lines).
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap gives errors.As access to the individual *Error values.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sortErrors orders the list by position and drops exact repeats.
func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Column < l[j].Column
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && *e == *l[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// IsInvalid reports whether err says that a scenario's content is invalid
// (an ErrorList or an *Error) rather than that the file could not be read.
// The command line maps it to exit code 3.
func IsInvalid(err error) bool {
	var l ErrorList
	var e *Error
	return errors.As(err, &l) || errors.As(err, &e)
}

// levenshtein is the edit distance between a and b (bytes; keys are ASCII).
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// normalizeKey folds the differences people make by habit: case, spaces
// and hyphens for underscores.
func normalizeKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// synonyms maps names people use for parameters to the format's names.
var synonyms = map[string]string{
	"std": "sd", "stdev": "sd", "stddev": "sd", "std_dev": "sd", "sigma": "sd",
	"mu": "mean", "average": "mean", "avg": "mean",
	"minimum": "min", "maximum": "max", "low": "lo", "high": "hi",
	"prob": "probability", "p": "probability",
	"refs": "sources", "references": "sources", "source": "sources",
	"desc": "description", "horizon": "horizon_years", "years": "horizon_years",
	"start": "start_year", "year": "start_year", "state": "initial_state",
	"weight": "weights", "event": "events", "actor": "actors", "driver": "drivers",
}

// Closest returns the valid key nearest to key, if one is near enough to
// be a likely typo: equal after normalizing case and separators, within
// an edit distance of max(2, len/3), or a prefix of at least 4 letters.
// The command line uses it too, for settings keys.
func Closest(key string, valid []string) (string, bool) {
	if len(key) > 100 {
		return "", false
	}
	nk := normalizeKey(key)
	if s, ok := synonyms[nk]; ok && slices.Contains(valid, s) {
		return s, true
	}
	best, bestD := "", -1
	for _, v := range valid {
		nv := normalizeKey(v)
		if nk == nv {
			return v, true
		}
		d := levenshtein(nk, nv)
		if bestD < 0 || d < bestD {
			best, bestD = v, d
		}
	}
	if bestD >= 0 && bestD <= max(2, len(nk)/3) && bestD < len(nk) {
		return best, true
	}
	if len(nk) >= 4 {
		for _, v := range valid {
			if nv := normalizeKey(v); strings.HasPrefix(nv, nk) || strings.HasPrefix(nk, nv) {
				return v, true
			}
		}
	}
	return "", false
}

// suggest returns a hint for an unknown name: "did you mean x?" when a
// valid name is close, else the list of valid names.
func suggest(key string, valid []string, what string) string {
	if s, ok := Closest(key, valid); ok {
		return fmt.Sprintf("did you mean %s? (%s: %s)", s, what, strings.Join(valid, ", "))
	}
	return fmt.Sprintf("%s: %s", what, strings.Join(valid, ", "))
}
