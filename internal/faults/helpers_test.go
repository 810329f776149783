package faults

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/alliancesim/alliancesim/internal/clibuild"
)

// Exit codes, as docs/cli.md ("Exit codes") documents them.
const (
	exitOK          = 0
	exitFailure     = 1
	exitInterrupted = 130
	exitTerminated  = 143
)

// bin is the alliancesim built from this tree by TestMain; binDir holds it
// and the reference result sets.
//
// The tests and their cases run in parallel (as many at once as -parallel
// allows, GOMAXPROCS by default): each works in folders and mounts of its
// own, the reference sets are made once under a lock, and what they check
// of a process does not depend on the machine being idle (the signal
// tests' moments are what a staging folder holds, not times, and the
// check that a refusal came before simulating counts the process's CPU
// time, not its wall time).
var bin, binDir string

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "internal/faults:", err)
		code = 1
	}
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	root, err := repoRoot()
	if err != nil {
		return 0, err
	}
	if binDir, err = os.MkdirTemp("", "alliancesim-faults-"); err != nil {
		return 0, err
	}
	// Readable by everyone: some tests run the command as another user.
	if err := os.Chmod(binDir, 0o755); err != nil {
		return 0, err
	}
	bin = filepath.Join(binDir, "alliancesim")
	if err := clibuild.Build(root, bin); err != nil {
		return 0, err
	}
	return m.Run(), nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// needRoot skips a test that needs what only root can do (mount, run as
// another user), or fails it under CI running as root, where it must run.
func needRoot(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("FAULT_TESTS_STRICT") != "" {
		t.Fatalf(format+" (FAULT_TESTS_STRICT is set: .ci/run found it can mount here, so this test must run)", args...)
	}
	t.Skipf(format, args...)
}

// mountTmpfs mounts a tmpfs of the given size (mount's syntax: 2m) on a new
// folder and unmounts it when the test ends; without root, or when mount
// fails, the test is skipped (with FAULT_TESTS_STRICT set, it
// fails).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		needRoot(t, "needs root to mount a %s tmpfs (running as uid %d)", size, os.Geteuid())
	}
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		needRoot(t, "cannot mount a tmpfs here: mount -t tmpfs -o size=%s tmpfs %s: %v: %s", size, dir, err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { unmount(t, dir) })
	return dir
}

func unmount(t *testing.T, dir string) {
	if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
		t.Logf("umount %s: %v: %s; detaching it instead", dir, err, bytes.TrimSpace(out))
		exec.Command("umount", "-l", dir).Run()
	}
}

// mount runs mount with args, failing the test when it fails.
func mount(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("mount", args...).CombinedOutput(); err != nil {
		needRoot(t, "mount %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
}

// proc is one alliancesim process.
type proc struct {
	args   []string
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
	start  time.Time
	done   chan struct{}
	// set when done is closed
	code    int // the exit code; -1 when a signal ended the process
	signal  syscall.Signal
	elapsed time.Duration
	waitErr error
}

// command prepares alliancesim with args, run in dir (a folder without an
// alliancesim.yaml) with no ALLIANCESIM_* variables.
func command(dir string, args ...string) *proc {
	p := &proc{args: args, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ALLIANCESIM_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	return p
}

// as makes the process run as the given user and group.
func (p *proc) as(uid, gid uint32) *proc {
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid}}
	return p
}

func (p *proc) String() string { return "alliancesim " + strings.Join(p.args, " ") }

// Start starts the process; Wait or the done channel tells when it ends.
func (p *proc) Start(t *testing.T) *proc {
	t.Helper()
	if err := p.launch(); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return p
}

// launch starts the process, for a goroutine other than the test's.
func (p *proc) launch() error {
	p.start = time.Now()
	if err := p.cmd.Start(); err != nil {
		return err
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		p.elapsed = time.Since(p.start)
		p.code = p.cmd.ProcessState.ExitCode()
		if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			p.signal = ws.Signal()
		}
		close(p.done)
	}()
	return nil
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Wait waits for the process, at most timeout: then it kills it and fails
// the test.
func (p *proc) Wait(t *testing.T, timeout time.Duration) *proc {
	t.Helper()
	select {
	case <-p.done:
		return p
	case <-time.After(timeout):
		p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("%s: still running after %v; killed it\nstderr:\n%s", p, timeout, p.stderr.String())
	}
	return p
}

// run runs alliancesim to its end (at most two minutes).
func run(t *testing.T, dir string, args ...string) *proc {
	t.Helper()
	return command(dir, args...).Start(t).Wait(t, 2*time.Minute)
}

// mustRun runs alliancesim and fails the test unless it exits with 0.
func mustRun(t *testing.T, dir string, args ...string) *proc {
	t.Helper()
	p := run(t, dir, args...)
	if p.code != exitOK {
		t.Fatalf("%s: exit code %d, want 0\nstderr:\n%s", p, p.code, p.stderr.String())
	}
	return p
}

// outcome describes how a process ended, for messages.
func (p *proc) outcome() string {
	if p.signal != 0 {
		return fmt.Sprintf("ended by signal %v after %.2f s", p.signal, p.elapsed.Seconds())
	}
	return fmt.Sprintf("exit code %d after %.2f s", p.code, p.elapsed.Seconds())
}

// stagingDirs lists the staging folders beside the output folder out (the
// publication's, and the "-old" folder of its two-rename fallback).
func stagingDirs(t *testing.T, out string) []string { return beside(t, out, ".staging-*") }

// journals lists the journals of staging folders beside out (each lists
// what its publication carried over from the output folder).
func journals(t *testing.T, out string) []string { return beside(t, out, ".carried-*.json") }

// beside lists the entries beside the folder out named "."+base+suffix
// (a glob).
func beside(t *testing.T, out, suffix string) []string {
	t.Helper()
	out = filepath.Clean(out)
	m, err := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+suffix))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// waitStaging waits until p has created a staging folder beside out (which
// it does once it has checked the folder, before simulating) and returns
// its path, or "" when p ended first.
func waitStaging(t *testing.T, p *proc, out string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if s := stagingDirs(t, out); len(s) > 0 {
			return s[0]
		}
		if p.exited() {
			return ""
		}
		time.Sleep(2 * time.Millisecond)
	}
	p.cmd.Process.Kill()
	<-p.done
	t.Fatalf("%s: no staging folder beside %s after %v", p, out, timeout)
	return ""
}

// snapshot is what a folder holds: each file (by its path relative to the
// folder) with its content, the JSON results files with the values that
// vary between two runs of the same command masked. nil means the folder
// does not exist.
type snapshot map[string]string

func snap(t *testing.T, dir string) snapshot {
	t.Helper()
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	s := snapshot{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case rel == ".":
		case d.IsDir():
			s[rel+"/"] = "folder"
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			s[rel] = normalize(filepath.Base(p), b)
		default:
			s[rel] = "not a regular file: " + d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return s
}

// volatile are the keys of the JSON results files whose values differ
// between two runs of the same command with the same seed into different
// folders.
var volatile = map[string]bool{"elapsed_s": true, "workers": true, "created_at": true, "command": true, "cpus": true}

func normalize(name string, b []byte) string {
	if !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
		return string(b)
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return string(b)
	}
	if m, ok := v.(map[string]any); ok && name == "manifest.json" {
		// the resolved settings and the rerun line name the output folder
		delete(m, "settings")
		delete(m, "rerun")
	}
	out, _ := json.Marshal(mask(v))
	return string(out)
}

func mask(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if volatile[k] {
				delete(v, k)
			} else {
				v[k] = mask(x)
			}
		}
	case []any:
		for i, x := range v {
			v[i] = mask(x)
		}
	}
	return v
}

func (s snapshot) equal(o snapshot) bool {
	if (s == nil) != (o == nil) || len(s) != len(o) {
		return false
	}
	for k, v := range s {
		if w, ok := o[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// diff names the files in which s and o differ.
func (s snapshot) diff(o snapshot) string {
	if s == nil || o == nil {
		return fmt.Sprintf("one folder is absent (%s, %s)", s.describe(), o.describe())
	}
	var d []string
	for k, v := range s {
		if w, ok := o[k]; !ok {
			d = append(d, "only in the first: "+k)
		} else if w != v {
			d = append(d, "differs: "+k)
		}
	}
	for k := range o {
		if _, ok := s[k]; !ok {
			d = append(d, "only in the second: "+k)
		}
	}
	sort.Strings(d)
	return strings.Join(d, "; ")
}

// describe tells which run a folder's set comes from, file by file: the
// seed and draws summary.json and manifest.json give, and the draws of
// sweep.csv's first point.
func (s snapshot) describe() string {
	if s == nil {
		return "no folder"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(s)) {
		base := filepath.Base(k)
		var v struct {
			Run  *struct{ Seed, Draws json.Number } `json:"run"`
			Plan *struct{ Seed, Draws json.Number } `json:"plan"`
		}
		switch {
		case base == "summary.json" || base == "manifest.json" || base == "compare.json":
			if json.Unmarshal([]byte(s[k]), &v) != nil {
				parts = append(parts, k+": unreadable")
				continue
			}
			r := v.Run
			if r == nil {
				r = v.Plan
			}
			if r != nil {
				parts = append(parts, fmt.Sprintf("%s: seed %s, %s draws", k, r.Seed, r.Draws))
			}
		case base == "sweep.csv":
			lines := strings.Split(s[k], "\n")
			if len(lines) > 1 {
				f := strings.Split(lines[1], ",")
				parts = append(parts, fmt.Sprintf("%s: %s draws a point", k, f[len(f)-1]))
			}
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d files, none naming its run", len(s))
	}
	return strings.Join(parts, "; ")
}

// checkSet reports what is wrong with the result set in dir: the marker
// must list exactly the files present besides the user's own (others), and
// each summary.json must come from the same run as the manifest.json
// beside it.
func checkSet(t *testing.T, dir string, others ...string) []string {
	t.Helper()
	s := snap(t, dir)
	if s == nil {
		return []string{dir + " does not exist"}
	}
	var problems []string
	raw, err := os.ReadFile(filepath.Join(dir, ".alliancesim-set.json"))
	var m struct {
		Tool  string   `json:"tool"`
		Files []string `json:"files"`
	}
	if err != nil || json.Unmarshal(raw, &m) != nil || m.Tool != "alliancesim" {
		return []string{fmt.Sprintf("%s has no readable marker .alliancesim-set.json (%v)", dir, err)}
	}
	listed := map[string]bool{".alliancesim-set.json": true}
	for _, f := range m.Files {
		listed[filepath.FromSlash(f)] = true
		if _, ok := s[filepath.FromSlash(f)]; !ok {
			problems = append(problems, fmt.Sprintf("the marker lists %s, which is missing", f))
		}
	}
	for _, o := range others {
		listed[o] = true
	}
	for k := range s {
		if !strings.HasSuffix(k, "/") && !listed[k] {
			problems = append(problems, fmt.Sprintf("%s holds %s, which the marker does not list", dir, k))
		}
	}
	type ident struct{ seed, draws, sha string }
	read := func(name string) (ident, bool) {
		var v struct {
			Scenario struct{ SHA256 string } `json:"scenario"`
			Run      *struct{ Seed, Draws json.Number }
			Plan     *struct{ Seed, Draws json.Number }
		}
		if json.Unmarshal([]byte(s[name]), &v) != nil {
			return ident{}, false
		}
		r := v.Run
		if r == nil {
			r = v.Plan
		}
		if r == nil {
			return ident{}, false
		}
		return ident{r.Seed.String(), r.Draws.String(), v.Scenario.SHA256}, true
	}
	for k := range s {
		if filepath.Base(k) != "summary.json" {
			continue
		}
		man := filepath.Join(filepath.Dir(k), "manifest.json")
		a, okA := read(k)
		b, okB := read(man)
		switch {
		case !okA || !okB:
			problems = append(problems, fmt.Sprintf("%s or %s cannot be read", k, man))
		case a != b:
			problems = append(problems, fmt.Sprintf("a mixed set: %s is from seed %s, %s draws (scenario %.12s) but %s from seed %s, %s draws (scenario %.12s)",
				k, a.seed, a.draws, a.sha, man, b.seed, b.draws, b.sha))
		}
	}
	sort.Strings(problems)
	return problems
}

// references are result sets of `run baseline --draws D --seed S`, each
// run once, with a user's notes.txt added after it (as the tests add one to
// the folder they write).
var references = struct {
	sync.Mutex
	m map[string]snapshot
}{m: map[string]snapshot{}}

func reference(t *testing.T, draws string, seed int) snapshot {
	t.Helper()
	return referenceOf(t, fmt.Sprintf("run-%s-%d", draws, seed), func(out string) []string { return runArgs(draws, seed, out) })
}

// referenceOf is the result set alliancesim with args(out) writes into a
// new folder, with the user's notes (writeNotes) added after it; key names
// the command.
func referenceOf(t *testing.T, key string, args func(out string) []string) snapshot {
	t.Helper()
	references.Lock()
	defer references.Unlock()
	if s, ok := references.m[key]; ok {
		return s
	}
	dir := filepath.Join(binDir, "ref-"+key)
	mustRun(t, binDir, args(dir)...)
	writeNotes(t, dir)
	s := snap(t, dir)
	references.m[key] = s
	return s
}

const notes = "my notes on this run: not alliancesim's\n"

// writeNotes adds a user's notes.txt to the result set in dir, and to
// each of its scenario subfolders (compare's), where the tool must keep it
// too.
func writeNotes(t *testing.T, dir string) {
	t.Helper()
	sub, err := filepath.Glob(filepath.Join(dir, "*", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append([]string{dir}, sub...) {
		if d != dir {
			d = filepath.Dir(d)
		}
		if err := os.WriteFile(filepath.Join(d, "notes.txt"), []byte(notes), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runArgs is `run baseline --draws D --seed S -o out`.
func runArgs(draws string, seed int, out string) []string {
	return []string{"run", "baseline", "--draws", draws, "--seed", fmt.Sprint(seed), "-o", out}
}
