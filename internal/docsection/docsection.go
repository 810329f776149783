// Package docsection keeps the generated sections of the project's
// documents equal to what the code produces. A section is the text between
// a line starting "<!-- BEGIN name" and a line "<!-- END name -->"; the
// tests that generate a section (tables of weights, effect sizes,
// calibration figures, the library's backtest) compare it with their output
// and, when asked, rewrite it. It exists so that the markers, the error
// messages and the rewriting are written once.
package docsection

import (
	"fmt"
	"os"
	"strings"
)

// Find returns the byte range of section name's text in doc: from the line
// after its BEGIN marker to the start of its END marker.
func Find(doc, name string) (start, end int, err error) {
	begin := "<!-- BEGIN " + name
	endMark := "<!-- END " + name + " -->"
	b := strings.Index(doc, begin)
	if b < 0 {
		return 0, 0, fmt.Errorf("no %q marker: add a line %q, then %q, where the %s section belongs", begin, begin+" -->", endMark, name)
	}
	if strings.Contains(doc[b+len(begin):], begin) {
		return 0, 0, fmt.Errorf("the marker %q appears more than once", begin)
	}
	nl := strings.IndexByte(doc[b:], '\n')
	if nl < 0 {
		return 0, 0, fmt.Errorf("nothing follows the marker %q", begin)
	}
	start = b + nl + 1
	e := strings.Index(doc[start:], endMark)
	if e < 0 {
		return 0, 0, fmt.Errorf("no %q marker after %q", endMark, begin)
	}
	return start, start + e, nil
}

// FirstDiff describes the first line on which got and want differ.
func FirstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("first difference on line %d of the section:\n\tdocs: %q\n\tcode: %q", i+1, gl, wl)
		}
	}
	return "they differ only in line endings"
}

// Check compares the sections of the file at path with want (section name
// → text). With update it rewrites the sections that differ and reports
// nothing; otherwise it returns one error per differing section, naming
// regen, the command that regenerates it.
func Check(path string, want map[string]string, update bool, regen string) []error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return []error{err}
	}
	doc := string(raw)
	var errs []error
	changed := false
	for name, text := range want {
		start, end, err := Find(doc, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
			continue
		}
		if got := doc[start:end]; got != text {
			if update {
				doc, changed = doc[:start]+text+doc[end:], true
				continue
			}
			errs = append(errs, fmt.Errorf("%s: the generated %q section differs from what the code produces (%s).\n"+
				"Regenerate it with:\n\t%s\nand review the change with git diff %s", path, name, FirstDiff(got, text), regen, path))
		}
	}
	if changed {
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
