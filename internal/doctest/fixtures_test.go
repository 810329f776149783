package doctest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Files the examples need.
//
// Two conventions cover most of them, in every document (block.shownFile):
// a ```yaml block whose first line names the file ("# example.yaml: ...") is
// that file, and a ```yaml block that is a whole scenario (top-level name:
// and actors:) is NAME.yaml. Such a file is written to the document's folder
// when the walk through the document reaches the block, so the examples after
// it see it.
//
// What the documents describe in words rather than show whole is spelled
// out here, per document.
type docSpec struct {
	// files builds files the document describes but does not show whole.
	// Each is written just before the first example that names it.
	files map[string]func(c *corpus) (string, error)
	// borrow names files that another document shows or builds (file →
	// document); each is written just before the first example that names it.
	borrow map[string]string
	// edits change a file that an earlier example made, just before the
	// example whose command is before.
	edits []edit
	// scoped are files the conventions write that the document puts in the
	// working directory for the next example block only ("With this file in
	// the working directory, ..."); they are removed after it.
	scoped []string
}

type edit struct {
	before string // the command, as written after "$ "
	file   string
	apply  func(c *corpus, text string) (string, error)
}

var specs = map[string]docSpec{
	"docs/scenario-format.md": {
		// "Each file is the minimal scenario of section 1 (with its own name
		// and description) plus the lines shown, so the line numbers match."
		files: map[string]func(*corpus) (string, error){
			"typo.yaml":     minimalPlus("typo.yaml", "#### A typo in a key"),
			"badparam.yaml": minimalPlus("badparam.yaml", "#### A bad distribution parameter"),
			"range.yaml":    minimalPlus("range.yaml", "#### A value out of range"),
			"colon.yaml":    minimalPlus("colon.yaml", "#### A colon in a description"),
		},
		// "Edit the copy. Change the description, then ...: to ask what
		// happens if China's non-alignment doctrine is weaker:" and the two
		// blocks after it.
		edits: []edit{{before: "alliancesim validate my.yaml", file: "my.yaml",
			apply: func(c *corpus, text string) (string, error) {
				const anchor = "to ask what happens if China's non-alignment doctrine is weaker"
				d := c.doc("docs/scenario-format.md")
				desc, err := d.blockAfter(anchor, 0)
				if err != nil {
					return "", err
				}
				doctrine, err := d.blockAfter(anchor, 1)
				if err != nil {
					return "", err
				}
				if text, err = replaceKeys(text, "", desc); err != nil {
					return "", err
				}
				return replaceKeys(text, "  - id: china", doctrine)
			}}},
	},
	"docs/cli.md": {
		// "(`example.yaml` is the example file of scenario-format.md, 1)";
		// typo.yaml is the one of scenario-format.md, 10.
		borrow: map[string]string{
			"example.yaml": "docs/scenario-format.md",
			"typo.yaml":    "docs/scenario-format.md",
		},
		files: map[string]func(*corpus) (string, error){
			// "`study.yaml` is a config file:"
			"study.yaml": func(c *corpus) (string, error) {
				return c.doc("docs/cli.md").blockAfter("`study.yaml` is a config file", 0)
			},
			// "`weighted.yaml` is a scenario (a copy of the baseline) that
			// ends with" the block; its name is weighted ("scenario weighted").
			"weighted.yaml": func(c *corpus) (string, error) {
				tail, err := c.doc("docs/cli.md").blockAfter("`weighted.yaml` is a scenario", 0)
				if err != nil {
					return "", err
				}
				base, err := os.ReadFile(filepath.Join(c.root, "scenarios", "baseline.yaml"))
				if err != nil {
					return "", err
				}
				text, err := rename(string(base), "weighted")
				if err != nil {
					return "", err
				}
				return strings.TrimRight(text, "\n") + "\n\n" + tail, nil
			},
			// Not shown in the document; the messages give the line (and
			// column) of the misspelt key.
			"typo-config.yaml": literal("# typo-config.yaml: a config file with a misspelt weight\n" +
				"weights:\n" +
				"  junoir_partner: 1.2\n"),
			"typo2.yaml": literal("# typo2.yaml: a config file with a misspelt run setting\n" +
				"run:\n" +
				"  seed: 7\n" +
				"  draw: 500000\n"),
		},
		// The complete alliancesim.yaml is "in the working directory" for
		// the `config | grep` example after it only: the later examples show
		// the built-in defaults.
		scoped: []string{"alliancesim.yaml"},
	},
}

func literal(s string) func(*corpus) (string, error) {
	return func(*corpus) (string, error) { return s, nil }
}

// minimalPlus builds NAME as scenario-format.md's minimal.yaml, renamed,
// plus the lines of the first block after anchor.
func minimalPlus(name, anchor string) func(*corpus) (string, error) {
	return func(c *corpus) (string, error) {
		d := c.doc("docs/scenario-format.md")
		base, ok := d.shownFiles()["minimal.yaml"]
		if !ok {
			return "", fmt.Errorf("%s no longer shows minimal.yaml", d.path)
		}
		frag, err := d.blockAfter(anchor, 0)
		if err != nil {
			return "", err
		}
		base, err = rename(base, strings.TrimSuffix(name, ".yaml"))
		if err != nil {
			return "", err
		}
		return mergeFragment(base, frag), nil
	}
}

var nameLineRE = regexp.MustCompile(`(?m)^name:.*$`)

func rename(text, name string) (string, error) {
	if !nameLineRE.MatchString(text) {
		return "", fmt.Errorf("no top-level name: to replace")
	}
	done := false
	return nameLineRE.ReplaceAllStringFunc(text, func(s string) string {
		if done {
			return s
		}
		done = true
		return "name: " + name
	}), nil
}

// keyIndent is the column of a YAML line's key: the indentation plus any
// "- " list markers. isItem reports whether the line starts a list item.
func keyIndent(l string) (col int, isItem bool) {
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	for strings.HasPrefix(l[i:], "- ") {
		isItem = true
		i += 2
		for i < len(l) && l[i] == ' ' {
			i++
		}
	}
	return i, isItem
}

func blankOrComment(l string) bool {
	t := strings.TrimSpace(l)
	return t == "" || strings.HasPrefix(t, "#")
}

// mergeFragment adds a YAML fragment to base the way a reader would: the
// fragment's lines that base already has (in order) are context and place
// the others; a line nested under the one before it goes right after that
// one (and its children); any other line goes at the end of the mapping
// that holds the line before it, or, with nothing placed yet, of the first
// mapping at its indentation. So "    drivers:\n      threat: 1.2" lands in
// the first actor, and "events:" at the end of the file.
func mergeFragment(base, frag string) string {
	out := strings.Split(strings.TrimRight(base, "\n"), "\n")
	pos := 0     // lines before pos have been passed
	prev := -1   // index in out of the fragment line placed last
	prevCol := 0 // its key column
	for _, f := range strings.Split(strings.TrimRight(frag, "\n"), "\n") {
		if blankOrComment(f) {
			continue
		}
		found := -1
		for k := pos; k < len(out); k++ {
			if out[k] == f {
				found = k
				break
			}
		}
		col, item := keyIndent(f)
		if found >= 0 {
			pos, prev, prevCol = found+1, found, col
			continue
		}
		var at int
		switch {
		case prev >= 0 && col > prevCol: // nested under prev: after its children
			at = prev + 1
			for at < len(out) && (blankOrComment(out[at]) || indentOf(out[at]) > prevCol) {
				at++
			}
		default:
			start := prev
			if start < 0 {
				start = len(out)
				for k := pos; k < len(out); k++ {
					if c, _ := keyIndent(out[k]); c == col && !blankOrComment(out[k]) {
						start = k
						break
					}
				}
			}
			at = start + 1
			for at < len(out) {
				c, it := keyIndent(out[at])
				if !blankOrComment(out[at]) && (c < col || (c == col && (it || item))) {
					break
				}
				at++
			}
			at = min(at, len(out))
		}
		out = append(out[:at], append([]string{f}, out[at:]...)...)
		pos, prev, prevCol = at+1, at, col
	}
	return strings.Join(out, "\n") + "\n"
}

// indentOf is the column where a line's content starts, list markers
// included as content.
func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// replaceKeys replaces, for each "key: value" line of frag, the first line
// of text after the line anchor (or from the start, for "") with the same
// indentation and key.
func replaceKeys(text, anchor, frag string) (string, error) {
	lines := strings.Split(text, "\n")
	start := 0
	if anchor != "" {
		start = -1
		for i, l := range lines {
			if l == anchor {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return "", fmt.Errorf("no line %q to edit after", anchor)
		}
	}
	for _, f := range strings.Split(strings.TrimRight(frag, "\n"), "\n") {
		if blankOrComment(f) {
			continue
		}
		key, _, ok := strings.Cut(f, ":")
		if !ok {
			return "", fmt.Errorf("fragment line %q has no key", f)
		}
		k := start
		for ; k < len(lines); k++ {
			if strings.HasPrefix(lines[k], key+":") {
				break
			}
		}
		if k == len(lines) {
			return "", fmt.Errorf("no line with key %q to replace", strings.TrimSpace(key))
		}
		lines[k] = f
	}
	return strings.Join(lines, "\n"), nil
}
