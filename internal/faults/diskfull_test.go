package faults

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// fill writes a file into the file system of dir that leaves free bytes
// free on it.
func fill(t *testing.T, dir string, free int64) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	avail := int64(st.Bavail) * int64(st.Bsize)
	if avail <= free {
		t.Fatalf("%s has %d bytes free, not more than the %d to leave", dir, avail, free)
	}
	path := filepath.Join(dir, "filler")
	if err := os.WriteFile(path, bytes.Repeat([]byte{'x'}, int(avail-free)), 0o644); err != nil {
		t.Fatalf("filling %s: %v", dir, err)
	}
	return path
}

// TestDiskFull runs into a small tmpfs that an earlier run's set fits in,
// filled up so that the next run's files do not fit: the run must fail
// with a message that names the file it could not write and says why,
// exit with code 1 (docs/cli.md: an I/O error), publish nothing, leave the
// earlier set intact and no staging folder; and once there is room again
// the next run must succeed.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs and runs processes; skipped with -short")
	}
	t.Parallel()
	for _, tc := range []struct {
		name string
		free int64          // bytes left free
		file *regexp.Regexp // the file the message must name
	}{
		// summary.json, by_year.csv and manifest.json take 12 pages; the
		// first chart needs 15 more.
		{"charts do not fit", 80 << 10, regexp.MustCompile(`\b(states|alliance|latent)\.png\b`)},
		{"results files do not fit", 8 << 10, regexp.MustCompile(`\b(summary\.json|by_year\.csv|manifest\.json)\b`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs := mountTmpfs(t, "2m")
			out := filepath.Join(fs, "out")
			mustRun(t, fs, runArgs("20000", 1, out)...)
			writeNotes(t, out)
			prev := snap(t, out)
			filler := fill(t, fs, tc.free)

			p := run(t, fs, runArgs("100000", 2, out)...)
			msg := p.stderr.String()
			if p.code != exitFailure {
				t.Errorf("%s on a full disk: %s; want exit code %d (docs/cli.md: an I/O error)\nstderr:\n%s", p, p.outcome(), exitFailure, msg)
			}
			if !strings.Contains(msg, "no space left on device") {
				t.Errorf("%s on a full disk: the message does not say the disk is full:\n%s", p, msg)
			}
			if !tc.file.MatchString(msg) {
				t.Errorf("%s on a full disk: the message does not name the file it could not write (%s):\n%s", p, tc.file, msg)
			}
			if n := strings.Count(strings.TrimSpace(msg), "\n"); n > 0 || !strings.HasPrefix(msg, "alliancesim: ") {
				t.Errorf("%s on a full disk: want one line starting `alliancesim: `, got:\n%s", p, msg)
			}
			if strings.Contains(p.stdout.String(), "wrote ") {
				t.Errorf("%s on a full disk reports files written:\n%s", p, p.stdout.String())
			}
			if got := snap(t, out); !got.equal(prev) {
				t.Errorf("%s on a full disk changed the earlier set in %s: %s; now %s", p, out, prev.diff(got), got.describe())
			}
			if s := stagingDirs(t, out); len(s) > 0 {
				t.Errorf("%s on a full disk left its staging folder %v, which holds the disk's space", p, s)
			}

			if err := os.Remove(filler); err != nil {
				t.Fatal(err)
			}
			next := run(t, fs, runArgs("20000", 3, out)...)
			if next.code != exitOK {
				t.Fatalf("with room again, %s: %s\nstderr:\n%s", next, next.outcome(), next.stderr.String())
			}
			if pr := checkSet(t, out, "notes.txt"); len(pr) > 0 {
				t.Errorf("with room again, %s wrote a bad set: %s", next, strings.Join(pr, "; "))
			}
			if s := stagingDirs(t, out); len(s) > 0 {
				t.Errorf("with room again, %s left staging folders %v", next, s)
			}
			if !strings.Contains(snap(t, out).describe(), "seed 3") {
				t.Errorf("with room again, %s: %s holds %s, not seed 3's set", next, out, snap(t, out).describe())
			}
		})
	}
}
