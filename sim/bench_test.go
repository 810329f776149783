package sim_test

import (
	"context"
	"testing"

	"github.com/alliancesim/alliancesim/sim"
)

// BenchmarkRunToy measures the engine on the toy scenario: draws per
// second and nanoseconds per draw-year. The baseline benchmark lives in
// package scenarios, next to the bundled files.
func BenchmarkRunToy(b *testing.B) {
	sc, w := toy(b)
	const draws = 200_000
	for b.Loop() {
		if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: draws, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N*draws)/sec, "draws/s")
	b.ReportMetric(sec*1e9/float64(b.N*draws*sc.HorizonYears), "ns/draw-year")
}
