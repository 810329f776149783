package score

import "math"

// BaseRateHazard is the annual hazard of a new defence pact between two
// major powers after 1945: 3 onsets in 615 at-risk dyad-years, 0.49 % a
// year (ATOP 5.1 × COW major powers, 1946–2016: US–UK and US–France in
// NATO, 1949; UK–France at Dunkirk, 1947; domain research §2.1).
const BaseRateHazard = 0.0049

// Cumulative is the probability of at least one onset in years years at a
// constant annual hazard h: 1 − (1 − h)^years. It is 0 for no years.
func Cumulative(h float64, years int) float64 {
	if years <= 0 {
		return 0
	}
	return -math.Expm1(float64(years) * math.Log1p(-h))
}

// BaseRate is the base-rate forecaster's probability of an onset within
// years years: Cumulative(BaseRateHazard, years).
func BaseRate(years int) float64 { return Cumulative(BaseRateHazard, years) }

// Covariates are a dyad's structural covariates for the reference logit.
type Covariates struct {
	// CommonRival: both sides rival the same third state (Thompson–Dreyer
	// strategic rivalries).
	CommonRival bool
	// Rivals: the two sides are strategic rivals of each other.
	Rivals bool
	// Contiguous: the two are contiguous (any COW contiguity type).
	Contiguous bool
	// BothMajor: both are COW major powers.
	BothMajor bool
	// CapabilityRatio is the stronger side's capability (CINC) over the
	// weaker's, at least 1; a ratio below 1 is read as its inverse.
	CapabilityRatio float64
	// Year is the year the hazard applies to; it sets the era terms
	// (after 1945: from 1946; after 1991: from 1992).
	Year int
}

// CapabilityRatio is the stronger of two capabilities over the weaker: at
// least 1, NaN unless both are above 0.
func CapabilityRatio(a, b float64) float64 {
	if !(a > 0 && b > 0) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return math.NaN()
	}
	return max(a, b) / min(a, b)
}

// Logit is a pooled logit model of the annual hazard of a defence-pact
// onset: logit h = Intercept + the coefficient of every covariate that
// applies. Each coefficient is the log of an odds ratio.
type Logit struct {
	// Intercept is the log odds of an onset with every covariate at 0 (a
	// dyad of equals before 1946 with none of the flags).
	Intercept float64
	// CommonRival is the log odds ratio of a common strategic rival.
	CommonRival float64
	// Rivals is the log odds ratio of the two being rivals of each other.
	Rivals float64
	// LogCapabilityRatio is the log odds ratio per unit of ln(stronger /
	// weaker capability).
	LogCapabilityRatio float64
	// Contiguous is the log odds ratio of contiguity.
	Contiguous float64
	// BothMajor is the log odds ratio of both being major powers.
	BothMajor float64
	// Post1945 and Post1991 are the log odds ratios of the years from 1946
	// and from 1992 (the second adds to the first).
	Post1945, Post1991 float64
}

// DefaultLogit is the reference logit of the domain research (§1.1): odds
// ratios from ATOP 5.1 × COW non-directed dyad-years 1816–2010, at-risk
// dyad-years only (N = 768,249, 2,340 onsets of a new defence pledge):
// common rival 1.32, mutual rivals 0.63, 0.92 per e-fold of the capability
// ratio, contiguity 5.18, both major powers 1.27, after 1945 0.44, after
// 1991 1.16.
//
// The research publishes the odds ratios and predicted hazards but not the
// intercept. The intercept is the one that reproduces the published hazard
// of 0.021 for the China–Russia 2022 profile (a common rival, not rivals of
// each other, capability ratio 6.13, contiguous, both major, after 1945 and
// after 1991):
//
//	logit(0.021) = ln(0.021/0.979)                              = −3.8420
//	covariate terms: ln 1.32 + ln 0.92·ln 6.13 + ln 5.18
//	               + ln 1.27 + ln 0.44 + ln 1.16
//	             = 0.2776 − 0.1512 + 1.6448 + 0.2390 − 0.8210 + 0.1484
//	             = 1.3377 (summed before rounding)
//	intercept = −3.8420 − 1.3377 = −5.1797 ≈ −5.18
//
// With −5.18 the 2022 profile gets 0.0210. As a check, the 1950
// Sino-Soviet profile (a common rival, ratio 1/0.66 = 1.52, contiguous,
// both major, after 1945, not after 1991) gets 0.0203, the research's
// "same ≈0.020".
func DefaultLogit() Logit {
	return Logit{
		Intercept:          -5.18,
		CommonRival:        math.Log(1.32),
		Rivals:             math.Log(0.63),
		LogCapabilityRatio: math.Log(0.92),
		Contiguous:         math.Log(5.18),
		BothMajor:          math.Log(1.27),
		Post1945:           math.Log(0.44),
		Post1991:           math.Log(1.16),
	}
}

// LogOdds is the logit of the annual hazard for the covariates c.
func (l Logit) LogOdds(c Covariates) float64 {
	r := c.CapabilityRatio
	if r > 0 && r < 1 {
		r = 1 / r
	}
	z := l.Intercept + l.LogCapabilityRatio*math.Log(r)
	for _, t := range []struct {
		on   bool
		coef float64
	}{
		{c.CommonRival, l.CommonRival}, {c.Rivals, l.Rivals}, {c.Contiguous, l.Contiguous}, {c.BothMajor, l.BothMajor},
		{c.Year >= 1946, l.Post1945}, {c.Year >= 1992, l.Post1991},
	} {
		if t.on {
			z += t.coef
		}
	}
	return z
}

// Hazard is the annual hazard for the covariates c: 1/(1 + e^−z) with z =
// LogOdds(c). It is NaN when the capability ratio is not a positive
// number.
func (l Logit) Hazard(c Covariates) float64 {
	if !(c.CapabilityRatio > 0) || math.IsInf(c.CapabilityRatio, 0) {
		return math.NaN()
	}
	return 1 / (1 + math.Exp(-l.LogOdds(c)))
}
