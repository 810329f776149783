// Package era measures whether the era that bars a bilateral defence
// pledge still holds, from the world's count of such pledges: the
// observable behind the model's dyad.unipolarity driver.
//
// # Why a count
//
// The model's unipolar bar (docs/model.md §3.2) rests on ATOP 5.1's
// record: among politically relevant dyads not already pledged, bilateral
// defence-pledge onsets ran at 12.2 per 10,000 dyad-years in 1816–1945 and
// in 1946–1991 alike, and at 1.1 in 1992–2016 (scripts/atop-eras/
// bilateral_eras.py). The case protocol codes the driver by date through
// 2016 (0 up to 1991, 1 from 1992). The same count in the years since is
// an observable of whether the era still holds: a return to the earlier
// rate would show as more bilateral onsets.
//
// # The estimate
//
// The earlier rate was the same under a multipolar and a bipolar system,
// so the measure has two regimes, not a scale: a window of years is in the
// later era (its rate r₁, the driver at 1) or out of it (the earlier
// rate r₀, at 0). Each era's rate is uncertain, with the Jeffreys
// posterior Gamma(k + ½, D) of its own count, so K onsets in d at-risk
// dyad-years have, under each era, a negative binomial probability
// (logMarginal; TestMarginal integrates its definition); their ratio is
// the Bayes factor, and from even prior odds Unipolarity returns the
// probability of the later era. A window inside an era is compared with
// the era's other years (Record.Present).
//
// Value turns it into the scenario's input: a bernoulli, each run in one
// era or the other, or fixed when the probability rounds to 1 or 0. An
// earlier version placed the window's rate on a continuous scale between
// the two; it could not return 1 for the era that defines 1 (the whole
// 1992–2016 record came out at 0.90), so a window at the era's own rate
// read as a weaker bar.
package era
