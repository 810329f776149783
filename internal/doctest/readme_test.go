package doctest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeReading checks that the README's "How to read it" paragraph
// quotes the headline figures of the `make run` output printed above it:
// TestDocs keeps that output current, but prose is not run, and a paragraph
// that still said "one run in seven" after the model had moved to 1.6% once
// told readers the opposite of what the tool printed.
func TestReadmeReading(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, "`make run` prints")
	j := strings.Index(readme, "How to read it:")
	if i < 0 || j < i {
		t.Fatal("README.md: no \"`make run` prints\" block followed by a \"How to read it:\" paragraph")
	}
	out := readme[i:j]
	para := readme[j:]
	if k := strings.Index(para, "\n\n"); k >= 0 {
		para = para[:k]
	}
	para = strings.Join(strings.Fields(para), " ")
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`P\(defence alliance [^)]*\): ([0-9.]+%)`),
		regexp.MustCompile(`Formed and still in force at end [0-9]+: ([0-9.]+%)`),
	} {
		m := re.FindStringSubmatch(out)
		if m == nil {
			t.Errorf("README.md: the make run output has no line matching %s", re)
			continue
		}
		if !strings.Contains(para, " "+m[1]) {
			t.Errorf("README.md: \"How to read it\" does not quote %s, the output's figure for %q:\n%s", m[1], re, para)
		}
	}
}
