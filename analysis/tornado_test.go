package analysis

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestTornadoLinear: for y = Σ c_i x_i with x_i ~ U(0, 1), the base is
// Σ c_i/2 and input i swings by c_i·(hi − lo), so the bars sort by |c_i|.
func TestTornadoLinear(t *testing.T) {
	t.Parallel()
	c := []float64{1, -4, 2, 3}
	base, bars, err := Tornado(context.Background(), uniformInputs(4, 0, 1), linear(c), 0.1, 0.9, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(base-1) > 1e-12 {
		t.Errorf("base = %v, want 1", base)
	}
	wantOrder := []string{"x2", "x4", "x3", "x1"}
	for k, b := range bars {
		if b.Name != wantOrder[k] {
			t.Errorf("bar %d is %s, want %s", k, b.Name, wantOrder[k])
		}
		ci := c[b.Index]
		if math.Abs(b.Swing-0.8*ci) > 1e-12 || math.Abs(b.High-b.Low-b.Swing) > 1e-15 {
			t.Errorf("%s: swing %v, want %v", b.Name, b.Swing, 0.8*ci)
		}
		if math.Abs(b.LowX-0.1) > 1e-15 || math.Abs(b.HighX-0.9) > 1e-15 {
			t.Errorf("%s: LowX %v HighX %v", b.Name, b.LowX, b.HighX)
		}
		if math.Abs(b.Low-(base-0.4*ci)) > 1e-12 {
			t.Errorf("%s: Low %v, want %v", b.Name, b.Low, base-0.4*ci)
		}
	}
}

// TestTornadoQuantiles: inputs are moved along their own distributions.
func TestTornadoQuantiles(t *testing.T) {
	t.Parallel()
	n := distuv.Normal{Mu: 10, Sigma: 2}
	in := []Input{{Name: "n", Quantile: n.Quantile}}
	_, bars, err := Tornado(context.Background(), in, func(x []float64) float64 { return x[0] }, 0.05, 0.95, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(bars[0].LowX-n.Quantile(0.05)) > 1e-12 || math.Abs(bars[0].Swing-2*1.6448536269514722*2) > 1e-9 {
		t.Errorf("bar %+v", bars[0])
	}
	if _, _, err := Tornado(context.Background(), in, func(x []float64) float64 { return x[0] }, 0.9, 0.1, Options{}); err == nil {
		t.Error("lo > hi: no error")
	}
}

// TestTornadoPoints checks that a tornado evaluated through
// Options.Points gives the bars of f point by point, that Points sees
// the design (the base first, then each input at lo and hi), and that a
// batch's wrong count or a NaN is reported.
func TestTornadoPoints(t *testing.T) {
	t.Parallel()
	c := []float64{1, -4, 2, 3}
	f := linear(c)
	ctx := context.Background()
	base, bars, err := Tornado(ctx, uniformInputs(4, 0, 1), f, 0.1, 0.9, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var seen [][]float64
	points := func(ctx context.Context, xs [][]float64, workers int, progress func(done, total int)) ([]float64, error) {
		seen = xs
		y := make([]float64, len(xs))
		for i, x := range xs {
			y[i] = f(x)
		}
		return y, nil
	}
	pb, pbars, err := Tornado(ctx, uniformInputs(4, 0, 1), f, 0.1, 0.9, Options{Points: points})
	if err != nil {
		t.Fatal(err)
	}
	if pb != base || !reflect.DeepEqual(pbars, bars) {
		t.Errorf("through Points: base %v, bars %+v; point by point: %v, %+v", pb, pbars, base, bars)
	}
	if len(seen) != 9 || seen[0][1] != 0.5 || seen[3][1] != 0.1 || seen[4][1] != 0.9 || seen[4][0] != 0.5 {
		t.Errorf("Points saw the design %v", seen)
	}
	short := func(ctx context.Context, xs [][]float64, workers int, progress func(done, total int)) ([]float64, error) {
		return make([]float64, len(xs)-1), nil
	}
	if _, _, err := Tornado(ctx, uniformInputs(4, 0, 1), f, 0.1, 0.9, Options{Points: short}); err == nil {
		t.Error("a batch one value short: no error")
	}
	nan := func(ctx context.Context, xs [][]float64, workers int, progress func(done, total int)) ([]float64, error) {
		y := make([]float64, len(xs))
		y[2] = math.NaN()
		return y, nil
	}
	var ee *EvalError
	if _, _, err := Tornado(ctx, uniformInputs(4, 0, 1), f, 0.1, 0.9, Options{Points: nan}); !errors.As(err, &ee) || ee.Row != 2 {
		t.Errorf("a NaN in the batch: %v, want an EvalError at row 2", err)
	}
}
