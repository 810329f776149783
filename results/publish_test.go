package results

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// publish stages files (name → content) into out and commits them.
func publish(t *testing.T, out string, o StageOptions, files map[string]string) ([]string, error) {
	t.Helper()
	s, err := NewStageWith(out, o)
	if err != nil {
		return nil, err
	}
	defer s.Abort()
	for _, n := range slices.Sorted(maps.Keys(files)) {
		p := s.Path(n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(p, []byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	return s.Commit()
}

// mustPublish is publish, and stops the test unless the publication
// succeeds.
func mustPublish(t *testing.T, out string, o StageOptions, files map[string]string) []string {
	t.Helper()
	paths, err := publish(t, out, o, files)
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// tree lists every file below dir (relative, slash-separated) with its
// content, the lock files and staging folders beside it included when
// dir is their parent.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		b, _ := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return got
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPublishReplacesOnlyItsOwnFiles checks a second publication: the
// files of the first set that the second does not write are gone (they
// were the tool's own: a chart of another format, say), while a user's
// file and another command's set nested in the folder are carried over.
func TestPublishReplacesOnlyItsOwnFiles(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	out := filepath.Join(root, "baseline")
	mustPublish(t, out, StageOptions{}, map[string]string{"summary.json": "1", "alliance.png": "1", "events.svg": "1"})
	write(t, filepath.Join(out, "notes.txt"), "mine")
	mustPublish(t, filepath.Join(out, "sensitivity"), StageOptions{}, map[string]string{"sensitivity.json": "s"})
	paths := mustPublish(t, out, StageOptions{}, map[string]string{"summary.json": "2", "alliance.png": "2"})
	if want := []string{filepath.Join(out, "alliance.png"), filepath.Join(out, "summary.json")}; !slices.Equal(paths, want) { // staged in name order by publish
		t.Errorf("Commit returned %v; want %v", paths, want)
	}
	got := tree(t, root)
	want := map[string]string{
		"baseline/summary.json": "2", "baseline/alliance.png": "2", "baseline/notes.txt": "mine",
		"baseline/sensitivity/sensitivity.json": "s",
		"baseline/" + MarkerName:                "{\n  \"tool\": \"alliancesim\",\n  \"schema\": 1,\n  \"files\": [\n    \"alliance.png\",\n    \"summary.json\"\n  ]\n}\n",
		"baseline/sensitivity/" + MarkerName:    "{\n  \"tool\": \"alliancesim\",\n  \"schema\": 1,\n  \"files\": [\n    \"sensitivity.json\"\n  ]\n}\n",
		".baseline.lock":                        "", "baseline/.sensitivity.lock": "",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the second publication:\n got %v\nwant %v", got, want)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("the published folder's mode is %v (%v); want drwxr-xr-x as MkdirAll makes it", info.Mode(), err)
	}
}

// TestPublishRefusesForeignFolders checks that a non-empty folder the tool
// did not write is refused (one holding an unrelated manifest.json too),
// and that with Force its files stay; and that a folder of an earlier
// version (a manifest.json naming the tool, no marker) is recognised.
func TestPublishRefusesForeignFolders(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	web := filepath.Join(root, "webapp")
	write(t, filepath.Join(web, "manifest.json"), `{"name": "my app"}`)
	write(t, filepath.Join(web, "summary.json"), "theirs")
	if _, err := publish(t, web, StageOptions{}, map[string]string{"summary.json": "ours"}); !errors.Is(err, ErrForeignFolder) || !strings.Contains(err.Error(), "manifest.json, summary.json") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("foreign folder: error %v", err)
	}
	if got := tree(t, web); got["summary.json"] != "theirs" || len(got) != 2 {
		t.Errorf("a refused publication changed the folder: %v", got)
	}
	mustPublish(t, web, StageOptions{Force: true}, map[string]string{"by_year.csv": "ours"})
	if got := tree(t, web); got["summary.json"] != "theirs" || got["manifest.json"] != `{"name": "my app"}` || got["by_year.csv"] != "ours" {
		t.Errorf("--force lost the folder's files: %v", got)
	}
	if _, err := publish(t, web, StageOptions{Force: true}, map[string]string{"summary.json": "ours"}); err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Errorf("--force onto a file of the user's name: error %v", err)
	}

	legacy := filepath.Join(root, "legacy")
	write(t, filepath.Join(legacy, "manifest.json"), `{"tool": "alliancesim", "version": "0.1.0"}`)
	write(t, filepath.Join(legacy, "onset.pdf"), "old chart")
	write(t, filepath.Join(legacy, "my notes.txt"), "mine")
	mustPublish(t, legacy, StageOptions{}, map[string]string{"manifest.json": `{"tool": "alliancesim"}`})
	if got := tree(t, legacy); got["my notes.txt"] != "mine" || got["onset.pdf"] != "" {
		t.Errorf("legacy folder: %v", got)
	}

	if _, err := publish(t, t.TempDir(), StageOptions{}, map[string]string{"a.json": "x"}); err == nil || !strings.Contains(err.Error(), "did not write") {
		// t.TempDir is empty: an empty folder is fine, so this must succeed.
		if err != nil {
			t.Errorf("empty folder: %v", err)
		}
	}
}

// TestPublishLocks checks that a second stage of the same folder fails at
// once while the first is open, and succeeds after it.
func TestPublishLocks(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "baseline")
	s, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewStage(out); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "choose another --out") {
		t.Errorf("second stage: error %v", err)
	}
	s.Abort()
	s2, err := NewStage(out)
	if err != nil {
		t.Fatalf("after the first was aborted: %v", err)
	}
	s2.Abort()
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("aborted stages left %v", entries)
	}
}

// crashSteps are the steps at which TestPublishKilled kills a publication.
var crashSteps = []string{"marker", "carry notes.txt", "carry sensitivity", "exchange", "second rename", "cleanup"}

// TestPublishKilled kills a publishing process (SIGKILL, as the kernel's
// OOM killer or a batch scheduler would) at every step, with the atomic
// exchange and with its two-rename fallback, and checks that the output
// folder holds either the old complete set or the new one, never a mix;
// and that the next publication cleans up and loses nothing (a user's
// file and a nested set).
func TestPublishKilled(t *testing.T) {
	if os.Getenv("RESULTS_CRASH_OUT") != "" {
		killedPublication(t)
		return
	}
	t.Parallel()
	for _, fallback := range []bool{false, true} {
		for _, at := range crashSteps {
			if at == "second rename" && !fallback {
				continue
			}
			root := t.TempDir()
			out := filepath.Join(root, "baseline")
			old := map[string]string{"summary.json": "old", "by_year.csv": "old", "onset.svg": "old"}
			mustPublish(t, out, StageOptions{}, old)
			write(t, filepath.Join(out, "notes.txt"), "mine")
			mustPublish(t, filepath.Join(out, "sensitivity"), StageOptions{}, map[string]string{"sensitivity.json": "s"})
			cmd := exec.Command(os.Args[0], "-test.run=^TestPublishKilled$")
			cmd.Env = append(os.Environ(), "RESULTS_CRASH_OUT="+out, "RESULTS_CRASH_AT="+at, fmt.Sprintf("RESULTS_CRASH_FALLBACK=%v", fallback))
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("%s: the publishing process was not killed: %v", at, err)
			}
			label := fmt.Sprintf("killed at %q (fallback %v)", at, fallback)
			checkWhole(t, label, out, at == "second rename")
			if b, err := os.ReadFile(filepath.Join(out, "notes.txt")); at != "second rename" && string(b) != "mine" {
				t.Errorf("%s: the user's file is not in the folder: %q, %v", label, b, err)
			}
			// The next command cleans up and loses nothing.
			if _, err := publish(t, out, StageOptions{}, map[string]string{"summary.json": "next"}); err != nil {
				t.Fatalf("%s: next publication: %v", label, err)
			}
			got := tree(t, root)
			if got["baseline/notes.txt"] != "mine" || got["baseline/sensitivity/sensitivity.json"] != "s" || got["baseline/summary.json"] != "next" {
				t.Errorf("%s: after the next publication: %v", label, got)
			}
			for p := range got {
				if strings.Contains(p, "staging") || strings.Contains(p, "carried") {
					t.Errorf("%s: left %s", label, p)
				}
			}
		}
	}
}

// checkWhole checks that out holds one complete set: all old or all new
// files, as its marker lists them. Between the fallback's two renames the
// folder may be missing for a moment; then a complete set must wait in a
// staging folder.
func checkWhole(t *testing.T, label, out string, mayBeMissing bool) {
	t.Helper()
	if _, err := os.Stat(out); err != nil {
		if !mayBeMissing {
			t.Errorf("%s: no output folder: %v", label, err)
		}
		return
	}
	got := tree(t, out)
	m, err := readMarker(filepath.Join(out, MarkerName))
	if err != nil {
		t.Errorf("%s: %v", label, err)
		return
	}
	var version string
	for _, f := range m.Files {
		if version == "" {
			version = got[f]
		}
		if got[f] != version {
			t.Errorf("%s: a mixed set: %v", label, got)
		}
	}
	wantFiles := map[string][]string{"old": {"by_year.csv", "onset.svg", "summary.json"}, "new": {"alliance.png", "summary.json"}}[version]
	if !slices.Equal(m.Files, wantFiles) {
		t.Errorf("%s: marker lists %v for the %s set", label, m.Files, version)
	}
	// Nothing else: the set's files, its marker, the user's file and the
	// nested set with its lock (no journal of the publication).
	for f := range got {
		if f != MarkerName && f != "notes.txt" && f != ".sensitivity.lock" && !strings.HasPrefix(f, "sensitivity/") && !slices.Contains(m.Files, f) {
			t.Errorf("%s: the folder holds %s, which is no part of either set", label, f)
		}
	}
}

// killedPublication runs in the child process of TestPublishKilled: it
// publishes a new set into RESULTS_CRASH_OUT and kills itself at step
// RESULTS_CRASH_AT.
func killedPublication(t *testing.T) {
	at := os.Getenv("RESULTS_CRASH_AT")
	crashHook = func(step string) {
		if step == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
	if os.Getenv("RESULTS_CRASH_FALLBACK") == "true" {
		exchangeFunc = renameTwice
	}
	mustPublish(t, os.Getenv("RESULTS_CRASH_OUT"), StageOptions{}, map[string]string{"summary.json": "new", "alliance.png": "new"})
	t.Fatalf("step %q never came", at)
}

// TestPublishUpdate checks that an update (plot redrawing a set's charts)
// keeps the set's other files, nested ones included, and lists them all
// in the marker; and that a later full publication drops them.
func TestPublishUpdate(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "cmp")
	mustPublish(t, out, StageOptions{}, map[string]string{"compare.json": "c", "baseline/summary.json": "s", "baseline/states.svg": "old"})
	paths := mustPublish(t, out, StageOptions{Update: true}, map[string]string{"baseline/states.svg": "new", "compare-dots.svg": "d"})
	if len(paths) != 2 {
		t.Errorf("update returned %v; want the two files it wrote", paths)
	}
	got := tree(t, out)
	if got["compare.json"] != "c" || got["baseline/summary.json"] != "s" || got["baseline/states.svg"] != "new" || got["compare-dots.svg"] != "d" {
		t.Errorf("after the update: %v", got)
	}
	m, err := readMarker(filepath.Join(out, MarkerName))
	if want := []string{"baseline/states.svg", "baseline/summary.json", "compare-dots.svg", "compare.json"}; err != nil || !slices.Equal(m.Files, want) {
		t.Errorf("marker %v, %v; want %v", m.Files, err, want)
	}
	mustPublish(t, out, StageOptions{}, map[string]string{"compare.json": "c2"})
	if got := tree(t, out); len(got) != 2 || got["compare.json"] != "c2" {
		t.Errorf("after a full publication: %v", got)
	}
}

// TestPublishIntoFolderOfNestedSets: a folder that holds only result sets
// of the tool's in subfolders (a sweep written before its scenario was
// run) and their lock files is published into, the nested sets kept; a
// subfolder that is not a set of the tool's still makes it foreign.
func TestPublishIntoFolderOfNestedSets(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	out := filepath.Join(root, "baseline")
	mustPublish(t, filepath.Join(out, "sweep-x"), StageOptions{}, map[string]string{"sweep.csv": "grid"})
	write(t, filepath.Join(out, ".sweep-x.lock"), "")
	if _, err := publish(t, out, StageOptions{}, map[string]string{"summary.json": "run"}); err != nil {
		t.Fatalf("a folder of nested sets: %v", err)
	}
	if got := tree(t, out); got["summary.json"] != "run" || got[filepath.Join("sweep-x", "sweep.csv")] != "grid" {
		t.Errorf("after publishing: %v", got)
	}
	other := filepath.Join(root, "other")
	write(t, filepath.Join(other, "photos", "a.jpg"), "mine")
	if _, err := publish(t, other, StageOptions{}, map[string]string{"summary.json": "run"}); !errors.Is(err, ErrForeignFolder) {
		t.Errorf("a folder with a user's subfolder: %v", err)
	}
}

// TestRecoverEarlierJournal: a staging folder left by a killed command of
// an earlier version, which kept its journal inside the folder, is still
// recovered: the folder it had carried out of the output folder goes back.
func TestRecoverEarlierJournal(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	out := filepath.Join(root, "baseline")
	mustPublish(t, out, StageOptions{}, map[string]string{"summary.json": "old"})
	staging := filepath.Join(root, ".baseline.staging-1")
	write(t, filepath.Join(staging, "photos", "a.jpg"), "mine")
	write(t, filepath.Join(staging, journalName), `["photos"]`)
	mustPublish(t, out, StageOptions{}, map[string]string{"summary.json": "new"})
	got := tree(t, root)
	if got["baseline/photos/a.jpg"] != "mine" || got["baseline/summary.json"] != "new" {
		t.Errorf("after the next publication: %v", got)
	}
	for p := range got {
		if strings.Contains(p, "staging") || strings.Contains(p, "carried") {
			t.Errorf("left %s", p)
		}
	}
}
