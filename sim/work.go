package sim

import (
	"fmt"
	"math"
	"time"
)

// Bounds on the work one command may ask for, checked before any of it
// starts, so that a typo (an extra zero, a 1e12) is refused with the
// estimate instead of running for weeks or dying out of memory.
const (
	// MaxRunDraws bounds the draws of one run (Plan.Draws, and MaxDraws
	// with a precision target).
	MaxRunDraws = 1_000_000_000
	// MaxWorkDrawYears bounds the total work of one command in simulated
	// draw-years (draws × scenarios or grid points × years × inner
	// replications): about four hours on one core. Larger studies run as
	// shards (--shard K/N) on several machines.
	MaxWorkDrawYears = 1e11
	// NanosPerDrawYear is the measured cost of one simulated draw-year on
	// one core of the reference machine (BenchmarkBaseline in package
	// scenarios); it turns work into the time estimates of the messages.
	NanosPerDrawYear = 150
)

// Work is an amount of simulation: draw-years.
type Work float64

// DrawYears is draws × scenarios × years as Work.
func DrawYears(draws int64, scenarios, years int) Work {
	return Work(float64(draws) * float64(scenarios) * float64(years))
}

// Estimate is the time the work takes on workers cores of the reference
// machine.
func (w Work) Estimate(workers int) time.Duration {
	return time.Duration(float64(w) * NanosPerDrawYear / float64(max(workers, 1)))
}

// Check refuses work over MaxWorkDrawYears (or not a finite positive
// amount), naming the estimate and the limit; what says what the work is
// ("run baseline with 10^12 draws").
func (w Work) Check(what string, workers int) error {
	if math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) || w < 0 {
		return fmt.Errorf("%s: the amount of work cannot be computed", what)
	}
	if w > MaxWorkDrawYears {
		return fmt.Errorf("%s is %.3g simulated draw-years, about %s on %d core(s); the most one command does is %.0g (about %s on one core): use fewer draws or points, or split the work with --shard K/N",
			what, float64(w), human(w.Estimate(workers)), max(workers, 1), float64(MaxWorkDrawYears), human(Work(MaxWorkDrawYears).Estimate(1)))
	}
	return nil
}

// human writes a duration in the largest sensible unit.
func human(d time.Duration) string {
	switch h := d.Hours(); {
	case h >= 24*365:
		return fmt.Sprintf("%.0f years", h/(24*365))
	case h >= 48:
		return fmt.Sprintf("%.0f days", h/24)
	case h >= 1:
		return fmt.Sprintf("%.1f hours", h)
	case d >= time.Minute:
		return fmt.Sprintf("%.0f minutes", d.Minutes())
	}
	return fmt.Sprintf("%.0f seconds", math.Ceil(d.Seconds()))
}

// CheckSize checks a plan's sizes against the bounds before any work: the
// draws (and MaxDraws) at most MaxRunDraws, and the whole run of
// scenarios over years of horizon within MaxWorkDrawYears.
func (p Plan) CheckSize(scenarios, years int) error {
	draws := p.Draws
	if p.Precision > 0 && p.MaxDraws > draws {
		draws = p.MaxDraws
	}
	if p.Draws > MaxRunDraws || p.MaxDraws > MaxRunDraws {
		return fmt.Errorf("draws %d: at most %d draws per run (a million draws give a Monte Carlo error below 0.1 percentage point); for more, split the run with --shard K/N", max(p.Draws, p.MaxDraws), MaxRunDraws)
	}
	workers := p.Workers
	if workers <= 0 {
		workers = 2
	}
	return DrawYears(draws, scenarios, years).Check(fmt.Sprintf("%d draws of %d scenario(s) over %d years", draws, scenarios, years), workers)
}
