package plots

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

func TestRenderScenario(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, err := RenderScenario(synthetic(), syntheticExplanation(10), dir, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, rc := range out {
		kinds = append(kinds, rc.Kind)
	}
	if got := strings.Join(kinds, " "); got != "states alliance latent onset blocking events explain-latent explain-russia explain-china explain-lines" {
		t.Errorf("kinds %q", got)
	}
	// Bad input writes nothing.
	bad := t.TempDir()
	if _, err := RenderComparison(syntheticSet(), bad, []string{"gif"}, Options{}); err == nil {
		t.Error("gif accepted")
	}
	if _, err := Render(synthetic(), bad, nil, Options{Width: vg.Centimeter}); err == nil {
		t.Error("a 1 cm chart accepted")
	}
	if fs, _ := os.ReadDir(bad); len(fs) != 0 {
		t.Errorf("bad input wrote %d files", len(fs))
	}
	if got := actorKinds([2]string{"United States", "China"}); got != [2]string{"explain-united-states", "explain-china"} {
		t.Errorf("actor kinds %v", got)
	}
}

func TestSave(t *testing.T) {
	t.Parallel()
	ch, _ := AllianceCurve(synthetic(), Options{})
	dir := t.TempDir()
	if err := ch.Save(filepath.Join(dir, "a.gif"), Options{}); err == nil {
		t.Error("gif saved")
	}
	if err := ch.Save(filepath.Join(dir, "missing", "a.png"), Options{}); err == nil {
		t.Error("saved into a missing directory")
	}
	if fs, _ := os.ReadDir(dir); len(fs) != 0 {
		t.Errorf("failed saves left %d files", len(fs))
	}
	if got := toCP1252("Δ −1 · μ"); got != "Delta -1 \xb7 \xb5" {
		t.Errorf("toCP1252 = %q", got)
	}
	if CheckDPI(MinDPI-1) == nil || CheckDPI(MaxDPI) != nil || (Options{DPI: 1200, Width: 200 * vg.Centimeter, Height: 200 * vg.Centimeter}).Validate() == nil {
		t.Error("resolution checks")
	}
}
