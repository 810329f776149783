package sim

import (
	"fmt"
	"strings"
)

// MissingShards checks that a merge has a part for every slice: byK holds
// the part of slice K of N = len(byK), nil where none was given. The
// error names the slices without one.
func MissingShards[P any](byK []*P) error {
	n := len(byK)
	var missing []string
	for k, p := range byK {
		if p == nil {
			missing = append(missing, Shard{K: k, N: n}.String())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shard %s missing: every slice 0/%d … %d/%d is needed", strings.Join(missing, ", "), n, n-1, n)
	}
	return nil
}
