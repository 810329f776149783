package plots

import (
	"os"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestReview writes PNGs of the synthetic result to $PLOTS_REVIEW_DIR for a
// human to look at; it is skipped when the variable is unset.
func TestReview(t *testing.T) {
	dir := os.Getenv("PLOTS_REVIEW_DIR")
	if dir == "" {
		t.Skip("PLOTS_REVIEW_DIR not set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	paths, err := Render(synthetic(), dir, []string{"png", "svg", "pdf"}, Options{Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(paths)
}

// TestReviewDegenerate writes the degenerate cases for a human to look at.
func TestReviewDegenerate(t *testing.T) {
	dir := os.Getenv("PLOTS_REVIEW_DIR")
	if dir == "" {
		t.Skip("PLOTS_REVIEW_DIR not set")
	}
	for name, r := range degenerateResults() {
		d := dir + "/" + name
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := Render(r, d, []string{"png"}, Options{Version: "v0.1.0"}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestReviewSizes writes the synthetic charts at other sizes.
func TestReviewSizes(t *testing.T) {
	dir := os.Getenv("PLOTS_REVIEW_DIR")
	if dir == "" {
		t.Skip("PLOTS_REVIEW_DIR not set")
	}
	for name, o := range map[string]Options{
		"small":  {Width: 8 * vg.Centimeter, Height: 6 * vg.Centimeter, DPI: 200, Version: "v0.1.0"},
		"dpi300": {DPI: 300, Version: "v0.1.0"},
		"wide":   {Width: 24 * vg.Centimeter, Height: 10 * vg.Centimeter, Version: "v0.1.0"},
	} {
		d := dir + "/" + name
		os.MkdirAll(d, 0o755)
		if _, err := Render(syntheticYears(31), d, []string{"png"}, o); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
