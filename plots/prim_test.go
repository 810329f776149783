package plots

import (
	"slices"
	"testing"
)

func TestPrim(t *testing.T) {
	t.Parallel()
	var names []string
	for _, c := range primClasses(14) {
		names = append(names, c.Name())
	}
	if want := []string{"0–2 conditions", "3–5 conditions", "6–8 conditions", "9–11 conditions", "12–14 conditions"}; !slices.Equal(names, want) {
		t.Errorf("classes %q", names)
	}
	if got := primOutcome("P(alliance by 2036)"); got != "an alliance by 2036" {
		t.Errorf("outcome %q", got)
	}
	ch, err := PrimTradeoff(syntheticPrim(20), testInfo(), Options{})
	if err != nil || ch.Empty || ch.Plot.X.Max != 1 {
		t.Errorf("%v, empty %v", err, ch.Empty)
	}
}
