package study

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// A sensitivity analysis splits across shards by its design points. Every
// evaluation is a deterministic function of its input vector (common
// random numbers), so the value of a point does not depend on where it is
// computed. Each shard therefore draws the whole design (cheap: the
// methods run on a recorder instead of the model), lists the points
// of each stage (tornado, Morris, Sobol) in the order the methods
// evaluate them, cuts each list into units (a tornado point, a Morris
// trajectory of inputs+1 points, a Sobol row of inputs+2) and evaluates
// the units u with u mod N = K, counted over every stage: a strided split,
// so that the costly tornado points (TornadoReps inner runs) and the
// regions of the input space are spread over every shard, that keeps each
// unit's points together. A unit's points differ from one another in one
// input, which the model replays from the unit's first point (the
// tornado's from its base, the median); split point by point, a shard's
// points differed in two or more and were nearly all replayed in full (a
// two-shard --n 1024 analysis took 2.2 times the CPU of the unsharded
// one). A merge draws the design again, checks its digest (of the points
// sorted by their values' bits) against the shards', and runs the methods
// on the values the shards computed: the result is the unsharded
// analysis, bit for bit, for any number of shards.

// SensitivityPart is one shard's share of a sensitivity analysis.
type SensitivityPart struct {
	// Shard is the slice this part evaluated: slice k (counted from 0) of
	// n (--shard K/N).
	Shard sim.Shard `json:"shard"`
	// Points is the number of design points over every stage of the
	// whole analysis (its evaluations), of which this shard evaluates the
	// units u with u mod n = k; every shard of one analysis has the same.
	Points int `json:"points"`
	// Design is the hex SHA-256 digest of every stage's distinct design
	// points, sorted by their values' bits: a merge refuses shards whose
	// design (scenario, weights, sample sizes or seed) differs.
	Design string `json:"design"`
	// Values are the outputs at the points of the shard's units, stage by
	// stage and unit by unit in the design's order.
	Values []float64 `json:"values"`
	// ElapsedSeconds is the wall time this shard took, in seconds.
	ElapsedSeconds float64 `json:"elapsed_s"`
}

// stagePoints are a stage's design points in the order the methods
// evaluate them (a point the methods evaluate twice stands twice), and
// the points of its units (shards split the design by units).
type stagePoints struct {
	stage  string
	points [][]float64
	unit   int
}

// units calls f(u, lo, hi) for each unit of the stages, points lo to hi−1
// of its stage, u counted over every stage.
func units(stages []stagePoints, f func(s *stagePoints, u, lo, hi int)) {
	u := 0
	for i := range stages {
		s := &stages[i]
		for lo := 0; lo < len(s.points); lo += s.unit {
			f(s, u, lo, min(lo+s.unit, len(s.points)))
			u++
		}
	}
}

// designPoints runs the methods on a recorder and returns every stage's
// evaluations in the design's order, and the digest of its distinct
// points.
func designPoints(ctx context.Context, sc *model.Scenario, w *model.Weights, opt SensitivityOptions, inputs []analysis.Input) ([]stagePoints, string, error) {
	var mu sync.Mutex
	seen := map[string]map[string]bool{}
	order := map[string][][]float64{}
	record := func(stage string) analysis.Func {
		mu.Lock()
		seen[stage] = map[string]bool{}
		mu.Unlock()
		return func(x []float64) float64 {
			k := pointKey(x)
			mu.Lock()
			seen[stage][k] = true
			// Every evaluation, a repeated point too, so that the units
			// stay aligned with the methods' rows; a repeat costs the
			// model nothing (it replays no change).
			order[stage] = append(order[stage], slices.Clone(x))
			mu.Unlock()
			// Any value that varies with the point lets the methods finish.
			v := 0.0
			for i, xi := range x {
				v += float64(i+1) * xi
			}
			return v
		}
	}
	// The bootstrap resamples values, not points: the fewest will do. One
	// worker calls the recorder in the order of the design.
	rec := opt
	rec.Progress, rec.Bootstrap, rec.Workers = nil, 10, 1
	if _, err := analyse(ctx, sc, w, rec, inputs, record, nil, false); err != nil {
		return nil, "", fmt.Errorf("drawing the design: %w", err)
	}
	d := len(inputs)
	unit := map[string]int{stageTornado: 1, stageMorris: d + 1, stageSobol: d + 2}
	h := sha256.New()
	var out []stagePoints
	for _, stage := range []string{stageTornado, stageMorris, stageSobol} {
		m, ok := seen[stage]
		if !ok {
			continue
		}
		keys := slices.Sorted(maps.Keys(m))
		fmt.Fprintf(h, "%s %d\n", stage, len(keys))
		for _, k := range keys {
			h.Write([]byte(k))
		}
		out = append(out, stagePoints{stage: stage, points: order[stage], unit: unit[stage]})
	}
	return out, hex.EncodeToString(h.Sum(nil)), nil
}

// prepareDesign is prepare and designPoints: the evaluators, opt with its
// defaults, and the design's points and digest.
func prepareDesign(ctx context.Context, sc *model.Scenario, w *model.Weights, opt *SensitivityOptions) (*evaluators, []stagePoints, string, error) {
	ev, err := prepare(sc, w, opt)
	if err != nil {
		return nil, nil, "", err
	}
	stages, digest, err := designPoints(ctx, sc, w, *opt, ev.inputs)
	if err != nil {
		return nil, nil, "", err
	}
	return ev, stages, digest, nil
}

// pointKey is a design point's exact value as a map key; its order is the
// canonical order of the points.
func pointKey(x []float64) string {
	b := make([]byte, 0, 8*len(x))
	for _, v := range x {
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(v))
	}
	return string(b)
}

// RunSensitivityShard evaluates shard sh's share of the design points of
// RunSensitivity(ctx, sc, w, opt); MergeSensitivity combines the parts of
// every shard.
func RunSensitivityShard(ctx context.Context, sc *model.Scenario, w *model.Weights, opt SensitivityOptions, sh sim.Shard) (*SensitivityPart, error) {
	start := time.Now()
	if err := sh.Validate(); err != nil {
		return nil, err
	}
	ev, stages, digest, err := prepareDesign(ctx, sc, w, &opt)
	if err != nil {
		return nil, err
	}
	part := &SensitivityPart{Shard: sh, Design: digest}
	// The shard's points, unit by unit, with the function each is
	// evaluated with; the tornado's through its batch form, after its
	// base (the stage's first point) from which the model replays them.
	var mine, tornado [][]float64
	var fs []analysis.Func
	batch := ev.points(stageTornado)
	units(stages, func(s *stagePoints, u, lo, hi int) {
		part.Points += hi - lo
		switch {
		case u%sh.N != sh.K:
		case s.stage == stageTornado && batch != nil:
			if tornado == nil {
				tornado = [][]float64{s.points[0]}
			}
			tornado = append(tornado, s.points[lo:hi]...)
		default:
			f := ev.direct(s.stage)
			for _, x := range s.points[lo:hi] {
				mine = append(mine, x)
				fs = append(fs, f)
			}
		}
	})
	if len(tornado) > 0 {
		y, err := batch(ctx, tornado, opt.Workers, nil)
		if err != nil {
			return nil, err
		}
		part.Values = append(part.Values, y[1:]...)
	}
	if len(mine) > 0 {
		idx := make([][]float64, len(mine)) // point i is evaluated as (i, x)
		for i := range idx {
			idx[i] = append([]float64{float64(i)}, mine[i]...)
		}
		var p func(int, int)
		if opt.Progress != nil {
			p = func(done, total int) { opt.Progress("shard "+sh.String(), done, total) }
		}
		y, err := analysis.Evaluate(ctx, idx, func(x []float64) float64 { return fs[int(x[0])](x[1:]) },
			analysis.Options{Workers: opt.Workers, Progress: p})
		if err != nil {
			return nil, err
		}
		part.Values = append(part.Values, y...)
	}
	part.ElapsedSeconds = time.Since(start).Seconds()
	return part, nil
}

// MergeSensitivity combines the parts of every shard of one sensitivity
// analysis into the result RunSensitivity(ctx, sc, w, opt) gives. It
// refuses parts of another design, and names a missing or repeated shard.
func MergeSensitivity(ctx context.Context, sc *model.Scenario, w *model.Weights, opt SensitivityOptions, parts []*SensitivityPart) (*Sensitivity, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no shards to merge")
	}
	ev, stages, digest, err := prepareDesign(ctx, sc, w, &opt)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, s := range stages {
		total += len(s.points)
	}
	n := parts[0].Shard.N
	byK := make([]*SensitivityPart, n)
	for _, p := range parts {
		switch {
		case p.Shard.N != n:
			return nil, fmt.Errorf("shard %s is one of %d slices, another one of %d", p.Shard, p.Shard.N, n)
		case p.Shard.Validate() != nil:
			return nil, p.Shard.Validate()
		case byK[p.Shard.K] != nil:
			return nil, fmt.Errorf("shard %s is given twice", p.Shard)
		case p.Design != digest || p.Points != total:
			return nil, fmt.Errorf("shard %s evaluated another design (%d points, digest %.12s) than the merge draws (%d points, digest %.12s): the scenario, weights, sizes or seed differ", p.Shard, p.Points, p.Design, total, digest)
		}
		byK[p.Shard.K] = p
	}
	if err := sim.MissingShards(byK); err != nil {
		return nil, err
	}
	share := make([]int, n) // each shard's number of points, its units'
	units(stages, func(s *stagePoints, u, lo, hi int) { share[u%n] += hi - lo })
	for k, p := range byK {
		if len(p.Values) != share[k] {
			return nil, fmt.Errorf("shard %s holds %d values, its share of the design is %d", p.Shard, len(p.Values), share[k])
		}
	}
	values := map[string]map[string]float64{}
	for _, s := range stages {
		values[s.stage] = map[string]float64{}
	}
	next := make([]int, n)
	units(stages, func(s *stagePoints, u, lo, hi int) {
		k := u % n
		for _, x := range s.points[lo:hi] {
			values[s.stage][pointKey(x)] = byK[k].Values[next[k]]
			next[k]++
		}
	})
	lookup := func(stage string) analysis.Func {
		m := values[stage]
		return func(x []float64) float64 {
			if v, ok := m[pointKey(x)]; ok {
				return v
			}
			return math.NaN() // not a point of the design: the methods report it
		}
	}
	opt.Progress = nil
	return analyse(ctx, sc, w, opt, ev.inputs, lookup, nil, true)
}
