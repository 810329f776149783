package plots

import (
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/sim"
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

// TestIntervalText checks that the charts print an interval as the tables
// do (report and the command: rounded to nearest, two decimals below 1%),
// not rounded outwards: 33.92–34.54% is "33.9–34.5%".
func TestIntervalText(t *testing.T) {
	t.Parallel()
	a := sim.Proportion{N: 100000, Count: 34210, P: 0.3421, Lo: 0.33924, Hi: 0.34541}
	if got, want := proportionLabel(a), "34.2% (33.9–34.5%)"; got != want {
		t.Errorf("proportionLabel = %q, want %q", got, want)
	}
	if got := format.Interval(0.0006, 0.0011); got != "0.06–0.11%" {
		t.Errorf("intervalText = %q", got)
	}
	set := syntheticSet()
	set.Results[0].ByHorizon = a
	ch, err := CompareDots(set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var svg strings.Builder
	if _, err := ch.WriteTo(&svg, "svg", Options{}); err != nil || !strings.Contains(svg.String(), "34.2% (33.9–34.5%)") {
		t.Errorf("%v: compare-dots does not print the interval as the table does", err)
	}
	r := set.Results[1]
	r.Alliance[len(r.Alliance)-1].P = 0.0006
	curves, _ := CompareCurves(set.Results, Options{})
	if name := curves.Legend[1].Name; !strings.Contains(name, "(0.06% by") {
		t.Errorf("compare-curves legend %q", name)
	}
}
