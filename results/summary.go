package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/sim"
)

// SchemaVersion is bumped whenever summary.json changes incompatibly.
const SchemaVersion = 1

// Summary is summary.json.
type Summary struct {
	// Schema is the file's schema version, 1; a reader refuses any other.
	Schema int `json:"schema"`
	// Scenario identifies the scenario that was run: its name, its file
	// and the SHA-256 of the file's bytes.
	Scenario ScenarioRef `json:"scenario"`
	// Run says how the runs were made: the number of draws, the seed, the
	// sampler, the workers, the tool's version, the time taken and why
	// drawing stopped.
	Run RunInfo `json:"run"`
	// StartYear is the first simulated year (a calendar year): the
	// simulated years are start_year … start_year + horizon_years − 1.
	StartYear int `json:"start_year"`
	// HorizonYears is the number of simulated years; the horizon is the
	// end of the last of them, start_year + horizon_years − 1.
	HorizonYears int `json:"horizon_years"`
	// Actors are the two prospective partners, each with its id and
	// display name; "first" and "second" elsewhere in the file
	// (blocking.by_year) follow this order.
	Actors []Actor `json:"actors"`
	// Rival is the display name of the common rival the scenario names
	// (the US in the baseline).
	Rival string `json:"rival"`
	// Alliance is the headline: P(a defence alliance has formed) by the
	// horizon and by the end of each year, and P(one is in force or has
	// ended) by year.
	Alliance Alliance `json:"alliance"`
	// Paths gives the share of runs whose path on the ladder stepped down
	// a rung, and of those that stayed calm.
	Paths Paths `json:"paths"`
	// States is the share of runs on each rung of the ladder at the end
	// of each year.
	States States `json:"states"`
	// Onset is the number and share of runs whose alliance formed in each
	// year, and of runs in which none formed within the horizon.
	Onset Onset `json:"onset"`
	// Blocking says who withheld consent when the alliance was on the
	// table: each actor's share of the refusals alone (under its id) and
	// both's, the number of refusals (run-years) and of runs with one,
	// and the counts by year.
	Blocking Blocking `json:"blocking"`
	// Events are, for each of the scenario's events, how often it
	// occurred within the horizon and P(alliance by the horizon) in the
	// runs with and without it (a correlation across runs, not a causal
	// effect); empty when the scenario has none.
	Events []Event `json:"events"`
	// Latent holds, for each simulated year, the 5th, 25th, 50th, 75th
	// and 95th percentiles across runs of the latent alignment pressure
	// (in model units).
	Latent []LatentYear `json:"latent"`
	// Correlations are the rank correlations the scenario asks for and
	// those the draws achieved; omitted when the scenario has none.
	Correlations []Correlation `json:"correlations,omitempty"`
	// Uncertainty splits the headline's uncertainty (runs with a
	// posterior of the weights only; docs/results.md).
	Uncertainty *Uncertainty `json:"uncertainty,omitempty"`
}

// Uncertainty is summary.json's split of the headline's uncertainty
// (sim.Uncertainty): the Monte Carlo error, and the variance of a run's
// outcome, p(1−p), split into the weights', the scenario inputs' and the
// model's own shares.
type Uncertainty struct {
	// Vectors is the number of weight vectors in the posterior sample the
	// runs drew their weights from.
	Vectors int `json:"posterior_vectors"`
	// Groups is the number of complete groups of three draws: draws 3m
	// and 3m+1 share a weight vector (m modulo the sample's size: vectors
	// are reused when there are more groups than vectors) and the
	// scenario's inputs, draw 3m+2 only the weight vector.
	Groups int64 `json:"groups"`
	// Patterns are eight counts of groups by their outcomes: entry b
	// counts the groups in which bit j of b is set when draw 3m+j formed
	// an alliance by the horizon. Every other figure here is computed
	// from them, so merged shards give the same numbers.
	Patterns [8]int64 `json:"patterns"`
	// P is the groups' estimate of the probability of an alliance by the
	// horizon, 0–1 (0 when there are no groups).
	P Num `json:"p"`
	// MonteCarloSE is P's Monte Carlo standard error, which allows for
	// the correlation of the draws within a group.
	MonteCarloSE Num `json:"monte_carlo_se"`
	// Variance is p(1−p), the variance of one run's outcome (an alliance
	// by the horizon or not), which weights, inputs and model split
	// between them.
	Variance Num `json:"variance"`
	// Weights is the part of the variance due to the weights: the
	// variance, across the posterior, of the probability of an alliance
	// that a weight vector gives.
	Weights Part `json:"weights"`
	// Inputs is the part of the variance due to the scenario's uncertain
	// inputs, for given weights.
	Inputs Part `json:"inputs"`
	// Model is the part of the variance due to the model's own chance:
	// noise, events and consent shocks.
	Model Part `json:"model"`
}

// Part is one share of the variance of a run's outcome.
type Part struct {
	// Variance is this part of the variance of a run's outcome (on the
	// scale of a probability squared); it may come out slightly negative
	// when the true part is near 0.
	Variance Num `json:"variance"`
	// VarianceSE is Variance's Monte Carlo standard error (delta method
	// over the independent groups).
	VarianceSE Num `json:"variance_se"`
	// Share is Variance as a share (0–1) of the whole variance p(1−p);
	// the three parts' shares add up to 1, and one may come out slightly
	// negative when the true share is near 0. It is 0 when the whole
	// variance is 0.
	Share Num `json:"share"`
	// ShareSE is Share's Monte Carlo standard error (delta method over
	// the independent groups).
	ShareSE Num `json:"share_se"`
	// SD is sqrt(variance), the standard deviation of the probability of
	// an alliance that this part implies (a probability 0–1); 0 when the
	// estimated variance is not above 0.
	SD Num `json:"sd"`
	// SDSE is SD's delta-method standard error; 0 when SD is 0.
	SDSE Num `json:"sd_se"`
}

func part(c sim.Component) Part {
	return Part{Variance: RoundNum(c.Variance), VarianceSE: RoundNum(c.VarianceSE), Share: RoundNum(c.Share), ShareSE: RoundNum(c.ShareSE), SD: RoundNum(c.SD), SDSE: RoundNum(c.SDSE)}
}

func uncertaintyJSON(u *sim.Uncertainty) *Uncertainty {
	if u == nil {
		return nil
	}
	return &Uncertainty{Vectors: u.Vectors, Groups: u.Groups, Patterns: u.Patterns, P: RoundNum(u.P), MonteCarloSE: RoundNum(u.MonteCarloSE),
		Variance: RoundNum(u.Total), Weights: part(u.Weights), Inputs: part(u.Inputs), Model: part(u.Model)}
}

// Correlation is a requested rank correlation between two inputs (a and b,
// their paths) and the Spearman rank correlation achieved in the first
// min(draws, 20,000) draws.
type Correlation struct {
	// A is the path of the first input of the pair (e.g. russia.threat).
	A string `json:"a"`
	// B is the path of the second input of the pair.
	B string `json:"b"`
	// Target is the rank correlation the scenario asks for, strictly
	// between −1 and 1.
	Target float64 `json:"target"`
	// Achieved is the Spearman rank correlation of the two inputs in the
	// first min(draws, 20,000) draws, in draw order (so it does not
	// depend on the workers; ties get their average rank).
	Achieved float64 `json:"achieved"`
}

// ScenarioRef identifies a scenario file by its name, file and digest:
// the one a result came from, or a calibration's case or path
// (calibrate.Identity).
type ScenarioRef struct {
	// Name is the scenario's name.
	Name string `json:"name"`
	// File is the scenario file's path as given, or bundled:<name> for a
	// scenario built into the tool.
	File string `json:"file"`
	// SHA256 is the SHA-256 of the scenario file's bytes, in hexadecimal.
	SHA256 string `json:"sha256"`
}

// RunInfo says how the result was made.
type RunInfo struct {
	// Draws is the number of simulated runs (draws); with a precision
	// target, the number drawn when drawing stopped.
	Draws int64 `json:"draws"`
	// Seed is the random seed; the same seed, scenario and weights give
	// the same results whatever the number of workers.
	Seed uint64 `json:"seed"`
	// Sampler is how the uncertain inputs were sampled across draws: mc
	// (Monte Carlo) or lhs (Latin hypercube).
	Sampler design.Sampler `json:"sampler"`
	// Workers is the number of parallel workers that simulated the draws;
	// it does not change the results.
	Workers int `json:"workers"`
	// Version is the version of alliancesim that made the result.
	Version string `json:"version"`
	// ElapsedS is the wall-clock time of the simulation in seconds,
	// rounded to the millisecond.
	ElapsedS float64 `json:"elapsed_s"`
	// Stopped is why drawing stopped: draws (the number asked for),
	// precision (the target half-width met) or max_draws (the cap reached
	// first).
	Stopped sim.StopReason `json:"stopped"`
	// Precision is the requested 95% half-width of P(alliance by the
	// horizon) (--precision, such as 0.002): drawing went on until
	// by_horizon's Wilson half-width (in a comparison, every scenario's)
	// was at most this, or max_draws was reached; absent when none was
	// asked.
	Precision float64 `json:"precision,omitempty"`
}

// Actor is one partner.
type Actor struct {
	// ID is the actor's identifier in the scenario ("russia"), as used in
	// input paths and as blocking's keys.
	ID string `json:"id"`
	// Name is the actor's display name.
	Name string `json:"name"`
}

// Num is a number in summary.json that may be undefined: NaN (an estimate
// from zero runs, a quantile outside the recorded range) is written as
// null, and null reads back as NaN, so "no data" never reads as 0.
type Num float64

// MarshalJSON writes NaN and ±Inf as null.
func (x Num) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// UnmarshalJSON reads null as NaN.
func (x *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = Num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = Num(f)
	return nil
}

// Prob is a probability with its 95% Wilson interval and standard error;
// all four are null when N is 0.
type Prob struct {
	// P is the estimated probability, count/n (0–1); null when n is 0.
	P Num `json:"p"`
	// Lo is the lower end of P's 95% Wilson interval; null when n is 0.
	Lo Num `json:"lo"`
	// Hi is the upper end of P's 95% Wilson interval; null when n is 0.
	Hi Num `json:"hi"`
	// SE is P's binomial standard error, sqrt(p(1−p)/n); null when n is
	// 0.
	SE Num `json:"se"`
	// Count is the number of runs in which the thing happened.
	Count int64 `json:"count"`
	// N is the number of runs the probability is estimated from: all
	// draws, or for a conditional probability the runs that meet the
	// condition.
	N int64 `json:"n"`
}

// YearProb is P(alliance formed by the end of Year).
type YearProb struct {
	// Year is the calendar year, by whose end the probability is taken.
	Year int `json:"year"`
	// P is the estimated probability (0–1), the share of all draws.
	P float64 `json:"p"`
	// Lo is the lower end of P's 95% Wilson interval.
	Lo float64 `json:"lo"`
	// Hi is the upper end of P's 95% Wilson interval.
	Hi float64 `json:"hi"`
	// SE is P's binomial standard error.
	SE float64 `json:"se"`
}

// Alliance is the headline: the probability that the defence alliance has
// formed by the horizon and by each year; then whether one is in force.
type Alliance struct {
	// ByHorizon is P(a defence alliance has formed by the end of the last
	// simulated year), with its 95% Wilson interval, standard error and
	// the counts behind it.
	ByHorizon Prob `json:"by_horizon"`
	// ByYear is P(a defence alliance has formed by the end of each year):
	// a cumulative, non-decreasing curve whose last entry is by_horizon.
	ByYear []YearProb `json:"by_year"`
	// StartAllied is true when the scenario starts on an alliance in force;
	// by_horizon and by_year then count new pacts only.
	StartAllied bool `json:"start_allied"`
	// InForceByYear is P(an alliance is in force at the end of the year).
	InForceByYear []YearProb `json:"in_force_by_year"`
	// FormedInForce is P(a pact formed during the run and is still in
	// force at the horizon).
	FormedInForce Prob `json:"formed_in_force_at_horizon"`
	// EndedByYear is P(an alliance in force, from the start or formed
	// during the run, has ended by the end of the year).
	EndedByYear []YearProb `json:"ended_by_year"`
}

// Paths summarizes the shape of the runs' paths on the ladder.
type Paths struct {
	// StepDown is P(the pair stepped down a rung at least once, not
	// counting the end of an alliance).
	StepDown Prob `json:"step_down"`
	// Calm is P(no step down and no onset): the shape of the China–Russia
	// record since 1989.
	Calm Prob `json:"no_step_down_no_onset"`
}

// States is the distribution over the ladder by year.
type States struct {
	// Names are the display names of the ladder's rungs, from rung 0
	// (rivalry) to the top rung (defence alliance).
	Names []string `json:"names"`
	// Keys are the rungs' stable keys (rivalry, normalization,
	// strategic_partnership, treaty_partnership, entente,
	// defence_alliance), in the same order as names.
	Keys []string `json:"keys"`
	// ByYear is, for each simulated year, the share of runs on each rung
	// at the end of the year.
	ByYear []StateYear `json:"by_year"`
}

// StateYear holds one probability per state, in ladder order.
type StateYear struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// P is the share (0–1) of runs on each rung at the end of the year,
	// in ladder order (p[0] is rivalry, as in the states' keys); the
	// shares add up to 1, up to their rounding to six decimals.
	P []float64 `json:"p"`
}

// Onset is the distribution of the year in which the alliance formed.
type Onset struct {
	// ByYear is, for each simulated year, the number and share of runs
	// whose alliance formed in that year.
	ByYear []OnsetYear `json:"by_year"`
	// None is the number of runs without an alliance within the horizon.
	None int64 `json:"none"`
	// NoneShare is None over all draws.
	NoneShare float64 `json:"none_share"`
}

// OnsetYear is the number and share of runs whose alliance formed in Year.
type OnsetYear struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// Count is the number of runs whose alliance formed in this year.
	Count int64 `json:"count"`
	// Share is count over all draws (0–1).
	Share float64 `json:"share"`
}

// Blocking says who withheld consent when the alliance was on the table.
// Shares are of all refusals (run-years). In JSON the object holds one
// share per actor, keyed by the actor's id, for refusals in which that
// actor alone withheld consent, plus "both", "occasions", "runs_blocked"
// and "by_year" (actor ids cannot take these names).
type Blocking struct {
	Occasions   int64
	RunsBlocked int64
	Only        map[string]Num
	Both        Num
	ByYear      []BlockYear
}

type blockingFixed struct {
	Both        Num         `json:"both"`
	Occasions   int64       `json:"occasions"`
	RunsBlocked int64       `json:"runs_blocked"`
	ByYear      []BlockYear `json:"by_year"`
}

// MarshalJSON writes the actors' shares first, in id order, then the
// fixed fields.
func (b Blocking) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for _, id := range slices.Sorted(maps.Keys(b.Only)) {
		k, _ := json.Marshal(id)
		v, _ := json.Marshal(b.Only[id])
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
		buf.WriteByte(',')
	}
	rest, err := json.Marshal(blockingFixed{b.Both, b.Occasions, b.RunsBlocked, b.ByYear})
	if err != nil {
		return nil, err
	}
	buf.Write(rest[1:])
	return buf.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (b *Blocking) UnmarshalJSON(data []byte) error {
	var fixed blockingFixed
	if err := json.Unmarshal(data, &fixed); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	*b = Blocking{Occasions: fixed.Occasions, RunsBlocked: fixed.RunsBlocked, Both: fixed.Both, ByYear: fixed.ByYear, Only: map[string]Num{}}
	for k, raw := range all {
		switch k {
		case "both", "occasions", "runs_blocked", "by_year":
			continue
		}
		var v Num
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("blocking.%s: %w", k, err)
		}
		b.Only[k] = v
	}
	return nil
}

// BlockYear counts refusals in Year: only the first actor, only the
// second, or both.
type BlockYear struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// OnlyFirst is the number of runs in which, this year, the alliance
	// was on the table and only the first actor (actors[0]) withheld
	// consent.
	OnlyFirst int64 `json:"only_first"`
	// OnlySecond is the number of runs in which, this year, the alliance
	// was on the table and only the second actor (actors[1]) withheld
	// consent.
	OnlySecond int64 `json:"only_second"`
	// Both is the number of runs in which, this year, the alliance was on
	// the table and both actors withheld consent.
	Both int64 `json:"both"`
}

// Event is one event's occurrence and conditional alliance probabilities.
type Event struct {
	// Name is the event's name in the scenario ("taiwan_crisis").
	Name string `json:"name"`
	// POccurred is P(the event occurred at least once within the
	// horizon), over all draws.
	POccurred Prob `json:"p_occurred"`
	// PAllianceIf is P(alliance by the horizon) in the runs in which the
	// event occurred; its values are null when it never occurred.
	PAllianceIf Prob `json:"p_alliance_if"`
	// PAllianceIfNot is P(alliance by the horizon) in the runs in which
	// the event did not occur; its values are null when it always
	// occurred.
	PAllianceIfNot Prob `json:"p_alliance_if_not"`
}

// LatentYear holds quantiles of the latent alignment pressure.
type LatentYear struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// P05 is the 5th percentile of the latent alignment pressure across
	// runs, read from a histogram of 4,000 bins; null when it falls
	// outside the histogram's range.
	P05 Num `json:"p05"`
	// P25 is the 25th percentile of the latent alignment pressure; null
	// outside the histogram's range.
	P25 Num `json:"p25"`
	// P50 is the median of the latent alignment pressure; null outside
	// the histogram's range.
	P50 Num `json:"p50"`
	// P75 is the 75th percentile of the latent alignment pressure; null
	// outside the histogram's range.
	P75 Num `json:"p75"`
	// P95 is the 95th percentile of the latent alignment pressure; null
	// outside the histogram's range.
	P95 Num `json:"p95"`
}

// Round is how every results file (summary.json, backtest.json,
// calibration.json, nowcast.json, the serve API) rounds a number, to keep
// it readable and stable: six decimals, far below any Monte Carlo error
// the files report. An undefined value (NaN, ±Inf) becomes NaN, which a
// Num writes as null.
func Round(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return math.NaN()
	}
	if math.Abs(x) >= 1e15 {
		return x // has no fraction worth rounding, and x·1e6 could overflow
	}
	return math.Round(x*1e6) / 1e6
}

// RoundNum is Round as a Num: undefined values are written as null.
func RoundNum(x float64) Num { return Num(Round(x)) }

// RoundNums is RoundNum of each of xs.
func RoundNums(xs []float64) []Num {
	out := make([]Num, len(xs))
	for i, x := range xs {
		out[i] = RoundNum(x)
	}
	return out
}

func prob(p sim.Proportion) Prob {
	return Prob{P: RoundNum(p.P), Lo: RoundNum(p.Lo), Hi: RoundNum(p.Hi), SE: RoundNum(p.SE), Count: p.Count, N: p.N}
}

// FromResult builds summary.json's content from a result.
func FromResult(r *sim.Result, sc ScenarioRef, version string) *Summary {
	s := &Summary{
		Schema:   SchemaVersion,
		Scenario: sc,
		Run: RunInfo{Draws: r.Draws, Seed: r.Seed, Sampler: r.Sampler, Workers: r.Workers, Version: version,
			ElapsedS: math.Round(r.ElapsedSeconds*1000) / 1000, Stopped: r.Stopped, Precision: r.Precision},
		StartYear:    r.StartYear,
		HorizonYears: r.HorizonYears,
		Actors:       []Actor{{ID: r.ActorIDs[0], Name: r.Actors[0]}, {ID: r.ActorIDs[1], Name: r.Actors[1]}},
		Rival:        r.Rival,
		Alliance: Alliance{ByHorizon: prob(r.ByHorizon), StartAllied: r.StartAllied, FormedInForce: prob(r.FormedInForce),
			InForceByYear: []YearProb{}, EndedByYear: []YearProb{}},
		Paths:  Paths{StepDown: prob(r.StepDown), Calm: prob(r.Calm)},
		States: States{Names: r.StateNames, Keys: r.StateKeys},
		Onset:  Onset{None: r.NoOnset},
		Blocking: Blocking{Occasions: r.Blocking.Occasions, RunsBlocked: r.Blocking.RunsBlocked,
			Only: map[string]Num{}},
		Events: []Event{},
	}
	draws := float64(max(r.Draws, 1))
	s.Onset.NoneShare = Round(float64(r.NoOnset) / draws)
	for t, y := range r.Years {
		a := r.Alliance[t]
		s.Alliance.ByYear = append(s.Alliance.ByYear, yearProb(y, a))
		if t < len(r.InForce) && t < len(r.Ended) {
			s.Alliance.InForceByYear = append(s.Alliance.InForceByYear, yearProb(y, r.InForce[t]))
			s.Alliance.EndedByYear = append(s.Alliance.EndedByYear, yearProb(y, r.Ended[t]))
		}
		ps := make([]float64, len(r.StateProb[t]))
		for k, v := range r.StateProb[t] {
			ps[k] = Round(v)
		}
		s.States.ByYear = append(s.States.ByYear, StateYear{Year: y, P: ps})
		s.Onset.ByYear = append(s.Onset.ByYear, OnsetYear{Year: y, Count: r.Onset[t], Share: Round(float64(r.Onset[t]) / draws)})
		b := r.Blocking.ByYear[t]
		s.Blocking.ByYear = append(s.Blocking.ByYear, BlockYear{Year: y, OnlyFirst: b[0], OnlySecond: b[1], Both: b[2]})
		l := r.Latent[t]
		s.Latent = append(s.Latent, LatentYear{Year: y, P05: RoundNum(l.P05), P25: RoundNum(l.P25), P50: RoundNum(l.P50), P75: RoundNum(l.P75), P95: RoundNum(l.P95)})
	}
	occ := float64(r.Blocking.Occasions) // 0 gives NaN shares: written as null
	s.Blocking.Only[r.ActorIDs[0]] = RoundNum(float64(r.Blocking.OnlyFirst) / occ)
	s.Blocking.Only[r.ActorIDs[1]] = RoundNum(float64(r.Blocking.OnlySecond) / occ)
	s.Blocking.Both = RoundNum(float64(r.Blocking.Both) / occ)
	for _, e := range r.Events {
		s.Events = append(s.Events, Event{Name: e.Name, POccurred: prob(e.Occurred), PAllianceIf: prob(e.AllianceIf), PAllianceIfNot: prob(e.AllianceIfNot)})
	}
	for _, c := range r.Correlations {
		s.Correlations = append(s.Correlations, Correlation{A: c.A, B: c.B, Target: c.Target, Achieved: Round(c.Achieved)})
	}
	s.Uncertainty = uncertaintyJSON(r.Uncertainty)
	return s
}

func yearProb(y int, a sim.Proportion) YearProb {
	return YearProb{Year: y, P: Round(a.P), Lo: Round(a.Lo), Hi: Round(a.Hi), SE: Round(a.SE)}
}

// Result rebuilds a sim.Result from a summary, so charts can be re-rendered
// from saved results without re-running.
func (s *Summary) Result() (*sim.Result, error) {
	if err := CheckSchema("summary", s.Schema, SchemaVersion); err != nil {
		return nil, err
	}
	n := len(s.Alliance.ByYear)
	if len(s.States.ByYear) != n || len(s.Onset.ByYear) != n || len(s.Blocking.ByYear) != n || len(s.Latent) != n || len(s.Actors) != 2 {
		return nil, fmt.Errorf("summary is inconsistent: the by-year lists differ in length")
	}
	r := &sim.Result{
		Scenario: s.Scenario.Name, Actors: [2]string{s.Actors[0].Name, s.Actors[1].Name},
		ActorIDs: [2]string{s.Actors[0].ID, s.Actors[1].ID}, Rival: s.Rival,
		StartYear: s.StartYear, HorizonYears: s.HorizonYears,
		Draws: s.Run.Draws, Seed: s.Run.Seed, Sampler: s.Run.Sampler, Workers: s.Run.Workers,
		Stopped: s.Run.Stopped, Precision: s.Run.Precision, ElapsedSeconds: s.Run.ElapsedS,
		StateNames: s.States.Names, StateKeys: s.States.Keys, NoOnset: s.Onset.None,
		StartAllied: s.Alliance.StartAllied,
	}
	conv := func(p Prob) sim.Proportion {
		return sim.Proportion{Count: p.Count, N: p.N, P: float64(p.P), Lo: float64(p.Lo), Hi: float64(p.Hi), SE: float64(p.SE)}
	}
	yconv := func(a YearProb) sim.Proportion {
		return sim.Proportion{Count: int64(math.Round(a.P * float64(s.Run.Draws))), N: s.Run.Draws, P: a.P, Lo: a.Lo, Hi: a.Hi, SE: a.SE}
	}
	r.FormedInForce, r.StepDown, r.Calm = conv(s.Alliance.FormedInForce), conv(s.Paths.StepDown), conv(s.Paths.Calm)
	for t := range min(len(s.Alliance.InForceByYear), len(s.Alliance.EndedByYear)) {
		r.InForce = append(r.InForce, yconv(s.Alliance.InForceByYear[t]))
		r.Ended = append(r.Ended, yconv(s.Alliance.EndedByYear[t]))
	}
	for t := range n {
		a := s.Alliance.ByYear[t]
		r.Years = append(r.Years, a.Year)
		cnt := int64(math.Round(a.P * float64(s.Run.Draws)))
		r.Alliance = append(r.Alliance, sim.Proportion{Count: cnt, N: s.Run.Draws, P: a.P, Lo: a.Lo, Hi: a.Hi, SE: a.SE})
		r.StateProb = append(r.StateProb, s.States.ByYear[t].P)
		r.Onset = append(r.Onset, s.Onset.ByYear[t].Count)
		b := s.Blocking.ByYear[t]
		r.Blocking.ByYear = append(r.Blocking.ByYear, [3]int64{b.OnlyFirst, b.OnlySecond, b.Both})
		r.Blocking.OnlyFirst += b.OnlyFirst
		r.Blocking.OnlySecond += b.OnlySecond
		r.Blocking.Both += b.Both
		l := s.Latent[t]
		r.Latent = append(r.Latent, sim.LatentQuantiles{Year: l.Year, P05: float64(l.P05), P25: float64(l.P25), P50: float64(l.P50), P75: float64(l.P75), P95: float64(l.P95)})
	}
	r.Blocking.Occasions = s.Blocking.Occasions
	r.Blocking.RunsBlocked = s.Blocking.RunsBlocked
	h := s.Alliance.ByHorizon
	r.ByHorizon = sim.Proportion{Count: h.Count, N: h.N, P: float64(h.P), Lo: float64(h.Lo), Hi: float64(h.Hi), SE: float64(h.SE)}
	for _, e := range s.Events {
		r.Events = append(r.Events, sim.EventStat{Name: e.Name, Occurred: conv(e.POccurred), AllianceIf: conv(e.PAllianceIf), AllianceIfNot: conv(e.PAllianceIfNot)})
	}
	for _, c := range s.Correlations {
		r.Correlations = append(r.Correlations, sim.AchievedCorrelation{A: c.A, B: c.B, Target: c.Target, Achieved: c.Achieved, N: int(min(s.Run.Draws, 20_000))})
	}
	if u := s.Uncertainty; u != nil {
		r.Uncertainty = sim.UncertaintyFrom(u.Patterns, u.Vectors)
	}
	return r, nil
}

// Marshal renders the summary as indented JSON with a final newline.
func (s *Summary) Marshal() ([]byte, error) {
	return JSON(s)
}
