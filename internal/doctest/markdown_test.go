package doctest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// document is one Markdown file, split into lines, with its fenced blocks.
type document struct {
	path   string // relative to the repository root, with forward slashes
	lines  []string
	blocks []*block
}

// block is a fenced code block.
type block struct {
	fence  int    // index of the opening fence line
	close  int    // index of the closing fence line (len(lines) if unclosed)
	info   string // the info string: "yaml", "sh", ""
	indent string // the fence's indentation, stripped from the content
	body   []string
	// examples are the `$` commands in the block, when it is an example
	// block; nil otherwise.
	examples []*example
	mentions bool   // a `$` line runs alliancesim
	make     string // the make target whose output the block is
}

// example is one documented command and the output printed under it.
type example struct {
	doc  *document
	line int    // 1-based line of the `$` (or of the fence, for a `make` output block)
	cmd  string // the command, without "$ "
	// from and to are the line indexes [from, to) of the documented output.
	from, to int
	want     []string // the documented output, indentation stripped
	make     string   // the make target whose output this is, for "`make T` prints" blocks
}

var (
	fenceRE    = regexp.MustCompile("^(\\s*)(```+|~~~+)\\s*([^`\\s]*)")
	makeOutRE  = regexp.MustCompile("`make ([\\w-]+)` prints")
	wordRE     = regexp.MustCompile(`(^|[\s(|;&])alliancesim(\s|$)`)
	shellInfos = map[string]bool{"": true, "sh": true, "shell": true, "console": true, "bash": true, "text": true}
)

func loadDocument(root, rel string) (*document, error) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	d := &document{path: rel, lines: strings.Split(string(b), "\n")}
	d.parse()
	return d, nil
}

// parse finds the fenced blocks and, in the blocks that hold `$ alliancesim`
// commands, the examples.
func (d *document) parse() {
	for i := 0; i < len(d.lines); i++ {
		m := fenceRE.FindStringSubmatch(d.lines[i])
		if m == nil {
			continue
		}
		b := &block{fence: i, close: len(d.lines), info: m[3], indent: m[1]}
		for j := i + 1; j < len(d.lines); j++ {
			t := strings.TrimSpace(d.lines[j])
			if strings.HasPrefix(t, m[2]) && strings.Trim(t, m[2][:1]) == "" {
				b.close = j
				break
			}
			b.body = append(b.body, strings.TrimPrefix(d.lines[j], b.indent))
		}
		d.blocks = append(d.blocks, b)
		d.findExamples(b)
		i = b.close
	}
	// A block of `$` lines without alliancesim in it ("$ jq .rerun
	// prec/manifest.json") reads what the examples before it wrote: it is
	// an example too, in a document that has alliancesim examples.
	if !slices.ContainsFunc(d.blocks, func(b *block) bool { return b.mentions }) {
		for _, b := range d.blocks {
			if b.make == "" {
				b.examples = nil
			}
		}
	}
}

func (d *document) findExamples(b *block) {
	if !shellInfos[b.info] {
		return
	}
	var cmds []int // body indexes of `$` lines
	mentions := false
	for k, l := range b.body {
		if strings.HasPrefix(l, "$ ") {
			cmds = append(cmds, k)
			if wordRE.MatchString(l[2:]) {
				mentions = true
			}
		}
	}
	if len(cmds) == 0 {
		// An output block right after "`make T` prints ...:".
		if m := makeOutRE.FindStringSubmatch(d.previousText(b.fence)); m != nil {
			b.make = m[1]
			b.examples = []*example{{doc: d, line: b.fence + 1, cmd: "make " + m[1], make: m[1],
				from: b.fence + 1, to: b.close, want: b.body}}
		}
		return
	}
	b.mentions = mentions
	for n, k := range cmds {
		end := len(b.body)
		if n+1 < len(cmds) {
			end = cmds[n+1]
		}
		cmd := b.body[k][2:]
		first := k + 1
		for strings.HasSuffix(cmd, "\\") && first < end { // continuation lines
			cmd = cmd[:len(cmd)-1] + "\n" + b.body[first]
			first++
		}
		b.examples = append(b.examples, &example{doc: d, line: b.fence + 2 + k, cmd: cmd,
			from: b.fence + 1 + first, to: b.fence + 1 + end, want: b.body[first:end]})
	}
}

// previousText is the last non-blank line before line i.
func (d *document) previousText(i int) string {
	for j := i - 1; j >= 0; j-- {
		if strings.TrimSpace(d.lines[j]) != "" {
			return d.lines[j]
		}
	}
	return ""
}

func (e *example) String() string {
	return fmt.Sprintf("%s:%d: $ %s", e.doc.path, e.line, e.cmd)
}

// blockAfter returns the body of the n-th fenced block (0 = the first) that
// starts after the first line containing anchor.
func (d *document) blockAfter(anchor string, n int) (string, error) {
	at := -1
	for i, l := range d.lines {
		if strings.Contains(l, anchor) {
			at = i
			break
		}
	}
	if at < 0 {
		return "", fmt.Errorf("%s: no line contains %q", d.path, anchor)
	}
	for _, b := range d.blocks {
		if b.fence > at {
			if n == 0 {
				return strings.Join(b.body, "\n") + "\n", nil
			}
			n--
		}
	}
	return "", fmt.Errorf("%s: no fenced block after %q", d.path, anchor)
}

var (
	fileCommentRE = regexp.MustCompile(`^#\s*([\w.-]+\.ya?ml)\b`)
	topNameRE     = regexp.MustCompile(`(?m)^name:\s*([\w-]+)\s*$`)
	topActorsRE   = regexp.MustCompile(`(?m)^actors:`)
)

// shownFile applies the documents' two conventions for a YAML block that is a
// file: a block whose first line is a comment naming the file
// ("# example.yaml: ..."), and a whole scenario (top-level name: and actors:)
// without such a comment, which is NAME.yaml. It returns "" for other blocks.
func (b *block) shownFile() string {
	if b.info != "yaml" || len(b.body) == 0 {
		return ""
	}
	if m := fileCommentRE.FindStringSubmatch(b.body[0]); m != nil {
		return m[1]
	}
	text := strings.Join(b.body, "\n")
	if m := topNameRE.FindStringSubmatch(text); m != nil && topActorsRE.MatchString(text) {
		return m[1] + ".yaml"
	}
	return ""
}

// shownFiles are the files the document shows whole, by name.
func (d *document) shownFiles() map[string]string {
	files := map[string]string{}
	for _, b := range d.blocks {
		if name := b.shownFile(); name != "" {
			files[name] = strings.Join(b.body, "\n") + "\n"
		}
	}
	return files
}

// rewrite returns the document with each example's output replaced by
// outputs[example], indented as its block.
func (d *document) rewrite(outputs map[*example][]string) string {
	var out []string
	i := 0
	for _, b := range d.blocks {
		for _, e := range b.examples {
			lines, ok := outputs[e]
			if !ok {
				continue
			}
			out = append(out, d.lines[i:e.from]...)
			for _, l := range lines {
				if l != "" {
					l = b.indent + l
				}
				out = append(out, l)
			}
			i = e.to
		}
	}
	out = append(out, d.lines[i:]...)
	return strings.Join(out, "\n")
}
