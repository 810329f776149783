// Package find is the one home of the look-up that the results' types
// share: the element of a slice that a name or key picks, as a pointer
// into the slice, or nil. slices.IndexFunc gives an index and -1, which
// every caller would turn into the same pointer-or-nil again.
package find

// First returns a pointer to the first element of s for which match is
// true, or nil when there is none. The pointer is into s: a change
// through it changes s.
func First[T any](s []T, match func(*T) bool) *T {
	for i := range s {
		if match(&s[i]) {
			return &s[i]
		}
	}
	return nil
}
