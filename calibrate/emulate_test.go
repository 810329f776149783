package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestFitEmulatorReference: least squares recovers a quadratic it can
// represent exactly (noise-free values, unequal weights) to rounding,
// for every feature set that contains it, and the emulator's value
// equals the quadratic's off the fitted points.
func TestFitEmulatorReference(t *testing.T) {
	t.Parallel()
	const d = 6
	wide := []int{1, 3, 4}
	f := func(z []float64) float64 {
		return 1 + 2*z[0] - z[1] + 0.5*z[2]*z[2] - 0.25*z[5]*z[5] + 0.3*z[1]*z[4]
	}
	src := rand.New(rand.NewPCG(1, 2))
	var zs [][]float64
	var y, wt []float64
	for range 300 {
		z := make([]float64, d)
		for j := range z {
			z[j] = src.NormFloat64()
		}
		zs = append(zs, z)
		y = append(y, f(z))
		wt = append(wt, 0.5+src.Float64())
	}
	e := fitEmulator(zs, y, wt, featWideQuad, wide)
	if e == nil {
		t.Fatal("no fit")
	}
	for range 20 {
		z := make([]float64, d)
		for j := range z {
			z[j] = 2 * src.NormFloat64()
		}
		if got, want := e.at(z), f(z); math.Abs(got-want) > 1e-4 {
			t.Errorf("at %v: %v, want %v", z, got, want)
		}
	}
	// Without the product the best fit misses it: the residual is of its
	// size, not of rounding.
	lin := fitEmulator(zs, y, wt, featDiag, wide)
	ss := 0.0
	for i, z := range zs {
		ss += (lin.at(z) - y[i]) * (lin.at(z) - y[i])
	}
	if rms := math.Sqrt(ss / float64(len(zs))); rms < 0.1 {
		t.Errorf("featDiag fits a product term with RMS %v", rms)
	}
	if fitEmulator(zs[:10], y[:10], wt[:10], featWideQuad, wide) != nil {
		t.Error("a fit of 10 points to 16 coefficients was not refused")
	}
}

// TestMomentsReference: the mean and covariance of four points by hand,
// and the variance floor.
func TestMomentsReference(t *testing.T) {
	t.Parallel()
	mu, c := moments([][]float64{{0, 1}, {2, 1}, {0, 1}, {2, 1}})
	if mu[0] != 1 || mu[1] != 1 || c.At(0, 0) != 1 || c.At(0, 1) != 0 || c.At(1, 1) != 0.01 {
		t.Errorf("mean %v, covariance %v", mu, c)
	}
}

// TestEmulatedProposalUsed: with effect priors and enough points, the
// second round's normal comes from the emulated surrogate (emulatedFit
// succeeds), its draws are finite, and it is the same when rebuilt.
func TestEmulatedProposalUsed(t *testing.T) {
	t.Parallel()
	o := ciOptions(t)
	o.Cases, o.Points, o.Stages, o.Draws, o.Workers = o.Cases[:3], 80, 2, 40, 2
	o.EffectPriors = true
	r, err := newRun(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := r.prepare(ctx); err != nil {
		t.Fatal(err)
	}
	pts, prop, err := r.design(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.evaluate(ctx, 0, pts); err != nil {
		t.Fatal(err)
	}
	r.addRound(nil, pts, prop, 0)
	mu, cov := r.emulatedFit(1)
	if mu == nil {
		t.Fatal("the emulators could not be fitted on 80 points")
	}
	for j, m := range mu {
		if math.IsNaN(m) || math.IsInf(m, 0) || !(cov.At(j, j) > 0) {
			t.Fatalf("coordinate %d: mean %v, variance %v", j, m, cov.At(j, j))
		}
	}
	mu2, _ := r.emulatedFit(1)
	for j := range mu {
		if mu[j] != mu2[j] {
			t.Fatal("the emulated proposal differs when rebuilt")
		}
	}
}
