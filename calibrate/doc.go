// Package calibrate estimates the model's weights (model.WeightSpecs)
// from the historical case library and the observed China–Russia path, by
// Bayesian importance sampling with a simulated likelihood.
//
// # Model of the data
//
// The prior is one distribution per weight, read from
// scenarios/priors/priors.yaml (scenarios.BundledPriors): a normal with the
// weight's cited prior range as its central 90% interval, truncated to the
// allowed range, or a beta for a share. Each case of the library
// contributes the probability of what happened: p = P(a pact by the
// outcome year) if one formed, 1 − p if none did. The China–Russia path
// contributes the probability of a coarse version of the record: the rung
// at a few checkpoint years (ChinaRussiaCheckpoints) and no alliance
// through 2025, jointly, which is an ordinary likelihood of that coarsened
// observation (not a composite of marginals that would count the same
// information several times). Every probability is estimated from N
// simulated runs as (k + 0.5)/(N + 1).
//
// With Options.EffectPriors the prior also holds the literature's effect
// sizes: each weight vector's prior density is multiplied by a normal
// density of every implied log odds ratio of study.EffectSizes that is a
// constraint (its cited range a central 90% interval), each estimated on
// the baseline with common random numbers, and the priors of the weights
// those rows are about are widened (their SD tripled), so that the cited
// ranges count once, through the odds ratios.
//
// # Method
//
// Run draws the weight vectors in rounds. The first is a Latin hypercube in
// the priors' quantiles, so its importance weights are the likelihoods;
// each later round draws from a mixture of the prior (share Defensive) and
// a normal fitted to the weighted points so far, in the standard normal
// coordinates z = Φ⁻¹(F(weight)). All points are weighted by the
// deterministic mixture of the rounds' proposals (adaptive multiple
// importance sampling). Every case is simulated under every weight vector
// with the same random numbers (the same drivers, noise and events for
// draw i; common random numbers), so that differences between weight
// vectors are not drowned in Monte Carlo noise. Leave-one-case-out
// predictions divide out a case's likelihood and smooth the ratios by
// Pareto-smoothed importance sampling, which also gives the reliability
// diagnostic k̂.
//
// With effect priors a normal fitted to the weighted points follows the
// few points the nine effect priors leave any weight (an ESS of a few in
// a thousand after the first round), so the later rounds' normal is
// fitted instead to MCMC draws of a cheap surrogate of the posterior: the
// prior times the effect priors and the likelihood, each log OR and the
// total log-likelihood replaced by a least-squares quadratic in z fitted
// on the points so far (emulatedFit). The emulators only place the
// proposals; the importance weights use the simulated values, so the
// target is exact. The surrogate is a function of the points' counts and
// the seed, so a sharded calibration rebuilds it as Run does.
//
// The result is deterministic for a seed, whatever the number of workers.
// docs/calibration.md gives the reasoning, the priors and the measured
// figures.
//
// # Use
//
// Build the cases with backtest.NewCase, the path with ChinaRussiaPath,
// and call Run with Options; Result.File gives calibration.json and
// Result.Posterior posterior.yaml, which ReadPosterior reads back and
// validates. Synthesize and DrawWeights make synthetic data for recovery
// checks.
package calibrate
