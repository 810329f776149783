package plots

import (
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
)

func TestExplanationCharts(t *testing.T) {
	t.Parallel()
	ex := syntheticExplanation(10)
	ch, err := Waterfall(ex, 0, "Russia", Options{})
	if err != nil || !strings.HasPrefix(ch.Title, "What makes up Russia's utility of an alliance in 2027") {
		t.Fatalf("%v, title %q", err, ch.Title)
	}
	if !strings.Contains(ch.Subtitle, "Russia would consent") {
		t.Errorf("subtitle %q", ch.Subtitle)
	}
	ch, _ = Waterfall(ex, 2030, TargetLatent, Options{})
	if !strings.Contains(ch.Note, "Terms at zero left out: Intercept, Events") {
		t.Errorf("note %q", ch.Note)
	}
	if _, err := Waterfall(ex, 1999, TargetLatent, Options{}); err == nil {
		t.Error("a year outside the explanation accepted")
	}
	if _, err := Waterfall(ex, 0, "nobody", Options{}); err == nil {
		t.Error("an unknown target accepted")
	}
	lines, err := ContributionLines(ex, TargetLatent, Options{})
	if err != nil || lines.Legend[0].Name != "Total" || lines.Legend[1].Name != "Hurdle" {
		t.Errorf("%v, legend %v", err, lines.Legend)
	}
	empty, _ := ContributionLines(&model.Explanation{}, TargetLatent, Options{})
	if !empty.Empty {
		t.Error("no years: not empty")
	}
}
