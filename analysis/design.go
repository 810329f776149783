package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/par"
	"github.com/alliancesim/alliancesim/internal/rng"
)

// Input is one uncertain input of the function under study.
type Input struct {
	// Name identifies the input in results and messages.
	Name string
	// Quantile is the input's inverse cumulative distribution function. It
	// is called with probabilities strictly inside (0, 1) and must be safe
	// for concurrent use. A gonum distribution's Quantile method fits, e.g.
	// distuv.Beta{Alpha: 2, Beta: 5}.Quantile.
	Quantile func(p float64) float64
}

// Func evaluates the output at one input vector, x[i] being the value of
// inputs[i]. It is called from several goroutines at once and so must be
// safe for concurrent use. It must not keep x after it returns; it may
// modify it.
//
// A Func must be deterministic in x: the same x must give the same output.
// For a stochastic model, make it so by averaging inner replications on
// common random numbers (the same inner seeds at every x); see the package
// documentation.
type Func func(x []float64) float64

// Options are the settings that every design-based method shares.
type Options struct {
	// Seed fixes every random choice of the method (the design, the
	// bootstrap). The same Seed gives the same results.
	Seed uint64
	// Workers is the number of goroutines that evaluate the function; 0
	// means runtime.NumCPU(). It never changes the results: each output is
	// stored at its design row and every reduction runs in row order.
	Workers int
	// Progress, when not nil, is called after each batch of evaluations
	// with the number done so far and the total. Calls come from the worker
	// goroutines but never overlap, and done only grows.
	Progress func(done, total int)
	// Points, when not nil, is the function's batch form, which Tornado
	// evaluates its design with: every point but the first differs from
	// the first in one input, so an f that replays a point from one it
	// evaluated before (sim.Evaluator.EvalPoints) can take each from the
	// first. It must return f of each point. The other methods evaluate
	// one point at a time and ignore it.
	Points PointsFunc
}

// PointsFunc returns y[i] = f(xs[i]) for a Func f, on workers
// goroutines, calling progress as Options.Progress is called; it stops
// early with ctx's error when ctx is cancelled.
type PointsFunc func(ctx context.Context, xs [][]float64, workers int, progress func(done, total int)) ([]float64, error)

func (o Options) workers() int { return par.Workers(o.Workers) }

// A design's random points are drawn on the unit hypercube, before they
// are mapped through each input's Quantile, by a design.Sampler:
//
//   - design.MonteCarlo (the default, also the zero value) draws independent
//     uniform points. Every row is independent of every other, which is
//     what the bootstrap intervals assume, and any prefix of a design is
//     itself a valid design.
//   - design.LatinHypercube draws a Latin hypercube: each column has exactly
//     one point in each of n equal strata. It lowers the variance of
//     estimates that depend on additive effects; bootstrap intervals, which
//     treat rows as independent, are then slightly conservative.
//   - design.QuasiMonteCarlo places the points on a scrambled Sobol'
//     sequence (design.NewScrambledSobol): with 2D columns for the A and B
//     matrices of D inputs, as SALib does, each input's two on adjacent
//     dimensions (see sobolColumns); Sample uses the first d dimensions.
//     Its prefixes of length 2^m are balanced nets, so averages over them
//     err far less than over random points (for smooth functions, nearly
//     as 1/n instead of 1/√n); other lengths are valid but lose part of
//     the gain. Every coordinate is
//     uniform on (0, 1) and the prefixes nest as with MC. Rows are not
//     independent, so bootstrap intervals, which resample them as if they
//     were, are conservative: they show about the Monte Carlo error.

// ErrNoVariance is returned when the output takes the same value at every
// design point, so that variance-based indices are 0/0.
var ErrNoVariance = errors.New("analysis: the output does not vary: indices are undefined")

// EvalError reports a design point at which the function returned NaN or
// ±Inf. The methods refuse to go on, since one such value would silently
// spoil every index.
type EvalError struct {
	Row   int       // the design row
	Names []string  // the input names
	X     []float64 // the input values at that row
	Value float64   // what the function returned
}

func (e *EvalError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "analysis: the function returned %v at design point %d (", e.Value, e.Row)
	for i, v := range e.X {
		if i > 0 {
			b.WriteString(", ")
		}
		name := fmt.Sprintf("x%d", i+1)
		if i < len(e.Names) && e.Names[i] != "" {
			name = e.Names[i]
		}
		fmt.Fprintf(&b, "%s=%.6g", name, v)
	}
	b.WriteString(")")
	return b.String()
}

// Evaluate calls f at every row of x in parallel and returns the outputs in
// row order. The result does not depend on opt.Workers; opt.Seed is not
// used. It returns ctx.Err() if ctx is cancelled, and an *EvalError if f
// returns NaN or ±Inf. f receives a copy of each row.
func Evaluate(ctx context.Context, x [][]float64, f Func, opt Options) ([]float64, error) {
	if len(x) == 0 {
		return nil, nil
	}
	d := len(x[0])
	for i, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("analysis: row %d has %d values, row 0 has %d", i, len(row), d)
		}
	}
	return evaluate(ctx, len(x), d, nil, func(i int, dst []float64) { copy(dst, x[i]) }, f, opt)
}

// Sample draws n points of the inputs with the given sampler, mapped through
// each input's Quantile: rows are points, columns follow inputs. The same
// seed gives the same sample.
func Sample(inputs []Input, n int, sampler design.Sampler, seed uint64) ([][]float64, error) {
	if err := checkInputs(inputs); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("analysis: sample size must be at least 1, got %d", n)
	}
	d := len(inputs)
	u, err := unitSample(newRand(seed, purposeSample), n, d, sampler)
	if err != nil {
		return nil, err
	}
	x := make([][]float64, n)
	for i := range x {
		row := u[i*d : (i+1)*d : (i+1)*d] // full slice: appending to a row must not spill into the next
		for j := range row {
			row[j] = inputs[j].Quantile(row[j])
		}
		x[i] = row
	}
	return x, nil
}

// evaluate is the shared parallel evaluator: fill(i, dst) writes design
// point i into dst (a buffer owned by one worker), and the output of f at
// that point is stored at index i. Results are independent of the number of
// workers.
func evaluate(ctx context.Context, total, dim int, names []string, fill func(i int, dst []float64), f Func, opt Options) ([]float64, error) {
	return evaluateInOrder(ctx, total, dim, names, fill, f, opt, nil, 1)
}

// evaluateInOrder is evaluate that hands the points to the workers in the
// order point(0), point(1), … (nil: 0, 1, …), in chunks of a multiple of
// group consecutive ones. The results do not depend on the order (f is a
// function of the point), but an f that reuses what it computed at a
// point nearby (sim.Evaluator) is faster when one worker evaluates
// neighbours one after another.
func evaluateInOrder(ctx context.Context, total, dim int, names []string, fill func(i int, dst []float64), f Func, opt Options, point func(q int) int, group int) ([]float64, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	y := make([]float64, total)
	workers := min(opt.workers(), total)
	chunk := max(1, min(256, total/(workers*64)))
	if group > 1 {
		chunk = (chunk + group - 1) / group * group
	}
	var next atomic.Int64
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			x := make([]float64, dim)
			for ctx.Err() == nil {
				start := int(next.Add(int64(chunk))) - chunk
				if start >= total {
					return
				}
				end := min(start+chunk, total)
				for q := start; q < end; q++ {
					i := q
					if point != nil {
						i = point(q)
					}
					fill(i, x)
					y[i] = f(x)
				}
				if opt.Progress != nil {
					mu.Lock()
					done += end - start
					opt.Progress(done, total)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return finite(y, dim, names, fill)
}

// finite returns y, or an EvalError for its first row that is not a
// finite number.
func finite(y []float64, dim int, names []string, fill func(i int, dst []float64)) ([]float64, error) {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			x := make([]float64, dim)
			fill(i, x)
			return nil, &EvalError{Row: i, Names: names, X: x, Value: v}
		}
	}
	return y, nil
}

func checkInputs(inputs []Input) error {
	if len(inputs) == 0 {
		return errors.New("analysis: no inputs")
	}
	seen := make(map[string]bool, len(inputs))
	for i, in := range inputs {
		if in.Quantile == nil {
			return fmt.Errorf("analysis: input %d (%q) has no Quantile function", i, in.Name)
		}
		if in.Name != "" && seen[in.Name] {
			return fmt.Errorf("analysis: input name %q is used twice", in.Name)
		}
		seen[in.Name] = true
	}
	return nil
}

func inputNames(inputs []Input) []string {
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	return names
}

// Purposes keep the random streams of different parts of a method apart, so
// that, for example, changing the number of bootstrap resamples leaves the
// design unchanged.
const (
	purposeSample uint64 = iota + 1
	purposeSobolDesign
	purposeSobolBoot
	purposeMorrisDesign
	purposeMorrisBoot
	purposeCorrelate
)

// newRand returns a PCG stream derived from the seed, a purpose and optional
// further keys (e.g. a bootstrap resample index).
func newRand(seed, purpose uint64, keys ...uint64) *rand.Rand {
	h := rng.Derive(seed, purpose)
	for _, k := range keys {
		h = rng.Derive(h, k+0x632be59bd9b4e019)
	}
	return rand.New(rand.NewPCG(h, rng.Mix(h^0xd1b54a32d192ed03)))
}

// openUnit returns a uniform number for an input's Quantile: never 0, and
// 1 only for the largest of 2⁵³ values (see rng.OpenUnit).
func openUnit(r *rand.Rand) float64 { return rng.OpenUnit(r.Uint64()) }

// unitSample draws n points in (0,1)^d, row-major. For MC and QMC, the
// first m rows of an n-point sample equal an m-point sample with the same
// stream.
func unitSample(r *rand.Rand, n, d int, s design.Sampler) ([]float64, error) {
	u := make([]float64, n*d)
	switch s {
	case design.MonteCarlo, "":
		for i := range u {
			u[i] = openUnit(r)
		}
	case design.LatinHypercube:
		perm := make([]int, n)
		for j := range d {
			rng.Permute(r, perm)
			for i := range n {
				u[i*d+j] = (float64(perm[i]) + openUnit(r)) / float64(n)
			}
		}
	case design.QuasiMonteCarlo:
		// One scrambled Sobol' sequence in d dimensions, its scramble
		// drawn from r: its first n points are the n-point design, so
		// prefixes nest as with MC.
		q, err := design.NewScrambledSobol(d, r.Uint64())
		if err != nil {
			return nil, fmt.Errorf("analysis: %w", err)
		}
		if uint64(n) > design.SobolMaxPoints {
			return nil, fmt.Errorf("analysis: %d points: a Sobol' design has at most 2^32", n)
		}
		for i := range n {
			q.NextOpen(u[i*d : (i+1)*d])
		}
	default:
		_, err := design.ParseDesign(string(s))
		return nil, fmt.Errorf("analysis: %w", err)
	}
	return u, nil
}
