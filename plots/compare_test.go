package plots

import (
	"strings"
	"testing"
)

func TestCompareCharts(t *testing.T) {
	t.Parallel()
	set := syntheticSet()
	if got := CompareCaption(set.Results, "0.1.0"); got != "Scenarios: baseline, us-hardline, taiwan-crisis · 100,000 draws each · seed 42 · alliancesim v0.1.0" {
		t.Errorf("caption %q", got)
	}
	dots, err := CompareDots(set, Options{})
	if err != nil || dots.Empty {
		t.Fatalf("dots: %v", err)
	}
	curves, err := CompareCurves(set.Results, Options{})
	if err != nil || len(curves.Legend) != 3 || !strings.Contains(curves.Legend[0].Name, "(8.0% by 2036)") {
		t.Errorf("curves: %v, legend %v", err, curves.Legend)
	}
	if _, err := CompareDots(nil, Options{}); err == nil {
		t.Error("nil set accepted")
	}
}
