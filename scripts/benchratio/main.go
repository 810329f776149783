// Command benchratio measures the engine against the bare reference loop
// (../shared/bench/refloop) in one run, as a ratio: it times one million
// ten-year draws of the baseline scenario on --workers goroutines and the
// reference loop on as many workers, alternately, --rounds times, and
// prints each round and the median ratio. `make bench-ratio` runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

func main() {
	ref := flag.String("ref", "bin/refloop", "the reference loop's binary")
	draws := flag.Int64("draws", 1_000_000, "draws")
	workers := flag.Int("workers", 2, "workers (goroutines) for both")
	rounds := flag.Int("rounds", 5, "alternate runs of each")
	name := flag.String("scenario", "baseline", "scenario")
	lhs := flag.Bool("lhs", false, "also time the engine under Latin hypercube sampling")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the engine's timed runs to this file (for go tool pprof)")
	flag.Parse()
	l, err := scenarios.Open(*name)
	if err != nil {
		fail(err)
	}
	sc := l.Scenario
	w := model.DefaultWeights()
	// The runs start as the commands start them: from the nowcast's state
	// for a scenario that says so (the bundled baseline).
	from, err := nowcast.StartFor(context.Background(), sc)
	if err != nil {
		fail(err)
	}
	runtime.GC()
	engine := func(s design.Sampler) (float64, float64, uint64) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cpu0 := cpuSeconds()
		start := time.Now()
		if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: *draws, Seed: 1, Workers: *workers, Sampler: s, Start: from}); err != nil {
			fail(err)
		}
		el := time.Since(start).Seconds()
		cpu := cpuSeconds() - cpu0
		runtime.ReadMemStats(&after)
		return el, cpu, after.TotalAlloc - before.TotalAlloc
	}
	elapsedRe := regexp.MustCompile(`elapsed=([0-9.]+)s`)
	reference := func() (float64, float64) {
		cmd := exec.Command(*ref, "--draws", strconv.FormatInt(*draws, 10), "--years", strconv.Itoa(sc.HorizonYears), "--workers", strconv.Itoa(*workers))
		out, err := cmd.Output()
		if err != nil {
			fail(fmt.Errorf("%s: %w", *ref, err))
		}
		m := elapsedRe.FindSubmatch(out)
		if m == nil {
			fail(fmt.Errorf("%s: no elapsed= in %q", *ref, out))
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		ps := cmd.ProcessState
		return v, (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	engine(design.MonteCarlo) // warm up: page in, build the tables once
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	var ratios, cpuRatios, lhsRatios, nsdy []float64
	for r := range *rounds {
		e, ec, alloc := engine(design.MonteCarlo)
		f, fc := reference()
		ratios = append(ratios, e/f)
		cpuRatios = append(cpuRatios, ec/fc)
		ns := ec * 1e9 / float64(*draws*int64(sc.HorizonYears))
		nsdy = append(nsdy, ns)
		line := fmt.Sprintf("round %d: engine %.3f s (CPU %.3f s, %.1f CPU-ns/draw-year, %.1f MB allocated), refloop %.3f s (CPU %.3f s), ratio %.3f (CPU %.3f)",
			r+1, e, ec, ns, float64(alloc)/1e6, f, fc, e/f, ec/fc)
		if *lhs {
			el, elc, _ := engine(design.LatinHypercube)
			lhsRatios = append(lhsRatios, elc/ec)
			line += fmt.Sprintf(", LHS %.3f s (CPU %.2f× MC)", el, elc/ec)
		}
		fmt.Println(line)
	}
	fmt.Printf("median CPU ratio engine/refloop: %.3f; median engine CPU-ns per draw-year: %.1f\n", median(cpuRatios), median(nsdy))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("median ratio engine/refloop: %.3f (%s, %d draws, %d workers; heap sys %.1f MB)\n", median(ratios), *name, *draws, *workers, float64(ms.HeapSys)/1e6)
	if *lhs {
		fmt.Printf("median LHS/MC: %.2f\n", median(lhsRatios))
	}
}

func median(x []float64) float64 {
	s := slices.Sorted(slices.Values(x))
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// cpuSeconds is the process's user and system CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchratio:", err)
	os.Exit(1)
}
