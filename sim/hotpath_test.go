package sim_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/sim"
)

// A run allocates per run and per worker, never per draw: 2,048 draws and
// 32,768 draws allocate about the same number of times (one worker, so
// that goroutine start-up does not vary), under both samplers. The count
// is of the whole process, so the runtime's own allocations (a timer, the
// garbage collector) can add one or two; one allocation per draw would
// add 30,720.
func TestRunAllocatesNothingPerDraw(t *testing.T) {
	sc, w := toy(t)
	for _, s := range design.Samplers() {
		allocs := func(draws int64) float64 {
			return testing.AllocsPerRun(3, func() {
				if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: draws, Seed: 1, Workers: 1, Sampler: s}); err != nil {
					t.Fatal(err)
				}
			})
		}
		small, large := allocs(2048), allocs(32768)
		if large > small+8 {
			t.Errorf("%s: %v allocations for 32,768 draws, %v for 2,048: the hot loop allocates", s, large, small)
		}
	}
}

// The workers touch shared state (the next chunk, the progress counter)
// once per chunk of 1,024 draws, not per draw: the progress counter, read
// while the run goes on, only ever holds whole chunks.
func TestProgressPerChunk(t *testing.T) {
	sc, w := toy(t)
	var done atomic.Int64
	stop := make(chan struct{})
	bad := make(chan int64, 1)
	go func() {
		for {
			select {
			case <-stop:
				close(bad)
				return
			default:
			}
			if v := done.Load(); v%1024 != 0 {
				select {
				case bad <- v:
				default:
				}
			}
		}
	}()
	if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 64 * 1024, Seed: 1, Workers: 2, Done: &done}); err != nil {
		t.Fatal(err)
	}
	close(stop)
	if v, ok := <-bad; ok {
		t.Errorf("progress %d is not a whole number of chunks: the workers publish per draw", v)
	}
}
