package backtest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// A backtest splits across shards by its cases: shard K of N runs the
// contiguous cases sim.Shard.Range gives it, each with the random streams
// it has in the whole backtest (every case starts from the plan's seed),
// and keeps their results; a merge puts the cases back in order and
// scores them, which gives the whole backtest's report.

// Part is one shard's cases.
type Part struct {
	// Shard is the slice: k (from 0) of n.
	Shard sim.Shard `json:"shard"`
	// From and To are the shard's cases [From, To) of the library's,
	// counted from 0.
	From int `json:"from"`
	// To is the end of the shard's cases, excluded: the shard ran the cases
	// [From, To).
	To int `json:"to"`
	// Cases holds the shard's cases' outcomes and forecasts, in the
	// library's order.
	Cases []CaseRecord `json:"cases"`
	// Sampler and Workers are those the runs used.
	Sampler design.Sampler `json:"sampler"`
	// Workers is the number of parallel workers the shard's runs used; it
	// never changes the results.
	Workers int `json:"workers"`
	// ElapsedSeconds is the wall-clock time of the shard's runs, in
	// seconds.
	ElapsedSeconds float64 `json:"elapsed_s"`
}

// CaseRecord is a CaseResult as a shard file keeps it: a forecast the case
// lacks (NaN) is absent, which JSON cannot write as a number.
type CaseRecord struct {
	CaseID
	// Atop is the pact's ATOP alliance id; absent when the case file gives
	// none.
	Atop int `json:"atop,omitempty"`
	// Model is the model's forecast, P(alliance by the end of the outcome
	// year): the count of draws with an alliance out of n draws, the
	// estimate p, its 95% Wilson interval lo–hi and its binomial standard
	// error se.
	Model sim.Proportion `json:"model"`
	// BaseRate is the base-rate forecaster's probability of a pact over the
	// window, 1 − (1 − 0.0049)^years.
	BaseRate float64 `json:"base_rate"`
	// HasLogit is true when the case's file gives structural covariates, so
	// that the structural logit forecasts it and Logit, LogitHazard and
	// CapabilityRatio are present.
	HasLogit bool `json:"has_logit"`
	// Logit is the structural logit's probability of a pact over the
	// window; absent without structural covariates.
	Logit *float64 `json:"logit,omitempty"`
	// LogitHazard is the structural logit's annual hazard of a pact (a
	// probability per year); absent without structural covariates.
	LogitHazard *float64 `json:"logit_hazard,omitempty"`
	// CapabilityRatio is the stronger actor's capability over the weaker's
	// at the start year (each capability driver at its median), the logit's
	// covariate; absent without structural covariates.
	CapabilityRatio *float64 `json:"capability_ratio,omitempty"`
	// OwnWeights lists, in name order, the weight keys the case's file sets
	// itself, which take precedence over the run's weights; absent when it
	// sets none.
	OwnWeights []string `json:"own_weights,omitempty"`
}

func numOrNil(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

func nilOrNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func record(c CaseResult) CaseRecord {
	return CaseRecord{CaseID: c.id(),
		Atop: c.Atop, Model: c.Model, BaseRate: c.BaseRate, HasLogit: c.HasLogit, Logit: numOrNil(c.Logit),
		LogitHazard: numOrNil(c.LogitHazard), CapabilityRatio: numOrNil(c.CapabilityRatio), OwnWeights: c.OwnWeights}
}

func (r CaseRecord) result() CaseResult {
	return CaseResult{Name: r.Name, File: r.File, SHA256: r.SHA256, StartYear: r.StartYear, Year: r.Year, Years: r.Years, Pact: r.Pact,
		Atop: r.Atop, Model: r.Model, BaseRate: r.BaseRate, HasLogit: r.HasLogit, Logit: nilOrNaN(r.Logit),
		LogitHazard: nilOrNaN(r.LogitHazard), CapabilityRatio: nilOrNaN(r.CapabilityRatio), OwnWeights: r.OwnWeights}
}

// RunShard runs shard sh's cases of Run(ctx, cases, o); Merge combines
// the parts of every shard.
func RunShard(ctx context.Context, cases []Case, o Options, sh sim.Shard) (*Part, error) {
	start := time.Now()
	if err := sh.Validate(); err != nil {
		return nil, err
	}
	run, err := o.setup(cases)
	if err != nil {
		return nil, err
	}
	from, to := sh.Range(int64(len(cases)))
	p := &Part{Shard: sh, From: int(from), To: int(to), Cases: []CaseRecord{}, Sampler: run.plan.Sampler}
	crs, workers, sampler, err := run.cases(ctx, cases, p.From, p.To, o)
	if err != nil {
		return nil, err
	}
	for _, c := range crs {
		p.Cases = append(p.Cases, record(c))
	}
	p.Workers, p.Sampler = workers, cmpSampler(sampler, p.Sampler)
	p.ElapsedSeconds = time.Since(start).Seconds()
	return p, nil
}

func cmpSampler(a, b design.Sampler) design.Sampler {
	if a != "" {
		return a
	}
	return b
}

// Merge combines the parts of every shard of the backtest of the cases
// named in order by names into its report, as Run writes it but for the
// elapsed time (the shards' sum) and the workers. It names a missing or
// repeated shard and refuses a part whose cases are not its slice.
func Merge(names []string, o Options, parts []*Part) (*Report, error) {
	if len(parts) == 0 || len(names) == 0 {
		return nil, errors.New("backtest: no shards or no cases to merge")
	}
	s := &setup{plan: o.Plan, bins: o.Bins}
	if s.bins <= 0 {
		s.bins = DefaultBins
	}
	if s.plan.Draws == 0 {
		s.plan.Draws = DefaultDraws
	}
	n := parts[0].Shard.N
	byK := make([]*Part, n)
	for _, p := range parts {
		if err := p.Shard.Validate(); err != nil {
			return nil, err
		}
		from, to := p.Shard.Range(int64(len(names)))
		switch {
		case p.Shard.N != n:
			return nil, fmt.Errorf("shard %s is one of %d slices, another one of %d", p.Shard, p.Shard.N, n)
		case byK[p.Shard.K] != nil:
			return nil, fmt.Errorf("shard %s is given twice", p.Shard)
		case p.From != int(from) || p.To != int(to) || len(p.Cases) != p.To-p.From:
			return nil, fmt.Errorf("shard %s holds cases %d–%d (%d), but its slice of the %d cases is %d–%d", p.Shard, p.From, p.To, len(p.Cases), len(names), from, to)
		}
		for i, c := range p.Cases {
			if c.Name != names[p.From+i] {
				return nil, fmt.Errorf("shard %s ran case %q where the backtest has %q", p.Shard, c.Name, names[p.From+i])
			}
		}
		byK[p.Shard.K] = p
	}
	if err := sim.MissingShards(byK); err != nil {
		return nil, err
	}
	rep := s.report(o)
	for _, p := range byK {
		for _, c := range p.Cases {
			rep.Cases = append(rep.Cases, c.result())
		}
		rep.Workers = max(rep.Workers, p.Workers)
		rep.ElapsedSeconds += p.ElapsedSeconds
		if len(p.Cases) > 0 {
			rep.Sampler = p.Sampler
		}
	}
	if err := rep.Score(); err != nil {
		return nil, err
	}
	return rep, nil
}

// ShardFile is the shard.json of `backtest --shard K/N`: the backtest's
// setup, what backtest.json records of it, and the shard's cases.
type ShardFile struct {
	results.ShardHeader // command "backtest"
	// Version is the version of alliancesim that wrote the shard; every
	// shard of one backtest must have the same.
	Version string `json:"version"`
	// Library is where the cases came from: "bundled:history" or the folder
	// given.
	Library string `json:"library"`
	// Names are every case's name, in the backtest's order, and Digests
	// their files' SHA-256.
	Names []string `json:"names"`
	// Digests are the SHA-256 digests of the cases' files, in the order of
	// Names.
	Digests []string `json:"digests"`
	// Draws is the number of Monte Carlo draws each case runs.
	Draws int64 `json:"draws"`
	// Seed is the seed of every random stream of the backtest.
	Seed uint64 `json:"seed"`
	// Sampler is the sampler the backtest asked for: mc (Monte Carlo) or
	// lhs (Latin hypercube).
	Sampler string `json:"sampler"`
	// WeightsSource says in a few words where the weights came from, as
	// backtest.json's run.weights_source does.
	WeightsSource string `json:"weights_source"`
	// Weights are the resolved weights every case runs with, each with its
	// key, value and where it came from.
	Weights []results.ResolvedValue `json:"weights"`
	// Rerun is the command line that repeats the whole backtest.
	Rerun string `json:"rerun"`
	// Posterior records the posterior sample the draws took their weights
	// from (its file, SHA-256, number of weight vectors and where the
	// setting came from); absent without --posterior.
	Posterior *results.PosteriorRef `json:"posterior,omitempty"`
	// Part is the shard's slice of the cases and their results.
	Part *Part `json:"part"`
}

// Marshal renders the file.
func (f *ShardFile) Marshal() ([]byte, error) { return results.JSON(f) }

// ReadShardFile reads and checks a backtest's shard.json (a folder given
// is read as the shard.json inside it).
func ReadShardFile(path string) (*ShardFile, error) {
	spec := results.FileSpec{Kind: "shard file of backtest", Limit: results.MaxShardFileSize, Strict: true}
	return results.ReadJSON(results.ShardPath(path), spec, func(f *ShardFile) error {
		if err := f.Check("backtest", results.ShardSchema); err != nil {
			return err
		}
		if f.Part == nil || len(f.Names) == 0 || len(f.Names) != len(f.Digests) {
			return errors.New("the shard file is incomplete (no cases or no values)")
		}
		return nil
	})
}

// PosteriorFile is backtest.json of a backtest whose draws took their
// weights from a posterior: File with the posterior's record, so that the
// file says which sample the forecasts integrate over.
type PosteriorFile struct {
	*File
	// Posterior records the posterior sample every draw took its weights
	// from: its file (or bundled:priors/posterior.yaml), SHA-256, number of
	// weight vectors and where the setting came from.
	Posterior *results.PosteriorRef `json:"posterior"`
}

// Marshal renders the file.
func (f *PosteriorFile) Marshal() ([]byte, error) { return results.JSON(f) }
