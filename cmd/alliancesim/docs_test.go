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
// yet; remove a name once its "### alliancesim NAME" section is written.
var pendingDocs = map[string]bool{}

// flagsSection is the generated flags block of a command: what its --help
// prints under Flags:, in a fenced block.
func flagsSection(c *cobra.Command) string {
	return "```\nFlags:\n" + c.LocalFlags().FlagUsages() + "```\n"
}

// TestDocFlags keeps the flag lists of docs/cli.md equal to the command
// tree: the global flags, and each command's own. `go test
// ./cmd/alliancesim -run TestDocFlags -update` (or `make docs`) rewrites
// them, and adds the section of a command whose heading has none yet.
func TestDocFlags(t *testing.T) {
	f := newFactory(&IOStreams{Out: io.Discard, ErrOut: io.Discard}, []string{}, "", nil)
	root := NewCmdRoot(f)
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag()
	want := map[string]string{"flags-global": strings.Replace(flagsSection(root), "Flags:\n", "", 1)}
	raw, err := os.ReadFile(cliDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		c.InitDefaultHelpFlag()
		name := "flags-" + c.Name()
		want[name] = flagsSection(c)
		if _, _, err := docsection.Find(doc, name); err == nil {
			continue
		}
		if pendingDocs[c.Name()] {
			delete(want, name)
			continue
		}
		heading := regexp.MustCompile("(?m)^### alliancesim " + regexp.QuoteMeta(c.Name()) + "\n\n```\n[^`]*```\n")
		loc := heading.FindStringIndex(doc)
		switch {
		case loc == nil:
			t.Errorf("docs/cli.md has no section \"### alliancesim %s\" (with its usage block) for the command %s", c.Name(), c.Name())
			delete(want, name)
		case *update:
			doc = doc[:loc[1]] + "\n<!-- BEGIN " + name + " (generated: make docs) -->\n" + want[name] + "<!-- END " + name + " -->\n" + doc[loc[1]:]
		default:
			t.Errorf("docs/cli.md: the section of %s has no generated flags; run make docs", c.Name())
			delete(want, name)
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
