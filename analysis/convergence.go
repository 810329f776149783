package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ConvergenceOptions are the settings of SobolConvergence.
type ConvergenceOptions struct {
	SobolOptions
	// TopK is how many leading inputs (by total-effect index) must keep
	// their order for the ranking to count as settled; 0 means 3. It is
	// capped at the number of inputs.
	TopK int
	// MaxHalfWidth is the largest acceptable half-width of the 95%
	// intervals of the leading inputs' S1 and ST; 0 means 0.05.
	MaxHalfWidth float64
	// Negligible is the total-effect index below which an input does not
	// count as leading, so that the random order of unimportant inputs
	// never blocks convergence; 0 means 0.01 (1% of the variance).
	Negligible float64
}

func (o ConvergenceOptions) negligible() float64 {
	if o.Negligible > 0 {
		return o.Negligible
	}
	return 0.01
}

func (o ConvergenceOptions) topK(d int) int {
	k := o.TopK
	if k <= 0 {
		k = 3
	}
	return min(k, d)
}

func (o ConvergenceOptions) maxHalfWidth() float64 {
	if o.MaxHalfWidth > 0 {
		return o.MaxHalfWidth
	}
	return 0.05
}

// ConvergencePoint holds the indices computed on the first N rows of the
// design.
type ConvergencePoint struct {
	N, Evaluations int
	Indices        []SobolIndex
	// Ranking is every input index ordered by total-effect index, largest
	// first.
	Ranking []int
}

// ConvergenceResult tells whether a Sobol analysis has run long enough for
// its conclusions, not only its numbers, to be trusted.
type ConvergenceResult struct {
	// Points holds one entry per requested sample size, smallest first.
	Points []ConvergencePoint
	// Final is the analysis at the largest sample size; its Samples hold
	// every evaluated A and B point.
	Final *SobolResult
	// Settled is true when the order of the leading inputs (the TopK
	// largest by total effect at the largest size, leaving out any whose
	// index is below Negligible) was the same at the two largest sample
	// sizes and their intervals are no wider than MaxHalfWidth.
	Settled bool
	// Warnings explains, in plain words, why the result is not settled and
	// what sample size would settle it. It is empty when Settled.
	Warnings []string
	// Reasons holds the same warnings as data, in the same order:
	// Warnings[i] is Reasons[i].String(). Programs read these fields
	// rather than parse the text, which may be reworded.
	Reasons []Warning
}

// WarningKind is what a convergence warning is about.
type WarningKind int

const (
	// OneSampleSize: only one sample size was run, so the stability of the
	// ranking cannot be checked.
	OneSampleSize WarningKind = iota + 1
	// OrderChanged: the order of the leading inputs changed between the
	// two largest sample sizes.
	OrderChanged
	// WideIntervals: the 95% intervals of the leading indices are wider
	// than the target half-width.
	WideIntervals
)

// String returns the kind's Go name, e.g. "OrderChanged".
func (k WarningKind) String() string {
	switch k {
	case OneSampleSize:
		return "OneSampleSize"
	case OrderChanged:
		return "OrderChanged"
	case WideIntervals:
		return "WideIntervals"
	}
	return fmt.Sprintf("WarningKind(%d)", int(k))
}

// Warning is one reason why a convergence check has not settled, as data;
// String gives it in plain words. Which fields are set depends on Kind.
type Warning struct {
	Kind WarningKind
	// N is the largest base sample size (every kind); PrevN the one
	// before it (OrderChanged).
	N, PrevN int
	// Before and After are the leading inputs, most influential first, at
	// PrevN and at N (OrderChanged).
	Before, After []string
	// Overlaps are the pairs of leading inputs whose total-effect
	// intervals overlap at N, which explains an unstable order
	// (OrderChanged).
	Overlaps []Overlap
	// Input and Index name the widest interval: the input and "ST" (total
	// effect) or "S1" (first order) (WideIntervals).
	Input, Index string
	// Value is the widest half-width and Limit the target (WideIntervals).
	Value, Limit float64
	// Suggested is the base sample size expected to bring the intervals
	// to Limit, and Evaluations what it costs (WideIntervals).
	Suggested, Evaluations int
}

// Overlap is a pair of leading inputs whose total-effect intervals
// overlap.
type Overlap struct{ A, B SobolIndex }

// String gives the warning in plain words, with its advice.
func (w Warning) String() string {
	switch w.Kind {
	case OneSampleSize:
		return fmt.Sprintf("Only one sample size (n = %d) was run, so the stability of the ranking cannot be checked: give at least two sizes, e.g. %d and %d.", w.N, w.N/2, w.N)
	case OrderChanged:
		what := fmt.Sprintf("the %d most influential inputs", len(w.After))
		if len(w.After) == 1 {
			what = "the most influential input"
		}
		msg := fmt.Sprintf("The order of %s (by total effect) changed between n = %d and n = %d: it was %s and is now %s.",
			what, w.PrevN, w.N, strings.Join(w.Before, ", "), strings.Join(w.After, ", "))
		if len(w.Overlaps) > 0 {
			pairs := make([]string, len(w.Overlaps))
			for i, o := range w.Overlaps {
				x, y := o.A, o.B
				pairs[i] = fmt.Sprintf("%s (%.2f–%.2f) and %s (%.2f–%.2f)", x.Name, x.STLo, x.STHi, y.Name, y.STLo, y.STHi)
			}
			msg += " The total-effect intervals of " + strings.Join(pairs, "; ") + " overlap, so those inputs may be equally important."
		}
		return msg + " Treat that order as unsettled, or run a larger sample."
	case WideIntervals:
		which := "the total-effect index of " + w.Input
		if w.Index == "S1" {
			which = "the first-order index of " + w.Input
		}
		return fmt.Sprintf("The 95%% intervals of the leading indices are wider than ±%.2g (widest: %s, ±%.2g). A base sample of about n = %d (%d evaluations) should bring them to ±%.2g.",
			w.Limit, which, w.Value, w.Suggested, w.Evaluations, w.Limit)
	}
	return ""
}

// SobolConvergence runs one Sobol design with the largest of ns as its base
// sample size and computes the indices on nested prefixes of it (the first
// n rows of A, B and every AB_i), one per entry of ns: the convergence
// check costs no extra evaluations. With the MC and QMC samplers each
// prefix is exactly the design Sobol would draw for that n with the same
// seed, so each point equals Sobol(n) (with QMC, prefixes whose length is
// a power of two are themselves balanced nets, which is what the usual
// doublings give); with LHS a prefix is still a valid random sample but no
// longer stratified.
//
// It then checks the conclusions an analyst draws: whether the order of the
// TopK most influential inputs changed between the two largest sizes, and
// whether their 95% intervals are narrower than MaxHalfWidth. A sequence of
// doublings (e.g. 256, 512, 1024, 2048) is the usual choice. A prefix on
// which the output does not vary (a rare outcome, all zeros) is left out
// of the points; the largest size must vary.
func SobolConvergence(ctx context.Context, inputs []Input, f Func, ns []int, opt ConvergenceOptions) (*ConvergenceResult, error) {
	if len(ns) == 0 {
		return nil, fmt.Errorf("analysis: no sample sizes given")
	}
	sizes := slices.Clone(ns)
	slices.Sort(sizes)
	sizes = slices.Compact(sizes)
	nmax := sizes[len(sizes)-1]
	s, err := runSobolDesign(ctx, inputs, f, nmax, opt.SobolOptions)
	if err != nil {
		return nil, err
	}
	names := inputNames(inputs)
	res := &ConvergenceResult{}
	for _, n := range sizes {
		if n < 8 {
			return nil, fmt.Errorf("analysis: Sobol base sample size must be at least 8, got %d", n)
		}
		r, err := s.indices(n, opt.SobolOptions, names)
		if errors.Is(err, ErrNoVariance) && n < nmax {
			// A rare outcome can be constant over a short prefix (every
			// evaluation 0) and vary over the whole design: the trace
			// starts where the indices are defined.
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("at n = %d: %w", n, err)
		}
		res.Points = append(res.Points, ConvergencePoint{
			N: n, Evaluations: r.Evaluations, Indices: r.Indices, Ranking: r.Ranking(),
		})
		res.Final = r
	}
	res.Reasons = convergenceWarnings(res.Points, len(inputs), opt)
	for _, w := range res.Reasons {
		res.Warnings = append(res.Warnings, w.String())
	}
	res.Settled = len(res.Warnings) == 0
	return res, nil
}

func convergenceWarnings(pts []ConvergencePoint, d int, opt ConvergenceOptions) []Warning {
	var w []Warning
	last := pts[len(pts)-1]
	k := 0
	for _, i := range last.Ranking[:opt.topK(d)] {
		if last.Indices[i].ST >= opt.negligible() {
			k++
		}
	}
	k = max(k, 1)
	if len(pts) < 2 {
		w = append(w, Warning{Kind: OneSampleSize, N: last.N})
	} else {
		prev := pts[len(pts)-2]
		if !slices.Equal(prev.Ranking[:k], last.Ranking[:k]) {
			w = append(w, Warning{
				Kind: OrderChanged, N: last.N, PrevN: prev.N,
				Before:   nameList(prev.Indices, prev.Ranking[:k]),
				After:    nameList(last.Indices, last.Ranking[:k]),
				Overlaps: overlapping(last, k),
			})
		}
	}
	target := opt.maxHalfWidth()
	worst, input, index := 0.0, "", ""
	for _, i := range last.Ranking[:k] {
		ix := last.Indices[i]
		if hw := (ix.STHi - ix.STLo) / 2; hw > worst {
			worst, input, index = hw, ix.Name, "ST"
		}
		if hw := (ix.S1Hi - ix.S1Lo) / 2; hw > worst {
			worst, input, index = hw, ix.Name, "S1"
		}
	}
	if worst > target || math.IsNaN(worst) {
		// Interval widths shrink as 1/√n.
		need := float64(last.N) * (worst / target) * (worst / target)
		n2 := 1
		for float64(n2) < need {
			n2 *= 2
		}
		w = append(w, Warning{Kind: WideIntervals, N: last.N, Input: input, Index: index,
			Value: worst, Limit: target, Suggested: n2, Evaluations: n2 * (d + 2)})
	}
	return w
}

// overlapping lists the leading inputs whose ST intervals overlap at the
// last point, which explains an unstable order.
func overlapping(p ConvergencePoint, k int) []Overlap {
	var pairs []Overlap
	for a := 0; a < k; a++ {
		for b := a + 1; b < len(p.Ranking) && b <= k; b++ {
			x, y := p.Indices[p.Ranking[a]], p.Indices[p.Ranking[b]]
			if x.STLo <= y.STHi && y.STLo <= x.STHi {
				pairs = append(pairs, Overlap{A: x, B: y})
			}
		}
	}
	return pairs
}

func nameList(idx []SobolIndex, order []int) []string {
	names := make([]string, len(order))
	for i, j := range order {
		names[i] = idx[j].Name
	}
	return names
}
