package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/alliancesim/alliancesim/internal/safefile"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// A result set is the folder of files one command writes (out/baseline:
// summary.json, by_year.csv, manifest.json, the charts). It is published
// as a whole: every file is written into a staging folder beside the
// output folder, and one atomic exchange of the two folders' names puts
// the new set in place. A reader, or a kill at any moment, sees either
// the old complete set or the new complete set, never a mix.
//
// The publisher only replaces a folder it wrote: each set holds a marker
// (MarkerName) with the tool's identity and the list of the files it
// wrote. Anything else found in the output folder (a user's notes, the
// result set of another command nested inside, such as
// out/baseline/sensitivity) is carried into the new set unchanged, never
// deleted. A non-empty folder without a marker is refused unless
// StageOptions.Force is set (then all its contents are carried over).
//
// A lock file beside the output folder makes a second command writing the
// same folder fail at once with a message. A staging folder left behind
// by a killed command is cleaned by the next command that writes the same
// folder, after moving back anything that had been carried into it.

// MarkerName is the file in every result set that says the tool wrote it
// and lists the files it wrote.
const MarkerName = ".alliancesim-set.json"

// journalName is the name a journal had inside a staging folder in
// earlier versions: recover still reads it there, and it is never
// published nor listed.
const journalName = ".alliancesim-carried.json"

// journalOf is the journal of a staging folder: a file beside it (not in
// it, so that the exchange never publishes it) listing the entries carried
// over from the output folder, so that a command killed after moving them
// and before the exchange loses nothing: the next one moves them back.
// For .baseline.staging-123 it is .baseline.carried-123.json.
func journalOf(staging string) string {
	dir, name := filepath.Dir(staging), filepath.Base(staging)
	if i := strings.LastIndex(name, ".staging-"); i >= 0 {
		name = name[:i] + ".carried-" + name[i+len(".staging-"):]
	}
	return filepath.Join(dir, name+".json")
}

// Marker is the content of MarkerName.
type Marker struct {
	// Tool is always alliancesim: the folder holds a result set the tool
	// wrote.
	Tool string `json:"tool"`
	// Schema is the marker's schema version, 1.
	Schema int `json:"schema"`
	// Files are the paths, relative to the folder and sorted, of the
	// files the tool wrote in the set; other files in the folder are not
	// the tool's, and it never deletes them.
	Files []string `json:"files"`
}

// StageOptions change how a stage publishes.
type StageOptions struct {
	// Force writes into a non-empty folder that holds no result set of
	// the tool's; its contents are carried into the new set, not deleted.
	Force bool
	// Update adds the staged files to the folder's set instead of
	// replacing it: the set's other files stay (as `plot` redraws the
	// charts of a result set and keeps its results).
	Update bool
}

// ErrForeignFolder is wrapped by the error of a stage whose output folder
// is not empty and was not written by the tool.
var ErrForeignFolder = errors.New("the output folder holds files alliancesim did not write")

// ErrBusy is wrapped by the error of a stage whose output folder another
// command is writing.
var ErrBusy = errors.New("another alliancesim command is writing the output folder")

// crashHook, when set (by tests only), is called before each step of a
// publication with the step's name, so that a test can kill the process
// at every step and check what is left.
var crashHook func(step string)

func step(name string) {
	if crashHook != nil {
		crashHook(name)
	}
}

// legacyName matches the files earlier versions of the tool wrote into a
// result set that carries no marker (one recognised by its manifest.json).
var legacyName = regexp.MustCompile(`^((summary|manifest|compare|explain|sensitivity|discover|backtest)\.json|(by_year|sweep|backtest)\.csv|report\.(html|md)|[a-z0-9_-]+\.(png|svg|pdf))$`)

// NewStage opens a stage for the output folder out with default options.
func NewStage(out string) (*Stage, error) { return NewStageWith(out, StageOptions{}) }

// NewStageWith checks that out can be published to (its parent can be
// created and written, out is empty, absent or a result set of the
// tool's, unless o.Force), takes the folder's lock, cleans what an
// earlier killed command left, and creates the staging folder.
func NewStageWith(out string, o StageOptions) (*Stage, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	if base == "." || base == ".." || base == string(filepath.Separator) {
		return nil, fmt.Errorf("cannot publish into %s: give a folder name, such as out/baseline", out)
	}
	if info, err := os.Stat(out); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("cannot create the output directory %s: mkdir %s: not a directory", out, out)
	} else if err == nil {
		if err := replaceable(out); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output directory %s: %w", out, err)
	}
	unlock, err := lockFolder(filepath.Join(parent, "."+base+".lock"))
	if err != nil {
		if errors.Is(err, ErrBusy) {
			return nil, fmt.Errorf("%w: %s; wait for it to finish, or choose another --out", ErrBusy, out)
		}
		return nil, fmt.Errorf("cannot write to the output directory %s: %w", out, err)
	}
	s := &Stage{out: out, unlock: unlock, update: o.Update}
	if err := s.recover(); err != nil {
		s.release()
		return nil, err
	}
	if s.prev, err = previous(out, o.Force); err != nil {
		s.release()
		return nil, err
	}
	if s.Dir, err = os.MkdirTemp(parent, "."+base+".staging-*"); err != nil {
		s.release()
		return nil, fmt.Errorf("cannot write to the output directory %s: %w", out, err)
	}
	// MkdirTemp makes a private folder; the published set is an ordinary
	// one, as os.MkdirAll made it before.
	if err := os.Chmod(s.Dir, 0o755); err != nil {
		s.abort()
		s.release()
		return nil, fmt.Errorf("cannot write to the output directory %s: %w", out, err)
	}
	return s, nil
}

// set is what an output folder holds now: the files the tool wrote there
// (from its marker, or by name in a folder of an earlier version) and
// everything else, which a publication carries over.
type set struct {
	exists bool
	ours   []string // files the tool wrote, relative to the folder
	others []string // top-level entries that are not (nor hold) the tool's files
}

// previous reads the output folder's current set.
func previous(out string, force bool) (set, error) {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return set{}, nil
	}
	if err != nil {
		return set{}, fmt.Errorf("cannot read the output directory %s: %w", out, err)
	}
	st := set{exists: true}
	mine := map[string]bool{}
	if m, err := readMarker(filepath.Join(out, MarkerName)); err == nil {
		st.ours = m.Files
	} else if isLegacySet(out) {
		for _, e := range entries {
			if e.Type().IsRegular() && legacyName.MatchString(e.Name()) {
				st.ours = append(st.ours, e.Name())
			}
		}
	} else if len(entries) > 0 && !force && !toolsOwn(out, entries) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return set{}, fmt.Errorf("%w: %s holds %s; choose another --out, or add --force to write there (its files are kept)", ErrForeignFolder, out, listSome(names))
	}
	st.ours = append(st.ours, nestedMarkers(out, st.ours)...)
	for _, f := range st.ours {
		mine[strings.SplitN(filepath.ToSlash(f), "/", 2)[0]] = true
	}
	for _, e := range entries {
		if e.Name() != MarkerName && e.Name() != journalName && !mine[e.Name()] {
			st.others = append(st.others, e.Name())
		}
	}
	// A top-level folder that holds files of this set (compare's
	// per-scenario subfolders) may hold other things too: those are
	// carried entry by entry.
	for top := range mine {
		if info, err := os.Lstat(filepath.Join(out, top)); err == nil && info.IsDir() {
			st.others = append(st.others, nestedOthers(out, top, st.ours)...)
		}
	}
	sort.Strings(st.others)
	return st, nil
}

// toolsOwn reports whether every entry of a folder without a marker is
// the tool's own doing: a result set of its own in a subfolder (a sweep's
// out/baseline/sweep-<key>, written before the baseline itself was run)
// or a lock file beside such a set. Such a folder is published into like
// an empty one, its entries carried over as any other's; nothing of a
// user's is in it.
func toolsOwn(out string, entries []fs.DirEntry) bool {
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir():
			if _, err := readMarker(filepath.Join(out, name, MarkerName)); err != nil {
				return false
			}
		case e.Type().IsRegular() && strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".lock"):
		default:
			return false
		}
	}
	return true
}

// nestedMarkers returns, for each subfolder that holds files of the set
// and a marker of its own (plot adds charts to a comparison's scenario
// folder as a set of their own), that marker and the files it lists, as
// paths in the outer folder: they are the tool's too.
func nestedMarkers(out string, ours []string) []string {
	dirs := map[string]bool{}
	for _, f := range ours {
		if d := filepath.Dir(f); d != "." {
			dirs[d] = true
		}
	}
	var extra []string
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		m, err := readMarker(filepath.Join(out, d, MarkerName))
		if err != nil {
			continue
		}
		extra = append(extra, filepath.Join(d, MarkerName))
		for _, f := range m.Files {
			if p := filepath.Join(d, f); !slices.Contains(ours, p) && !slices.Contains(extra, p) {
				extra = append(extra, p)
			}
		}
	}
	return extra
}

// nestedOthers lists the entries below top that are not the set's files
// nor folders on the way to them.
func nestedOthers(out, top string, ours []string) []string {
	keep := map[string]bool{}
	for _, f := range ours {
		f = filepath.ToSlash(f)
		for d := f; d != "." && d != "/"; d = filepath.ToSlash(filepath.Dir(d)) {
			keep[d] = true
		}
	}
	var others []string
	var walk func(rel string)
	walk = func(rel string) {
		entries, err := os.ReadDir(filepath.Join(out, rel))
		if err != nil {
			return
		}
		for _, e := range entries {
			r := rel + "/" + e.Name()
			switch {
			case !keep[r]:
				others = append(others, r)
			case e.IsDir():
				walk(r)
			}
		}
	}
	walk(top)
	return others
}

func listSome(names []string) string {
	sort.Strings(names)
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}

func readMarker(path string) (Marker, error) {
	var m Marker
	b, err := safefile.Read(path, 64<<20)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Tool != "alliancesim" {
		return m, fmt.Errorf("%s is not an alliancesim marker", path)
	}
	for _, f := range m.Files {
		if !local(f) {
			return Marker{}, fmt.Errorf("%s lists %q, which is not a path inside the folder", path, f)
		}
	}
	return m, nil
}

// local reports a relative path that stays inside its folder.
func local(p string) bool {
	return p != "" && filepath.IsLocal(p) && p != MarkerName && p != journalName
}

// isLegacySet recognises a result set of an earlier version of the tool,
// which wrote no marker, by its manifest.json naming the tool.
func isLegacySet(out string) bool {
	b, err := safefile.Read(filepath.Join(out, "manifest.json"), 64<<20)
	if err != nil {
		return false
	}
	var m struct {
		Tool string `json:"tool"`
	}
	return json.Unmarshal(b, &m) == nil && m.Tool == "alliancesim"
}

// Commit publishes the staged files as the output folder's new set:
// writes the marker, carries over what the folder held besides the old
// set's files, exchanges the two folders, and removes the old set's
// files. It returns the final paths of the staged files, in the order
// they were staged.
func (s *Stage) Commit() ([]string, error) {
	if s.unlock == nil {
		return nil, errors.New("results: the stage was already committed or aborted")
	}
	defer s.release()
	var names, paths []string
	for _, name := range s.files {
		if _, err := os.Stat(filepath.Join(s.Dir, name)); err == nil && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	for _, name := range names {
		paths = append(paths, filepath.Join(s.out, name))
	}
	if s.update {
		// The set's files this stage does not rewrite stay in the set.
		for _, f := range s.prev.ours {
			if !slices.Contains(names, f) {
				s.prev.others = append(s.prev.others, f)
				s.kept = append(s.kept, f)
			}
		}
		s.prev.ours = slices.DeleteFunc(s.prev.ours, func(f string) bool { return slices.Contains(s.kept, f) })
	}
	listed := slices.Sorted(slices.Values(append(slices.Clone(names), s.kept...)))
	for _, o := range s.prev.others {
		if _, err := os.Lstat(filepath.Join(s.Dir, o)); err == nil {
			s.abort()
			return nil, fmt.Errorf("cannot publish %s: this run writes %s, but the folder holds a %s that alliancesim did not write; move it away first", s.out, o, o)
		}
	}
	step("marker")
	b, _ := JSON(Marker{Tool: "alliancesim", Schema: 1, Files: listed})
	if err := WriteFile(filepath.Join(s.Dir, MarkerName), b); err != nil {
		s.abort()
		return nil, err
	}
	if err := s.carry(); err != nil {
		return nil, err
	}
	step("exchange")
	if !s.prev.exists {
		if err := os.Rename(s.Dir, s.out); err != nil {
			s.abort()
			return nil, fmt.Errorf("cannot move %s into place: %w", s.out, err)
		}
		os.Remove(journalOf(s.Dir))
		return paths, nil
	}
	old, err := exchangeFunc(s.Dir, s.out)
	if err != nil {
		s.restore()
		return nil, fmt.Errorf("cannot move %s into place: %w", s.out, err)
	}
	step("cleanup")
	// old now holds the old set: its own files, and the links of the
	// files carried out of it.
	dropLinks(old, s.out, s.prev.others)
	removeSet(old, s.prev.ours)
	os.Remove(journalOf(s.Dir))
	return paths, nil
}

// carry moves the output folder's other entries into the staging folder,
// journal first, so that nothing is lost if the process dies before the
// exchange (recover moves them back).
func (s *Stage) carry() error {
	if len(s.prev.others) == 0 {
		return nil
	}
	b, _ := JSON(s.prev.others)
	if err := WriteFile(journalOf(s.Dir), b); err != nil {
		s.abort()
		return err
	}
	for _, o := range s.prev.others {
		step("carry " + o)
		dst := filepath.Join(s.Dir, o)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			s.restore()
			return fmt.Errorf("cannot carry %s into the new set: %w", filepath.Join(s.out, o), err)
		}
		if err := carryOne(filepath.Join(s.out, o), dst); err != nil {
			s.restore()
			return fmt.Errorf("cannot carry %s into the new set: %w", filepath.Join(s.out, o), err)
		}
	}
	return nil
}

// carryOne puts src at dst: a regular file by a hard link, so that it
// never disappears from the output folder even for a moment, anything
// else (a folder) by a rename, which the journal lets recover undo.
func carryOne(src, dst string) error {
	if info, err := os.Lstat(src); err == nil && info.Mode().IsRegular() {
		if os.Link(src, dst) == nil {
			return nil
		}
	}
	return os.Rename(src, dst)
}

// dropLinks removes from dir the carried entries that are hard links of
// the same files in out: after an exchange, the old set's copies; after
// a failure, the staging folder's.
func dropLinks(dir, out string, carried []string) {
	for _, o := range carried {
		a, errA := os.Lstat(filepath.Join(dir, o))
		b, errB := os.Lstat(filepath.Join(out, o))
		if errA == nil && errB == nil && os.SameFile(a, b) {
			os.Remove(filepath.Join(dir, o))
		}
	}
}

// restore moves carried entries back into the output folder and removes
// the staging folder's own files.
func (s *Stage) restore() {
	putBack(s.Dir, s.out)
	s.abort()
}

// putBack moves the entries a staging folder's journal lists back into
// out, where out does not have them.
func putBack(dir, out string) {
	journal := journalOf(dir)
	b, err := safefile.Read(journal, 64<<20)
	if err != nil {
		// A staging folder left by an earlier version holds its journal.
		journal = filepath.Join(dir, journalName)
		if b, err = safefile.Read(journal, 64<<20); err != nil {
			return
		}
	}
	var carried []string
	if json.Unmarshal(b, &carried) != nil {
		return
	}
	dropLinks(dir, out, carried)
	for _, o := range carried {
		if !filepath.IsLocal(o) {
			continue
		}
		src, dst := filepath.Join(dir, o), filepath.Join(out, o)
		if _, err := os.Lstat(src); err != nil {
			continue
		}
		if _, err := os.Lstat(dst); err == nil {
			continue
		}
		os.MkdirAll(filepath.Dir(dst), 0o755)
		os.Rename(src, dst)
	}
	os.Remove(journal)
}

// removeSet removes a folder's own files (those listed, the marker, the
// journal, the folders emptied) and then the folder if nothing else is in
// it. Whatever else it holds stays.
func removeSet(dir string, files []string) {
	for _, f := range files {
		if local(f) {
			os.Remove(filepath.Join(dir, f))
		}
	}
	os.Remove(filepath.Join(dir, MarkerName))
	os.Remove(filepath.Join(dir, journalName))
	removeEmpty(dir)
}

// removeEmpty removes dir's empty subfolders, deepest first, and dir if
// it is then empty.
func removeEmpty(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			removeEmpty(filepath.Join(dir, e.Name()))
		}
	}
	os.Remove(dir) // fails, harmlessly, unless empty
}

// abort removes the staging folder's files: the staged ones (whose names
// it knows) and the marker. Carried entries must have been put back.
func (s *Stage) abort() {
	for _, f := range s.files {
		if local(f) {
			os.RemoveAll(filepath.Join(s.Dir, f))
		}
	}
	removeSet(s.Dir, nil)
}

// Abort discards the stage: the output folder stays as it was. After
// Commit it does nothing, so callers may defer it.
func (s *Stage) Abort() {
	if s.unlock == nil {
		return
	}
	s.restore()
	s.release()
}

func (s *Stage) release() {
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
}

// recover cleans what killed commands left beside the output folder:
// staging folders, after moving back into the output folder whatever had
// been carried into them; then their own files. A staging folder that
// holds anything else is left where it is.
func (s *Stage) recover() error {
	parent, base := filepath.Dir(s.out), filepath.Base(s.out)
	stale, err := filepath.Glob(filepath.Join(parent, "."+globEscape(base)+".staging-*"))
	if err != nil {
		return nil
	}
	for _, dir := range stale {
		if _, err := os.Stat(s.out); errors.Is(err, fs.ErrNotExist) {
			// Killed between the two renames of the fallback exchange:
			// the staging folder holds the complete old set.
			if m, err := readMarker(filepath.Join(dir, MarkerName)); err == nil && m.Files != nil {
				if os.Rename(dir, s.out) == nil {
					continue
				}
			}
		}
		putBack(dir, s.out)
		dropLinks(dir, s.out, regularFiles(dir))
		var files []string
		if m, err := readMarker(filepath.Join(dir, MarkerName)); err == nil {
			files = m.Files
		}
		removeSet(dir, files)
		removeStaged(dir)
	}
	// A journal whose staging folder is gone (the fallback exchange
	// renames it) lists entries already in the output folder.
	live := map[string]bool{}
	left, _ := filepath.Glob(filepath.Join(parent, "."+globEscape(base)+".staging-*"))
	for _, dir := range left {
		live[journalOf(dir)] = true
	}
	journals, _ := filepath.Glob(filepath.Join(parent, "."+globEscape(base)+".carried-*.json"))
	for _, j := range journals {
		if !live[j] {
			os.Remove(j)
		}
	}
	return nil
}

// removeStaged removes, from a staging folder left by a killed command,
// the files a command stages (by the names the tool writes) that no marker
// lists yet, and then the folder if it is empty.
func removeStaged(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && (legacyName.MatchString(d.Name()) || strings.HasPrefix(d.Name(), ".") && strings.Contains(d.Name(), ".tmp-")) {
			os.Remove(p)
		}
		return nil
	})
	removeEmpty(dir)
}

// regularFiles lists the regular files below dir, relative to it.
func regularFiles(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if rel, err := filepath.Rel(dir, p); err == nil {
				files = append(files, rel)
			}
		}
		return nil
	})
	return files
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	return r.Replace(s)
}

// renameTwice is the exchange without an atomic swap: the old set moves
// aside (to a name recover recognises), then the new one into place. A
// kill between the two leaves no output folder for a moment; the next
// command that writes it puts a complete set back (recover).
func renameTwice(staging, out string) (string, error) {
	old := staging + "-old"
	if err := os.Rename(out, old); err != nil {
		return "", err
	}
	step("second rename")
	if err := os.Rename(staging, out); err != nil {
		os.Rename(old, out)
		return "", err
	}
	return old, nil
}

// exchangeFunc is exchange; tests replace it with renameTwice to check the
// fallback.
var exchangeFunc = exchange
