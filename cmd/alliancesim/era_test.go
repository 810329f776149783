package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestEraErrors checks the era command's bad input: a missing file, a
// FIFO, a bad row (its line and field), a start year outside the record.
func TestEraErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.csv", "year,at_risk,bilateral,multilateral,pairs,source,verified,note\n1946,100,2,0,2-200,s,yes,\n")
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"era", "--onsets", filepath.Join(dir, "none.csv")}, exitInvalid, "none.csv"},
		{[]string{"era", "--onsets", fifo}, exitInvalid, "a named pipe (FIFO), not a file; give the path of a CSV file"},
		{[]string{"era", "--onsets", bad}, exitInvalid, "bad.csv:2: pairs: 1 pairs named for a count of 2"},
		{[]string{"era", "--start", "1900"}, exitUsage, "--start 1900: use 1956 to"},
		{[]string{"era", "extra"}, exitUsage, "extra"},
	} {
		r := cli(t, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s", c.args, r.code, c.code, c.want, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("era wrote a folder")
	}
}
