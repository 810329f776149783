package plots

import (
	"testing"
)

// BenchmarkRenderScenario renders the ten charts of a run (RenderScenario,
// on every CPU) as PNG files at the default size and resolution, from the
// synthetic ten-year result and explanation the golden tests draw: the
// cost of the charts `run` writes after its simulation, and of each
// scenario's charts in `report` and `compare`.
func BenchmarkRenderScenario(b *testing.B) {
	benchmarkRender(b, []string{"png"})
}

// BenchmarkRenderScenarioSVG is BenchmarkRenderScenario writing SVG.
func BenchmarkRenderScenarioSVG(b *testing.B) {
	benchmarkRender(b, []string{"svg"})
}

func benchmarkRender(b *testing.B, formats []string) {
	r, ex := synthetic(), syntheticExplanation(10)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		out, err := RenderScenario(r, ex, dir, formats, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(out) != 10 {
			b.Fatalf("%d charts, want 10", len(out))
		}
	}
}
