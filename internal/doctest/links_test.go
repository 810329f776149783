package doctest

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// linkRE matches a Markdown link's target: ](path), ](path#anchor) or
// ](#anchor).
var linkRE = regexp.MustCompile(`\]\(([^)\s]*)\)`)

// slug is the anchor GitHub gives a heading: lower case, letters, digits,
// spaces, hyphens and underscores kept, the rest dropped, spaces made
// hyphens.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// headings returns the anchors of a Markdown file's headings, outside
// code blocks; a repeated heading's later anchors get -1, -2, … as on
// GitHub.
func headings(text string) map[string]bool {
	out := map[string]bool{}
	fence := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fence = !fence
			continue
		}
		if fence || !strings.HasPrefix(l, "#") {
			continue
		}
		h := strings.TrimLeft(l, "#")
		if !strings.HasPrefix(h, " ") {
			continue
		}
		s := slug(h)
		a := s
		for n := 1; out[a]; n++ {
			a = s + "-" + strconv.Itoa(n)
		}
		out[a] = true
	}
	return out
}

// TestLinks checks every relative link of the project's Markdown files:
// the file it names exists, and the heading its anchor names is in it.
// The docs link to each other by section (model.md#411-…), and a renamed
// heading silently breaks every link to it.
func TestLinks(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	var docs []string
	for _, pat := range []string{"*.md", "docs/*.md", "data/*.md", "data/*/*.md", "scenarios/*/*.md", "deploy/*/*.md"} {
		m, err := filepath.Glob(filepath.Join(root, pat))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, m...)
	}
	if len(docs) < 5 {
		t.Fatalf("found only %d Markdown files under %s", len(docs), root)
	}
	cache := map[string]map[string]bool{}
	anchorsOf := func(path string) (map[string]bool, error) {
		if a, ok := cache[path]; ok {
			return a, nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		cache[path] = headings(string(b))
		return cache[path], nil
	}
	links := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, doc)
		for _, m := range linkRE.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := doc
			if file != "" {
				path = filepath.Join(filepath.Dir(doc), filepath.FromSlash(file))
			}
			links++
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s: the link to %s: no such file", rel, target)
				continue
			}
			if anchor == "" || !strings.HasSuffix(path, ".md") {
				continue
			}
			as, err := anchorsOf(path)
			if err != nil {
				t.Errorf("%s: the link to %s: %v", rel, target, err)
				continue
			}
			if !as[anchor] {
				t.Errorf("%s: the link to %s: no heading with the anchor #%s", rel, target, anchor)
			}
		}
	}
	t.Logf("%d relative links in %d Markdown files", links, len(docs))
}
