package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alliancesim/alliancesim/internal/fifotest"
)

// TestReadLimited checks that Load refuses what is not a regular file (a
// FIFO with no writer would otherwise block for ever, /dev/zero fill
// memory) and a file over the size limit, before parsing, each with a
// message that names the path and says what it is.
func TestReadLimited(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := fifotest.Make(t, dir, "pipe.yaml")
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("name: x\n"+strings.Repeat("#", MaxFileSize)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{fifo, "a named pipe (FIFO), not a file"},
		{"/dev/zero", "a device, not a file"},
		{dir, "a folder, not a file"},
		{big, fmt.Sprintf("the file is over %d bytes", MaxFileSize)},
	} {
		done := make(chan error, 1)
		go func() { _, err := Load(c.path); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
				t.Errorf("Load(%s) = %v; want an error naming the path and saying %q", c.path, err, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Load(%s) did not return within 10 s", c.path)
		}
	}
}

// good returns testdata/good.yaml, the scenario with every feature of the
// format.
func good(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// mustLoadBytes loads src as the file name and stops the test unless it
// loads.
func mustLoadBytes(t *testing.T, name string, src []byte) *Loaded {
	t.Helper()
	l, err := LoadBytes(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// goodWith returns testdata/good.yaml with its description line replaced.
func goodWith(t *testing.T, description string) []byte {
	t.Helper()
	src := good(t)
	const line = "description: Every feature of the scenario format, for the loader's tests.\n"
	if !strings.Contains(string(src), line) {
		t.Fatal("testdata/good.yaml has changed: update goodWith")
	}
	return []byte(strings.Replace(string(src), line, description+"\n", 1))
}

// TestTextBounds checks the bounds on a file's text: aliases that expand
// one long text many times (a file of about 1 MB that would expand to
// gigabytes), control characters that would reach the terminal, and
// names too long to be a folder's.
func TestTextBounds(t *testing.T) {
	t.Parallel()
	// 2,000 aliases of one 500-byte text: 1 MB expanded, 9 kB on disk.
	many := "description: &d " + strings.Repeat("x", 500) + "\nsources: [" + strings.TrimSuffix(strings.Repeat("*d, ", 2000), ", ") + "]"
	// 600 aliases of one 4 kB text: 2.4 MB expanded, under the alias count.
	long := "description: &d " + strings.Repeat("y", 4_000) + "\nsources: [" + strings.TrimSuffix(strings.Repeat("*d, ", 600), ", ") + "]"
	for _, c := range []struct {
		name string
		src  []byte
		want string
	}{
		{"many aliases", goodWith(t, many), fmt.Sprintf("the file uses aliases more than %d times", MaxAliases)},
		{"expanded text", goodWith(t, long), "with its aliases expanded, is over"},
		{"escape", goodWith(t, "description: \"red \\e[31m text\""), "description: contains the control character U+001B at character 5"},
		{"NUL", goodWith(t, "description: \"a\\0b\""), "contains the control character U+0000 at character 2"},
		{"long description", goodWith(t, "description: "+strings.Repeat("z", MaxDescriptionLen+1)), fmt.Sprintf("description: is %d characters long", MaxDescriptionLen+1)},
		{"long name", []byte(strings.Replace(string(goodWith(t, "description: ok")), "name: good-test", "name: "+strings.Repeat("a", 300), 1)), "name: is 300 characters long"},
	} {
		_, err := LoadBytes("test.yaml", c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v\ndoes not contain %q", c.name, err, c.want)
		}
	}
	if _, err := LoadBytes("test.yaml", goodWith(t, "description: |\n  Two lines,\n  \ttabbed.")); err != nil {
		t.Errorf("a description with a line break and a tab: %v", err)
	}
}
