package scenarios_test

import (
	"context"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// BenchmarkSimulateBaseline measures model.Simulate alone on the
// baseline at its inputs' medians: the yearly step without the sampling,
// in nanoseconds per draw-year, and its allocations (0 per draw).
func BenchmarkSimulateBaseline(b *testing.B) {
	sc := open(b, "baseline")
	w := model.DefaultWeights()
	p := sc.NewParams()
	for _, in := range sc.Inputs {
		tg, err := sc.Resolve(in.Path)
		if err != nil {
			b.Fatal(err)
		}
		tg.Apply(p, &w, sim.Median(in.Dist))
	}
	tr := model.NewTrajectory(sc)
	var pcg rand.PCG
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0 := threadCPU()
	i := uint64(0)
	for b.Loop() {
		i++
		pcg.Seed(i, 1)
		model.Simulate(sc, &w, p, model.PCGStreams(&pcg, i*7919), tr)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*sc.HorizonYears), "ns/draw-year")
	// CPU time of the benchmark's thread: robust to other processes on a
	// shared machine, where the wall time is not.
	b.ReportMetric(float64(threadCPU()-cpu0)/float64(b.N*sc.HorizonYears), "cpu-ns/draw-year")
}

// BenchmarkEngineBaseline runs the baseline's 1,000,000 draws on one and
// on two workers, under Monte Carlo and Latin hypercube sampling, and
// reports the CPU nanoseconds per draw-year, the speed-up, the heap in
// use at the end and the allocations (per run: they do not grow with the
// draws).
func BenchmarkEngineBaseline(b *testing.B) {
	sc := open(b, "baseline")
	w := model.DefaultWeights()
	start := startFor(b, sc)
	const draws = 1_000_000
	for _, s := range []design.Sampler{design.MonteCarlo, design.LatinHypercube} {
		for _, workers := range []int{1, 2} {
			b.Run(s.String()+"/workers="+string(rune('0'+workers)), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: draws, Seed: 1, Workers: workers, Sampler: s, Start: start}); err != nil {
						b.Fatal(err)
					}
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())*float64(workers)/float64(int64(b.N)*draws*int64(sc.HorizonYears)), "core-ns/draw-year")
				b.ReportMetric(float64(ms.HeapSys)/1e6, "heap-MB")
			})
		}
	}
}

// threadCPU is the calling thread's CPU time in nanoseconds.
func threadCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
