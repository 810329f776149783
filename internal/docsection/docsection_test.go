package docsection

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "doc.md")
	doc := "intro\n<!-- BEGIN a (generated) -->\nold\n<!-- END a -->\noutro\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "new\n"}
	errs := Check(path, want, false, "go test -update")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `"a" section differs`) || !strings.Contains(errs[0].Error(), "go test -update") {
		t.Fatalf("check: %v", errs)
	}
	if errs := Check(path, want, true, ""); len(errs) != 0 {
		t.Fatalf("update: %v", errs)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "intro\n<!-- BEGIN a (generated) -->\nnew\n<!-- END a -->\noutro\n" {
		t.Errorf("rewritten: %q", got)
	}
	if errs := Check(path, want, false, ""); len(errs) != 0 {
		t.Errorf("after update: %v", errs)
	}
	if errs := Check(path, map[string]string{"b": "x"}, false, ""); len(errs) != 1 || !strings.Contains(errs[0].Error(), "no \"<!-- BEGIN b\" marker") {
		t.Errorf("missing section: %v", errs)
	}
}
