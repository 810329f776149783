package scenarios

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/internal/safefile"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Loaded is a scenario read from a file, with what a results manifest
// needs to identify it.
type Loaded struct {
	// Scenario is the compiled scenario.
	Scenario *model.Scenario
	// File is the path the scenario was read from, or "bundled:<name>".
	File string
	// Source is the file's content and SHA256 its hex SHA-256 digest.
	Source []byte
	SHA256 string
}

// MaxFileSize is the largest scenario file the loader reads. Scenario
// files are a few kilobytes; the limit only stops a wrong file (a data
// dump, a binary) from being parsed.
const MaxFileSize = 1 << 20

// Year bounds for start_year, event windows and decision years.
const (
	MinYear = 1800
	MaxYear = 2200
)

// MaxHorizon is the longest horizon_years accepted.
const MaxHorizon = 200

// maxErrors caps the problems reported for one file.
const maxErrors = 100

// Bounds on the text of a file, so that neither a long name (which
// becomes a folder name and a chart title) nor aliases that repeat one
// long text many times (a "billion laughs" file) can exhaust time or
// memory after the file has been accepted.
const (
	// MaxNameLen bounds names and ids (the scenario's, actors', events').
	MaxNameLen = 64
	// MaxLabelLen bounds display names.
	MaxLabelLen = 100
	// MaxDescriptionLen bounds descriptions and sources.
	MaxDescriptionLen = 5000
	// MaxAliases bounds how often a file may use aliases (*name).
	MaxAliases = 1000
	// MaxTextBytes bounds the text read from a file with its aliases
	// expanded; without aliases it cannot exceed the file's size.
	MaxTextBytes = 2 * MaxFileSize
)

// Load reads and checks the scenario file at path. A file that cannot be
// read gives an *fs.PathError naming path (errors.Is(err, fs.ErrNotExist)
// tells a missing file); invalid content gives an ErrorList with every
// problem found. Only a regular file is read, and at most MaxFileSize+1
// bytes of it, so a FIFO, a device such as /dev/zero or a huge file is
// refused without blocking or filling memory.
func Load(path string) (*Loaded, error) {
	src, err := ReadLimited(path, "scenario", MaxFileSize)
	if err != nil {
		return nil, err
	}
	return LoadBytes(path, src)
}

// ReadLimited reads the regular file at path, refusing anything else (a
// folder, a FIFO, a device, a socket) and any file over limit bytes, with
// an *fs.PathError whose Op is "read "+what. It opens the file without
// blocking, checks what was opened (not what the name pointed to a moment
// before), and reads through an io.LimitReader, so neither a FIFO nor an
// endless device can hang it or fill memory.
func ReadLimited(path, what string, limit int64) ([]byte, error) {
	op := "read " + what
	src, err := safefile.Read(path, limit)
	if err == nil {
		return src, nil
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return nil, fmt.Errorf("%s %s: %w", op, path, err)
	}
	var nr safefile.NotRegular
	switch {
	case errors.As(err, &nr):
		hint := "give the path of a YAML file"
		switch what {
		case "observations": // the nowcast's record is a CSV file
			hint = "give an observations.csv or the folder holding it"
		case "bilateral onsets":
			hint = "give the path of a CSV file"
		}
		return nil, &fs.PathError{Op: op, Path: path, Err: notRegular{nr, hint}}
	case errors.Is(err, safefile.ErrTooLarge):
		return nil, &fs.PathError{Op: op, Path: path, Err: fmt.Errorf("the file is over %d bytes, the most a %s file may be; is this the right file?", limit, what)}
	}
	return nil, &fs.PathError{Op: op, Path: path, Err: pe.Err}
}

// notRegular is the error for a path that is not a regular file, with
// what the path should be.
type notRegular struct {
	safefile.NotRegular
	hint string
}

func (e notRegular) Error() string { return e.NotRegular.Error() + "; " + e.hint }

// LoadBytes checks the scenario in src; file names it in messages and in
// Loaded.File. Invalid content gives an ErrorList. LoadBytes never panics:
// should a bug in the loader or the YAML parser panic, the panic is turned
// into an ErrorList asking for a report.
func LoadBytes(file string, src []byte) (loaded *Loaded, err error) {
	defer func() {
		if r := recover(); r != nil {
			loaded, err = nil, internalError(file, "the scenario", r)
		}
	}()
	sc, errs := parse(file, src)
	if len(errs) > 0 {
		return nil, errs
	}
	sum := sha256.Sum256(src)
	return &Loaded{Scenario: sc, File: file, Source: bytes.Clone(src), SHA256: hex.EncodeToString(sum[:])}, nil
}

// internalError is the ErrorList a loader returns instead of panicking: r,
// recovered while reading what ("the scenario", "the priors") from file,
// is a bug in alliancesim, and the message says so and asks for a report.
func internalError(file, what string, r any) ErrorList {
	return ErrorList{{File: file, Line: 1, Column: 1,
		Msg:  fmt.Sprintf("internal error while reading %s: %v", what, r),
		Hint: "this is a bug in alliancesim, not in your file; please report it with the file attached"}}
}

// Open loads a bundled scenario by name ("baseline") or a file by path. A
// name without a path separator and without a .yaml or .yml suffix is
// looked up among the bundled scenarios first; anything else is a path.
// When neither a bundled scenario nor a file matches, the error lists the
// bundled names and wraps fs.ErrNotExist.
func Open(nameOrPath string) (*Loaded, error) {
	looksLikeName := !strings.ContainsAny(nameOrPath, `/\`) &&
		!strings.HasSuffix(nameOrPath, ".yaml") && !strings.HasSuffix(nameOrPath, ".yml")
	if looksLikeName {
		if src, ok := Source(nameOrPath); ok {
			return LoadBytes("bundled:"+nameOrPath, src)
		}
	}
	l, err := Load(nameOrPath)
	if err != nil && looksLikeName && errors.Is(err, fs.ErrNotExist) {
		var names []string
		for _, in := range List() {
			names = append(names, in.Name)
		}
		return nil, &fs.PathError{Op: "open scenario", Path: nameOrPath, Err: notFound{names}}
	}
	return l, err
}

// notFound is the error of Open for an unknown name.
type notFound struct{ names []string }

func (e notFound) Error() string {
	return "no bundled scenario and no file of that name (bundled: " + strings.Join(e.names, ", ") + "; run `alliancesim list`)"
}
func (e notFound) Is(target error) bool { return target == fs.ErrNotExist }

var (
	scenarioNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	idRe           = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// reservedIDs cannot be actor ids: they head other paths, or name the
// fixed fields of summary.json's blocking object.
var reservedIDs = []string{"dyad", "events", "latent", "weights", "both", "occasions", "runs_blocked", "by_year"}

var topKeys = []string{"name", "description", "start_year", "horizon_years", "initial_state", "rival", "actors", "dyad", "events", "weights", "correlations", "sources", "outcome", "structural"}

var eventKeys = []string{"name", "description", "probability", "window", "decay", "once", "effects", "sources"}

// loader walks one file's syntax tree, building the scenario and
// collecting every problem.
type loader struct {
	file    string
	errs    ErrorList
	anchors []anchorDef
	// aliases counts alias uses and textBytes the text read, aliases
	// expanded; overflow is set once either bound was reported.
	aliases, textBytes int
	overflow           bool
	// inputs waits for the actors and events to be known before each
	// value's target and range can be checked.
	inputs  []*pending
	effects []pendingEffect
	// corrs waits for every input to be known before each pair is checked;
	// corrKey is the correlations: key, where a matrix error points.
	corrs   []*pendingCorr
	corrKey ast.Node
	// years waits for start_year and horizon_years: event windows and
	// decision years outside the simulated years are mistakes.
	years []pendingYears
}

// pendingYears is an event window or a decision year to check against the
// simulated years.
type pendingYears struct {
	node     ast.Node
	path     string
	from, to int
	what     string
}

type anchorDef struct {
	name   string
	offset int
	node   ast.Node
}

// pending is an input parsed but not yet checked against its target.
type pending struct {
	model.Input
	errPath string   // where messages point
	node    ast.Node // the value, for messages
	eventOK bool     // for event probabilities: the event's name is usable
}

type pendingEffect struct {
	target  string
	errPath string
	node    ast.Node
}

// parse is LoadBytes without the recover guard.
func parse(file string, src []byte) (*model.Scenario, ErrorList) {
	l := &loader{file: file}
	sc := l.parse(src)
	if len(l.errs) > 0 {
		errs := l.errs.sorted()
		if len(errs) > maxErrors {
			more := len(errs) - maxErrors
			errs = append(errs[:maxErrors:maxErrors], &Error{File: file, Msg: fmt.Sprintf("%d more problems not shown", more)})
		}
		return nil, errs
	}
	return sc, nil
}

func (l *loader) parse(src []byte) *model.Scenario {
	if len(src) > MaxFileSize {
		l.add(&Error{File: l.file, Line: 1, Column: 1, Msg: fmt.Sprintf("the file is %d bytes; a scenario file is at most %d", len(src), MaxFileSize),
			Hint: "is this the right file? scenario files are short YAML documents"})
		return nil
	}
	if !utf8.Valid(src) {
		line, col := 1, 1
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += size
		}
		l.add(&Error{File: l.file, Line: line, Column: col, Msg: "the file is not UTF-8 text",
			Hint: "save the file as UTF-8 (plain text) in your editor"})
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // a byte-order mark, as some Windows editors write
	// Windows line ends: goccy's positions drift on CRLF, so normalize
	// (columns are unchanged; the digest is of the original bytes).
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	body := l.document(src, oneDocument{kind: "a scenario file", none: "the file holds no scenario (only comments or an empty document)",
		emptyHint: emptyHint, secondHint: "remove the '---' line and everything after it, or move it to its own file", skipDirectives: true})
	if body == nil {
		return nil
	}
	return l.scenario(body)
}

// oneDocument says how document reads a file that holds one YAML
// document.
type oneDocument struct {
	kind       string // "a scenario file", in the message for a second document
	none       string // the message for a file with no document
	emptyHint  string // the hint for an empty file or one with no document
	secondHint string // the hint for a second document, if any
	// skipDirectives passes over a document that is only a directive
	// (%YAML 1.2).
	skipDirectives bool
}

// document parses src, normalized, as a file that holds one YAML
// document, collects its anchors and returns the document's body. It
// returns nil, after adding the problem, for an empty file, a syntax
// error and a file with no document (only comments or an empty one); a
// second document is a problem added too, the first one's body returned.
func (l *loader) document(src []byte, o oneDocument) ast.Node {
	if len(bytes.TrimSpace(src)) == 0 {
		l.add(&Error{File: l.file, Line: 1, Column: 1, Msg: "the file is empty", Hint: o.emptyHint})
		return nil
	}
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		l.syntaxError(src, err)
		return nil
	}
	var body ast.Node
	for _, d := range f.Docs {
		if d == nil || isNil(d.Body) {
			continue
		}
		if _, directive := d.Body.(*ast.DirectiveNode); directive && o.skipDirectives { // %YAML 1.2
			continue
		}
		if body != nil {
			line, col := pos(d.Body)
			l.add(&Error{File: l.file, Line: line, Column: col, Msg: "a second YAML document: " + o.kind + " holds one", Hint: o.secondHint})
			break
		}
		body = d.Body
	}
	if body == nil {
		l.add(&Error{File: l.file, Line: 1, Column: 1, Msg: o.none, Hint: o.emptyHint})
		return nil
	}
	l.collectAnchors(body)
	return body
}

const emptyHint = "a scenario needs at least name, description, start_year, horizon_years, initial_state, rival and actors; `alliancesim init FILE` writes a commented one to start from"

// tokenError is what goccy's syntax errors have in common.
type tokenError interface {
	GetToken() *token.Token
	GetMessage() string
}

func (l *loader) syntaxError(src []byte, err error) {
	// Tabs in indentation are the most common cause and goccy's message
	// for them is cryptic: report every such line, and the parser's
	// message only when it is about another line.
	tabLines := map[int]bool{}
	for i, line := range strings.Split(string(src), "\n") {
		for j, r := range line {
			if r == '\t' {
				l.add(&Error{File: l.file, Line: i + 1, Column: j + 1, Msg: "a tab character in the indentation",
					Hint: "YAML indents with spaces only: replace the tab with spaces (set your editor to insert spaces)"})
				tabLines[i+1] = true
				break
			}
			if r != ' ' {
				break
			}
		}
	}
	e := &Error{File: l.file, Line: 1, Column: 1, Msg: "YAML syntax error: " + err.Error(),
		Hint: "check the indentation (spaces only; keys of one mapping start in the same column, nested keys further right), that each key is followed by ': ', and that brackets and quotes are closed"}
	var te tokenError
	if errors.As(err, &te) {
		e.Msg = "YAML syntax error: " + te.GetMessage()
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		}
	}
	if h := colonHint(src, e.Line); h != "" {
		e.Hint = h
	}
	if len(tabLines) > 0 && (tabLines[e.Line] || tabLines[e.Line-1]) {
		return
	}
	l.add(e)
}

var plainKeyRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// colonHint recognises the commonest syntax error in prose values: a plain
// (unquoted) value that contains ": ", which YAML reads as a nested key,
// on the line of the error or the one before.
func colonHint(src []byte, line int) string {
	lines := strings.Split(string(src), "\n")
	for _, i := range []int{line - 1, line - 2} {
		if i < 0 || i >= len(lines) {
			continue
		}
		t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[i]), "- "))
		key, val, ok := strings.Cut(t, ": ")
		val = strings.TrimSpace(val)
		if !ok || !plainKeyRe.MatchString(key) || val == "" || strings.ContainsAny(val[:1], "\"'{[|>&*!") {
			continue
		}
		if strings.Contains(val, ": ") || strings.HasSuffix(val, ":") {
			q := strings.ReplaceAll(val, "\"", "\\\"")
			return fmt.Sprintf("the value of %s contains ': ', which YAML reads as a new key; put the text in double quotes: %s: \"%s\"", key, key, clip(q))
		}
	}
	return ""
}

func (l *loader) add(e *Error) { l.errs = append(l.errs, e) }

// errorf reports a problem at node n.
func (l *loader) errorf(n ast.Node, path, hint, format string, args ...any) {
	line, col := pos(n)
	l.add(&Error{File: l.file, Line: line, Column: col, Path: path, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// isNil reports whether n is nil or a typed nil pointer.
func isNil(n ast.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// pos returns the line and column where n starts: for a mapping, its first
// key (goccy's token for a block mapping is the first ':').
func pos(n ast.Node) (int, int) {
	if isNil(n) {
		return 0, 0
	}
	var tk *token.Token
	switch v := n.(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 && !isNil(v.Values[0]) {
			return pos(v.Values[0])
		}
		tk = v.Start
	case *ast.MappingValueNode:
		if !isNil(v.Key) {
			return pos(v.Key)
		}
		tk = v.Start
	case *ast.MappingKeyNode:
		tk = v.Start
	case *ast.SequenceNode:
		tk = v.Start
	default:
		tk = n.GetToken()
	}
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

func offset(n ast.Node) int {
	if isNil(n) {
		return -1
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Offset
	}
	return -1
}

// collectAnchors records every anchor (&name) in document order so that
// aliases (*name) can be resolved to the latest anchor before them.
func (l *loader) collectAnchors(n ast.Node) {
	if isNil(n) {
		return
	}
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, kv := range v.Values {
			l.collectAnchors(kv)
		}
	case *ast.MappingValueNode:
		l.collectAnchors(v.Key)
		l.collectAnchors(v.Value)
	case *ast.MappingKeyNode:
		l.collectAnchors(v.Value)
	case *ast.SequenceNode:
		for _, e := range v.Values {
			l.collectAnchors(e)
		}
	case *ast.TagNode:
		l.collectAnchors(v.Value)
	case *ast.AnchorNode:
		if !isNil(v.Name) {
			l.anchors = append(l.anchors, anchorDef{name: v.Name.GetToken().Value, offset: offset(v), node: v.Value})
		}
		l.collectAnchors(v.Value)
	}
}

// resolve looks through anchors and aliases. It reports YAML tags (which
// would change a value's type behind the reader's back) and unknown
// aliases, and returns false after reporting. An anchor or alias with no
// value resolves to a null node at its own position.
func (l *loader) resolve(n ast.Node, path string) (ast.Node, bool) {
	return l.follow(n, path, true)
}

func (l *loader) follow(n ast.Node, path string, report bool) (ast.Node, bool) {
	var last *token.Token
	for range 32 {
		if isNil(n) {
			if last != nil {
				return ast.Null(last), true
			}
			return nil, true
		}
		if tk := n.GetToken(); tk != nil && tk.Position != nil {
			last = tk
		}
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			if l.aliases++; l.aliases > MaxAliases {
				l.tooMuch(v, path, fmt.Sprintf("the file uses aliases more than %d times", MaxAliases))
				return nil, false
			}
			name := ""
			if !isNil(v.Value) && v.Value.GetToken() != nil {
				name = v.Value.GetToken().Value
			}
			var target ast.Node
			found := false
			at := offset(v)
			for _, a := range l.anchors {
				if a.name == name && a.offset < at {
					target, found = a.node, true
				}
			}
			if !found {
				if report {
					l.errorf(v, path, "define the anchor first, as in `key: &name value`, then refer to it with *name", "unknown alias *%s: no anchor &%s before it", name, name)
				}
				return nil, false
			}
			n = target
		case *ast.TagNode:
			if report {
				tag := ""
				if v.Start != nil {
					tag = v.Start.Value
				}
				l.errorf(v, path, "remove the tag: write numbers plainly (0.4) and text as it is", "YAML tags such as %s are not supported in scenario files", tag)
			}
			return nil, false
		default:
			return n, true
		}
	}
	if report {
		l.errorf(n, path, "", "aliases refer to each other too deeply")
	}
	return nil, false
}

// describe names a node's kind for messages: "a list", "the text \"x\"".
func describe(n ast.Node) string {
	if isNil(n) {
		return "nothing"
	}
	switch v := n.(type) {
	case *ast.NullNode:
		return "nothing"
	case *ast.StringNode:
		return fmt.Sprintf("the text %q", clip(v.Value))
	case *ast.LiteralNode:
		return "a block of text"
	case *ast.IntegerNode, *ast.FloatNode:
		return "the number " + n.GetToken().Value
	case *ast.BoolNode:
		return n.GetToken().Value
	case *ast.NanNode:
		return "NaN (" + n.GetToken().Value + ")"
	case *ast.InfinityNode:
		return "infinity (" + n.GetToken().Value + ")"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping (key: value pairs)"
	case *ast.SequenceNode:
		return "a list"
	}
	return n.Type().YAMLName()
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func (l *loader) typeError(n ast.Node, path, want, hint string) {
	l.errorf(n, path, hint, "expected %s, got %s", want, describe(n))
}

// number reads a finite number.
func (l *loader) number(n ast.Node, path, hint string) (float64, bool) {
	n, ok := l.resolve(n, path)
	if !ok {
		return 0, false
	}
	switch v := n.(type) {
	case *ast.IntegerNode:
		switch x := v.Value.(type) {
		case int64:
			return float64(x), true
		case uint64:
			return float64(x), true
		}
	case *ast.FloatNode:
		if !math.IsNaN(v.Value) && !math.IsInf(v.Value, 0) {
			return v.Value, true
		}
		l.errorf(n, path, hint, "%s is not a finite number", v.GetToken().Value)
		return 0, false
	case *ast.NanNode:
		l.errorf(n, path, hint, "NaN (not a number) is not allowed: values must be finite numbers")
		return 0, false
	case *ast.InfinityNode:
		l.errorf(n, path, hint, "infinity (%s) is not allowed: values must be finite numbers", v.GetToken().Value)
		return 0, false
	case *ast.StringNode:
		quoted := v.Token != nil && (v.Token.Type == token.DoubleQuoteType || v.Token.Type == token.SingleQuoteType)
		if x, h, ok := textAsNumber(v.Value, quoted); ok {
			return x, true
		} else if h != "" {
			hint = h
		}
	}
	l.typeError(n, path, "a number", hint)
	return 0, false
}

// textAsNumber accepts an unquoted number that goccy left as text (an
// integer too large for int64), and otherwise returns a hint for the
// usual ways a number gets written as text.
func textAsNumber(s string, quoted bool) (float64, string, bool) {
	t := strings.TrimSpace(s)
	if x, err := parseFloat(t); err == nil {
		if !quoted && !math.IsInf(x, 0) {
			return x, "", true
		}
		if math.IsInf(x, 0) {
			return 0, "the number is too large to represent; values must be finite", false
		}
		return 0, fmt.Sprintf("remove the quotes: numbers are written plainly, as in %s", t), false
	}
	if p, ok := strings.CutSuffix(t, "%"); ok {
		if x, err := parseFloat(strings.TrimSpace(p)); err == nil {
			return 0, fmt.Sprintf("write percentages as fractions: %s is %s", t, format.Exact(x/100)), false
		}
	}
	if strings.Count(t, ",") == 1 {
		if x, err := parseFloat(strings.Replace(t, ",", ".", 1)); err == nil {
			return 0, fmt.Sprintf("use a decimal point, not a comma: %s", format.Exact(x)), false
		}
	}
	for _, k := range sim.Kinds() {
		if strings.HasPrefix(strings.ToLower(t), k) {
			return 0, fmt.Sprintf("a distribution is written as a mapping with one key, e.g. {%s}", kindExample[k]), false
		}
	}
	return 0, "", false
}

// integer reads a whole number.
func (l *loader) integer(n ast.Node, path, hint string) (int, bool) {
	n, ok := l.resolve(n, path)
	if !ok {
		return 0, false
	}
	switch v := n.(type) {
	case *ast.IntegerNode:
		switch x := v.Value.(type) {
		case int64:
			if x >= math.MinInt32 {
				return int(x), true
			}
		case uint64:
			if x <= math.MaxInt32 {
				return int(x), true
			}
		}
		l.errorf(n, path, hint, "%s is out of range", v.GetToken().Value)
		return 0, false
	case *ast.FloatNode:
		l.errorf(n, path, hint, "expected a whole number, got %s", v.GetToken().Value)
		return 0, false
	}
	l.typeError(n, path, "a whole number", hint)
	return 0, false
}

// text reads a scalar as text. Numbers and booleans are taken as written,
// so that `description: 1992` is the text "1992".
func (l *loader) text(n ast.Node, path, hint string) (string, bool) {
	n, ok := l.resolve(n, path)
	if !ok {
		return "", false
	}
	var s string
	switch v := n.(type) {
	case *ast.StringNode:
		s = v.Value
	case *ast.LiteralNode:
		if v.Value != nil {
			s = strings.TrimRight(v.Value.Value, "\n")
		}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		s = v.GetToken().Value
	}
	switch n.(type) {
	case *ast.StringNode, *ast.LiteralNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		if l.textBytes += len(s); l.textBytes > MaxTextBytes {
			l.tooMuch(n, path, fmt.Sprintf("the file's text, with its aliases expanded, is over %d bytes", MaxTextBytes))
			return "", false
		}
		if i := strings.IndexFunc(s, isControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(s[i:])
			l.errorf(n, path, "remove it: names and descriptions are plain text (a line break is allowed in a description written as a `|` block)",
				"contains the control character U+%04X at character %d", r, utf8.RuneCountInString(s[:i])+1)
			return "", false
		}
		return s, true
	case *ast.NullNode, nil:
		l.errorf(n, path, hint, "has no value")
		return "", false
	}
	l.typeError(n, path, "text", hint)
	return "", false
}

// isControl reports a character that has no place in a name or a
// description: C0 and C1 control characters (NUL, ESC and the rest, which
// would reach a terminal as escape sequences) other than tab and line
// feed, and DEL.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

// tooMuch reports an exceeded bound once: after it, every further value
// would say the same.
func (l *loader) tooMuch(n ast.Node, path, msg string) {
	if !l.overflow {
		l.overflow = true
		l.errorf(n, path, "is this the right file? scenario files are short and use aliases sparingly", "%s", msg)
	}
}

// long reports a text of more than max characters.
func (l *loader) long(n ast.Node, path, s string, max int) bool {
	if k := utf8.RuneCountInString(s); k > max {
		l.errorf(n, path, fmt.Sprintf("shorten it to at most %d characters", max), "is %d characters long", k)
		return true
	}
	return false
}

func (l *loader) boolean(n ast.Node, path string) (bool, bool) {
	n, ok := l.resolve(n, path)
	if !ok {
		return false, false
	}
	if v, ok := n.(*ast.BoolNode); ok {
		return v.Value, true
	}
	l.typeError(n, path, "true or false", "write true or false (without quotes)")
	return false, false
}

// isNull reports whether n is absent or an explicit null (`key:` with no
// value), which optional sections treat as absent.
func (l *loader) isNull(n ast.Node) bool {
	r, ok := l.follow(n, "", false)
	if !ok {
		return false
	}
	_, null := r.(*ast.NullNode)
	return isNil(r) || null
}

// sequence reads a list.
func (l *loader) sequence(n ast.Node, path, hint string) ([]ast.Node, bool) {
	n, ok := l.resolve(n, path)
	if !ok {
		return nil, false
	}
	if v, ok := n.(*ast.SequenceNode); ok {
		return v.Values, true
	}
	l.typeError(n, path, "a list", hint)
	return nil, false
}

// field is one key: value pair of a mapping.
type field struct {
	key   string
	keyN  ast.Node
	value ast.Node
	line  int
}

// fieldSet is a mapping's valid fields by key.
type fieldSet struct {
	node ast.Node
	path string
	m    map[string]*field
	list []*field // in file order
}

func (f *fieldSet) get(key string) (*field, bool) {
	x, ok := f.m[key]
	return x, ok
}

// pairsOf is the key–value pairs of a mapping node: goccy gives a mapping
// of one pair as the bare MappingValueNode, of more as a MappingNode. It
// is false for a node that is no mapping.
func pairsOf(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch v := n.(type) {
	case *ast.MappingNode:
		return v.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{v}, true
	}
	return nil, false
}

// mapping reads a mapping and checks its keys: duplicates, merge keys and
// (when valid is not nil) unknown keys are reported, with a suggestion.
// misplaced, if not nil, gives a better hint for a known key that belongs
// elsewhere.
func (l *loader) mapping(n ast.Node, path, want, hint string, valid []string, misplaced func(string) string) (*fieldSet, bool) {
	n, ok := l.resolve(n, path)
	if !ok {
		return nil, false
	}
	kvs, ok := pairsOf(n)
	if !ok {
		l.typeError(n, path, want, hint)
		return nil, false
	}
	fs := &fieldSet{node: n, path: path, m: map[string]*field{}}
	seen := map[string]*field{}
	for _, kv := range kvs {
		if isNil(kv) || isNil(kv.Key) {
			continue
		}
		if kv.Key.IsMergeKey() {
			l.errorf(kv.Key, path, "write the keys out in full", "merge keys (<<) are not supported in scenario files")
			continue
		}
		kn := ast.Node(kv.Key)
		if mk, ok := kn.(*ast.MappingKeyNode); ok {
			kn = mk.Value
		}
		kn, ok := l.resolve(kn, path)
		if !ok {
			continue
		}
		var key string
		switch k := kn.(type) {
		case *ast.StringNode:
			key = k.Value
		case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode:
			key = k.GetToken().Value
		default:
			l.errorf(kv.Key, path, "keys are plain names such as threat", "a key must be a plain name, not %s", describe(kn))
			continue
		}
		line, _ := pos(kv.Key)
		fl := &field{key: key, keyN: kv.Key, value: kv.Value, line: line}
		if prev, dup := seen[key]; dup {
			l.errorf(kv.Key, join(path, key), "remove one of the two: YAML would silently keep only one of them",
				"duplicate key %q (first given at line %d)", key, prev.line)
			continue
		}
		seen[key] = fl
		if valid != nil && !slices.Contains(valid, key) {
			h := ""
			if misplaced != nil {
				h = misplaced(key)
			}
			if h == "" {
				h = suggest(key, valid, "valid keys here")
			}
			l.errorf(kv.Key, join(path, key), h, "unknown key %q", key)
			continue
		}
		fs.m[key] = fl
		fs.list = append(fs.list, fl)
	}
	return fs, true
}

// require reports the required keys missing from f.
func (l *loader) require(f *fieldSet, keys ...string) {
	for _, k := range keys {
		if _, ok := f.m[k]; !ok {
			l.errorf(f.node, f.path, requiredHint[k], "missing required key %s", k)
		}
	}
}

var requiredHint = map[string]string{
	"name":          "add a name such as `name: baseline` (lowercase letters, digits, - and _)",
	"description":   "add a one-line description, shown by `alliancesim list`",
	"start_year":    "add the first simulated year, e.g. `start_year: 2027`",
	"horizon_years": "add the number of simulated years, e.g. `horizon_years: 10`",
	"initial_state": "add the state the pair starts in, e.g. `initial_state: entente`",
	"rival":         "add the common rival, e.g. `rival: {id: us, name: United States}`",
	"actors":        "add the two prospective partners as a list of `- id: russia` / `name: Russia` / `drivers: {...}`",
	"id":            "add a lowercase identifier, e.g. `id: russia`",
	"probability":   "add the event's annual probability, e.g. `probability: {beta: [2, 40]}`",
	"mean":          "a normal is written `normal: {mean: 0.3, sd: 0.1}`",
	"sd":            "a normal is written `normal: {mean: 0.3, sd: 0.1}`",
	"mu":            "a lognormal is written `lognormal: {mu: -2, sigma: 0.5}` (parameters of the logarithm)",
	"sigma":         "a lognormal is written `lognormal: {mu: -2, sigma: 0.5}` (parameters of the logarithm)",
	"values":        "a choice is written `choice: {values: [0.2, 0.5, 0.8], weights: [1, 2, 1]}`",
	"between":       "name the two inputs, e.g. `- {between: [russia.threat, russia.pressure], rank: 0.6}`",
	"rank":          "give the rank correlation, strictly between -1 and 1, e.g. `- {between: [russia.threat, russia.pressure], rank: 0.6}`",
	"common_rival":  "add common_rival: true if both sides rival the same third state (Thompson–Dreyer), else false (docs/coding.md)",
	"rivals":        "add rivals: true if the two are strategic rivals of each other (Thompson–Dreyer), else false",
	"contiguous":    "add contiguous: true if the two are contiguous by land or by up to 400 miles of sea (COW direct contiguity), else false",
	"both_major":    "add both_major: true if both are COW major powers in the start year, else false",
	"lo":            "a ci90 is written `ci90: [lo, hi]` or `ci90: {lo: 0.2, hi: 0.6, min: 0, max: 1}`",
	"hi":            "a ci90 is written `ci90: [lo, hi]` or `ci90: {lo: 0.2, hi: 0.6, min: 0, max: 1}`",
}

// sources reads a list of references; a single text counts as a list of
// one.
func (l *loader) sources(n ast.Node, path string) []string {
	r, ok := l.resolve(n, path)
	if !ok || l.isNull(r) {
		return nil
	}
	const hint = `write a list of references, e.g. sources: ["Walt 1987", "SIPRI 2024"]`
	switch r.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		l.typeError(r, path, "a list of references", hint)
		return nil
	}
	if _, ok := r.(*ast.SequenceNode); !ok {
		if s, ok := l.text(r, path, hint); ok && !l.long(r, path, s, MaxDescriptionLen) {
			return []string{s}
		}
		return nil
	}
	items, _ := l.sequence(r, path, hint)
	var out []string
	for i, it := range items {
		if s, ok := l.text(it, index(path, i), hint); ok && !l.long(it, index(path, i), s, MaxDescriptionLen) {
			out = append(out, s)
		}
	}
	return out
}

func (l *loader) scenario(root ast.Node) *model.Scenario {
	f, ok := l.mapping(root, "", "a mapping of keys (name:, description:, start_year:, ...)", emptyHint, topKeys, nil)
	if !ok {
		return nil
	}
	l.require(f, "name", "description", "start_year", "horizon_years", "initial_state", "rival", "actors")
	sc := &model.Scenario{}

	if x, ok := f.get("name"); ok {
		if s, ok := l.text(x.value, "name", requiredHint["name"]); ok && !l.long(x.value, "name", s, MaxNameLen) {
			if !scenarioNameRe.MatchString(s) {
				l.errorf(x.value, "name", "use lowercase letters, digits, '-' and '_', starting with a letter or digit, e.g. baseline or taiwan-crisis",
					"%q is not a valid scenario name", clip(s))
			}
			sc.Name = s
		}
	}
	if x, ok := f.get("description"); ok {
		if s, ok := l.text(x.value, "description", requiredHint["description"]); ok && !l.long(x.value, "description", s, MaxDescriptionLen) {
			if strings.TrimSpace(s) == "" {
				l.errorf(x.value, "description", requiredHint["description"], "is empty")
			}
			sc.Description = strings.TrimSpace(s)
		}
	}
	if x, ok := f.get("start_year"); ok {
		hint := fmt.Sprintf("write a year between %d and %d, e.g. start_year: 2027", MinYear, MaxYear)
		if y, ok := l.integer(x.value, "start_year", hint); ok {
			if y < MinYear || y > MaxYear {
				l.errorf(x.value, "start_year", hint, "%d is outside %d..%d", y, MinYear, MaxYear)
			}
			sc.StartYear = y
		}
	}
	if x, ok := f.get("horizon_years"); ok {
		hint := fmt.Sprintf("write the number of simulated years, 1 to %d, e.g. horizon_years: 10", MaxHorizon)
		if h, ok := l.integer(x.value, "horizon_years", hint); ok {
			if h < 1 || h > MaxHorizon {
				l.errorf(x.value, "horizon_years", hint, "%d is outside 1..%d", h, MaxHorizon)
			}
			sc.HorizonYears = h
		}
	}
	if x, ok := f.get("initial_state"); ok {
		l.initialState(x.value, sc)
	}
	if x, ok := f.get("rival"); ok {
		sc.Rival, _, _ = l.actorInfo(x.value, "rival", nil)
	}
	idsOK := false
	if x, ok := f.get("actors"); ok {
		idsOK = l.actors(x.value, sc)
	}
	if x, ok := f.get("dyad"); ok && !l.isNull(x.value) {
		l.dyad(x.value, sc)
	}
	if x, ok := f.get("events"); ok && !l.isNull(x.value) {
		l.events(x.value, sc)
	}
	if x, ok := f.get("weights"); ok && !l.isNull(x.value) {
		l.weights(x.value, sc)
	}
	if x, ok := f.get("correlations"); ok && !l.isNull(x.value) {
		l.correlations(x)
	}
	if x, ok := f.get("sources"); ok {
		sc.Sources = l.sources(x.value, "sources")
	}
	if x, ok := f.get("outcome"); ok {
		l.outcome(x.value, sc)
	}
	if x, ok := f.get("structural"); ok {
		l.structural(x.value, sc)
	}
	if !idsOK {
		return nil
	}
	l.finish(sc)
	l.checkCorrelations(sc)
	if len(l.errs) > 0 {
		return nil
	}
	if err := sc.Compile(); err != nil {
		line, col := pos(root)
		l.add(&Error{File: l.file, Line: line, Column: col, Msg: err.Error()})
		return nil
	}
	return sc
}

// InitialNowcast is the initial_state that starts a scenario from the
// nowcast of the observed record (model.Scenario.FromNowcast).
const InitialNowcast = "nowcast"

func (l *loader) initialState(n ast.Node, sc *model.Scenario) {
	allowed := append(model.StateKeys(), InitialNowcast)
	hint := "one of " + strings.Join(allowed, ", ")
	s, ok := l.text(n, "initial_state", hint)
	if !ok {
		return
	}
	if s == InitialNowcast {
		sc.FromNowcast = true
		sc.InitialState = model.Entente
		return
	}
	st, err := model.ParseState(s)
	if err != nil {
		l.errorf(n, "initial_state", suggest(s, allowed, "states"), "unknown state %q", clip(s))
		return
	}
	sc.InitialState = st
}

// actorInfo reads {id, name} (plus drivers for the partners: drivers is
// then not nil and receives the drivers' field). It returns the id's node
// and whether the id is usable.
func (l *loader) actorInfo(n ast.Node, path string, drivers **field) (model.ActorInfo, ast.Node, bool) {
	keys := []string{"id", "name"}
	want, hint := "a mapping with id and name", "write e.g. `rival: {id: us, name: United States}`"
	if drivers != nil {
		keys = append(keys, "drivers")
		want, hint = "a mapping with id, name and drivers", "write each actor as `- id: russia`, `name: Russia`, `drivers: {threat: 0.7, ...}`"
	}
	f, ok := l.mapping(n, path, want, hint, keys, nil)
	if !ok {
		return model.ActorInfo{}, nil, false
	}
	l.require(f, "id", "name")
	var a model.ActorInfo
	var idNode ast.Node = f.node
	good := true
	if x, ok := f.get("id"); ok {
		p := join(path, "id")
		idNode = x.value
		if s, ok := l.text(x.value, p, requiredHint["id"]); ok && !l.long(x.value, p, s, MaxNameLen) {
			switch {
			case !idRe.MatchString(s):
				l.errorf(x.value, p, "use lowercase letters, digits and _, starting with a letter, e.g. russia", "%q is not a valid id", clip(s))
				good = false
			case drivers != nil && slices.Contains(reservedIDs, s):
				l.errorf(x.value, p, "choose another id: "+strings.Join(reservedIDs, ", ")+" are reserved", "%q is reserved", s)
				good = false
			}
			a.ID = s
		} else {
			good = false
		}
	} else {
		good = false
	}
	if x, ok := f.get("name"); ok {
		p := join(path, "name")
		if s, ok := l.text(x.value, p, "add the display name, e.g. `name: Russia`"); ok && !l.long(x.value, p, s, MaxLabelLen) {
			if strings.TrimSpace(s) == "" {
				l.errorf(x.value, p, "add the display name, e.g. `name: Russia`", "is empty")
			}
			a.Name = strings.TrimSpace(s)
		}
	}
	if drivers != nil {
		*drivers, _ = f.get("drivers")
	}
	return a, idNode, good
}

// actors reads the two partners and their drivers. It returns whether both
// ids are valid and distinct, so that paths can be resolved.
func (l *loader) actors(n ast.Node, sc *model.Scenario) bool {
	items, ok := l.sequence(n, "actors", "write the two partners as a list: `- id: russia` ... `- id: china` ...")
	if !ok {
		return false
	}
	if len(items) != 2 {
		at := n
		if len(items) > 2 {
			at = items[2]
		}
		l.errorf(at, "actors", "the model is of a pair: list exactly two actors (the rival goes under rival:)",
			"a scenario has exactly 2 actors, found %d", len(items))
	}
	good := len(items) == 2
	var drivers [2]*field
	var idNodes [2]ast.Node
	for i := 0; i < len(items) && i < 2; i++ {
		path := index("actors", i)
		a, idNode, ok := l.actorInfo(items[i], path, &drivers[i])
		sc.Actors[i], idNodes[i] = a, idNode
		good = good && ok
	}
	if good && sc.Actors[0].ID == sc.Actors[1].ID {
		l.errorf(idNodes[1], "actors[1].id", "give each actor its own id", "duplicate actor id %q (actors[0] has it too)", sc.Actors[1].ID)
		good = false
	}
	for i := range 2 {
		if drivers[i] == nil || l.isNull(drivers[i].value) {
			continue
		}
		path := join(index("actors", i), "drivers")
		f, ok := l.mapping(drivers[i].value, path, "a mapping of driver: value", "write e.g. `drivers: {threat: {beta: [8, 3]}, pressure: 0.7}`",
			model.DriverKeys(true), dyadMisplaced)
		if !ok {
			continue
		}
		for _, x := range f.list {
			l.input(x, join(path, x.key), sc.Actors[i].ID+"."+x.key)
		}
	}
	return good
}

func dyadMisplaced(key string) string {
	if spec, ok := model.LookupDriver(key); ok && !spec.Actor {
		return fmt.Sprintf("%s is a driver of the pair: put it under dyad:", key)
	}
	if key == "decision_years" {
		return "decision_years belongs under dyad:"
	}
	return ""
}

func actorMisplaced(key string) string {
	if spec, ok := model.LookupDriver(key); ok && spec.Actor {
		return fmt.Sprintf("%s is a driver of each actor: put it under actors[i].drivers", key)
	}
	return ""
}

func (l *loader) dyad(n ast.Node, sc *model.Scenario) {
	keys := append(model.DriverKeys(false), "decision_years")
	f, ok := l.mapping(n, "dyad", "a mapping of driver: value", "write e.g. `dyad: {interdependence: {uniform: [0.3, 0.6]}, treaty: 1}`", keys, actorMisplaced)
	if !ok {
		return
	}
	for _, x := range f.list {
		path := join("dyad", x.key)
		if x.key != "decision_years" {
			l.input(x, path, "dyad."+x.key)
			continue
		}
		hint := "write a list of years, e.g. decision_years: [2027, 2032]"
		items, ok := l.sequence(x.value, path, hint)
		if !ok {
			continue
		}
		for i, it := range items {
			if y, ok := l.year(it, index(path, i), hint); ok {
				sc.DecisionYears = append(sc.DecisionYears, y)
				l.years = append(l.years, pendingYears{it, index(path, i), y, y, "the decision year"})
			}
		}
	}
}

func (l *loader) year(n ast.Node, path, hint string) (int, bool) {
	y, ok := l.integer(n, path, hint)
	if !ok {
		return 0, false
	}
	if y < MinYear || y > MaxYear {
		l.errorf(n, path, hint, "%d is not a year in %d..%d", y, MinYear, MaxYear)
		return 0, false
	}
	return y, true
}

// input reads a driver's value node and queues it for the range check.
func (l *loader) input(x *field, errPath, modelPath string) *pending {
	d, fixed, srcs, ok := l.value(x.value, errPath)
	if !ok {
		return nil
	}
	p := &pending{Input: model.Input{Path: modelPath, Dist: d, Fixed: fixed, Sources: srcs, Line: x.line}, errPath: errPath, node: x.value}
	l.inputs = append(l.inputs, p)
	return p
}

func (l *loader) events(n ast.Node, sc *model.Scenario) {
	items, ok := l.sequence(n, "events", "write events as a list: `- name: taiwan_crisis` / `probability: {beta: [2, 40]}` / `effects: {...}`")
	if !ok {
		return
	}
	firstLine := map[string]int{}
	for i, it := range items {
		path := index("events", i)
		f, ok := l.mapping(it, path, "a mapping with name, probability and effects", "write e.g. `- name: taiwan_crisis`, `probability: {beta: [2, 40]}`, `effects: {china.pressure: 0.3}`", eventKeys, nil)
		if !ok {
			continue
		}
		l.require(f, "name", "probability")
		e := model.Event{Decay: 0.5}
		nameOK := false
		if x, ok := f.get("name"); ok {
			p := join(path, "name")
			if s, ok := l.text(x.value, p, "name the event, e.g. `name: taiwan_crisis`"); ok && !l.long(x.value, p, s, MaxNameLen) {
				e.Name = s
				switch {
				case !idRe.MatchString(s):
					l.errorf(x.value, p, "use lowercase letters, digits and _, starting with a letter, e.g. taiwan_crisis", "%q is not a valid event name", clip(s))
				case firstLine[s] > 0:
					l.errorf(x.value, p, "give each event its own name", "duplicate event name %q (first used at line %d)", s, firstLine[s])
				default:
					line, _ := pos(x.value)
					firstLine[s] = line
					nameOK = true
				}
			}
		}
		if x, ok := f.get("description"); ok {
			if s, ok := l.text(x.value, join(path, "description"), "describe the event in a sentence"); ok && !l.long(x.value, join(path, "description"), s, MaxDescriptionLen) {
				e.Description = strings.TrimSpace(s)
			}
		}
		var prob *pending
		if x, ok := f.get("probability"); ok {
			prob = l.input(x, join(path, "probability"), "events."+e.Name+".probability")
			if prob != nil {
				prob.eventOK = nameOK
			}
		}
		if x, ok := f.get("window"); ok && !l.isNull(x.value) {
			p := join(path, "window")
			hint := "write [from, to], two years with from <= to, e.g. window: [2027, 2036]"
			if ys, ok := l.sequence(x.value, p, hint); ok {
				if len(ys) != 2 {
					l.errorf(x.value, p, hint, "expected two years [from, to], got %d values", len(ys))
				} else {
					from, ok1 := l.year(ys[0], index(p, 0), hint)
					to, ok2 := l.year(ys[1], index(p, 1), hint)
					if ok1 && ok2 {
						if from > to {
							l.errorf(ys[1], index(p, 1), hint, "the window ends (%d) before it starts (%d)", to, from)
						}
						e.From, e.To = from, to
						l.years = append(l.years, pendingYears{x.value, p, from, to, "the window"})
					}
				}
			}
		}
		if x, ok := f.get("decay"); ok {
			p := join(path, "decay")
			hint := "write the share of the effect left a year later, 0 to 1, e.g. decay: 0.5"
			if v, ok := l.number(x.value, p, hint); ok {
				if v < 0 || v > 1 {
					l.errorf(x.value, p, hint, "%s is outside [0, 1]", format.Exact(v))
				}
				e.Decay = v
			}
		}
		if x, ok := f.get("once"); ok {
			e.Once, _ = l.boolean(x.value, join(path, "once"))
		}
		if x, ok := f.get("effects"); ok && !l.isNull(x.value) {
			p := join(path, "effects")
			hint := "write target: shift pairs, e.g. effects: {china.pressure: 0.3, latent: 0.4}"
			if ef, ok := l.mapping(x.value, p, "a mapping of target: shift", hint, nil, nil); ok {
				for _, fx := range ef.list {
					fp := join(p, fx.key)
					if v, ok := l.number(fx.value, fp, hint); ok {
						e.Effects = append(e.Effects, model.Effect{Target: fx.key, Delta: v})
						l.effects = append(l.effects, pendingEffect{target: fx.key, errPath: fp, node: fx.keyN})
					}
				}
			}
		}
		if x, ok := f.get("sources"); ok && prob != nil {
			// Event-level references back the probability and the effects;
			// they travel with the probability input.
			prob.Sources = append(prob.Sources, l.sources(x.value, join(path, "sources"))...)
		} else if ok {
			l.sources(x.value, join(path, "sources"))
		}
		sc.Events = append(sc.Events, e)
	}
}

func (l *loader) weights(n ast.Node, sc *model.Scenario) {
	f, ok := l.mapping(n, "weights", "a mapping of weight: value", "write e.g. `weights: {junior_partner: 1.2}`, or a distribution: `junior_partner: {pert: [0.8, 1, 1.3]}`", model.WeightKeys(), nil)
	if !ok {
		return
	}
	sc.Weights = map[string]float64{}
	for _, x := range f.list {
		spec, _ := model.LookupWeight(x.key)
		p := join("weights", x.key)
		hint := fmt.Sprintf("%s: %s; allowed range [%s, %s], default %s", x.key, spec.Doc, format.Exact(spec.Min), format.Exact(spec.Max), format.Exact(spec.Default))
		var v float64
		if r, ok := l.follow(x.value, p, false); ok && isMapping(r) {
			// A distribution: an uncertain weight, unless it is fixed:.
			d, fixed, srcs, ok := l.value(x.value, p)
			if !ok {
				continue
			}
			if !fixed {
				if spec.IsThreshold() {
					l.errorf(x.value, p, "the ladder's thresholds must increase in every draw, so each takes a plain number; to express uncertainty about where the ladder sits, make bias uncertain (it moves the latent pressure against every threshold at once), or compare scenarios with different thresholds",
						"%s is a threshold of the state ladder and cannot be uncertain", x.key)
					continue
				}
				pi := &pending{Input: model.Input{Path: model.WeightPathPrefix + x.key, Dist: d, Sources: srcs, Line: x.line}, errPath: p, node: x.value}
				l.inputs = append(l.inputs, pi)
				continue
			}
			v = d.Quantile(0.5)
		} else if v, ok = l.number(x.value, p, hint); !ok {
			continue
		}
		if v < spec.Min || v > spec.Max {
			l.errorf(x.value, p, hint, "%s is outside the allowed range [%s, %s]", format.Exact(v), format.Exact(spec.Min), format.Exact(spec.Max))
			continue
		}
		sc.Weights[x.key] = v
	}
}

// isMapping reports whether a resolved node is a mapping.
func isMapping(n ast.Node) bool {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return true
	}
	return false
}

// finish fills the drivers' defaults, orders the inputs, checks each
// input's target and range, and checks the event effects' targets.
func (l *loader) finish(sc *model.Scenario) {
	if sc.HorizonYears > 0 && sc.StartYear > 0 {
		first, last := sc.StartYear, sc.StartYear+sc.HorizonYears-1
		for _, y := range l.years {
			if y.to < first || y.from > last {
				span := fmt.Sprint(y.from)
				if y.to != y.from {
					span = fmt.Sprintf("%d–%d", y.from, y.to)
				}
				l.errorf(y.node, y.path, fmt.Sprintf("the scenario simulates %d–%d (start_year and horizon_years); move it inside, or remove it", first, last),
					"%s %s lies outside the simulated years, so it can never take effect", y.what, span)
			}
		}
	}
	byPath := map[string]*pending{}
	for _, p := range l.inputs {
		byPath[p.Path] = p
	}
	var ordered []*pending
	add := func(path string, spec model.DriverSpec) {
		if p, ok := byPath[path]; ok {
			ordered = append(ordered, p)
			return
		}
		d, err := sim.NewDist(sim.DistSpec{Kind: "fixed", Value: spec.DefaultFor(sc.StartYear)})
		if err != nil { // cannot happen: defaults are finite
			l.add(&Error{File: l.file, Path: path, Msg: "internal error: bad default: " + err.Error()})
			return
		}
		ordered = append(ordered, &pending{Input: model.Input{Path: path, Dist: d, Fixed: true}})
	}
	for _, a := range sc.Actors {
		for _, spec := range model.DriverSpecs {
			if spec.Actor {
				add(a.ID+"."+spec.Key, spec)
			}
		}
	}
	for _, spec := range model.DriverSpecs {
		if !spec.Actor {
			add("dyad."+spec.Key, spec)
		}
	}
	for _, p := range l.inputs {
		if strings.HasPrefix(p.Path, "events.") {
			ordered = append(ordered, p)
		}
	}
	for _, p := range l.inputs {
		if strings.HasPrefix(p.Path, model.WeightPathPrefix) {
			ordered = append(ordered, p)
		}
	}
	for _, p := range ordered {
		sc.Inputs = append(sc.Inputs, p.Input)
		if p.node == nil || (strings.HasPrefix(p.Path, "events.") && !p.eventOK) {
			continue
		}
		l.checkTarget(sc, p)
	}
	targets := sc.EffectTargets()
	for _, e := range l.effects {
		if !slices.Contains(targets, e.target) {
			l.errorf(e.node, e.errPath, suggest(e.target, targets, "effect targets"), "unknown effect target %q", clip(e.target))
		}
	}
}

// checkTarget resolves input p's path in sc and checks p's distribution
// against the range of what it sets (checkRange); it reports a path that
// names nothing in sc, and is false for one.
func (l *loader) checkTarget(sc *model.Scenario, p *pending) bool {
	t, err := sc.Resolve(p.Path)
	if err != nil {
		l.errorf(p.node, p.errPath, "", "%v", err)
		return false
	}
	l.checkRange(p, t)
	return true
}

func (l *loader) checkRange(p *pending, t model.Target) {
	what := fmt.Sprintf("%s is an annual probability, from 0 to 1", p.Path)
	switch {
	case t.Spec.Key != "":
		what = fmt.Sprintf("%s (%s) ranges from %s to %s", p.Path, t.Spec.Doc, format.Exact(t.Min), format.Exact(t.Max))
	case t.Weight.Key != "":
		what = fmt.Sprintf("%s (%s) ranges from %s to %s, default %s", p.Path, t.Weight.Doc, format.Exact(t.Min), format.Exact(t.Max), format.Exact(t.Weight.Default))
	}
	if v, ok := sim.IsFixed(p.Dist); ok {
		if v < t.Min || v > t.Max {
			l.errorf(p.node, p.errPath, what,
				"%s is outside the allowed range [%s, %s]", format.Exact(v), format.Exact(t.Min), format.Exact(t.Max))
		}
		return
	}
	q01, q99 := p.Dist.Quantile(0.01), p.Dist.Quantile(0.99)
	if q99 < t.Min || q01 > t.Max {
		l.errorf(p.node, p.errPath,
			what+"; draws are clamped to that range, so every draw would sit at its bound: move the distribution inside it",
			"%s lies outside the allowed range [%s, %s] (its 1%%–99%% range is [%.3g, %.3g])", p.Dist, format.Exact(t.Min), format.Exact(t.Max), q01, q99)
	}
}

// outcome reads a historical case's outcome: {pact_by: YEAR} or
// {no_pact_through: YEAR}, with an optional ATOP id. The year must be one
// of the simulated years; it is queued for that check like an event window.
func (l *loader) outcome(n ast.Node, sc *model.Scenario) {
	hint := "write outcome: {pact_by: 1953} for a pact that formed in 1953, or outcome: {no_pact_through: 1990} for none through 1990"
	f, ok := l.mapping(n, "outcome", "a mapping with pact_by or no_pact_through", hint, []string{"pact_by", "no_pact_through", "atop"}, nil)
	if !ok {
		return
	}
	o := &model.Outcome{}
	x, by := f.get("pact_by")
	y, none := f.get("no_pact_through")
	switch {
	case by && none:
		l.errorf(y.keyN, "outcome.no_pact_through", hint, "give either pact_by or no_pact_through, not both")
		return
	case !by && !none:
		l.errorf(f.node, "outcome", hint, "missing pact_by or no_pact_through")
		return
	case by:
		if yr, ok := l.year(x.value, "outcome.pact_by", hint); ok {
			o.PactBy = yr
			l.years = append(l.years, pendingYears{x.value, "outcome.pact_by", yr, yr, "the outcome year"})
		}
	default:
		if yr, ok := l.year(y.value, "outcome.no_pact_through", hint); ok {
			o.NoPactThrough = yr
			l.years = append(l.years, pendingYears{y.value, "outcome.no_pact_through", yr, yr, "the outcome year"})
		}
	}
	if a, ok := f.get("atop"); ok {
		if id, ok := l.integer(a.value, "outcome.atop", "write the ATOP 5.1 alliance id, e.g. atop: 3250"); ok {
			if id < 1000 || id > 9999 {
				l.errorf(a.value, "outcome.atop", "ATOP 5.1 alliance ids are four-digit numbers from 1001", "%d is not an ATOP alliance id", id)
			}
			o.Atop = id
		}
	}
	if o.Year() != 0 {
		sc.Outcome = o
	}
}

// structural reads the reference logit's covariates: four booleans, all
// required so that a case cannot leave one to a silent default.
func (l *loader) structural(n ast.Node, sc *model.Scenario) {
	keys := []string{"common_rival", "rivals", "contiguous", "both_major"}
	hint := "write structural: {common_rival: true, rivals: false, contiguous: false, both_major: false} (docs/coding.md)"
	f, ok := l.mapping(n, "structural", "a mapping of covariate: true or false", hint, keys, nil)
	if !ok {
		return
	}
	l.require(f, keys...)
	s := &model.Structural{}
	dst := map[string]*bool{"common_rival": &s.CommonRival, "rivals": &s.Rivals, "contiguous": &s.Contiguous, "both_major": &s.BothMajor}
	for _, x := range f.list {
		if v, ok := l.boolean(x.value, "structural."+x.key); ok {
			*dst[x.key] = v
		}
	}
	sc.Structural = s
}
