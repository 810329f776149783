package nowcast

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSignpostsSchema: signposts.json carries its schema version; the
// reader refuses another version, and reads a file written before the
// field existed (no schema) as version 1.
func TestSignpostsSchema(t *testing.T) {
	t.Parallel()
	_, sp := readFiles()
	sp.Schema = SignpostsSchemaVersion
	b, err := signpostsMarshal{sp}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"schema": 1,`) {
		t.Fatalf("signposts.json without its schema version:\n%s", b)
	}
	dir := t.TempDir()
	for name, data := range map[string]string{
		"now.json":  string(b),
		"old.json":  strings.Replace(string(b), `"schema": 1,`, ``, 1),
		"next.json": strings.Replace(string(b), `"schema": 1,`, `"schema": 2,`, 1),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"now.json", "old.json"} {
		if _, err := ReadSignposts(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ReadSignposts(filepath.Join(dir, "next.json")); err == nil || !strings.Contains(err.Error(), "signposts schema 2") {
		t.Errorf("schema 2: %v, want an error naming the version", err)
	}
}
