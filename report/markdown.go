package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Markdown renders the report as GitHub-flavoured Markdown with the same
// content as the HTML: the charts are relative image links to their files
// (which sit next to report.md), the tables pipe tables. Every text from
// the input is escaped, so that neither markup nor a "|" in a cell can
// change the document's structure.
func Markdown(in *Input) ([]byte, error) {
	d, err := build(in, "", false)
	if err != nil {
		return nil, err
	}
	var w bytes.Buffer
	fmt.Fprintf(&w, "# %s\n\n", mdText(d.Title, false))
	fmt.Fprintf(&w, "%s\n\n", mdSpans(d.Meta, false))
	for _, s := range d.Sections {
		mdSection(&w, s)
	}
	for _, s := range d.Appendix {
		if len(s.Lead) > 0 {
			w.WriteString("---\n\n")
			fmt.Fprintf(&w, "%s\n\n", mdParaStart(mdSpans(s.Lead, false)))
		}
		mdSection(&w, s)
	}
	return append(bytes.TrimRight(w.Bytes(), "\n"), '\n'), nil
}

func mdSection(w *bytes.Buffer, s section) {
	fmt.Fprintf(w, "## %s\n\n", mdText(s.Title, false))
	for _, bl := range s.Blocks {
		mdBlock(w, bl)
	}
}

func mdBlock(w *bytes.Buffer, bl block) {
	switch bl.Kind {
	case kH3:
		fmt.Fprintf(w, "### %s\n\n", mdText(bl.Text, false))
	case kH4:
		fmt.Fprintf(w, "#### %s\n\n", mdText(bl.Text, false))
	case kPara:
		fmt.Fprintf(w, "%s\n\n", mdParaStart(mdSpans(bl.Para, false)))
	case kList:
		for _, it := range bl.Items {
			fmt.Fprintf(w, "- %s\n", mdSpans(it, false))
		}
		w.WriteString("\n")
	case kCode:
		fence := "```"
		for strings.Contains(bl.Text, fence) {
			fence += "`"
		}
		fmt.Fprintf(w, "%ssh\n%s\n%s\n\n", fence, bl.Text, fence)
	case kTable:
		mdTable(w, bl.Table)
	case kFigure:
		f := bl.Figure
		fmt.Fprintf(w, "![%s](%s)\n\n", mdText(f.Title, false), mdDest(f.Path))
		fmt.Fprintf(w, "*Figure %d.* **%s**", f.No, mdText(f.TitleDot(), false))
		if f.Caption != "" {
			fmt.Fprintf(w, " %s", mdText(f.Caption, false))
		}
		if len(f.Downloads) > 0 {
			var ls []string
			for _, d := range f.Downloads {
				ls = append(ls, fmt.Sprintf("[%s](%s)", mdText(d.Label, false), mdDest(d.Href)))
			}
			fmt.Fprintf(w, " Files: %s.", strings.Join(ls, " · "))
		}
		w.WriteString("\n\n")
	}
}

func mdTable(w *bytes.Buffer, t *table) {
	fmt.Fprintf(w, "**Table %d.** %s\n\n", t.No, mdText(t.Caption, false))
	// Markdown tables have no spanning headings: a group's name prefixes
	// the headings of its columns ("Most common state: 2027").
	head := append([]string(nil), t.Head...)
	col := 0
	for _, g := range t.Groups {
		for i := col; i < col+g.Span && i < len(head); i++ {
			if g.Text != "" {
				head[i] = g.Text + ": " + head[i]
			}
		}
		col += g.Span
	}
	var hs, rule []string
	for i, h := range head {
		hs = append(hs, mdText(h, true))
		if t.Right(i) {
			rule = append(rule, "--:")
		} else {
			rule = append(rule, "---")
		}
	}
	fmt.Fprintf(w, "| %s |\n|%s|\n", strings.Join(hs, " | "), strings.Join(rule, "|"))
	for _, row := range t.Rows {
		var cs []string
		for _, c := range row {
			cs = append(cs, mdSpans(c, true))
		}
		for len(cs) < len(head) {
			cs = append(cs, "")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cs, " | "))
	}
	w.WriteString("\n")
	if len(t.Note) > 0 {
		fmt.Fprintf(w, "%s\n\n", mdParaStart(mdSpans(t.Note, false)))
	}
}

// mdSpans renders a paragraph or a cell; inTable escapes "|" everywhere,
// code spans included (GitHub reads "\|" as a pipe inside them).
func mdSpans(p para, inTable bool) string {
	var b strings.Builder
	for _, s := range p {
		switch {
		case s.URL != "":
			if s.Text == s.URL && isPlainURL(s.URL) {
				b.WriteString(s.URL) // GitHub links a bare URL itself
			} else {
				fmt.Fprintf(&b, "[%s](%s)", mdText(s.Text, inTable), mdDest(s.URL))
			}
		case s.Code:
			b.WriteString(mdCode(s.Text, inTable))
		case s.Strong:
			// "**File: **" is not bold in GitHub's Markdown: the spaces go
			// outside the markers.
			t := strings.TrimSpace(s.Text)
			if t == "" {
				b.WriteString(s.Text)
				break
			}
			lead := s.Text[:strings.Index(s.Text, t)]
			trail := s.Text[len(lead)+len(t):]
			fmt.Fprintf(&b, "%s**%s**%s", lead, mdText(t, inTable), trail)
		default:
			b.WriteString(mdText(s.Text, inTable))
		}
	}
	out := b.String()
	if inTable {
		out = strings.ReplaceAll(out, "\n", " ")
	}
	return out
}

var plainURL = regexp.MustCompile(`^https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+$`)

func isPlainURL(u string) bool {
	return plainURL.MatchString(u) && !strings.ContainsAny(u, "*[]()<>|`\\")
}

// mdEscaper escapes the characters that carry Markdown or HTML meaning
// inside a line of text. "<" and ">" become entities, so that user text
// can never open an HTML tag in a renderer that allows raw HTML.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`~`, `\~`, `<`, `&lt;`, `>`, `&gt;`, `|`, `\|`, "\n", " ", "\r", " ",
)

var entityStart = regexp.MustCompile(`&([A-Za-z0-9#])`)

// mdText escapes plain text for Markdown. An ampersand that could start an
// entity ("&amp;", "&#60;") is escaped too; "R & D" is left alone.
func mdText(s string, inTable bool) string {
	_ = inTable // "|" is escaped everywhere: harmless outside tables
	s = entityStart.ReplaceAllString(s, "&amp;$1")
	return mdEscaper.Replace(s)
}

// mdCode renders s as a code span, with a fence longer than any run of
// backticks inside it; in a table, "|" is escaped.
func mdCode(s string, inTable bool) string {
	s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdDest renders a link destination; one with spaces or parentheses goes in
// angle brackets.
func mdDest(u string) string {
	if strings.ContainsAny(u, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(u) + ">"
	}
	return u
}

var blockStart = regexp.MustCompile(`^(#|>|-|\+|=|\d+[.)])`)

// mdParaStart keeps a paragraph from being read as a heading, a list or a
// quote because of its first characters.
func mdParaStart(s string) string {
	if m := blockStart.FindStringIndex(s); m != nil {
		end := m[1]
		return s[:end-1] + `\` + s[end-1:]
	}
	return s
}
