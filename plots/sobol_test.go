package plots

import (
	"strings"
	"testing"
)

func TestSobolCharts(t *testing.T) {
	t.Parallel()
	if v := sobolIndexValue(-0.002, -0.009, 0.005); !v.Clamped || v.Est != 0 {
		t.Errorf("small negative: %+v", v)
	}
	if v := sobolIndexValue(-0.05, -0.08, -0.02); !v.Negative || v.Est != -0.05 {
		t.Errorf("negative: %+v", v)
	}
	ch, err := SobolBars(syntheticSobol(), testInfo(), Options{})
	if err != nil || !strings.Contains(ch.Note, dagger) || !strings.HasPrefix(ch.Subtitle, "ΣS1 = 0.50") {
		t.Errorf("%v, note %q, subtitle %q", err, ch.Note, ch.Subtitle)
	}
	conv, err := SobolConvergencePlot(syntheticConvergence(false), testInfo(), Options{})
	if err != nil || !strings.HasPrefix(conv.Note, "Not settled: the order of the leading inputs changed between N = 512 and N = 1,024") {
		t.Errorf("%v, note %q", err, conv.Note)
	}
	settled, _ := SobolConvergencePlot(syntheticConvergence(true), testInfo(), Options{})
	if settled.Note != "" || !strings.HasPrefix(settled.Subtitle, "Ranking settled") {
		t.Errorf("settled: note %q, subtitle %q", settled.Note, settled.Subtitle)
	}
}
