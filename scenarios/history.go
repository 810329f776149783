package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// HistoryLibrary names the bundled case library in messages and results:
// its cases are files "bundled:history/<name>".
const HistoryLibrary = "bundled:history"

// history holds the bundled case library, the files history/*.yaml.
//
//go:embed history/*.yaml
var history embed.FS

// History loads the bundled case library: every scenario file in
// scenarios/history, each with an outcome, sorted by file name. Each
// case's Loaded.File is "bundled:history/<name>".
func History() ([]*Loaded, error) {
	entries, err := fs.ReadDir(history, "history")
	if err != nil {
		return nil, fmt.Errorf("the bundled case library: %w", err)
	}
	var out []*Loaded
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok || e.IsDir() {
			continue
		}
		src, err := fs.ReadFile(history, path.Join("history", e.Name()))
		if err != nil {
			return nil, err
		}
		l, err := LoadBytes(HistoryLibrary+"/"+name, src)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return checkCases(HistoryLibrary, out)
}

// LoadCases loads a case library from a folder: every *.yaml file in dir
// (not in its subfolders), sorted by file name. Every file must be a valid
// scenario with an outcome; a file without one is an *Error naming it. A
// folder that does not exist gives an error wrapping fs.ErrNotExist; one
// that is not a folder, or holds no .yaml file, an *Error.
func LoadCases(dir string) ([]*Loaded, error) {
	info, err := os.Stat(dir)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &fs.PathError{Op: "read case library", Path: dir, Err: pe.Err}
		}
		return nil, err
	}
	if !info.IsDir() {
		return nil, &Error{File: dir, Msg: "is not a folder", Hint: "give a folder of case files (*.yaml), or nothing for the bundled library"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read case library %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []*Loaded
	for _, n := range names {
		l, err := Load(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return checkCases(dir, out)
}

// checkCases checks that a library has cases, that each has an outcome,
// and that no two share a name.
func checkCases(lib string, cases []*Loaded) ([]*Loaded, error) {
	if len(cases) == 0 {
		return nil, &Error{File: lib, Msg: "no case files (*.yaml) in the library",
			Hint: "a case is a scenario file with an outcome: {pact_by: YEAR} or {no_pact_through: YEAR} (docs/coding.md)"}
	}
	seen := map[string]string{}
	for _, l := range cases {
		if l.Scenario.FromNowcast {
			return nil, &Error{File: l.File, Path: "initial_state", Msg: "a case cannot start from the nowcast: its start is part of the historical record",
				Hint: "code the rung the pair stood on before start_year (docs/coding.md)"}
		}
		if l.Scenario.Outcome == nil {
			return nil, &Error{File: l.File, Msg: "no outcome: a case in a backtest library must say what happened",
				Hint: "add outcome: {pact_by: YEAR} for a pact that formed in YEAR, or outcome: {no_pact_through: YEAR} for none through YEAR (docs/coding.md)"}
		}
		if prev, ok := seen[l.Scenario.Name]; ok {
			return nil, &Error{File: l.File, Path: "name", Msg: fmt.Sprintf("%s is named %q too: give each case a distinct name", prev, l.Scenario.Name)}
		}
		seen[l.Scenario.Name] = l.File
	}
	return cases, nil
}
