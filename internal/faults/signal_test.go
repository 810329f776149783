package faults

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// commands are the simulating commands the signal tests stop: each writes
// a result set into out, small (seconds' fraction) or big (several seconds
// of simulation).
var commands = []struct {
	name       string
	small, big string // draws
	args       func(draws string, seed int, out string) []string
}{
	{"run", "20000", "5000000", func(d string, s int, out string) []string { return runArgs(d, s, out) }},
	{"compare", "20000", "5000000", func(d string, s int, out string) []string {
		return []string{"compare", "baseline", "us-hardline", "--draws", d, "--seed", fmt.Sprint(s), "-o", out}
	}},
	{"sweep", "5000", "2000000", func(d string, s int, out string) []string {
		return []string{"sweep", "baseline", "--vary", "china.pressure=0.3:0.95:4", "--draws", d, "--seed", fmt.Sprint(s), "-o", out}
	}},
}

// TestSIGTERMMidRun stops each simulating command with SIGTERM (and run
// with SIGINT) while it simulates, then checks the documented exit code
// (143 and 130, docs/cli.md), that the output folder still holds the
// previous set unchanged (or, for a new folder, nothing), that no staging
// folder is left, and that the next run into the folder succeeds.
func TestSIGTERMMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops processes; skipped with -short")
	}
	t.Parallel()
	type tcase struct {
		name  string
		cmd   int
		sig   syscall.Signal
		want  int
		fresh bool // the folder holds no set before the run
	}
	var cases []tcase
	for i, c := range commands {
		cases = append(cases, tcase{c.name, i, syscall.SIGTERM, exitTerminated, false})
	}
	cases = append(cases,
		tcase{"run into a new folder", 0, syscall.SIGTERM, exitTerminated, true},
		tcase{"run with SIGINT", 0, syscall.SIGINT, exitInterrupted, false})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := commands[tc.cmd]
			work := t.TempDir()
			out := filepath.Join(work, "out")
			var prev snapshot
			if !tc.fresh {
				mustRun(t, work, c.args(c.small, 1, out)...)
				if p := checkSet(t, out); len(p) > 0 {
					t.Fatalf("the first, complete run wrote a bad set: %s", strings.Join(p, "; "))
				}
				prev = snap(t, out)
			}

			p := command(work, c.args(c.big, 2, out)...).Start(t)
			if waitStaging(t, p, out, 20*time.Second) == "" {
				t.Fatalf("%s ended (%s) before it created its staging folder\nstderr:\n%s", p, p.outcome(), p.stderr.String())
			}
			time.Sleep(300 * time.Millisecond) // into the simulation
			if p.exited() {
				t.Fatalf("%s ended (%s) before the signal was sent; it should simulate for seconds (raise its draws)\nstderr:\n%s", p, p.outcome(), p.stderr.String())
			}
			sent := time.Now()
			if err := p.cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			p.Wait(t, 30*time.Second)
			stopped := time.Since(sent)

			if p.code != tc.want {
				t.Errorf("%s, sent %v while simulating: %s; want exit code %d (docs/cli.md, Exit codes)\nstderr:\n%s",
					p, tc.sig, p.outcome(), tc.want, p.stderr.String())
			}
			if !strings.Contains(p.stderr.String(), "interrupted") {
				t.Errorf("%s, sent %v: stderr does not say it was interrupted:\n%s", p, tc.sig, p.stderr.String())
			}
			if stopped > 5*time.Second {
				t.Errorf("%s took %.1f s to stop after %v; it should stop within moments", p, stopped.Seconds(), tc.sig)
			}
			if strings.Contains(p.stdout.String(), "wrote ") {
				t.Errorf("%s, stopped by %v, reports files written:\n%s", p, tc.sig, p.stdout.String())
			}
			if got := snap(t, out); !got.equal(prev) {
				if prev == nil {
					t.Errorf("%s, stopped by %v, left %s in a folder that did not exist before (%s); want no folder", p, tc.sig, out, got.describe())
				} else {
					t.Errorf("%s, stopped by %v: %s no longer holds the previous set unchanged (%s); now: %s", p, tc.sig, out, prev.diff(got), got.describe())
				}
			}
			if s := stagingDirs(t, out); len(s) > 0 {
				t.Errorf("%s, stopped by %v, left its staging folder %v; its own clean-up on the way out should remove it", p, tc.sig, s)
			}

			next := mustRun(t, work, c.args(c.small, 3, out)...)
			if pr := checkSet(t, out); len(pr) > 0 {
				t.Errorf("%s, after the interrupted run, wrote a bad set: %s", next, strings.Join(pr, "; "))
			}
			if s := stagingDirs(t, out); len(s) > 0 {
				t.Errorf("%s left staging folders %v", next, s)
			}
			if got := snap(t, out); got.equal(prev) {
				t.Errorf("%s exited with 0 but %s still holds the previous set", next, out)
			} else if d := got.describe(); !strings.Contains(d, "seed 3") && c.name != "sweep" {
				t.Errorf("%s: %s holds %s; want seed 3's set", next, out, d)
			}
		})
	}
}

// moment is a point in a run at which TestSIGKILLAtEveryMoment kills it:
// hit is polled with what the run's staging folder holds (nil before it
// exists, and again after the set was published) and the time since the
// folder appeared.
type moment struct {
	name string
	hit  func(staged []string, exists bool, since time.Duration) bool
}

func has(names []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(names, w) {
			return false
		}
	}
	return true
}

var moments = []moment{
	{"at once", func([]string, bool, time.Duration) bool { return true }},
	{"staging folder created", func(_ []string, ok bool, _ time.Duration) bool { return ok }},
	{"simulating (100 ms after the staging folder)", func(_ []string, ok bool, d time.Duration) bool { return ok && d > 100*time.Millisecond }},
	{"by_year.csv staged", func(n []string, _ bool, _ time.Duration) bool { return has(n, "by_year.csv") }},
	{"summary.json staged", func(n []string, _ bool, _ time.Duration) bool { return has(n, "summary.json") }},
	{"a chart being written", func(n []string, _ bool, _ time.Duration) bool {
		return slices.ContainsFunc(n, func(s string) bool { return strings.Contains(s, ".png") })
	}},
	{"every chart staged", func(n []string, _ bool, _ time.Duration) bool {
		return has(n, "states.png", "alliance.png", "latent.png")
	}},
	{"marker written", func(n []string, _ bool, _ time.Duration) bool { return has(n, ".alliancesim-set.json") }},
	{"notes.txt carried", func(n []string, _ bool, _ time.Duration) bool { return has(n, "notes.txt") }},
	{"staging folder gone (published)", nil}, // see killAt
}

// killAt starts p and kills it with SIGKILL at moment m; it returns when
// the process has ended, and what it saw.
func killAt(t *testing.T, p *proc, out string, m moment) string {
	t.Helper()
	p.Start(t)
	var staging string
	var seen time.Time
	for !p.exited() {
		if staging == "" {
			if s := stagingDirs(t, out); len(s) > 0 {
				staging, seen = s[0], time.Now()
			}
		}
		var names []string
		exists := false
		if staging != "" {
			if entries, err := os.ReadDir(staging); err == nil {
				exists = true
				for _, e := range entries {
					names = append(names, e.Name())
				}
			}
		}
		var hit bool
		if m.hit == nil {
			hit = staging != "" && !exists
		} else {
			hit = m.hit(names, exists, time.Since(seen))
		}
		if hit {
			p.cmd.Process.Signal(syscall.SIGKILL)
			<-p.done
			return fmt.Sprintf("killed %.0f ms after the start, its staging folder holding %v", float64(p.elapsed.Microseconds())/1000, names)
		}
		time.Sleep(time.Millisecond)
	}
	<-p.done
	return "it ended before the moment came"
}

// TestSIGKILLAtEveryMoment kills `run` and `compare` with SIGKILL at
// moments from their start to their publication, into a folder that holds
// an earlier set and a user's files, and checks that the folder holds the
// earlier set or the new one, each complete, with the user's files; and
// that the following run cleans the staging folder the killed one left and
// succeeds.
func TestSIGKILLAtEveryMoment(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes; skipped with -short")
	}
	t.Parallel()
	for _, c := range []struct {
		name    string
		cmd     int // in commands
		draws   string
		moments []moment
	}{
		{"run", 0, "100000", moments},
		{"compare", 1, "50000", []moment{moments[1], moments[2], moments[5], moments[7], moments[8], moments[9]}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// The killed runs (seed 2) simulate c.draws, long enough for
			// the moments; the earlier set, written first and again after
			// each kill (seed 1), is the command's small run: any complete
			// set does, and it is written again after every kill.
			draws := map[int]string{1: commands[c.cmd].small, 2: c.draws}
			args := func(seed int) func(string) []string {
				return func(out string) []string { return commands[c.cmd].args(draws[seed], seed, out) }
			}
			work := t.TempDir()
			out := filepath.Join(work, "out")
			oldSet := referenceOf(t, c.name+"-"+draws[1]+"-1", args(1))
			newSet := referenceOf(t, c.name+"-"+draws[2]+"-2", args(2))
			mustRun(t, work, args(1)(out)...)
			writeNotes(t, out)
			if got := snap(t, out); !got.equal(oldSet) {
				t.Fatalf("two runs with seed 1 wrote different sets (%s): the test relies on a run being reproducible", got.diff(oldSet))
			}
			leftStale := 0 // kills that left a staging folder for the next run to clean
			for _, m := range c.moments {
				p := command(work, args(2)(out)...)
				saw := killAt(t, p, out, m)
				t.Logf("%s: %s; %s", m.name, saw, p.outcome())
				if p.signal != syscall.SIGKILL && p.code != exitOK {
					t.Errorf("%s: %s, not killed, failed: %s\nstderr:\n%s", m.name, p, p.outcome(), p.stderr.String())
				}
				got := snap(t, out)
				switch {
				case got.equal(oldSet), got.equal(newSet):
				case got == nil:
					t.Errorf("killed at %q: %s is gone; want the earlier set or the new one", m.name, out)
				default:
					t.Errorf("killed at %q: %s holds neither the earlier set nor the new one complete (against the earlier: %s; against the new: %s); it holds %s",
						m.name, out, got.diff(oldSet), got.diff(newSet), got.describe())
				}
				if b, err := os.ReadFile(filepath.Join(out, "notes.txt")); err != nil || string(b) != notes {
					t.Errorf("killed at %q: the user's notes.txt is gone or changed (%v)", m.name, err)
				}
				stale := stagingDirs(t, out)
				if len(stale) > 0 {
					leftStale++
				}

				next := run(t, work, args(1)(out)...)
				if next.code != exitOK {
					t.Errorf("after the kill at %q (staging folders left: %v), %s: %s, want 0\nstderr:\n%s", m.name, stale, next, next.outcome(), next.stderr.String())
				}
				if s := stagingDirs(t, out); len(s) > 0 {
					t.Errorf("after the kill at %q, %s did not clean the staging folders: %v remain (left by the kill: %v)", m.name, next, s, stale)
				}
				if j := journals(t, out); len(j) > 0 {
					t.Errorf("after the kill at %q, %s left the journals %v", m.name, next, j)
				}
				if got := snap(t, out); !got.equal(oldSet) {
					t.Fatalf("after the kill at %q, %s did not write its complete set: %s", m.name, next, got.diff(oldSet))
				}
			}
			if leftStale == 0 {
				t.Errorf("no kill left a staging folder behind, so the clean-up by the next run was not exercised")
			}
		})
	}
}
