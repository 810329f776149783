// Package data bundles the observed series of each dyad (tidy CSV, a
// source on every row; the format is in data/README.md) into the binary,
// so that `alliancesim nowcast` works from any folder; a user's own
// folder or file is read instead when given. It bundles the world's
// bilateral defence-pledge onsets a year too (world/bilateral-onsets.csv),
// which package era reads.
package data

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed */observations.csv world/bilateral-onsets.csv
var files embed.FS

// BilateralOnsets returns the bundled world/bilateral-onsets.csv and its
// name for messages.
func BilateralOnsets() ([]byte, string, bool) {
	b, err := files.ReadFile("world/bilateral-onsets.csv")
	return b, "bundled:world/bilateral-onsets.csv", err == nil
}

// Observations returns the bundled observations.csv of dyad (such as
// "china-russia") and its name for messages, "bundled:<dyad>".
func Observations(dyad string) ([]byte, string, bool) {
	b, err := files.ReadFile(dyad + "/observations.csv")
	return b, "bundled:" + dyad, err == nil
}

// Dyads lists the bundled dyads: the folders with an observations.csv.
func Dyads() []string {
	var out []string
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		if _, err := fs.Stat(files, e.Name()+"/observations.csv"); e.IsDir() && err == nil && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}
