//go:build !linux

package results

// exchange puts the staging folder in the output folder's place with two
// renames, on systems without an atomic exchange.
func exchange(staging, out string) (string, error) { return renameTwice(staging, out) }
