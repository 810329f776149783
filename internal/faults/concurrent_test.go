package faults

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// busy is what a command refused by the output folder's lock says
// (results.ErrBusy).
const busy = "another alliancesim command is writing the output folder"

// TestConcurrentRuns starts 2, then 4, processes at once, each running
// baseline with its own seed into the same folder, ten times over. As
// docs/results.md promises, each process either publishes its set or is
// refused at once by the folder's lock (exit code 1, a message naming the
// folder, nothing simulated or written); at least one publishes; and the
// folder then holds exactly one process's complete set, the same as that
// seed's run alone, with the user's file kept.
func TestConcurrentRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes concurrently; skipped with -short")
	}
	t.Parallel()
	// 100,000 draws simulate for a few tenths of a second, longer than the
	// spread of the processes' starts (they are launched together), so the
	// others still meet the folder's lock held; a longer run adds no case,
	// only time.
	const draws, rounds = "100000", 10
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d processes", n), func(t *testing.T) {
			t.Parallel()
			refs := map[int]snapshot{}
			for i := range n {
				refs[i+1] = reference(t, draws, i+1)
			}
			work := t.TempDir()
			out := filepath.Join(work, "out")
			mustRun(t, work, runArgs("20000", 99, out)...)
			writeNotes(t, out)
			tally := map[string]int{}
			for round := range rounds {
				procs := make([]*proc, n)
				for i := range procs {
					procs[i] = command(work, runArgs(draws, i+1, out)...)
				}
				var wg sync.WaitGroup
				ready := make(chan struct{})
				errs := make([]error, n)
				for i, p := range procs {
					wg.Go(func() {
						<-ready
						errs[i] = p.launch()
					})
				}
				close(ready)
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("starting %s: %v", procs[i], err)
					}
				}
				var won []int
				var refused int
				for i, p := range procs {
					p.Wait(t, 2*time.Minute)
					msg := p.stderr.String()
					switch {
					case p.code == exitOK:
						won = append(won, i+1)
					case p.code == exitFailure && strings.Contains(msg, busy):
						refused++
						if !strings.Contains(msg, out) {
							t.Errorf("round %d: %s was refused by the lock without naming the folder %s:\n%s", round, p, out, msg)
						}
						if p.stdout.Len() > 0 {
							t.Errorf("round %d: %s was refused by the lock but printed results:\n%s", round, p, p.stdout.String())
						}
						if c := cpu(p); c > maxCheckCPU {
							t.Errorf("round %d: %s was refused by the lock only after %.2f s of CPU time; want it refused before simulating", round, p, c.Seconds())
						}
					default:
						t.Errorf("round %d: %s: %s; want it to publish (0) or to be refused by the lock (1, %q)\nstderr:\n%s",
							round, p, p.outcome(), busy, msg)
					}
				}
				tally[fmt.Sprintf("%d published, %d refused", len(won), refused)]++
				if len(won) == 0 {
					t.Errorf("round %d: none of the %d processes published", round, n)
				}
				got := snap(t, out)
				from := 0
				for _, w := range won {
					if got.equal(refs[w]) {
						from = w
					}
				}
				if from == 0 {
					t.Errorf("round %d: %s does not hold the complete set of a process that published (seeds %v); it holds %s (problems: %s)",
						round, out, won, got.describe(), strings.Join(checkSet(t, out, "notes.txt"), "; "))
				}
				if len(won) == 1 && from != won[0] && from != 0 {
					t.Errorf("round %d: only seed %d published, but the folder holds seed %d's set", round, won[0], from)
				}
				if s := stagingDirs(t, out); len(s) > 0 {
					t.Errorf("round %d: staging folders left: %v", round, s)
				}
			}
			t.Logf("%d rounds of %d processes: %v", rounds, n, tally)
		})
	}
}
