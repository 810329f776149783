package report

import (
	"html/template"
	"regexp"
	"strings"
)

// The report is built once as a document (sections of headings,
// paragraphs, tables, figures, lists and code) holding plain, unescaped
// text; html.go and markdown.go render the same document, each escaping for
// its own format. So the two files always carry the same content.

// span is a run of text with at most one kind of markup.
type span struct {
	Text   string
	Code   bool
	Strong bool
	URL    string // a link: Text is shown, URL is the target
}

// para is a paragraph or a table cell: a sequence of spans.
type para []span

func txt(s string) span    { return span{Text: s} }
func code(s string) span   { return span{Text: s, Code: true} }
func strong(s string) span { return span{Text: s, Strong: true} }

// cell makes a table cell of plain text.
func cell(s string) para { return para{txt(s)} }

// codeCell makes a table cell set in a monospaced font; empty stays empty.
func codeCell(s string) para {
	if s == "" {
		return nil
	}
	return para{code(s)}
}

var urlRE = regexp.MustCompile(`https?://[^\s<>"|]+`)

// linked splits s into text and links, so that a URL in a source becomes a
// link a reader can follow. Trailing punctuation stays out of the link.
func linked(s string) para {
	var p para
	last := 0
	for _, m := range urlRE.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		for end > start && strings.ContainsRune(".,;:)]}'", rune(s[end-1])) {
			end--
		}
		if end-start <= len("https://") {
			continue
		}
		if start > last {
			p = append(p, txt(s[last:start]))
		}
		p = append(p, span{Text: s[start:end], URL: s[start:end]})
		last = end
	}
	if last < len(s) {
		p = append(p, txt(s[last:]))
	}
	return p
}

// group is a heading over several columns of a table.
type group struct {
	Text string
	Span int
}

// table is a numbered table with a caption.
type table struct {
	No    int
	ID    string
	Class string
	// Wide tables may extend past the text column on a wide screen.
	Wide    bool
	Caption string
	Groups  []group // optional: a row of headings above Head
	Head    []string
	Align   string // one byte per column: 'l' (left) or 'r' (right, numbers)
	Rows    [][]para
	// Marked holds the indices of the rows to highlight: the values that
	// differ from the first scenario (the cells say so in words too).
	Marked map[int]bool
	Note   para // an optional note under the table
}

// Mark reports whether row i is highlighted.
func (t *table) Mark(i int) bool { return t.Marked[i] }

// reflowClasses are the tables of words rather than numbers, which a
// narrow screen shows as one block per row, each cell under its heading,
// instead of scrolling them.
var reflowClasses = map[string]bool{"changes": true, "signposts": true, "assumptions": true, "events": true, "weights": true, "box": true, "fixed-weights": true, "nowcast-signposts": true}

// Reflow reports whether a narrow screen shows the table as blocks.
func (t *table) Reflow() bool { return reflowClasses[t.Class] }

// Label is column i's heading, for a reflowed cell.
func (t *table) Label(i int) string {
	if i < len(t.Head) {
		return t.Head[i]
	}
	return ""
}

// Scroll reports whether the table may be wider than a phone's screen,
// so that the page shows a cue that it scrolls sideways.
func (t *table) Scroll() bool { return !t.Reflow() && (t.Wide || len(t.Head) > 4) }

// Keep reports whether the table is short enough to be kept on one
// printed page.
func (t *table) Keep() bool { return len(t.Rows) <= 24 }

// Right reports whether column i holds numbers (right-aligned).
func (t *table) Right(i int) bool { return i < len(t.Align) && t.Align[i] == 'r' }

// link is a download link to a chart file next to the report.
type link struct{ Label, Href string }

// figure is a numbered chart with its caption.
type figure struct {
	No             int
	ID             string
	Title, Caption string
	// Src is the HTML image's src attribute, the image embedded as a data:
	// URL; Path the image file relative to the report, for the Markdown.
	Src           template.HTMLAttr
	Path          string
	Width, Height int
	// Vector is set when the HTML shows the SVG, which fills the column.
	Vector    bool
	Downloads []link
}

// TitleDot is the title ending in a full stop, for the caption.
func (f *figure) TitleDot() string {
	if strings.HasSuffix(f.Title, ".") || strings.HasSuffix(f.Title, "?") || strings.HasSuffix(f.Title, "!") {
		return f.Title
	}
	return f.Title + "."
}

// block kinds.
const (
	kH3     = "h3"
	kH4     = "h4"
	kPara   = "p"
	kList   = "list"
	kCode   = "code"
	kTable  = "table"
	kFigure = "figure"
)

// block is one element of a section.
type block struct {
	Kind   string
	ID     string // headings: an anchor
	Text   string // headings and code
	Class  string // paragraphs and lists: "summary", "note", "facts"
	Para   para
	Items  []para
	Table  *table
	Figure *figure
}

// section is a top-level part of the report.
type section struct {
	ID, Title string
	// Major sections start on a new page when printed.
	Major bool
	// Lead is a paragraph set above the section's heading: the appendix's
	// introduction, on its first section.
	Lead   para
	Blocks []block
}

// document is the whole report: the briefing's sections, then the
// appendix's.
type document struct {
	Title    string
	Version  string
	Meta     para
	Sections []section
	Appendix []section
}

func (s *section) h3(text string) { s.Blocks = append(s.Blocks, block{Kind: kH3, Text: text}) }
func (s *section) h4(text string) { s.Blocks = append(s.Blocks, block{Kind: kH4, Text: text}) }
func (s *section) p(class string, p ...span) {
	s.Blocks = append(s.Blocks, block{Kind: kPara, Class: class, Para: p})
}
func (s *section) list(class string, items ...para) {
	if len(items) > 0 {
		s.Blocks = append(s.Blocks, block{Kind: kList, Class: class, Items: items})
	}
}
func (s *section) code(text string) { s.Blocks = append(s.Blocks, block{Kind: kCode, Text: text}) }
func (s *section) table(t *table)   { s.Blocks = append(s.Blocks, block{Kind: kTable, Table: t}) }
func (s *section) figure(f *figure) { s.Blocks = append(s.Blocks, block{Kind: kFigure, Figure: f}) }
func (s *section) para(class string, p para) {
	s.Blocks = append(s.Blocks, block{Kind: kPara, Class: class, Para: p})
}
