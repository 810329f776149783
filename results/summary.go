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
	Schema       int          `json:"schema"`
	Scenario     ScenarioRef  `json:"scenario"`
	Run          RunInfo      `json:"run"`
	StartYear    int          `json:"start_year"`
	HorizonYears int          `json:"horizon_years"`
	Actors       []Actor      `json:"actors"`
	Rival        string       `json:"rival"`
	Alliance     Alliance     `json:"alliance"`
	Paths        Paths        `json:"paths"`
	States       States       `json:"states"`
	Onset        Onset        `json:"onset"`
	Blocking     Blocking     `json:"blocking"`
	Events       []Event      `json:"events"`
	Latent       []LatentYear `json:"latent"`
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
	Vectors      int      `json:"posterior_vectors"`
	Groups       int64    `json:"groups"`
	Patterns     [8]int64 `json:"patterns"`
	P            Num      `json:"p"`
	MonteCarloSE Num      `json:"monte_carlo_se"`
	Variance     Num      `json:"variance"`
	Weights      Part     `json:"weights"`
	Inputs       Part     `json:"inputs"`
	Model        Part     `json:"model"`
}

// Part is one share of the variance of a run's outcome.
type Part struct {
	Variance   Num `json:"variance"`
	VarianceSE Num `json:"variance_se"`
	Share      Num `json:"share"`
	ShareSE    Num `json:"share_se"`
	SD         Num `json:"sd"`
	SDSE       Num `json:"sd_se"`
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
	A        string  `json:"a"`
	B        string  `json:"b"`
	Target   float64 `json:"target"`
	Achieved float64 `json:"achieved"`
}

// ScenarioRef identifies a scenario file by its name, file and digest:
// the one a result came from, or a calibration's case or path
// (calibrate.Identity).
type ScenarioRef struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// RunInfo says how the result was made.
type RunInfo struct {
	Draws     int64          `json:"draws"`
	Seed      uint64         `json:"seed"`
	Sampler   design.Sampler `json:"sampler"`
	Workers   int            `json:"workers"`
	Version   string         `json:"version"`
	ElapsedS  float64        `json:"elapsed_s"`
	Stopped   sim.StopReason `json:"stopped"`
	Precision float64        `json:"precision,omitempty"`
}

// Actor is one partner.
type Actor struct {
	ID   string `json:"id"`
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
	P     Num   `json:"p"`
	Lo    Num   `json:"lo"`
	Hi    Num   `json:"hi"`
	SE    Num   `json:"se"`
	Count int64 `json:"count"`
	N     int64 `json:"n"`
}

// YearProb is P(alliance formed by the end of Year).
type YearProb struct {
	Year int     `json:"year"`
	P    float64 `json:"p"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	SE   float64 `json:"se"`
}

// Alliance is the headline: the probability that the defence alliance has
// formed by the horizon and by each year; then whether one is in force.
type Alliance struct {
	ByHorizon Prob       `json:"by_horizon"`
	ByYear    []YearProb `json:"by_year"`
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
	Names  []string    `json:"names"`
	Keys   []string    `json:"keys"`
	ByYear []StateYear `json:"by_year"`
}

// StateYear holds one probability per state, in ladder order.
type StateYear struct {
	Year int       `json:"year"`
	P    []float64 `json:"p"`
}

// Onset is the distribution of the year in which the alliance formed.
type Onset struct {
	ByYear []OnsetYear `json:"by_year"`
	// None is the number of runs without an alliance within the horizon.
	None int64 `json:"none"`
	// NoneShare is None over all draws.
	NoneShare float64 `json:"none_share"`
}

// OnsetYear is the number and share of runs whose alliance formed in Year.
type OnsetYear struct {
	Year  int     `json:"year"`
	Count int64   `json:"count"`
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
	Year       int   `json:"year"`
	OnlyFirst  int64 `json:"only_first"`
	OnlySecond int64 `json:"only_second"`
	Both       int64 `json:"both"`
}

// Event is one event's occurrence and conditional alliance probabilities.
type Event struct {
	Name           string `json:"name"`
	POccurred      Prob   `json:"p_occurred"`
	PAllianceIf    Prob   `json:"p_alliance_if"`
	PAllianceIfNot Prob   `json:"p_alliance_if_not"`
}

// LatentYear holds quantiles of the latent alignment pressure.
type LatentYear struct {
	Year int `json:"year"`
	P05  Num `json:"p05"`
	P25  Num `json:"p25"`
	P50  Num `json:"p50"`
	P75  Num `json:"p75"`
	P95  Num `json:"p95"`
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
