package plots

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// update regenerates the golden PNGs: go test ./plots -update.
var update = flag.Bool("update", false, "regenerate the golden PNGs in testdata")

// exampleOptions draws the examples at a low resolution, which keeps the
// goldens small and the tests fast while every mark stays visible.
var exampleOptions = Options{Version: "v0.1.0", DPI: 72}

// saveExample returns a function that writes a built chart to
// testdata/<name>.png. The examples have no Output comment: TestExamples
// runs them and compares each PNG with its golden.
func saveExample(name string) func(*Chart, error) {
	return func(ch *Chart, err error) {
		if err == nil {
			err = ch.Save(filepath.Join("testdata", name+".png"), exampleOptions)
		}
		if err != nil {
			log.Fatal(err)
		}
	}
}

func ExampleStateArea() {
	saveExample("states")(StateArea(synthetic(), exampleOptions))
}

func ExampleAllianceCurve() {
	saveExample("alliance")(AllianceCurve(synthetic(), exampleOptions))
}

func ExampleLatentFan() {
	saveExample("latent")(LatentFan(synthetic(), exampleOptions))
}

func ExampleOnsetHistogram() {
	saveExample("onset")(OnsetHistogram(synthetic(), exampleOptions))
}

func ExampleBlockingBars() {
	saveExample("blocking")(BlockingBars(synthetic(), exampleOptions))
}

func ExampleEventImpact() {
	saveExample("events")(EventImpact(synthetic(), exampleOptions))
}

func ExampleWaterfall() {
	saveExample("waterfall")(Waterfall(syntheticExplanation(10), 0, TargetLatent, exampleOptions))
}

func ExampleContributionLines() {
	saveExample("explain-lines")(ContributionLines(syntheticExplanation(10), TargetLatent, exampleOptions))
}

func ExampleCompareCurves() {
	saveExample("compare-curves")(CompareCurves(syntheticSet().Results, exampleOptions))
}

func ExampleCompareDots() {
	saveExample("compare-dots")(CompareDots(syntheticSet(), exampleOptions))
}

func ExampleTornado() {
	base, bars := syntheticTornado()
	saveExample("tornado")(Tornado(base, bars, testInfo(), exampleOptions))
}

func ExampleMorrisPlot() {
	saveExample("morris")(MorrisPlot(syntheticMorris(), testInfo(), exampleOptions))
}

func ExampleSobolBars() {
	saveExample("sobol")(SobolBars(syntheticSobol(), testInfo(), exampleOptions))
}

func ExampleSobolConvergencePlot() {
	saveExample("sobol-convergence")(SobolConvergencePlot(syntheticConvergence(false), testInfo(), exampleOptions))
}

func ExampleSweepCurve() {
	saveExample("sweep-curve")(SweepCurve(syntheticSweep1(), testInfo(), exampleOptions))
}

func ExampleSweepHeatMap() {
	saveExample("sweep-heat")(SweepHeatMap(syntheticSweep2(heatSurface), 0.25, testInfo(), exampleOptions))
}

func ExamplePrimTradeoff() {
	saveExample("prim-tradeoff")(PrimTradeoff(syntheticPrim(20), testInfo(), exampleOptions))
}

func ExampleReliability() {
	saveExample("backtest-reliability")(Reliability(syntheticBacktest(&testing.T{}), exampleOptions))
}

func ExampleBacktestCases() {
	saveExample("backtest-cases")(BacktestCases(syntheticBacktest(&testing.T{}), exampleOptions))
}

// goldenDelta is the tolerance of the golden comparison, the normalised
// YIQ distance any one pixel may move (as gonum's cmpimg.EqualApprox):
// 0.1 lets a pixel's grey level move by about 26 of 255, enough for the
// antialiasing of another version of the rasteriser or fonts, while a label
// moved by a pixel, a missing mark or a changed colour fails.
const goldenDelta = 0.1

// TestExamples runs every example and compares its PNG with
// testdata/<name>_golden.png; -update writes the goldens instead.
func TestExamples(t *testing.T) {
	t.Parallel()
	for name, ex := range map[string]func(){
		"states": ExampleStateArea, "alliance": ExampleAllianceCurve, "latent": ExampleLatentFan, "onset": ExampleOnsetHistogram,
		"blocking": ExampleBlockingBars, "events": ExampleEventImpact, "waterfall": ExampleWaterfall, "explain-lines": ExampleContributionLines,
		"compare-curves": ExampleCompareCurves, "compare-dots": ExampleCompareDots, "tornado": ExampleTornado, "morris": ExampleMorrisPlot,
		"sobol": ExampleSobolBars, "sobol-convergence": ExampleSobolConvergencePlot, "sweep-curve": ExampleSweepCurve,
		"sweep-heat": ExampleSweepHeatMap, "prim-tradeoff": ExamplePrimTradeoff, "backtest-reliability": ExampleReliability,
		"backtest-cases": ExampleBacktestCases,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkGolden(t, name, ex)
		})
	}
}

// checkGolden runs ex, which writes testdata/<name>.png, and compares it
// with the golden.
func checkGolden(t *testing.T, name string, ex func()) {
	t.Helper()
	ex()
	got := filepath.Join("testdata", name+".png")
	golden := filepath.Join("testdata", name+"_golden.png")
	defer os.Remove(got)
	if *update {
		if err := os.Rename(got, golden); err != nil {
			t.Fatal(err)
		}
		return
	}
	a, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./plots -update)", err)
	}
	if ok, err := equalApprox(a, b, goldenDelta); err != nil || !ok {
		t.Errorf("%s differs from %s (err %v): look at both; if the change is intended, run go test ./plots -update", got, golden, err)
		os.Rename(got, filepath.Join("testdata", name+"_failed.png"))
	}
}

// equalApprox compares two PNGs as gonum's cmpimg does (go-hep hplot's
// golden tests use the same): every pixel within delta in YIQ distance.
func equalApprox(a, b []byte, delta float64) (bool, error) {
	return cmpimg.EqualApprox("png", a, b, delta)
}

// TestGoldenCanFail checks that the comparison tells two charts apart.
func TestGoldenCanFail(t *testing.T) {
	t.Parallel()
	a, _ := os.ReadFile(filepath.Join("testdata", "tornado_golden.png"))
	b, _ := os.ReadFile(filepath.Join("testdata", "sobol_golden.png"))
	if ok, _ := equalApprox(a, b, goldenDelta); ok || len(a) == 0 {
		t.Error("two different charts compare equal")
	}
	if ok, err := equalApprox(a, a, 0); !ok || err != nil {
		t.Errorf("a chart differs from itself: %v", err)
	}
}
