package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/docsection"
)

// cliDoc is the page that documents the commands.
var cliDoc = filepath.Join("..", "..", "docs", "cli.md")

// pendingDocs are commands being added that docs/cli.md does not describe
// yet; remove a name once `make docs` has written its section.
var pendingDocs = map[string]bool{}

// docRoot is the command tree as a user sees it: with the help and version
// flags and the completion command that cobra adds when it runs.
func docRoot() *cobra.Command {
	f := newFactory(&IOStreams{Out: io.Discard, ErrOut: io.Discard}, []string{}, "", nil)
	root := NewCmdRoot(f)
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag()
	root.InitDefaultCompletionCmd()
	var helpFlags func(c *cobra.Command)
	helpFlags = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		for _, s := range c.Commands() {
			helpFlags(s)
		}
	}
	helpFlags(root)
	return root
}

// documented are the commands docs/cli.md has a section for: every
// command below the root but help (the completion command too, which
// --help does not list).
func documented(root *cobra.Command) []*cobra.Command {
	var cs []*cobra.Command
	for _, c := range root.Commands() {
		if c.Name() != "help" && !pendingDocs[c.Name()] {
			cs = append(cs, c)
		}
	}
	return cs
}

// flagsSection is the generated flags block of a command: what its --help
// prints under Flags:, in a fenced block.
func flagsSection(c *cobra.Command) string {
	return "```\nFlags:\n" + c.LocalFlags().FlagUsages() + "```\n"
}

// commandSection is the generated reference of a command: its summary,
// synopsis, description, examples and flags, as its --help gives them,
// then the same for each of its subcommands.
func commandSection(c *cobra.Command) string {
	var b strings.Builder
	b.WriteString(markdownText(strings.TrimSuffix(c.Short, ".") + "."))
	b.WriteString("```\n" + c.UseLine() + "\n```\n\n")
	b.WriteString(markdownText(c.Long))
	if c.Example != "" {
		b.WriteString("Examples:\n\n```\n" + dedent(c.Example) + "\n```\n\n")
	}
	b.WriteString(flagsSection(c))
	subcommandSections(&b, c)
	return b.String()
}

// subcommandSections writes the reference of each command below c, under
// its name in bold.
func subcommandSections(b *strings.Builder, c *cobra.Command) {
	for _, s := range c.Commands() {
		if s.Name() == "help" {
			continue
		}
		b.WriteString("\n**" + s.CommandPath() + "**: " + markdownText(s.Short))
		b.WriteString("```\n" + s.UseLine() + "\n```\n\n")
		b.WriteString(markdownText(s.Long))
		if s.Example != "" {
			b.WriteString("Examples:\n\n```\n" + dedent(s.Example) + "\n```\n\n")
		}
		b.WriteString(flagsSection(s))
		subcommandSections(b, s)
	}
}

// dedent removes the indentation that every line of s shares.
func dedent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " ")); indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent {
			lines[i] = l[max(indent, 0):]
		}
	}
	return strings.Join(lines, "\n")
}

var (
	// blockStart are the starts of a line that Markdown would read as a
	// heading, quote, list item or rule.
	blockStart = regexp.MustCompile(`^(#|>|[-+*=](\s|$)|\d+[.)](\s|$)|---)`)
	// lonePunct is a character that Markdown would read as markup.
	lonePunct = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `<`, `\<`)
)

// markdownText renders help text as Markdown that shows the same: a
// paragraph of prose as prose, with what would be markup escaped, and a
// paragraph with indented lines (a table, a command) as a fenced block.
func markdownText(s string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.Trim(s, "\n"), "\n\n") {
		if para == "" {
			continue
		}
		lines := strings.Split(para, "\n")
		fenced := false
		for _, l := range lines {
			fenced = fenced || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")
		}
		if fenced {
			b.WriteString("```\n" + dedent(strings.ReplaceAll(para, "\t", "    ")) + "\n```\n\n")
			continue
		}
		for i, l := range lines {
			l = escapeUnderscores(lonePunct.Replace(l))
			if blockStart.MatchString(l) {
				if m := regexp.MustCompile(`^\d+`).FindString(l); m != "" {
					l = m + `\` + l[len(m):]
				} else {
					l = `\` + l
				}
			}
			lines[i] = l
		}
		b.WriteString(strings.Join(lines, "\n") + "\n\n")
	}
	return b.String()
}

// escapeUnderscores escapes the underscores that could start or end
// emphasis: those not between two letters or digits.
func escapeUnderscores(l string) string {
	word := func(i int) bool {
		if i < 0 || i >= len(l) {
			return false
		}
		c := l[i]
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		if l[i] == '_' && !(word(i-1) && word(i+1)) {
			b.WriteByte('\\')
		}
		b.WriteByte(l[i])
	}
	return b.String()
}

// sectionName is the name of a command's generated section.
func sectionName(c *cobra.Command) string { return "cmd-" + c.Name() }

// commandHeadings are the headings of the commands' sections.
var commandHeadings = regexp.MustCompile(`(?m)^### alliancesim ([a-z-]+)\n`)

// TestDocCommands keeps the reference of docs/cli.md equal to the command
// tree: the global flags, and for every command a section generated from
// it (summary, synopsis, description, examples, flags and subcommands)
// under its heading "### alliancesim NAME", with the page's hand-written
// notes and worked examples after it. `go test ./cmd/alliancesim -run
// TestDocCommands -update` (or `make docs`) rewrites the sections, and
// adds one for a command that has none (with its heading, at the end of
// the commands, when the page has no heading for it either).
func TestDocCommands(t *testing.T) {
	root := docRoot()
	want := map[string]string{"flags-global": strings.Replace(flagsSection(root), "Flags:\n", "", 1)}
	raw, err := os.ReadFile(cliDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	known := map[string]bool{}
	for _, c := range documented(root) {
		name := sectionName(c)
		known[c.Name()] = true
		want[name] = commandSection(c)
		if _, _, err := docsection.Find(doc, name); err == nil {
			continue
		}
		if !*update {
			t.Errorf("docs/cli.md has no generated section for the command %s; run make docs", c.CommandPath())
			delete(want, name)
			continue
		}
		markers := "<!-- BEGIN " + name + " (generated from the command tree: make docs) -->\n<!-- END " + name + " -->\n"
		heading := "### " + c.CommandPath() + "\n\n"
		if i := strings.Index(doc, heading); i >= 0 {
			doc = doc[:i+len(heading)] + markers + doc[i+len(heading):]
			continue
		}
		end := strings.Index(doc, "\n## Settings\n")
		if end < 0 {
			t.Fatalf("docs/cli.md has no \"## Settings\" heading after the commands")
		}
		doc = doc[:end] + "\n" + heading + markers + doc[end:]
	}
	for _, m := range commandHeadings.FindAllStringSubmatch(doc, -1) {
		if !known[m[1]] && !pendingDocs[m[1]] {
			t.Errorf("docs/cli.md has a section \"### alliancesim %s\" but there is no such command", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`<!-- BEGIN (cmd-[a-z-]+|flags-[a-z-]+)`).FindAllStringSubmatch(doc, -1) {
		if _, ok := want[m[1]]; !ok {
			t.Errorf("docs/cli.md has a generated section %q that no command has", m[1])
		}
	}
	if *update {
		if err := os.WriteFile(cliDoc, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, err := range docsection.Check(cliDoc, want, *update, "make docs") {
		t.Error(err)
	}
}
