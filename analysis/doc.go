// Package analysis provides model-agnostic sensitivity analysis and
// scenario discovery: it works on any function of uncertain inputs and
// knows nothing about the alliance model. It imports no package of the
// model or the engine (only package design, for the names of the sampling
// designs); package study wires these methods to the alliance model.
//
// # Methods
//
// Each method answers one of an analyst's questions. Costs are in function
// evaluations for D inputs.
//
//   - Tornado (2D+1): how much does the answer move when one input goes
//     from its 10th to its 90th percentile, the rest held at their medians?
//     Local and one-at-a-time.
//   - Morris (r·(D+1), e.g. r = 20): which inputs matter at all? A cheap
//     global screening (Morris 1991) reporting μ*, the mean absolute
//     elementary effect (Campolongo, Cariboni & Saltelli 2007), μ and σ.
//   - Sobol (N·(D+2), e.g. N = 1024–8192): what share of the uncertainty in
//     the answer does each input explain, alone (first-order S1) and with
//     its interactions (total effect ST)? Saltelli et al. (2010) design and
//     first-order estimator, Jansen (1999) total-effect estimator, bootstrap
//     95% intervals.
//   - SobolConvergence (no extra cost): has the ranking of the drivers
//     settled? Indices on nested prefixes of one design, with plain-words
//     warnings and the sample size that would settle them.
//   - PRIM: under which conditions does the outcome become likely? Patient
//     Rule Induction (Friedman & Fisher 1999) with the EMA Workbench's
//     defaults, a default choice of box, the box written as sentences, and
//     signposts (the conditions to watch, most important first).
//   - RankCorrelate: correlated inputs with exact marginals (Iman & Conover
//     1982), with NearestCorrelation (Higham 2002) to repair an elicited
//     correlation matrix that is not positive definite.
//
// Sample and Evaluate are the building blocks the methods share: a seeded
// MC or Latin hypercube sample of the inputs, and a parallel evaluation
// that stores each output at its row (for example, to feed PRIM). A Sobol
// result's Samples also form a plain random sample, so PRIM can run on a
// Sobol design without new evaluations.
//
// Inputs are given by name and inverse CDF (Input). Designs are drawn on
// the unit hypercube and mapped through each input's Quantile, never at
// probability 0 or 1, so unbounded distributions are safe.
//
// # Determinism and parallelism
//
// The function is evaluated in parallel by Options.Workers goroutines; each
// output is stored at its design row and every reduction runs in row
// order, and every random choice comes from streams derived from
// Options.Seed and a purpose (design, bootstrap resample k, …). So the same
// Seed gives identical results for any number of workers. Methods that
// evaluate the function take a context and stop early, returning its
// error, when it is cancelled. A NaN or infinite output stops a method with
// an *EvalError that names the design point.
//
// # Stochastic models
//
// The methods need a function that is deterministic in its inputs: if f(x)
// is itself a Monte Carlo estimate with fresh random numbers at each call,
// the noise between design points is read as an effect of the inputs, and
// the total-effect indices in particular are inflated by the noise. For a
// stochastic model such as a simulation of whether an alliance forms:
//
//   - let f(x) run R inner replications at x and return their mean, e.g.
//     the share of replications in which the alliance forms, an estimate of
//     P(alliance | inputs = x);
//   - use common random numbers: the same R inner seeds at every x, so
//     that two design points differ only through x.
//
// The indices then apportion the variance of the conditional expectation
// E[Y | X] (here the variance of P(alliance | inputs) across the input
// space) among the inputs. The randomness that remains inside the model
// (within the R replications) is not attributed to any input; with common
// random numbers its effect on the indices shrinks as R grows, and larger
// R mainly buys a smoother function of x. A Sobol analysis of a binary
// outcome (one replication, R = 1) is valid but apportions mostly noise.
//
// For PRIM the outcome of interest is usually a threshold on that
// conditional probability (e.g. P(alliance | inputs) > 0.5), or the raw
// 0/1 outcome of single runs.
//
// # References
//
//   - Campolongo F., Cariboni J., Saltelli A. (2007) An effective screening
//     design for sensitivity analysis of large models. Environmental
//     Modelling & Software 22, 1509–1518.
//   - Friedman J. H., Fisher N. I. (1999) Bump hunting in high-dimensional
//     data. Statistics and Computing 9, 123–143.
//   - Higham N. J. (2002) Computing the nearest correlation matrix — a
//     problem from finance. IMA Journal of Numerical Analysis 22, 329–343.
//   - Iman R. L., Conover W. J. (1982) A distribution-free approach to
//     inducing rank correlation among input variables. Communications in
//     Statistics – Simulation and Computation 11, 311–334.
//   - Ishigami T., Homma T. (1990) An importance quantification technique
//     in uncertainty analysis for computer models. ISUMA '90, 398–403.
//   - Jansen M. J. W. (1999) Analysis of variance designs for model output.
//     Computer Physics Communications 117, 35–43.
//   - Joe S., Kuo F. Y. (2008) Constructing Sobol sequences with better
//     two-dimensional projections. SIAM J. Sci. Comput. 30, 2635–2654.
//   - Matoušek J. (1998) On the L2-discrepancy for anchored boxes. Journal
//     of Complexity 14, 527–556.
//   - Morris M. D. (1991) Factorial sampling plans for preliminary
//     computational experiments. Technometrics 33, 161–174.
//   - Saltelli A., Annoni P., Azzini I., Campolongo F., Ratto M., Tarantola
//     S. (2010) Variance based sensitivity analysis of model output. Design
//     and estimator for the total sensitivity index. Computer Physics
//     Communications 181, 259–270.
//   - Saltelli A., Ratto M., Andres T., et al. (2008) Global Sensitivity
//     Analysis: The Primer. Wiley.
//   - Saltelli A., Sobol' I. M. (1995) About the use of rank transformation
//     in sensitivity analysis of model output. Reliability Engineering &
//     System Safety 50, 225–239.
package analysis // import "github.com/alliancesim/alliancesim/analysis"
