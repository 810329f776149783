package plots

import (
	"context"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/analysis"
)

// TestConvergenceNoteReadsFields: the chart's note is built from the
// warnings' fields, so rewording their text changes the description (which
// quotes it) but not the note.
func TestConvergenceNoteReadsFields(t *testing.T) {
	t.Parallel()
	info := testInfo()
	want, err := SobolConvergencePlot(syntheticConvergence(false), info, Options{})
	if err != nil {
		t.Fatal(err)
	}
	reworded := syntheticConvergence(false)
	for i := range reworded.Warnings {
		reworded.Warnings[i] = "Reworded: " + strings.ToUpper(reworded.Warnings[i])
	}
	got, err := SobolConvergencePlot(reworded, info, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Note != want.Note || !strings.Contains(got.Note, "N = 1,024") || !strings.Contains(got.Note, "about N = 2,048") {
		t.Errorf("note with reworded warnings\n%q, want\n%q", got.Note, want.Note)
	}
	if !strings.Contains(got.Description, "Reworded: ") {
		t.Errorf("the description does not quote the warnings: %q", got.Description)
	}
}

// TestConvergenceNoteEveryKind: every warning analysis.SobolConvergence
// makes has a short form in the note, not a cut of its text.
func TestConvergenceNoteEveryKind(t *testing.T) {
	t.Parallel()
	for _, w := range []analysis.Warning{
		{Kind: analysis.OneSampleSize, N: 256},
		{Kind: analysis.OrderChanged, N: 512, PrevN: 256, Before: []string{"b", "a"}, After: []string{"a", "b"}},
		{Kind: analysis.WideIntervals, N: 512, Input: "a", Index: "S1", Value: 0.12, Limit: 0.05, Suggested: 4096, Evaluations: 4096 * 5},
	} {
		if convergenceShort(w) == "" {
			t.Errorf("%v: no short form for the note", w.Kind)
		}
	}
	// The same for the warnings of a real run: one size, then two sizes
	// with an impossibly tight target.
	u := distuv.Uniform{Min: 0, Max: 1}
	inputs := []analysis.Input{{Name: "x1", Quantile: u.Quantile}, {Name: "x2", Quantile: u.Quantile}, {Name: "x3", Quantile: u.Quantile}}
	f := func(x []float64) float64 { return x[0] + x[1] + 0.2*x[2] }
	kinds := map[analysis.WarningKind]bool{}
	for _, ns := range [][]int{{64}, {32, 64}} {
		c, err := analysis.SobolConvergence(context.Background(), inputs, f, ns, analysis.ConvergenceOptions{
			SobolOptions: analysis.SobolOptions{Options: analysis.Options{Seed: 1}, Bootstrap: 50},
			MaxHalfWidth: 0.001,
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Reasons) != len(c.Warnings) || len(c.Reasons) == 0 {
			t.Fatalf("n %v: %d reasons for %d warnings", ns, len(c.Reasons), len(c.Warnings))
		}
		for i, w := range c.Reasons {
			kinds[w.Kind] = true
			if convergenceShort(w) == "" {
				t.Errorf("n %v: no short form for %q", ns, c.Warnings[i])
			}
		}
	}
	if !kinds[analysis.OneSampleSize] || !kinds[analysis.WideIntervals] {
		t.Errorf("kinds seen: %v", kinds)
	}
}
