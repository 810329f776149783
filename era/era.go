package era

import (
	"fmt"
	"math"
)

// Period is a span of years of the world's record: its at-risk dyad-years
// (politically relevant dyads not pledged the year before) and the
// bilateral defence-pledge onsets among them.
type Period struct {
	From, To int
	// AtRisk is the at-risk dyad-years.
	AtRisk float64
	// Onsets is the count of bilateral onsets.
	Onsets int
}

// Rate is the period's onsets per 10,000 at-risk dyad-years.
func (p Period) Rate() float64 { return 1e4 * float64(p.Onsets) / p.AtRisk }

// Prior is the prior probability that a window belongs to the later era:
// even odds, so that the window's count alone decides.
const Prior = 0.5

// Estimate is what a window's count says about the era it belongs to.
type Estimate struct {
	Window Period
	// P is the posterior probability that the window's rate is the later
	// era's (the driver at 1) rather than the earlier era's (at 0), from
	// even prior odds; LogBF the log Bayes factor of the later era.
	P, LogBF float64
	// Even is the least count in a window of the same at-risk dyad-years
	// for which P falls below one half: the signpost.
	Even int
}

// Unipolarity returns the estimate for the window, with bipolar the
// earlier era's record (the driver at 0) and unipolar the later era's (at
// 1). It returns an error when a period has no at-risk dyad-years or a
// negative count, or when the later era's rate is not below the earlier
// one's.
func Unipolarity(bipolar, unipolar, window Period) (Estimate, error) {
	for _, p := range []Period{bipolar, unipolar, window} {
		if !(p.AtRisk > 0) || math.IsInf(p.AtRisk, 0) || p.Onsets < 0 {
			return Estimate{}, fmt.Errorf("era: period %d–%d needs positive at-risk dyad-years and a count of at least 0 (has %v and %d)", p.From, p.To, p.AtRisk, p.Onsets)
		}
	}
	if !(unipolar.Rate() < bipolar.Rate()) {
		return Estimate{}, fmt.Errorf("era: the rate of %d–%d (%.3g per 10,000) is not below that of %d–%d (%.3g): the two eras are not told apart", unipolar.From, unipolar.To, unipolar.Rate(), bipolar.From, bipolar.To, bipolar.Rate())
	}
	e := Estimate{Window: window}
	e.LogBF = logMarginal(window.Onsets, window.AtRisk, unipolar) - logMarginal(window.Onsets, window.AtRisk, bipolar)
	e.P = posterior(e.LogBF)
	for k := 0; ; k++ {
		if posterior(logMarginal(k, window.AtRisk, unipolar)-logMarginal(k, window.AtRisk, bipolar)) < 0.5 {
			e.Even = k
			break
		}
	}
	return e, nil
}

// posterior turns a log Bayes factor into the later era's probability at
// the prior odds.
func posterior(logBF float64) float64 {
	lo := math.Log(Prior/(1-Prior)) + logBF
	return 1 / (1 + math.Exp(-lo))
}

// logMarginal is the log probability of k onsets in d at-risk dyad-years
// when the rate is an era's: its Jeffreys posterior Gamma(k₀ + ½, D₀)
// integrated against Poisson(k; d·r), which is negative binomial,
//
//	P(k) = Γ(k + a) / (Γ(a) k!) · (D₀/(D₀ + d))^a · (d/(D₀ + d))^k,  a = k₀ + ½.
func logMarginal(k int, d float64, ref Period) float64 {
	a, b, x := float64(ref.Onsets)+0.5, ref.AtRisk, float64(k)
	l1, _ := math.Lgamma(x + a)
	l2, _ := math.Lgamma(a)
	l3, _ := math.Lgamma(x + 1)
	return l1 - l2 - l3 + a*math.Log(b/(b+d)) + x*math.Log(d/(b+d))
}
