package model

import (
	"math"
	"testing"
)

// The parts of each sum add up to the sum, every year.
func TestExplainPartsAddUp(t *testing.T) {
	t.Parallel()
	sc, p := world(t, 10, TreatyPartnership)
	p.Actors[1].Doctrine = 0.9
	p.Actors[1].Growth = 0.02
	w := DefaultWeights()
	ex := Explain(sc, &w, p)
	if len(ex.Years) != 10 || ex.Years[0].Year != 2027 {
		t.Fatalf("years: %+v", ex.Years)
	}
	sum := func(cs []Contribution) float64 {
		s := 0.0
		for _, c := range cs {
			s += c.Value
		}
		return s
	}
	for _, y := range ex.Years {
		if d := sum(y.LatentParts) - y.Latent; math.Abs(d) > 1e-12 {
			t.Errorf("%d: latent parts off by %v", y.Year, d)
		}
		for i := range 2 {
			if d := sum(y.UtilityParts[i]) - y.Utility[i]; math.Abs(d) > 1e-12 {
				t.Errorf("%d: %s's utility parts off by %v", y.Year, ex.Actors[i], d)
			}
		}
		if y.OnTable && y.State != DefenceAlliance && y.Consent[0] && y.Consent[1] {
			t.Errorf("%d: both consent with the alliance on the table, but state %v", y.Year, y.State)
		}
	}
	// China's doctrine shows in its utility, not in the latent pressure.
	for _, c := range ex.Years[0].UtilityParts[1] {
		if c.Key == "doctrine" && math.Abs(c.Value+w.Doctrine*0.9) > 1e-12 {
			t.Errorf("doctrine contribution %v, want %v", c.Value, -w.Doctrine*0.9)
		}
	}
}

func TestLabel(t *testing.T) {
	t.Parallel()
	sc, _ := world(t, 1, Entente)
	for path, want := range map[string]string{
		"china.pressure":                   "US pressure on China",
		"russia.autonomy_value":            "Russia's autonomy value",
		"russia.threat":                    "the threat Russia perceives from the US",
		"dyad.treaty":                      "the treaty architecture",
		"events.taiwan_crisis.probability": "the annual probability of taiwan crisis",
		"weights.junior_partner":           "the junior partner weight",
		"india.threat":                     "india.threat",
	} {
		if got := sc.Label(path); got != want {
			t.Errorf("Label(%q) = %q, want %q", path, got, want)
		}
	}
}
