package plots

import (
	"os"
	"strings"
	"testing"
)

func TestBacktest(t *testing.T) {
	t.Parallel()
	rep := syntheticBacktest(t)
	if got := BacktestCaption(rep, "v0.1.0"); got != "Backtest: bundled:history, 8 cases · 20,000 draws each · seed 1 · alliancesim v0.1.0" {
		t.Errorf("caption %q", got)
	}
	ch, err := BacktestCases(rep, Options{})
	if err != nil || !strings.Contains(ch.Note, "ussr-india-1971") {
		t.Errorf("%v, note %q", err, ch.Note)
	}
	dir := t.TempDir()
	out, err := RenderBacktest(rep, dir, []string{"png", "svg"}, Options{})
	if err != nil || len(out) != 2 || out[1].Files["svg"] != "backtest-cases.svg" {
		t.Fatalf("%v, %+v", err, out)
	}
	if fs, _ := os.ReadDir(dir); len(fs) != 4 {
		t.Errorf("%d files written", len(fs))
	}
}
