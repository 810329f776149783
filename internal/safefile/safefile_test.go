package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestRead: a regular file is read, one over the limit refused, a folder
// and (on Linux) a FIFO refused at once as not regular.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.json")
	if err := os.WriteFile(p, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := Read(p, 5); err != nil || string(b) != "12345" {
		t.Errorf("read: %q %v", b, err)
	}
	if _, err := Read(p, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := Read(dir, 0); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a folder: %v", err)
	}
}
