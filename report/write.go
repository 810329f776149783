package report

import (
	"path/filepath"

	"github.com/alliancesim/alliancesim/results"
)

// Write renders index.html and report.md into dir, which must exist and
// already hold the chart files that in names. Both are rendered before
// either is written, and each is written atomically (a temporary file
// renamed into place), so a failure leaves no half-written report. It
// returns the paths written.
func Write(dir string, in *Input) ([]string, error) {
	h, err := HTML(in, dir)
	if err != nil {
		return nil, err
	}
	md, err := Markdown(in)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range []struct {
		name string
		data []byte
	}{{"index.html", h}, {"report.md", md}} {
		p := filepath.Join(dir, f.name)
		if err := results.WriteFile(p, f.data); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
