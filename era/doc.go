// Package era measures how far the international system's present era
// bars a bilateral defence pledge, from the world's count of such
// pledges: the observable behind the model's dyad.unipolarity driver.
//
// # Why a count
//
// The model's unipolar bar (docs/model.md §3.2) rests on ATOP 5.1's
// record: among politically relevant dyads not already pledged, bilateral
// defence-pledge onsets ran at 12.2 per 10,000 dyad-years in 1946–1991
// and 1.1 in 1992–2016 (scripts/atop-eras/bilateral_eras.py). The case
// protocol codes the driver by date (0 up to 1991, 1 from 1992), which
// says nothing about whether the era still holds. The same count in the
// years since is an observable of that: a return to the earlier era's
// rate would show as more bilateral onsets.
//
// # The estimate
//
// With r₀ the 1946–1991 rate and r₁ the 1992–2016 rate, the driver's two
// ends, a window's rate r is placed between them on the log scale,
//
//	u = log(r/r₀) / log(r₁/r₀),  clipped to [0, 1],
//
// because the model's consent is linear in u on the log odds, so that a
// rate is geometric in u. Each of the three rates is uncertain, with the
// Jeffreys posterior Gamma(k + ½, D) of its own count k in D at-risk
// dyad-years; Unipolarity returns the distribution of u they imply, by
// quadrature over 48 quantiles of each (TestClosedForm checks it against
// the closed form for known eras' rates, a Gamma survival function). A
// window at or below the later era's rate gives u = 1 (the clip keeps
// that probability, AtOne), one at or above the earlier era's u = 0.
//
// A ten-year window holds about 1.5 onsets at the later era's rate and 16
// at the earlier one, so it tells the two eras apart, but not u = 0.8 from
// u = 1: the later era's rate itself rests on four onsets. The era's own
// windows (1997–2006: one onset, mean 0.92; 2007–2016: none, 0.98) are the
// yardstick to read a present window against; `alliancesim era` prints
// them beside it.
package era
