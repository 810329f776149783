package score

import (
	"fmt"
	"math"
)

// Forecast is one case's forecast and what happened.
type Forecast struct {
	// P is the forecast probability of an onset, from 0 to 1.
	P float64
	// SE is the forecast's own standard error (the Monte Carlo error of a
	// simulated probability); 0 for a forecast computed exactly.
	SE float64
	// Onset reports whether the event happened.
	Onset bool
}

// y is the outcome as a number: 1 for an onset, 0 for none.
func (f Forecast) y() float64 {
	if f.Onset {
		return 1
	}
	return 0
}

// Validate checks that every forecast is a probability and every standard
// error a non-negative number.
func Validate(fs []Forecast) error {
	for i, f := range fs {
		if !(f.P >= 0 && f.P <= 1) {
			return fmt.Errorf("score: forecast %d is %v, not a probability", i+1, f.P)
		}
		if !(f.SE >= 0) || math.IsInf(f.SE, 0) {
			return fmt.Errorf("score: forecast %d has a standard error of %v", i+1, f.SE)
		}
	}
	return nil
}

// Mean is a score averaged over N cases, with the standard error of the
// mean over cases: the sample standard deviation (denominator N − 1)
// divided by √N. SE is NaN for fewer than two cases and Value is NaN for
// none.
type Mean struct {
	Value float64
	SE    float64
	N     int
}

// mean is the Mean of xs.
func mean(xs []float64) Mean {
	m := Mean{Value: math.NaN(), SE: math.NaN(), N: len(xs)}
	if len(xs) == 0 {
		return m
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	m.Value = s / float64(len(xs))
	if len(xs) < 2 {
		return m
	}
	var ss float64
	for _, x := range xs {
		d := x - m.Value
		ss += d * d
	}
	m.SE = math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
	return m
}

// Brier is the Brier score of the forecasts: the mean of (p − y)², y = 1
// for an onset and 0 for none, with its standard error over cases. Lower
// is better.
func Brier(fs []Forecast) Mean {
	xs := make([]float64, len(fs))
	for i, f := range fs {
		d := f.P - f.y()
		xs[i] = d * d
	}
	return mean(xs)
}

// BrierMonteCarloSE is the part of the Brier score's uncertainty that comes
// from the forecasts' own standard errors (their Monte Carlo error), by the
// delta method: the Brier score moves by 2(p − y)/N per unit of a case's p,
// so its standard error is √Σ(2(p − y)·SE/N)². It is far smaller than the
// standard error over cases unless the forecasts rest on very few draws.
func BrierMonteCarloSE(fs []Forecast) float64 {
	if len(fs) == 0 {
		return math.NaN()
	}
	n := float64(len(fs))
	var v float64
	for _, f := range fs {
		g := 2 * (f.P - f.y()) * f.SE / n
		v += g * g
	}
	return math.Sqrt(v)
}

// LogScore is the mean of ln p(observed outcome), ln p for an onset and
// ln(1 − p) for none, with its standard error over cases. Higher (nearer
// 0) is better. A forecast of exactly 0 or 1 that turned out wrong scores
// −∞: clip forecasts that can take those values first (Clip).
func LogScore(fs []Forecast) Mean {
	xs := make([]float64, len(fs))
	for i, f := range fs {
		if f.Onset {
			xs[i] = math.Log(f.P)
		} else {
			xs[i] = math.Log1p(-f.P)
		}
	}
	return mean(xs)
}

// MonteCarloEpsilon is how far Clip keeps a Monte Carlo estimate from 0
// and 1 for the log score: 0.5/(draws + 1), as if half a draw had gone
// the other way.
func MonteCarloEpsilon(draws int64) float64 { return 0.5 / (float64(draws) + 1) }

// Clip returns the forecasts with every p limited to [eps, 1 − eps].
func Clip(fs []Forecast, eps float64) []Forecast {
	out := make([]Forecast, len(fs))
	for i, f := range fs {
		f.P = min(max(f.P, eps), 1-eps)
		out[i] = f
	}
	return out
}

// Skill is the Brier skill score of a forecaster with Brier score b
// against a reference with Brier score ref: 1 − b/ref. Above 0 the
// forecaster beats the reference, 1 is perfect; NaN when ref is 0.
func Skill(b, ref float64) float64 {
	if ref == 0 {
		return math.NaN()
	}
	return 1 - b/ref
}

// Comparison is a forecaster scored against a reference on the same cases.
type Comparison struct {
	// N is the number of cases both forecast.
	N int
	// Brier and RefBrier are the two Brier scores on those cases.
	Brier, RefBrier float64
	// Skill is 1 − Brier/RefBrier.
	Skill float64
	// Diff is Brier − RefBrier (below 0: the forecaster is better) and
	// DiffSE its paired standard error over cases (NaN for one case).
	Diff, DiffSE float64
}

// Beats reports whether the forecaster's Brier score is below the
// reference's.
func (c Comparison) Beats() bool { return c.Brier < c.RefBrier }

// Compare scores fs against ref case by case: both must forecast the same
// cases, in the same order, with the same outcomes.
func Compare(fs, ref []Forecast) (Comparison, error) {
	if len(fs) != len(ref) {
		return Comparison{}, fmt.Errorf("score: %d forecasts against %d reference forecasts", len(fs), len(ref))
	}
	d := make([]float64, len(fs))
	for i := range fs {
		if fs[i].Onset != ref[i].Onset {
			return Comparison{}, fmt.Errorf("score: case %d has different outcomes in the two lists", i+1)
		}
		a, b := fs[i].P-fs[i].y(), ref[i].P-ref[i].y()
		d[i] = a*a - b*b
	}
	b, r := Brier(fs), Brier(ref)
	dm := mean(d)
	return Comparison{N: len(fs), Brier: b.Value, RefBrier: r.Value, Skill: Skill(b.Value, r.Value), Diff: dm.Value, DiffSE: dm.SE}, nil
}

// Bin is one bin of a reliability table: the forecasts from Lo up to Hi
// (Hi included in the last bin), their number N, their mean MeanP and the
// share Observed of them that were onsets. MeanP and Observed are NaN in
// an empty bin.
type Bin struct {
	Lo, Hi   float64
	N        int
	MeanP    float64
	Observed float64
}

// Reliability bins the forecasts into bins of equal width in p, from 0
// to 1: bin k holds k/bins ≤ p < (k+1)/bins, the last one p = 1 too. It
// returns every bin, empty ones included.
func Reliability(fs []Forecast, bins int) []Bin {
	if bins < 1 {
		bins = 1
	}
	out := make([]Bin, bins)
	sumP := make([]float64, bins)
	hits := make([]int, bins)
	for k := range out {
		out[k].Lo, out[k].Hi = float64(k)/float64(bins), float64(k+1)/float64(bins)
	}
	for _, f := range fs {
		k := min(max(int(f.P*float64(bins)), 0), bins-1)
		out[k].N++
		sumP[k] += f.P
		if f.Onset {
			hits[k]++
		}
	}
	for k := range out {
		out[k].MeanP, out[k].Observed = math.NaN(), math.NaN()
		if n := float64(out[k].N); n > 0 {
			out[k].MeanP, out[k].Observed = sumP[k]/n, float64(hits[k])/n
		}
	}
	return out
}

// SplitStats counts the onsets and non-onsets and gives the mean forecast
// on each (NaN for a group with no case).
type SplitStats struct {
	Onsets, NonOnsets         int
	MeanPOnset, MeanPNonOnset float64
}

// Split counts the onsets and non-onsets and averages the forecasts of
// each group.
func Split(fs []Forecast) SplitStats {
	var s SplitStats
	var sp, sn float64
	for _, f := range fs {
		if f.Onset {
			s.Onsets++
			sp += f.P
		} else {
			s.NonOnsets++
			sn += f.P
		}
	}
	s.MeanPOnset, s.MeanPNonOnset = math.NaN(), math.NaN()
	if s.Onsets > 0 {
		s.MeanPOnset = sp / float64(s.Onsets)
	}
	if s.NonOnsets > 0 {
		s.MeanPNonOnset = sn / float64(s.NonOnsets)
	}
	return s
}
