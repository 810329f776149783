package calibrate

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"time"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// A calibration can run as shards on a batch scheduler, a round at a
// time: round R's weight vectors depend on the likelihoods of rounds
// 1…R−1, so the rounds stay in order, but the weight vectors of one round
// are independent of each other and are split into slices. Every number
// a round contributes to the result is an integer count (per case, the
// draws with a pact by its outcome year; on the path, the draws per rung
// and year), so counts evaluated in any slices on any machines, written
// to JSON and read back, give exactly the points of one calibration; the
// proposals are rebuilt from the seed and those counts by the same code
// as in Run. Sharded drives it; ShardFile and State are its files.

// The state file of a sharded calibration.
const (
	// StateKind is the state file's kind.
	StateKind = "calibration-state"
	// StateFileName is the state's file in the state folder.
	StateFileName = "calibration-state.json"
	// StateSchema is the state's schema version.
	StateSchema = 1
	// ShardSchema is the schema version of a calibrate shard file. 2: the
	// slice (sim.Shard) under snake_case names, k and n, not Go's.
	ShardSchema = 2
	// MaxStateFileSize bounds the state file: about 300 integers per
	// weight vector on the bundled library (8,000 weight vectors by
	// default: some 10 MB).
	MaxStateFileSize = 1 << 30
)

// Identity is everything a calibration's result depends on but the
// counts: the version of the tool, the library, the priors, the case
// files and the path (each by its name, file and digest), and the
// settings. Shards and states of one calibration have equal
// identities.
type Identity struct {
	// Version is the version of alliancesim; every shard and state of one
	// calibration must have the same.
	Version string `json:"version"`
	// Library is where the cases came from: "bundled:history" or the folder
	// given.
	Library string `json:"library"`
	// Priors is the priors file: "bundled:priors/priors.yaml" or the path
	// given.
	Priors string `json:"priors"`
	// PriorsSHA256 is the hex SHA-256 digest of the priors file.
	PriorsSHA256 string `json:"priors_sha256"`
	// Cases identifies each case of the library, in its order, by its name,
	// file and SHA-256 digest.
	Cases []results.ScenarioRef `json:"cases"`
	// Path identifies the China–Russia path's scenario by its name, file
	// and digest; null when the path is left out of the likelihood.
	Path *results.ScenarioRef `json:"path"`
	// Points is the number of weight vectors per round.
	Points int `json:"points_per_round"`
	// Rounds is the number of importance-sampling rounds.
	Rounds int `json:"rounds"`
	// Draws is the number of simulated runs per case (and of the path) per
	// weight vector.
	Draws int `json:"draws"`
	// Seed roots every random number of the calibration.
	Seed uint64 `json:"seed"`
	// Resample is the number of weight vectors of the posterior sample.
	Resample int `json:"resample"`
	// Defensive is the prior's share (0–1) in the adaptive rounds' proposal
	// mixture.
	Defensive float64 `json:"defensive_share"`
	// EffectPriors is true when the effect priors entered the importance
	// weights; it and EffectDraws are absent without effect priors, so that
	// a state written before them reads alike.
	EffectPriors bool `json:"effect_priors,omitempty"`
	// EffectDraws is the base number of baseline runs per setting and
	// weight vector behind each effect prior (a row with a large pilot
	// standard error gets up to 8 times as many); absent without effect
	// priors.
	EffectDraws int `json:"effect_draws,omitempty"`
}

// Diff names the first thing that differs between a and b ("" when they
// are equal), for messages that say why two files are not of one
// calibration.
func (a *Identity) Diff(b *Identity) string {
	switch {
	case a.Version != b.Version:
		return fmt.Sprintf("the versions of alliancesim (%s, %s)", a.Version, b.Version)
	case a.Seed != b.Seed:
		return fmt.Sprintf("the seeds (%d, %d)", a.Seed, b.Seed)
	case a.Points != b.Points || a.Rounds != b.Rounds || a.Draws != b.Draws || a.Resample != b.Resample || a.Defensive != b.Defensive:
		return fmt.Sprintf("the settings (points %d/%d, rounds %d/%d, draws %d/%d)", a.Points, b.Points, a.Rounds, b.Rounds, a.Draws, b.Draws)
	case a.Library != b.Library || !reflect.DeepEqual(a.Cases, b.Cases):
		return fmt.Sprintf("the case libraries (%s, %s, or their files)", a.Library, b.Library)
	case a.Priors != b.Priors || a.PriorsSHA256 != b.PriorsSHA256:
		return "the priors"
	case !reflect.DeepEqual(a.Path, b.Path):
		return "the paths"
	case a.EffectPriors != b.EffectPriors || a.EffectDraws != b.EffectDraws:
		return fmt.Sprintf("the effect priors (%v with %d draws, %v with %d)", a.EffectPriors, a.EffectDraws, b.EffectPriors, b.EffectDraws)
	}
	return ""
}

// Counts are what one weight vector gave: K[c] the draws of case c with
// a pact by its outcome year; on the path (when there is one) Match the
// draws on the observed coarse path, States[t*NumStates+s] the draws on
// rung s at the end of year t and Onset[t] the draws whose alliance had
// formed by then.
type Counts struct {
	// K holds, for each case in the library's order, the number of the
	// weight vector's draws with a pact by the case's outcome year (out of
	// draws).
	K []int32 `json:"k"`
	// Match is the number of the path's draws on the observed coarse path
	// (every checkpoint and the pact condition); absent when zero or
	// without a path.
	Match int32 `json:"match,omitempty"`
	// States holds the path's draws per rung and year: entry t × 6 + s is
	// the number of draws on rung s (0 rivalry … 5 defence alliance) at the
	// end of year t counted from the path's start year (0); absent without
	// a path.
	States []int32 `json:"states,omitempty"`
	// Onset holds, for each year t from the path's start year (0), the
	// number of the path's draws whose alliance had formed by the end of
	// that year; absent without a path.
	Onset []int32 `json:"onset,omitempty"`
	// With effect priors, Effect holds, per effect prior, the onsets and
	// run-years at risk on its on and then its off setting (four numbers
	// each), and EffectSE the paired Monte Carlo SE of each log OR (a
	// float computed from the per-draw onsets, which the counts do not
	// keep; JSON carries a float64 exactly).
	Effect []int64 `json:"effect,omitempty"`
	// EffectSE holds, per effect prior, the paired Monte Carlo standard
	// error of its log odds ratio at this weight vector; absent without
	// effect priors.
	EffectSE []float64 `json:"effect_se,omitempty"`
}

// Part is one slice of one round: the counts of weight vectors From to
// To (of Points) of round Round (from 1).
type Part struct {
	// Round is the importance-sampling round the slice belongs to, counted
	// from 1.
	Round int `json:"round"`
	// Shard is the slice: k (from 0) of n.
	Shard sim.Shard `json:"shard"`
	// From is the first of the round's weight vectors the slice evaluated,
	// counted from 0.
	From int `json:"from"`
	// To is the end of the slice's weight vectors, excluded: it evaluated
	// the vectors [From, To).
	To int `json:"to"`
	// Points is the number of weight vectors of the whole round.
	Points int `json:"points"`
	// Proposal is the hex SHA-256 digest of the round's weight vectors (bit
	// for bit), which the merge compares to make sure every shard evaluated
	// the same ones.
	Proposal string `json:"proposal_sha256"`
	// Seconds is the slice's wall time.
	Seconds float64 `json:"seconds"`
	// Counts holds what each of the slice's weight vectors gave, in order,
	// one entry per vector of [From, To).
	Counts []Counts `json:"counts"`
}

// ShardFile is the shard.json of `calibrate --shard K/N --round R`.
type ShardFile struct {
	results.ShardHeader // schema ShardSchema, command "calibrate"
	// CasesDir is the case library's folder as given (--cases; empty for
	// the bundled library), for the merge to load the same library.
	CasesDir string `json:"cases_dir"`
	// Identity is what the calibration's result depends on besides the
	// counts (version, library, priors, case files, path and settings);
	// every shard and the state of one calibration must agree on it.
	Identity Identity `json:"calibration"`
	// Part is the slice of the round and its counts.
	Part *Part `json:"part"`
}

// Marshal renders the file on one line: its counts are long columns.
func (f *ShardFile) Marshal() ([]byte, error) { return results.JSONLine(f) }

// ReadShardFile reads and checks a calibration's shard.json (a folder
// given is read as the shard.json inside it).
func ReadShardFile(path string) (*ShardFile, error) {
	spec := results.FileSpec{Kind: "shard file of calibrate", Limit: results.MaxShardFileSize, Strict: true}
	return results.ReadJSON(results.ShardPath(path), spec, func(f *ShardFile) error {
		if err := f.Check("calibrate", ShardSchema); err != nil {
			return err
		}
		if f.Part == nil {
			return errors.New("the shard file is incomplete (no counts)")
		}
		return nil
	})
}

// StateRound is one merged round.
type StateRound struct {
	// Proposal is the hex SHA-256 digest of the round's weight vectors,
	// checked on resuming that the state is unchanged.
	Proposal string `json:"proposal_sha256"`
	// Shards is the number of slices the round was evaluated in.
	Shards int `json:"shards"`
	// Seconds is the round's wall time: its slowest shard's.
	Seconds float64 `json:"seconds"`
	// Counts holds what each of the round's weight vectors gave, in order.
	Counts []Counts `json:"counts"`
}

// State is the merged rounds of a sharded calibration, kept in the state
// folder as StateFileName: the next round's proposal and, after the last
// round, the result are rebuilt from it.
type State struct {
	// Schema is the version of the state file's format, 1.
	Schema int `json:"schema"`
	// Kind is always "calibration-state".
	Kind string `json:"kind"` // StateKind
	// CasesDir is the case library's folder as given (--cases; empty for
	// the bundled library).
	CasesDir string `json:"cases_dir"`
	// Identity is what the calibration's result depends on besides the
	// counts (version, library, priors, case files, path and settings);
	// every shard merged into the state must agree on it.
	Identity Identity `json:"calibration"`
	// Rounds holds the rounds merged so far, in order; the next round's
	// proposal and, after the last, the result are rebuilt from them.
	Rounds []StateRound `json:"rounds"`
}

// Marshal renders the state on one line.
func (s *State) Marshal() ([]byte, error) { return results.JSONLine(s) }

// ReadState reads the state in folder dir; it returns nil and no error
// when dir holds none (a calibration whose first round is yet to merge).
func ReadState(dir string) (*State, error) {
	path := dir + string(os.PathSeparator) + StateFileName
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	spec := results.FileSpec{Kind: "calibration state", Limit: MaxStateFileSize, Strict: true}
	return results.ReadJSON(path, spec, func(s *State) error {
		if s.Kind != StateKind {
			return fmt.Errorf("not a calibration state (kind %q)", s.Kind)
		}
		if err := results.CheckSchema("state", s.Schema, StateSchema); err != nil {
			return fmt.Errorf("%w: continue with the version that wrote it", err)
		}
		return nil
	})
}

// Sharded is a calibration run a round at a time, each round's weight
// vectors evaluated in slices (Evaluate) and merged (Merge) wherever the
// caller likes; Result then gives what Run gives with the same Options.
type Sharded struct {
	r        *run
	id       Identity
	rounds   []roundInfo
	merged   []StateRound
	prepared bool
	prepSecs float64
}

// NewSharded sets up a sharded calibration with options o (as Run takes
// them; Progress is honoured) by the tool of version version. Nothing is
// simulated yet.
func NewSharded(o Options, version string) (*Sharded, error) {
	r, err := newRun(o)
	if err != nil {
		return nil, err
	}
	o = r.o
	id := Identity{Version: version, Library: o.Library, Priors: o.Priors.File, PriorsSHA256: o.Priors.SHA256, Cases: []results.ScenarioRef{},
		Points: o.Points, Rounds: o.Stages, Draws: o.Draws, Seed: o.Seed, Resample: o.Resample, Defensive: o.Defensive}
	if o.EffectPriors {
		id.EffectPriors, id.EffectDraws = true, o.EffectDraws
	}
	for _, c := range o.Cases {
		id.Cases = append(id.Cases, results.ScenarioRef{Name: c.Name, File: c.File, SHA256: c.SHA256})
	}
	if p := o.Path; p != nil {
		if _, _, err := p.compile(); err != nil {
			return nil, err
		}
		id.Path = &results.ScenarioRef{Name: p.Name, File: p.File, SHA256: p.SHA256}
	}
	return &Sharded{r: r, id: id}, nil
}

// Identity is the calibration's identity.
func (c *Sharded) Identity() Identity { return c.id }

// Merged is the number of rounds merged so far.
func (c *Sharded) Merged() int { return len(c.rounds) }

// Resume takes up the rounds of state st, refusing a state of another
// calibration. No weight vector is simulated: the rounds' proposals are
// redrawn from the seed and the counts and checked against their digests.
func (c *Sharded) Resume(st *State) error {
	if len(c.rounds) > 0 {
		return errors.New("calibrate: the calibration has been resumed already")
	}
	if what := c.id.Diff(&st.Identity); what != "" {
		return fmt.Errorf("the state is of another calibration: %s differ", what)
	}
	if len(st.Rounds) > c.id.Rounds {
		return fmt.Errorf("the state holds %d rounds of a calibration of %d", len(st.Rounds), c.id.Rounds)
	}
	for i, sr := range st.Rounds {
		pts, prop, err := c.r.design(i)
		if err != nil {
			return err
		}
		if d := proposalDigest(i, pts); d != sr.Proposal {
			return fmt.Errorf("round %d's weight vectors are not those of this calibration (proposal digest %s, the state's %s): the state was changed", i+1, d, sr.Proposal)
		}
		if len(sr.Counts) != len(pts) {
			return fmt.Errorf("round %d has %d counts for %d weight vectors", i+1, len(sr.Counts), len(pts))
		}
		for j, p := range pts {
			if err := c.setCounts(p, &sr.Counts[j]); err != nil {
				return fmt.Errorf("round %d, weight vector %d: %w", i+1, j, err)
			}
		}
		c.rounds = c.r.addRound(c.rounds, pts, prop, sr.Seconds)
		c.merged = append(c.merged, sr)
	}
	return nil
}

// State is the merged rounds so far, as the state file keeps them;
// casesDir is recorded in it.
func (c *Sharded) State(casesDir string) *State {
	return &State{Schema: StateSchema, Kind: StateKind, CasesDir: casesDir, Identity: c.id, Rounds: append([]StateRound{}, c.merged...)}
}

// prepare draws the targets' inputs once: only evaluating and summarizing
// need them, not merging.
func (c *Sharded) prepare(ctx context.Context) error {
	if c.prepared {
		return nil
	}
	t0 := time.Now()
	if err := c.r.prepare(ctx); err != nil {
		return err
	}
	c.prepared, c.prepSecs = true, time.Since(t0).Seconds()
	return nil
}

// checkRound refuses a round other than the next one.
func (c *Sharded) checkRound(round int) error {
	next := len(c.rounds) + 1
	switch {
	case round < 1 || round > c.id.Rounds:
		return fmt.Errorf("round %d: the calibration has rounds 1 to %d", round, c.id.Rounds)
	case next > c.id.Rounds:
		return fmt.Errorf("round %d: every round (%d) has been merged already", round, c.id.Rounds)
	case round < next:
		return fmt.Errorf("round %d has been merged already: the next round is %d", round, next)
	case round > next:
		return fmt.Errorf("round %d needs round %d merged first (the state holds %d rounds)", round, round-1, next-1)
	}
	return nil
}

// Evaluate simulates slice sh of round round's weight vectors (round
// counts from 1 and must be the next round to merge).
func (c *Sharded) Evaluate(ctx context.Context, round int, sh sim.Shard) (*Part, error) {
	if err := sh.Validate(); err != nil {
		return nil, err
	}
	if err := c.checkRound(round); err != nil {
		return nil, err
	}
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	pts, _, err := c.r.design(round - 1)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	f, t := sh.Range(int64(len(pts)))
	from, to := int(f), int(t)
	if err := c.r.evaluate(ctx, round-1, pts[from:to]); err != nil {
		return nil, err
	}
	p := &Part{Round: round, Shard: sh, From: from, To: to, Points: len(pts), Proposal: proposalDigest(round-1, pts), Counts: []Counts{}}
	for _, pt := range pts[from:to] {
		ct := Counts{K: pt.k, Match: pt.path.match, States: pt.path.states, Onset: pt.path.onset}
		for _, e := range pt.eff {
			ct.Effect = append(ct.Effect, e.onsets, e.atRisk)
		}
		ct.EffectSE = pt.seLogOR
		p.Counts = append(p.Counts, ct)
	}
	p.Seconds = time.Since(t0).Seconds()
	return p, nil
}

// Merge adds the next round from the parts of all its slices, each once.
// It refuses parts of another round, another number of slices or other
// weight vectors, and a missing slice.
func (c *Sharded) Merge(parts []*Part) error {
	if len(parts) == 0 {
		return errors.New("no shards to merge")
	}
	round, n := parts[0].Round, parts[0].Shard.N
	if err := parts[0].Shard.Validate(); err != nil {
		return err
	}
	if err := c.checkRound(round); err != nil {
		return err
	}
	pts, prop, err := c.r.design(round - 1)
	if err != nil {
		return err
	}
	digest := proposalDigest(round-1, pts)
	byK := make([]*Part, n)
	sr := StateRound{Proposal: digest, Shards: n, Counts: make([]Counts, len(pts))}
	for _, p := range parts {
		switch {
		case p.Round != round:
			return fmt.Errorf("shards of rounds %d and %d: merge one round at a time", round, p.Round)
		case p.Shard.N != n:
			return fmt.Errorf("shards of %d and of %d slices: a round's shards split it alike", n, p.Shard.N)
		case p.Shard.Validate() != nil:
			return p.Shard.Validate()
		case byK[p.Shard.K] != nil:
			return fmt.Errorf("shard %s is given twice", p.Shard)
		case p.Proposal != digest || p.Points != len(pts):
			return fmt.Errorf("shard %s evaluated other weight vectors than round %d of this calibration (proposal digest %s, expected %s): it was run against another state", p.Shard, round, p.Proposal, digest)
		}
		f, t := p.Shard.Range(int64(len(pts)))
		if p.From != int(f) || p.To != int(t) || len(p.Counts) != p.To-p.From {
			return fmt.Errorf("shard %s holds weight vectors %d to %d (%d counts); the slice is %d to %d", p.Shard, p.From, p.To, len(p.Counts), f, t)
		}
		byK[p.Shard.K] = p
	}
	var missing []string
	for k, p := range byK {
		if p == nil {
			missing = append(missing, sim.Shard{K: k, N: n}.String())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shard %v of round %d missing: the round has %d slices and every one is needed", missing, round, n)
	}
	for _, p := range byK {
		sr.Seconds = max(sr.Seconds, p.Seconds)
		for j := range p.Counts {
			i := p.From + j
			if err := c.setCounts(pts[i], &p.Counts[j]); err != nil {
				return fmt.Errorf("shard %s, weight vector %d: %w", p.Shard, i, err)
			}
			sr.Counts[i] = p.Counts[j]
		}
	}
	c.rounds = c.r.addRound(c.rounds, pts, prop, sr.Seconds)
	c.merged = append(c.merged, sr)
	return nil
}

// Result summarizes the calibration once every round is merged: what Run
// gives with the same Options, but for the timings (the rounds' are their
// slowest shards', the preparation and the total this call's and the
// rounds') and the workers (this call's).
func (c *Sharded) Result(ctx context.Context) (*Result, error) {
	if len(c.rounds) != c.id.Rounds {
		return nil, fmt.Errorf("the calibration has %d rounds and %d are merged: merge the others first", c.id.Rounds, len(c.rounds))
	}
	start := time.Now()
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	r := c.r
	r.report(StageSummarize, 0, 0, 0, 1)
	res, err := r.summarize(ctx, c.rounds)
	if err != nil {
		return nil, err
	}
	res.Timing.PrepareSeconds = c.prepSecs
	res.Timing.TotalSeconds = time.Since(start).Seconds()
	for _, ri := range c.rounds {
		res.Timing.TotalSeconds += ri.seconds
	}
	r.report(StageSummarize, 0, 0, 1, 1)
	return res, nil
}

// setCounts checks counts read from a file against the calibration's
// shape (so that a damaged file is an error, not a crash) and gives
// them to point p.
func (c *Sharded) setCounts(p *point, ct *Counts) error {
	draws := int32(c.r.o.Draws)
	in := func(xs []int32) bool {
		for _, x := range xs {
			if x < 0 || x > draws {
				return false
			}
		}
		return true
	}
	if len(ct.K) != len(c.r.o.Cases) || !in(ct.K) {
		return fmt.Errorf("%d case counts for %d cases, or a count outside 0 to %d", len(ct.K), len(c.r.o.Cases), draws)
	}
	if err := c.setEffectCounts(p, ct); err != nil {
		return err
	}
	if c.r.o.Path == nil {
		if ct.States != nil || ct.Onset != nil || ct.Match != 0 {
			return errors.New("path counts for a calibration without a path")
		}
		c.r.setCounts(p, ct.K, nil)
		return nil
	}
	h := c.r.o.Path.Scenario.HorizonYears
	if len(ct.States) != h*model.NumStates || len(ct.Onset) != h || !in(ct.States) || !in(ct.Onset) || !in([]int32{ct.Match}) {
		return fmt.Errorf("path counts of the wrong shape (%d states, %d years) or outside 0 to %d", len(ct.States), len(ct.Onset), draws)
	}
	c.r.setCounts(p, ct.K, &pathCounts{match: ct.Match, states: ct.States, onset: ct.Onset})
	return nil
}

// proposalDigest is the SHA-256 of round s's weight vectors (their
// standard normal coordinates, bit for bit): shards and merges compare
// it to make sure they speak of the same points.
func proposalDigest(s int, pts []*point) string {
	h := sha256.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(s))
	h.Write(b[:])
	for _, p := range pts {
		for _, z := range p.z {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(z))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// setEffectCounts checks and gives point p the effect priors' counts.
func (c *Sharded) setEffectCounts(p *point, ct *Counts) error {
	if c.r.o.EffectPriors && c.r.eff == nil {
		// Reading counts needs the effect priors' terms (their draws come
		// from the pilot), not the cases' targets.
		if err := c.r.prepareEffects(context.Background()); err != nil {
			return err
		}
	}
	e := c.r.eff
	if e == nil {
		if ct.Effect != nil || ct.EffectSE != nil {
			return errors.New("effect-prior counts for a calibration without effect priors")
		}
		return nil
	}
	if len(ct.Effect) != 4*len(e.terms) || len(ct.EffectSE) != len(e.terms) {
		return fmt.Errorf("%d effect counts and %d standard errors for %d effect priors", len(ct.Effect), len(ct.EffectSE), len(e.terms))
	}
	p.eff = make([]effectCounts, 2*len(e.terms))
	for i := range p.eff {
		k, side := i/2, i%2
		j := e.terms[k].on
		if side == 1 {
			j = e.terms[k].off
		}
		n, h := int64(e.terms[k].n), int64(e.settings[j].sc.HorizonYears)
		on, risk := ct.Effect[2*i], ct.Effect[2*i+1]
		if on < 0 || on > n || risk < n || risk > n*h {
			return fmt.Errorf("effect counts outside their range (%d onsets, %d run-years in %d draws)", on, risk, n)
		}
		p.eff[i] = effectCounts{onsets: on, atRisk: risk}
	}
	c.r.setEffects(p, nil, 1)
	p.seLogOR = ct.EffectSE
	return nil
}
