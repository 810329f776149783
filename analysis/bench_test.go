package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/alliancesim/alliancesim/design"
)

// BenchmarkSobolIshigami measures a full Sobol analysis: design, 40960
// evaluations of a cheap function and 500 bootstrap resamples. With a real
// model the evaluations dominate; this shows the method's own overhead.
func BenchmarkSobolIshigami(b *testing.B) {
	const n = 8192
	in := uniformInputs(3, -math.Pi, math.Pi)
	f := ishigami(7, 0.1)
	opt := SobolOptions{Options: Options{Seed: 1}, Bootstrap: 500}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sobol(context.Background(), in, f, n, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n*(len(in)+2))/b.Elapsed().Seconds(), "evals/s")
}

// BenchmarkSobolBootstrap isolates the bootstrap (500 resamples, N = 8192,
// D = 10) on an already evaluated design.
func BenchmarkSobolBootstrap(b *testing.B) {
	const n = 8192
	c := make([]float64, 10)
	for i := range c {
		c[i] = float64(i + 1)
	}
	in := uniformInputs(10, 0, 1)
	opt := SobolOptions{Options: Options{Seed: 1}, Bootstrap: 500}
	s, err := runSobolDesign(context.Background(), in, linear(c), n, opt)
	if err != nil {
		b.Fatal(err)
	}
	names := inputNames(in)
	for b.Loop() {
		if _, err := s.indices(n, opt, names); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMorris(b *testing.B) {
	in := uniformInputs(6, 0, 1)
	f := gFunction([]float64{0, 1, 4.5, 9, 99, 99})
	for b.Loop() {
		if _, err := Morris(context.Background(), in, f, 50, 4, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPRIM runs PRIM on 20000 runs of 10 inputs.
func BenchmarkPRIM(b *testing.B) {
	var x [][]float64
	var y []bool
	for seed := uint64(1); len(x) < 20000; seed++ {
		x1, y1 := primData(seed)
		x2, _ := primData(seed + 1000)
		for i := range x1 {
			// 4 relevant-or-not inputs plus 6 pure-noise ones.
			x = append(x, append(append(x1[i][:4:4], x2[i]...), x2[(i+1)%len(x2)][:2]...))
		}
		y = append(y, y1...)
	}
	names := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	for b.Loop() {
		if _, err := PRIM(x, names, y, PrimOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRankCorrelate(b *testing.B) {
	x := must(Sample(uniformInputs(10, 0, 1), 10000, design.LatinHypercube, 1))
	target := identity(10)
	target.SetSym(0, 1, 0.6)
	target.SetSym(2, 5, -0.4)
	for b.Loop() {
		if _, _, err := RankCorrelate(x, target, 1); err != nil {
			b.Fatal(err)
		}
	}
}
