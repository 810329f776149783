package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var createdRE = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// TestMarkdownGolden compares report.md for the synthetic input with
// testdata/report.md.golden (the creation time masked). After an intended
// change: go test ./report -run Golden -update, and review the diff.
func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	md, err := Markdown(testInput(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	md = createdRE.ReplaceAll(md, []byte("<created>"))
	path := filepath.Join("testdata", "report.md.golden")
	if *update {
		if err := os.WriteFile(path, md, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(md, want) {
		gl, wl := bytes.Split(md, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range max(len(gl), len(wl)) {
			var g, w []byte
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if !bytes.Equal(g, w) {
				t.Fatalf("report.md differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update after an intended change)", path, i+1, g, w)
			}
		}
	}
}
