// Package doctest runs the command examples of README.md and docs/*.md and
// compares what they print with what the documents say they print.
//
// An example is a `$ ` line in a fenced block that holds at least one
// `$ alliancesim ...` command; the lines under it, up to the next `$ ` line
// or the end of the block, are its documented output. Every `$ ` line of
// such a block runs, so the shell steps the examples rely on (`head -1
// table.txt`, `echo $?`, `jq`, `diff`) are checked too, and so do the blocks
// of `$ ` lines without alliancesim in a document that has alliancesim
// examples (`$ jq .rerun prec/manifest.json` reads what one wrote). A
// command that needs a program that is not installed (jq, say) is skipped
// with the rest of its block, and logged; with CI set, that is an error.
//
// A block that directly follows a line with "`make T` prints" is the output
// of the Makefile target T, whose recipe must be `./$(BIN) ARGS`; it is
// checked as `alliancesim ARGS`.
//
// Each document runs in a fresh folder of its own, its examples in order
// (the documents side by side, as parallel subtests),
// each in bash (pipes, redirections, `VAR=value` prefixes, `$?`), with the
// alliancesim built from this tree first on the PATH and no ALLIANCESIM_*
// variables. Standard output and standard error are read together, as a
// terminal shows them. The files the examples need come from the documents
// (see fixtures_test.go). Output is compared after masking what varies
// from run to run (match_test.go): times, versions, the number of workers
// when it is left to the CPU count, and the folder's path. A documented line
// "..." stands for any number of lines, and "..." inside a line for any text.
//
//	go test ./internal/doctest                  # check
//	go test ./internal/doctest -update          # rewrite the documented outputs
//	go test ./internal/doctest -v -run 'TestDocs/docs/cli.md'   # one document, with timings
//
// -update rewrites only the output lines under each `$` line; a line that
// matches keeps its documented text, and "..." stays where it stands.
package doctest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/alliancesim/alliancesim/internal/clibuild"
)

var update = flag.Bool("update", false, "rewrite the documented outputs in README.md and docs/*.md")

// slow is the time above which an example is reported as slow.
const slow = 20 * time.Second

type corpus struct {
	root string
	docs []*document
}

func (c *corpus) doc(path string) *document {
	for _, d := range c.docs {
		if d.path == path {
			return d
		}
	}
	return &document{path: path}
}

func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

func loadCorpus(t *testing.T, root string) *corpus {
	c := &corpus{root: root}
	paths := []string{"README.md"}
	md, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range md {
		rel, _ := filepath.Rel(root, p)
		paths = append(paths, filepath.ToSlash(rel))
	}
	for _, p := range paths {
		d, err := loadDocument(root, p)
		if err != nil {
			t.Fatal(err)
		}
		c.docs = append(c.docs, d)
	}
	return c
}

// needCI fails under CI (which must provide the tool: .ci/run installs it)
// and skips elsewhere.
func needCI(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format+" (CI must provide it; see .ci/run)", args...)
	}
	t.Skipf(format, args...)
}

func TestDocs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented example (about half a minute); skipped with -short")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		needCI(t, "the documented examples run in bash, which is not installed")
	}
	root := repoRoot(t)
	c := loadCorpus(t, root)

	bin := filepath.Join(t.TempDir(), "bin")
	exe := filepath.Join(bin, "alliancesim")
	start := time.Now()
	if err := clibuild.Build(root, exe); err != nil {
		t.Fatal(err)
	}
	t.Logf("built alliancesim in %.1f s", time.Since(start).Seconds())

	for _, d := range c.docs {
		n := 0
		for _, b := range d.blocks {
			n += len(b.examples)
		}
		if n == 0 {
			if _, ok := specs[d.path]; ok {
				t.Errorf("%s: fixtures are defined for it, but it has no examples", d.path)
			}
			continue
		}
		t.Run(d.path, func(t *testing.T) {
			t.Parallel() // each document has its own folder; they share only the binary
			r := &docRun{t: t, c: c, d: d, bash: bash, bin: bin, spec: specs[d.path], dir: t.TempDir()}
			r.run()
		})
	}
}

type docRun struct {
	t    *testing.T
	c    *corpus
	d    *document
	spec docSpec
	bash string
	bin  string
	dir  string

	env     []string
	written map[string]bool
	last    int // exit code of the last command, for `echo $?`
	// skipBlock says why the rest of the example block is skipped, after a
	// step was skipped or failed to run
	skipBlock string
	outputs   map[*example][]string
	timings   []timing
	// schemaSeen and schemaChecked are checkSchemas' record: each results
	// file's size and time when last validated, and how many validations.
	schemaSeen    map[string]string
	schemaChecked int
}

type timing struct {
	e       *example
	elapsed time.Duration
}

func (r *docRun) run() {
	t := r.t
	r.env = []string{"PATH=" + r.bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ALLIANCESIM_") && !strings.HasPrefix(kv, "PATH=") {
			r.env = append(r.env, kv)
		}
	}
	r.written = map[string]bool{}
	r.outputs = map[*example][]string{}
	r.checkSpec()

	start := time.Now()
	count := 0
	for _, b := range r.d.blocks {
		if name := b.shownFile(); name != "" {
			r.write(name, strings.Join(b.body, "\n")+"\n")
		}
		r.skipBlock = ""
		for _, e := range b.examples {
			r.example(e)
			r.checkSchemas(e)
			count++
		}
		if len(b.examples) > 0 {
			for _, name := range r.spec.scoped {
				if r.written[name] {
					os.Remove(filepath.Join(r.dir, name))
					delete(r.written, name)
				}
			}
		}
	}
	r.report(count, time.Since(start))

	if *update && len(r.outputs) > 0 {
		path := filepath.Join(r.c.root, filepath.FromSlash(r.d.path))
		if err := os.WriteFile(path, []byte(r.d.rewrite(r.outputs)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("updated %d outputs in %s", len(r.outputs), r.d.path)
	}
}

// checkSpec fails when the fixtures refer to examples the document no
// longer has, so that they do not silently stop applying.
func (r *docRun) checkSpec() {
	var cmds []string
	for _, b := range r.d.blocks {
		for _, e := range b.examples {
			cmds = append(cmds, e.cmd)
		}
	}
	for _, ed := range r.spec.edits {
		if !slices.Contains(cmds, ed.before) {
			r.t.Errorf("%s: fixtures_test.go edits %s before `$ %s`, which the document no longer has", r.d.path, ed.file, ed.before)
		}
	}
	named := func(name string) bool {
		for _, c := range cmds {
			if slices.Contains(words(c), name) {
				return true
			}
		}
		return false
	}
	for name := range r.spec.files {
		if !named(name) {
			r.t.Errorf("%s: fixtures_test.go builds %s, which no example names any more", r.d.path, name)
		}
	}
	for name := range r.spec.borrow {
		if !named(name) {
			r.t.Errorf("%s: fixtures_test.go borrows %s, which no example names any more", r.d.path, name)
		}
	}
}

func (r *docRun) write(name, content string) {
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.written[name] = true
}

// prepare writes the files the example names that the fixtures build, and
// applies the edits due before it.
func (r *docRun) prepare(e *example) error {
	for _, w := range words(e.cmd) {
		if r.written[w] {
			continue
		}
		if build, ok := r.spec.files[w]; ok {
			content, err := build(r.c)
			if err != nil {
				return fmt.Errorf("building %s: %w", w, err)
			}
			r.write(w, content)
		} else if from, ok := r.spec.borrow[w]; ok {
			content, err := r.c.file(from, w)
			if err != nil {
				return err
			}
			r.write(w, content)
		}
	}
	for _, ed := range r.spec.edits {
		if ed.before != e.cmd {
			continue
		}
		p := filepath.Join(r.dir, ed.file)
		text, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("editing %s: %w", ed.file, err)
		}
		out, err := ed.apply(r.c, string(text))
		if err != nil {
			return fmt.Errorf("editing %s: %w", ed.file, err)
		}
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// file is a file that document doc shows whole or builds.
func (c *corpus) file(doc, name string) (string, error) {
	if content, ok := c.doc(doc).shownFiles()[name]; ok {
		return content, nil
	}
	if build, ok := specs[doc].files[name]; ok {
		return build(c)
	}
	return "", fmt.Errorf("%s neither shows nor builds %s", doc, name)
}

var builtins = map[string]bool{"echo": true, "source": true, ".": true, "cd": true, "true": true,
	"false": true, "test": true, "[": true, "export": true, "printf": true, "exit": true}

func (r *docRun) example(e *example) {
	t := r.t
	t.Helper()
	cmd := e.cmd
	if e.make != "" {
		var err error
		if cmd, err = makeCommand(r.c.root, e.make); err != nil {
			t.Errorf("%s:%d: %v", e.doc.path, e.line, err)
			return
		}
	}
	if r.skipBlock != "" {
		// the later steps of an example block may need what a skipped
		// step would have written
		t.Logf("skip %s: %s", e, r.skipBlock)
		return
	}
	for _, tool := range tools(cmd) {
		if builtins[tool] {
			continue
		}
		if _, err := exec.LookPath(filepath.Join(r.bin, tool)); err == nil {
			continue
		}
		if _, err := exec.LookPath(tool); err != nil {
			r.skipBlock = fmt.Sprintf("%s earlier in its block was skipped", e)
			if os.Getenv("CI") != "" {
				t.Errorf("%s: needs %s, which is not installed (CI must provide it; see .ci/run)", e, tool)
			} else {
				t.Logf("skip %s: needs %s, which is not installed", e, tool)
			}
			return
		}
	}
	if err := r.prepare(e); err != nil {
		t.Errorf("%s: %v", e, err)
		return
	}

	got, code, elapsed, err := r.shell(cmd)
	r.timings = append(r.timings, timing{e, elapsed})
	if err != nil {
		t.Errorf("%s: %v", e, err)
		r.skipBlock = fmt.Sprintf("%s earlier in its block did not run", e)
		return
	}
	r.last = code

	norm := normalizer(cmd)
	want := trimBlankEnd(e.want)
	if matches(want, got, norm) {
		return
	}
	if *update {
		r.outputs[e] = updated(want, got, norm)
		return
	}
	t.Errorf("%s: the output differs from the document (exit code %d; - documented, + actual; rerun with -update to rewrite it):\n%s",
		e, code, diff(want, got, norm))
}

// shell runs cmd in bash in the document's folder, with $? set to the last
// command's exit code, and returns what it printed on stdout and stderr
// together, in lines, with the folder's path made relative.
func (r *docRun) shell(cmd string) ([]string, int, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := exec.CommandContext(ctx, r.bash, "-c", fmt.Sprintf("(exit %d)\n%s", r.last, cmd))
	c.Dir = r.dir
	c.Env = r.env
	c.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	c.Stdout = &out
	c.Stderr = &out // the same writer: one pipe, so the order is the terminal's
	start := time.Now()
	err := c.Run()
	elapsed := time.Since(start)
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		return nil, 0, elapsed, err
	}
	if ctx.Err() != nil {
		return nil, 0, elapsed, fmt.Errorf("timed out after %v", elapsed.Round(time.Second))
	}
	text := out.String()
	dirs := []string{r.dir}
	if real, err := filepath.EvalSymlinks(r.dir); err == nil && real != r.dir {
		dirs = append(dirs, real)
	}
	for _, d := range dirs {
		text = strings.ReplaceAll(text, d+string(filepath.Separator), "")
		text = strings.ReplaceAll(text, d, ".")
	}
	return trimBlankEnd(strings.Split(strings.TrimRight(text, "\n"), "\n")), code, elapsed, nil
}

func trimBlankEnd(ls []string) []string {
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

func (r *docRun) report(count int, total time.Duration) {
	sorted := slices.Clone(r.timings)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].elapsed > sorted[j].elapsed })
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d examples in %.1f s, %d results files validated against docs/schemas; the slowest:", r.d.path, count, total.Seconds(), r.schemaChecked)
	for i, tm := range sorted {
		if i == 5 {
			break
		}
		fmt.Fprintf(&b, "\n  %5.1f s  %s", tm.elapsed.Seconds(), tm.e)
	}
	r.t.Log(b.String())
	for _, tm := range r.timings {
		if tm.elapsed > slow {
			r.t.Logf("slow: %s took %.1f s (over %v)", tm.e, tm.elapsed.Seconds(), slow)
		}
	}
}

var recipeRE = regexp.MustCompile(`^\t\./\$\(BIN\) (.+)$`)

// makeCommand is the alliancesim command that `make target` runs, from the
// Makefile: its recipe's last line must be ./$(BIN) ARGS.
func makeCommand(root, target string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		return "", err
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, target+":") {
			continue
		}
		last := ""
		for _, r := range lines[i+1:] {
			if !strings.HasPrefix(r, "\t") {
				break
			}
			last = r
		}
		if m := recipeRE.FindStringSubmatch(last); m != nil {
			return "alliancesim " + m[1], nil
		}
		return "", fmt.Errorf("the recipe of make %s does not end in ./$(BIN) ARGS: %q", target, last)
	}
	return "", fmt.Errorf("the Makefile has no target %s", target)
}

// splitShell splits a command line into simple commands at unquoted |, ;,
// &&, ||, ( and ), and each into words with the quotes removed.
func splitShell(cmd string) [][]string {
	var cmds [][]string
	var words []string
	var w strings.Builder
	inWord := false
	endWord := func() {
		if inWord {
			words = append(words, w.String())
			w.Reset()
			inWord = false
		}
	}
	endCmd := func() {
		endWord()
		if len(words) > 0 {
			cmds = append(cmds, words)
		}
		words = nil
	}
	var quote rune
	rs := []rune(cmd)
	for i := 0; i < len(rs); i++ {
		ch := rs[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else if ch == '\\' && quote == '"' && i+1 < len(rs) {
				i++
				w.WriteRune(rs[i])
			} else {
				w.WriteRune(ch)
			}
		case ch == '\'' || ch == '"':
			quote, inWord = ch, true
		case ch == '\\' && i+1 < len(rs):
			i++
			w.WriteRune(rs[i])
			inWord = true
		case ch == '&' && ((i > 0 && rs[i-1] == '>') || (i+1 < len(rs) && rs[i+1] == '>')):
			w.WriteRune(ch) // 2>&1, &>file: a redirection, not a separator
			inWord = true
		case ch == '|' || ch == ';' || ch == '(' || ch == ')' || ch == '&' || ch == '\n':
			if ch == '(' && i > 0 && (rs[i-1] == '<' || rs[i-1] == '$') && inWord {
				// "<(" or "$(": drop the "<" or "$" from the word
				s := w.String()
				w.Reset()
				w.WriteString(s[:len(s)-1])
				inWord = w.Len() > 0
			}
			endCmd()
		case ch == ' ' || ch == '\t':
			endWord()
		default:
			w.WriteRune(ch)
			inWord = true
		}
	}
	endCmd()
	return cmds
}

var assignRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// tools are the programs a command line runs.
func tools(cmd string) []string {
	var out []string
	for _, words := range splitShell(cmd) {
		i := 0
		for i < len(words) && assignRE.MatchString(words[i]) {
			i++
		}
		if i < len(words) && !strings.HasPrefix(words[i], ">") && !strings.HasPrefix(words[i], "2>") {
			out = append(out, words[i])
		}
	}
	return out
}

// words are every word of a command line.
func words(cmd string) []string {
	var out []string
	for _, ws := range splitShell(cmd) {
		out = append(out, ws...)
	}
	return out
}
