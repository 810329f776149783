package sim

import "github.com/alliancesim/alliancesim/design"

// Result is the aggregate of a Monte Carlo run: everything summary.json,
// by_year.csv, the terminal table and the charts need. Its size depends on
// the horizon and the number of events, never on the number of draws.
type Result struct {
	// Scenario is the scenario's name; Actors the two partners' display
	// names, ActorIDs their identifiers, and Rival the rival's name.
	Scenario string
	Actors   [2]string
	ActorIDs [2]string
	Rival    string
	// StartYear is the first simulated year; Years[t] = StartYear + t.
	StartYear    int
	HorizonYears int
	Years        []int

	// Draws is the number of simulated runs; Seed, Sampler and Workers how
	// they were made.
	Draws   int64
	Seed    uint64
	Sampler design.Sampler
	Workers int
	// Stopped says why drawing stopped: StopDraws, StopPrecision or
	// StopMaxDraws. (A cancelled run returns ErrInterrupted and no result.)
	Stopped StopReason
	// Precision is the requested 95% half-width (0 when none was asked).
	Precision float64
	// ElapsedSeconds is the wall time of the simulation.
	ElapsedSeconds float64

	// Alliance[t] is P(a defence alliance has formed by the end of year t).
	Alliance []Proportion
	// ByHorizon is Alliance at the last year.
	ByHorizon Proportion
	// StartAllied is true when the scenario starts on an alliance in force
	// (to study its durability); Alliance then counts new onsets only.
	StartAllied bool
	// InForce[t] is P(an alliance is in force at the end of year t), whether
	// it was in force at the start or formed during the run.
	InForce []Proportion
	// Ended[t] is P(an alliance in force has ended by the end of year t).
	Ended []Proportion
	// FormedInForce is P(an alliance formed during the run and is still in
	// force at the horizon).
	FormedInForce Proportion
	// StepDown is P(the pair stepped down a rung at least once); Calm is
	// P(no step down and no onset): the shape of the China–Russia record
	// since 1989, which calibration checks.
	StepDown, Calm Proportion
	// StateNames are the ladder's display names; StateProb[t][s] the share of
	// runs in state s at the end of year t.
	StateNames []string
	StateKeys  []string
	StateProb  [][]float64
	// Onset[t] is the number of runs whose alliance formed in year t;
	// NoOnset the number of runs without an alliance within the horizon.
	Onset   []int64
	NoOnset int64

	// Blocking counts the occasions (run-years) on which the alliance was on
	// the table but at least one side withheld consent.
	Blocking Blocking
	// Events holds each event's occurrence and conditional alliance rates.
	Events []EventStat
	// Latent holds quantiles of the latent alignment pressure by year.
	Latent []LatentQuantiles
	// Correlations holds, for each rank correlation the scenario asks for
	// between two uncertain inputs, the Spearman rank correlation the
	// draws achieved, computed from the first min(Draws, 20,000) draws in
	// draw order (so it does not depend on the workers). Empty when the
	// scenario has none.
	Correlations []AchievedCorrelation
	// Uncertainty splits the headline's uncertainty into the weights', the
	// inputs' and the model's own shares; nil without Plan.Posterior.
	Uncertainty *Uncertainty `json:",omitempty"`
}

// Proportion is an estimated probability with its Monte Carlo error:
// Count successes out of N, the estimate P, a 95% Wilson interval [Lo, Hi]
// and the binomial standard error SE.
type Proportion struct {
	// Count is the number of runs in which the thing happened.
	Count int64 `json:"count"`
	// N is the number of runs the probability is estimated from.
	N int64 `json:"n"`
	// P is the estimate, count/n, a probability 0–1.
	P float64 `json:"p"`
	// Lo is the lower end of P's 95% Wilson interval.
	Lo float64 `json:"lo"`
	// Hi is the upper end of P's 95% Wilson interval.
	Hi float64 `json:"hi"`
	// SE is P's binomial standard error, sqrt(p(1−p)/n).
	SE float64 `json:"se"`
}

// Blocking records who withheld consent when the alliance was on the table.
// Occasions counts run-years on which it was on the table and refused;
// ByYear splits them by year. Shares are of all such occasions.
type Blocking struct {
	Occasions int64
	// OnlyFirst, OnlySecond and Both count occasions on which only the first
	// actor, only the second, or both withheld consent.
	OnlyFirst, OnlySecond, Both int64
	// ByYear[t] = [only first, only second, both] in year t.
	ByYear [][3]int64
	// RunsBlocked is the number of runs with at least one refusal.
	RunsBlocked int64
}

// EventStat is one event's summary: how often it occurred within the
// horizon, and P(alliance by the horizon) in runs with and without it.
type EventStat struct {
	Name          string
	Occurred      Proportion
	AllianceIf    Proportion
	AllianceIfNot Proportion
}

// LatentQuantiles are quantiles of the latent alignment pressure in one
// year: the 5th, 25th, 50th, 75th and 95th percentiles.
type LatentQuantiles struct {
	Year                    int
	P05, P25, P50, P75, P95 float64
}
