package analysis

import (
	"context"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/design"
)

// gA20 returns the parameters of the 20-input G-function of the accuracy
// tests and benchmarks, a_i = i − 1 (a = 0, 1, …, 19): one dominant input,
// a slowly decaying tail and interactions worth about 12% of the variance
// (1 − ΣS1 = 0.12), a harder case than the six-input a = (0, 1, 4.5, 9,
// 99, 99) of the other tests.
func gA20() []float64 {
	a := make([]float64, 20)
	for i := range a {
		a[i] = float64(i)
	}
	return a
}

// maxErrors returns max_i |S1_i − s1_i| and max_i |ST_i − st_i|.
func maxErrors(r *SobolResult, s1, st []float64) (e1, et float64) {
	for i, ix := range r.Indices {
		e1 = math.Max(e1, math.Abs(ix.S1-s1[i]))
		et = math.Max(et, math.Abs(ix.ST-st[i]))
	}
	return e1, et
}

// TestSobolQMCAccuracy checks the accuracy of the default design against
// the targets of SALib's figures, on the medians over seeds 1–10 of the
// largest errors (Bootstrap 1: the point estimates do not depend on it).
// Measured, and the bounds:
//
//	                        seeds 1–10 S1, ST   200 seeds S1, ST   bound S1, ST   MC S1, ST
//	Ishigami, N = 8192      0.0009, 0.0003      0.0008, 0.0003     0.001, 0.001   0.0154, 0.0111
//	G (a = 0…19), N = 16384 0.0015, 0.0023      0.0015, 0.0015     0.002, 0.003   0.0079, 0.0102
//
// The bounds are the targets (SALib's figures are 0.0008, 0.0002 and
// 0.0020, 0.0012), except G's ST: seeds 1–10 sit in the upper part of its
// distribution (the median of ten draws of a long-tailed largest error
// moves by ±50% with the seeds: over seeds 1–1000 the median is 0.0016, and
// 73 of the hundred ten-seed medians are at most 0.002, the others up to
// 0.0033), so the bound there is 0.003, still a third of MC's. The test fails if the design falls back to MC, if the
// scramble loses its balance, or if the A and B columns revert to SALib's
// pairing (G's S1: 0.0030 on these seeds).
func TestSobolQMCAccuracy(t *testing.T) {
	t.Parallel()
	for _, c := range accuracyCases() {
		e1s, ets := qmcErrors(t, c.in, c.f, c.n, c.s1, c.st, 1, 10)
		e1, et := median(e1s), median(ets)
		t.Logf("%s: medians over seeds 1–10 of max|S1 − exact| %.4f, max|ST − exact| %.4f", c.name, e1, et)
		if e1 > c.bound1 || et > c.boundT {
			t.Errorf("%s: medians of max|S1 − exact| %.4f, max|ST − exact| %.4f, want ≤ %g and ≤ %g", c.name, e1, et, c.bound1, c.boundT)
		}
	}
}

// accuracyCase is a function with known indices, the base sample size
// it is judged at, and the bounds of TestSobolQMCAccuracy.
type accuracyCase struct {
	name           string
	in             []Input
	f              Func
	n              int
	s1, st         []float64
	bound1, boundT float64
}

func accuracyCases() []accuracyCase {
	is1, ist := ishigamiIndices(7, 0.1)
	gs1, gst := gIndices(gA20())
	return []accuracyCase{
		{"Ishigami N=8192", uniformInputs(3, -math.Pi, math.Pi), ishigami(7, 0.1), 8192, is1, ist, 0.001, 0.001},
		{"G-function D=20 N=16384", uniformInputs(20, 0, 1), gFunction(gA20()), 16384, gs1, gst, 0.002, 0.003},
	}
}

// qmcErrors returns max|S1 − exact| and max|ST − exact| of the default
// design for each seed from first to last.
func qmcErrors(t *testing.T, in []Input, f Func, n int, s1, st []float64, first, last uint64) (e1s, ets []float64) {
	t.Helper()
	for seed := first; seed <= last; seed++ {
		r, err := Sobol(context.Background(), in, f, n, SobolOptions{Options: Options{Seed: seed}, Bootstrap: 1})
		if err != nil {
			t.Fatal(err)
		}
		if r.Sampler != design.QuasiMonteCarlo {
			t.Fatalf("Sampler = %q, want the default qmc", r.Sampler)
		}
		e1, et := maxErrors(r, s1, st)
		e1s = append(e1s, e1)
		ets = append(ets, et)
	}
	return e1s, ets
}

// TestSobolAccuracyReport prints the figures by which the estimators and
// the QMC design are judged, over more seeds than a test can afford: the
// medians of the largest errors over seeds 1–10 and 11–50 and which input
// holds the largest error. It checks nothing and runs only when
// ALLIANCESIM_SOBOL_ACCURACY is set (it takes a few seconds of both
// cores):
//
//	ALLIANCESIM_SOBOL_ACCURACY=1 go test -run SobolAccuracyReport -v ./analysis
func TestSobolAccuracyReport(t *testing.T) {
	if os.Getenv("ALLIANCESIM_SOBOL_ACCURACY") == "" {
		t.Skip("set ALLIANCESIM_SOBOL_ACCURACY=1 to print the accuracy figures")
	}
	for _, c := range accuracyCases() {
		e1s, ets := qmcErrors(t, c.in, c.f, c.n, c.s1, c.st, 1, 50)
		t.Logf("%s: median max|S1 − exact| %.4f (seeds 1–10), %.4f (11–50); max|ST − exact| %.4f, %.4f",
			c.name, median(e1s[:10]), median(e1s[10:]), median(ets[:10]), median(ets[10:]))
	}
}

// TestSobolQMCPairs checks the pairing of the A and B columns in the
// Sobol' sequence (sobolColumns): the two-dimensional projection (A_i, B_i)
// of input i, which carries the additive part of both estimators, is a
// (t, m, 2)-net with small t. The t-values are properties of the direction
// numbers, unchanged by the scramble, so the bounds are exact: at 2^14
// points in 40 dimensions, t = 0 for the first input (dimensions 1 and 2)
// and Σt = 49 over the 20 inputs, largest 5; SALib's pairing (i, D + i)
// has t = 2 for the first input and Σt = 63, largest 6.
func TestSobolQMCPairs(t *testing.T) {
	t.Parallel()
	const d, m = 20, 14
	r, err := Sobol(context.Background(), uniformInputs(d, 0, 1), linear(gA20()[1:]), 1<<m, SobolOptions{Options: Options{Seed: 3}, Bootstrap: 1})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := r.Samples()
	sum, largest := 0, 0
	var ts []int
	for i := range d {
		tv := netT(x, i, m)
		ts = append(ts, tv)
		sum += tv
		largest = max(largest, tv)
	}
	t.Logf("t-values of (A_i, B_i): %v", ts)
	if ts[0] != 0 || sum != 49 || largest != 5 {
		t.Errorf("t-values of (A_i, B_i) %v (sum %d, largest %d), want t = 0 for the first input, sum 49, largest 5", ts, sum, largest)
	}
}

// netT returns the t-value of the points (A_j[i], B_j[i]), j < 2^m, the
// A rows being x[:2^m] and the B rows x[2^m:]: the smallest t such that
// every elementary interval of area 2^(t−m), [k1/2^d1, (k1+1)/2^d1) ×
// [k2/2^d2, (k2+1)/2^d2) with d1 + d2 = m − t, holds exactly 2^t points.
func netT(x [][]float64, i, m int) int {
	n := 1 << m
	for tv := 0; tv < m; tv++ {
		ok := true
		for d1 := 0; d1 <= m-tv && ok; d1++ {
			d2 := m - tv - d1
			count := make([]int, 1<<(m-tv))
			for j := range n {
				c1 := int(x[j][i] * float64(int(1)<<d1))
				c2 := int(x[n+j][i] * float64(int(1)<<d2))
				count[c1<<d2|c2]++
			}
			ok = slices.Min(count) == 1<<tv && slices.Max(count) == 1<<tv
		}
		if ok {
			return tv
		}
	}
	return m
}

// TestSobolQMCPrefix checks that SobolConvergence's nested prefixes are
// exactly Sobol at the smaller sizes for the QMC design too: the prefixes
// of length 2^m of one scrambled Sobol' sequence are themselves nets.
func TestSobolQMCPrefix(t *testing.T) {
	t.Parallel()
	tc := sobolCases()[0]
	opt := SobolOptions{Options: Options{Seed: 11}, Bootstrap: 50, Sampler: design.QuasiMonteCarlo}
	conv, err := SobolConvergence(context.Background(), tc.inputs, tc.f, []int{256, 512, 1024}, ConvergenceOptions{SobolOptions: opt})
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range []int{256, 512} {
		small, err := Sobol(context.Background(), tc.inputs, tc.f, n, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(small.Indices, conv.Points[k].Indices) {
			t.Errorf("Sobol(%d) and the %d-row prefix differ:\n%+v\n%+v", n, n, small.Indices, conv.Points[k].Indices)
		}
	}
}

// TestSampleQMC checks Sample with the QMC sampler: inside the open unit
// interval after the Quantile (here the identity), deterministic for a
// seed, and balanced: each of 64 equal strata of every input holds 1024/64
// points.
func TestSampleQMC(t *testing.T) {
	t.Parallel()
	in := uniformInputs(5, 0, 1)
	x, err := Sample(in, 1024, design.QuasiMonteCarlo, 3)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Sample(in, 1024, design.QuasiMonteCarlo, 3)
	if !reflect.DeepEqual(x, again) {
		t.Error("the same seed gave different samples")
	}
	for j := range in {
		count := make([]int, 64)
		for _, row := range x {
			if !(row[j] > 0 && row[j] < 1) {
				t.Fatalf("input %d: %v outside (0, 1)", j, row[j])
			}
			count[int(row[j]*64)]++
		}
		if slices.Min(count) != 16 || slices.Max(count) != 16 {
			t.Errorf("input %d: strata counts %v, want 16 each", j, count)
		}
	}
	if _, err := Sample(in, 10, "sobol", 1); err == nil || !strings.Contains(err.Error(), "use mc, lhs or qmc") {
		t.Errorf("unknown sampler: err = %v", err)
	}
}
