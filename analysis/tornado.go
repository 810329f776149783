package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"
)

// TornadoBar is one input's bar in a one-at-a-time (tornado) chart.
type TornadoBar struct {
	Name string
	// Index is the input's position in the inputs slice.
	Index int
	// Low and High are the outputs with this input at its lo and hi
	// quantile and every other input at its median.
	Low, High float64
	// LowX and HighX are the input values at those quantiles.
	LowX, HighX float64
	// Swing is High − Low: its sign says whether the output rises (+) or
	// falls (−) as the input goes from its lo to its hi quantile, and its
	// magnitude is the bar's length.
	Swing float64
}

// Tornado moves each input in turn from its lo to its hi quantile (e.g. 0.1
// and 0.9) with every other input at its median, and returns the output at
// the medians (base) and one bar per input, longest |Swing| first (ties in
// input order). It costs 2·len(inputs)+1 evaluations; opt.Seed is not used.
//
// A tornado chart shows local, one-at-a-time effects around the median
// point. It cannot see interactions, nor an effect that is non-monotone
// between the two quantiles (an input whose effect peaks in the middle can
// have a zero swing): use Morris or Sobol for those.
func Tornado(ctx context.Context, inputs []Input, f Func, lo, hi float64, opt Options) (base float64, bars []TornadoBar, err error) {
	if err := checkInputs(inputs); err != nil {
		return 0, nil, err
	}
	if !(lo > 0 && lo < hi && hi < 1) {
		return 0, nil, fmt.Errorf("analysis: tornado quantiles must satisfy 0 < lo < hi < 1, got lo=%v hi=%v", lo, hi)
	}
	d := len(inputs)
	med := make([]float64, d)
	lows := make([]float64, d)
	highs := make([]float64, d)
	for i, in := range inputs {
		med[i] = in.Quantile(0.5)
		lows[i] = in.Quantile(lo)
		highs[i] = in.Quantile(hi)
	}
	// Row 0 is the base point; rows 2i+1 and 2i+2 move input i to lo and hi.
	fill := func(row int, x []float64) {
		copy(x, med)
		if row == 0 {
			return
		}
		i := (row - 1) / 2
		if (row-1)%2 == 0 {
			x[i] = lows[i]
		} else {
			x[i] = highs[i]
		}
	}
	y, err := tornadoValues(ctx, 2*d+1, d, inputNames(inputs), fill, f, opt)
	if err != nil {
		return 0, nil, err
	}
	bars = make([]TornadoBar, d)
	for i, in := range inputs {
		bars[i] = TornadoBar{
			Name: in.Name, Index: i,
			Low: y[2*i+1], High: y[2*i+2],
			LowX: lows[i], HighX: highs[i],
			Swing: y[2*i+2] - y[2*i+1],
		}
	}
	sort.SliceStable(bars, func(a, b int) bool {
		return math.Abs(bars[a].Swing) > math.Abs(bars[b].Swing)
	})
	return y[0], bars, nil
}

// tornadoValues evaluates the tornado's rows, through opt.Points when it
// is set.
func tornadoValues(ctx context.Context, rows, dim int, names []string, fill func(i int, dst []float64), f Func, opt Options) ([]float64, error) {
	if opt.Points == nil {
		return evaluate(ctx, rows, dim, names, fill, f, opt)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	xs := make([][]float64, rows)
	for i := range xs {
		xs[i] = make([]float64, dim)
		fill(i, xs[i])
	}
	y, err := opt.Points(ctx, xs, opt.workers(), opt.Progress)
	if err != nil {
		return nil, err
	}
	if len(y) != rows {
		return nil, fmt.Errorf("analysis: the batch function returned %d values for %d points", len(y), rows)
	}
	return finite(y, dim, names, fill)
}
