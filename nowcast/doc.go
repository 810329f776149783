// Package nowcast reads the observed record of a pair (UN Security Council
// vetoes, joint exercises and patrols, arms and energy trade, UN General
// Assembly agreement, joint statements) and infers where on the model's
// ladder the pair has stood each year and stands now: a particle filter
// over the model's own yearly step, weighted by an observation model
// estimated on the record.
//
// # The observation model
//
// Each year t the record gives some of the indicators y_k(t) (Indicators;
// a value may be unknown). Given the rung s(t), the indicators are
// independent of each other and of other years, and each has its own
// distribution per rung:
//
//	counts (vetoes, exercises, patrols):  y | s ~ NegBin(size a_s, mean a_s/b_s)
//	shares (arms share, UNGA agreement):  logit(y) | s ~ N(μ_s, σ² + σ²/(κ + n_s))
//	amounts (energy trade):               log(1 + y) | s ~ N(μ_s, σ² + σ²/(κ + n_s))
//	codes (statement code, not-alliance): P(y = k | s) = p_s(k)
//
// and a year's likelihood on rung s is
//
//	L_t(s) = Π_k f_{k,s}(y_k(t))^{T_k}
//
// over the known values, with T_k the indicator's temper: 1/5 for the
// arms-import share, a 5-year moving window whose consecutive values
// share four years, 1 for the rest. Shares are clamped to [0.005, 0.995]
// before the logit.
//
// # The latent pressure emits too
//
// Within a rung, a year of higher latent alignment pressure z (the
// model's y.Latent, each particle's own) may show more joint exercises
// and vetoes. With u = (z − c_s)/d the particle's pressure relative to
// its rung,
//
//	counts:            log mean_s(z) = log mean_s + β_count·u   (size unchanged)
//	shares, amounts:   μ_s(z) = μ_s + β_normal·σ_s·u            (σ_s the predictive sd)
//	codes:             unchanged
//
// c_s is the mean latent pressure of the prior's particle-years on rung s
// and d the pooled within-rung sd (CentreLatent: the filter's particles
// with no observations, over the record's years), so that u is in
// within-rung sds and the rung parameters are those of a typical year of
// the rung; a threshold band was not used because the lowest and highest
// rungs have no band and the hysteresis makes the others overlap. The
// codes do not move: a joint statement's wording is set at a summit and
// the "not an alliance" flag states the rung itself; neither has a
// within-rung intensity. There is one slope per family, not one per
// indicator: 34 filtered years cannot identify more.
//
// The slopes are estimated by the record's log marginal likelihood from
// the filter (Posterior.LogLik, the sum of the one-step-ahead predictive
// densities, a proper criterion, where EM on the filter's own rung output
// would be circular), over the grid β ∈ {0, 0.1, 0.2, 0.35, 0.5} per
// family by coordinates (EstimateLatent). A slope stays 0 unless it adds
// more than ½·log(years) to the log-likelihood (the BIC's charge per
// parameter; 1.76 for the 34 years 1992–2025). The search runs 20,000
// particles with the same seed at every grid point; the log-likelihood's
// Monte Carlo sd at that size is about 0.03 across seeds on the
// China–Russia record, well below the penalty. On that record neither
// slope pays its way (the best gain is 0.49 at β_count = 0.1 and 0.22 at
// β_normal = 0.2, against 1.76): both are 0, and the filter is the
// rung-only one. With a slope, the filter weighs each particle by the
// likelihood at its own pressure instead of its rung's:
//
//	p(y_t | y_<t) = Σ_i w_i L_t(s_i(t), z_i(t))
//	w_i ← w_i L_t(s_i(t), z_i(t)) / p(y_t | y_<t)
//
// and the signposts' simulated indicators are drawn from the same
// emission at the run's own pressure. YearPost.LogLik stays the rung's
// likelihood at u = 0.
//
// # Estimation
//
// The parameters are estimated on the record, supervised by the coded
// rung path (Coding; ChinaRussia: rivalry 1958–1988, normalization from
// 1989, strategic partnership from 1996, treaty partnership from 2001,
// entente from 2014), each coded year's values taken to come from its
// coded rung, with shrinkage toward the pooled value chosen by empirical
// Bayes. Supervision was chosen over maximum likelihood / EM on the
// filter's smoothed rung probabilities because the latter is circular
// here: the hindcast's own climb (it reaches the entente about 2007)
// would teach the indicators the model's path instead of the record's,
// and 34 years cannot identify six rungs' parameters and the path at
// once. The coded path comes from treaty and statement dates, not from
// these indicators.
//
// With n_s the (tempered) number of coded years with a value on rung s
// and S_s their (tempered) sum:
//
//	counts:  λ_s ~ Gamma(κ·m, κ), m = (ΣS + ½)/(Σn + 1) the pooled rate;
//	         a_s = κ·m + S_s, b_s = κ + n_s (the posterior; the emission is
//	         its predictive, a negative binomial).
//	normal:  μ_s ~ N(m, σ²/κ), σ² the pooled within-rung variance (floor
//	         1e-4), m the precision-weighted mean of the rung means;
//	         μ̂_s = (κ·m + n_s·x̄_s)/(κ + n_s).
//	codes:   p_s ~ Dirichlet(α·π), π the pooled frequencies (+½ each);
//	         p̂_s(k) = (n_sk + α·π_k)/(n_s + α).
//
// The strength κ (α), in pseudo-years, maximises the marginal likelihood
// of the rung totals (negative binomial, normal, Dirichlet–multinomial)
// over a grid 10⁻² … 10⁵. An indicator whose rungs do not differ beyond
// noise gets a large κ, every rung the pooled value and no weight: the
// UN General Assembly agreement, ≈0.80 at the height of the hostility
// (1972–85) and near it since, is such a case. A rung without coded years
// with data (the defence alliance: none since 1980) borrows the estimate
// of the nearest rung that has them (Emission.Borrowed), except where an
// indicator's definition fixes it (IndicatorSpec.Alliance: a statement
// that the pair is "not an alliance" is all but impossible in one).
//
// Each indicator's discrimination (Discrimination) is the expected
// log-likelihood ratio between adjacent rungs, ½(KL(f_s‖f_s+1) +
// KL(f_s+1‖f_s)), and its mutual information with the rung, I(s; y) =
// Σ_s π_s KL(f_s ‖ Σ_r π_r f_r), the rung distributed as the record's
// coded years, both times T_k.
//
// # The filter
//
// Filter is a bootstrap particle filter. Particle i's uncertain inputs
// are package sim's draw i (sim.Prior: the same sampling and streams,
// rank correlations included), and its path is started and
// advanced with model.Path, the model's one yearly step, from the
// scenario's start year: the rung, the latent pressure and its AR(1)
// noise, the doctrines in force, the standing consent dispositions and
// the event strengths all propagate as in a simulation. After each year's
// step the weights are multiplied by L_t(rung_i) and renormalised:
//
//	predicted_t(s) = Σ_i w_i 1{s_i(t) = s}          (before year t's values)
//	p(y_t | y_<t)   = Σ_s predicted_t(s) L_t(s)
//	w_i ← w_i L_t(s_i(t)) / p(y_t | y_<t)
//	filtered_t(s)  = Σ_i w_i 1{s_i(t) = s}
//
// When the effective sample size (Σw)²/Σw² falls below ResampleESS·N the
// particles are resampled systematically (one uniform per year) and every
// particle gets fresh streams, so that copies of one parent do not share
// a future. Particles are stepped in parallel; every random number is
// keyed by (seed, particle, year) and every sum is taken in particle
// order, so the result does not depend on the number of workers. With no
// values at all the filter's particles are sim's runs, draw for draw.
//
// The filtered state at the end of the record (State) is a weighted set of
// particles. Forecast continues them under the filter's scenario; for a
// run of another scenario, package sim can draw for its draw i one
// particle with State.Pick from a uniform of the draw's stream and start
// the run with model.SimulateFrom(&state.Carry[k], …), the carried rung,
// latent noise, consent dispositions and doctrines replacing the
// scenario's initial state.
//
// Score scores the one-step-ahead rung forecasts (predicted_t) against the
// coded rung by log score and ranked probability score; the sum of log
// p(y_t | y_<t) is the record's log marginal likelihood.
package nowcast // import "github.com/alliancesim/alliancesim/nowcast"
