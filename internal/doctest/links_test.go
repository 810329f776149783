package doctest

import (
	"io/fs"
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

// prose returns the lines of d outside its fenced code blocks (as parse
// finds them), where headings and links are.
func (d *document) prose() []string {
	var out []string
	next := 0
	for _, b := range d.blocks {
		out = append(out, d.lines[next:b.fence]...)
		next = min(b.close+1, len(d.lines))
	}
	return append(out, d.lines[next:]...)
}

// headings returns the anchors of d's ATX headings; a repeated heading's
// later anchors get -1, -2, … as on GitHub.
func (d *document) headings() map[string]bool {
	out := map[string]bool{}
	for _, l := range d.prose() {
		h := strings.TrimLeft(l, "#")
		if n := len(l) - len(h); n == 0 || n > 6 || !strings.HasPrefix(h, " ") {
			continue
		}
		s := slug(strings.TrimRight(strings.TrimSpace(h), "# "))
		a := s
		for n := 1; out[a]; n++ {
			a = s + "-" + strconv.Itoa(n)
		}
		out[a] = true
	}
	return out
}

// TestLinks checks every relative inline link of the project's Markdown
// files (outside code blocks): the file it names exists, and the heading
// its anchor names is in it. Headings are slugged from their Markdown
// text, which equals GitHub's slug of the rendered text for the plain
// headings, code spans and punctuation the docs use (not for emphasis or
// links inside a heading).
// The docs link to each other by section (model.md#411-…), and a renamed
// heading silently breaks every link to it.
func TestLinks(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	var docs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "out" || d.Name() == "bin" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") {
			docs = append(docs, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 5 {
		t.Fatalf("found only %d Markdown files under %s", len(docs), root)
	}
	cache := map[string]map[string]bool{}
	anchorsOf := func(path string) (map[string]bool, error) {
		if a, ok := cache[path]; ok {
			return a, nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return nil, err
		}
		d, err := loadDocument(root, filepath.ToSlash(rel))
		if err != nil {
			return nil, err
		}
		cache[path] = d.headings()
		return cache[path], nil
	}
	links := 0
	for _, doc := range docs {
		rel, _ := filepath.Rel(root, doc)
		d, err := loadDocument(root, filepath.ToSlash(rel))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkRE.FindAllStringSubmatch(strings.Join(d.prose(), "\n"), -1) {
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
