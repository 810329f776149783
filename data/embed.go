// Package data bundles the observed series of each dyad (tidy CSV, a
// source on every row; the format is in data/README.md) into the binary,
// so that `alliancesim nowcast` works from any folder; a user's own
// folder or file is read instead when given.
package data

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed */observations.csv
var files embed.FS

// Observations returns the bundled observations.csv of dyad (such as
// "china-russia") and its name for messages, "bundled:<dyad>".
func Observations(dyad string) ([]byte, string, bool) {
	b, err := files.ReadFile(dyad + "/observations.csv")
	return b, "bundled:" + dyad, err == nil
}

// Dyads lists the bundled dyads.
func Dyads() []string {
	var out []string
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}
