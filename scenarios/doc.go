// Package scenarios holds the bundled scenario files, embedded in the
// binary, and the loader that turns a scenario file into a compiled
// model.Scenario.
//
// # Loading
//
// Load reads a file, LoadBytes a file's content, and Open either a bundled
// scenario by name ("baseline") or a file by path. All three check the
// whole file and report every problem at once, as an ErrorList of *Error
// values sorted by line. Each Error names the file, line and column, the
// field's path (actors[1].drivers.threat.beta[0]), what is wrong, and a
// hint on how to fix it:
//
//	my.yaml:14:22: actors[0].drivers.threat.beta[0]: alpha: must be greater than 0 (got -1)
//	  hint: beta: [alpha, beta] with both greater than 0, e.g. beta: [8, 3] (mean 8/11 = 0.73)
//
// Unknown keys get a "did you mean" suggestion, duplicate keys are errors
// (YAML would silently keep one), and a file that is not valid YAML gets
// the parser's message with a hint (tabs in the indentation, and prose
// values containing ": ", are recognised). A file that cannot be read
// gives an *fs.PathError instead (errors.Is(err, fs.ErrNotExist) for a
// missing file); IsInvalid tells the two kinds apart.
//
// The loader walks the YAML syntax tree itself (goccy/go-yaml's parser),
// which gives exact positions for every value. It never panics: a panic in
// the parser or the loader would be turned into an error asking for a bug
// report, and FuzzLoad checks that none occurs.
//
// # The format
//
// A scenario file is one YAML mapping. Keys are case-sensitive and
// lowercase; unknown keys are errors.
//
//	name: baseline              # required; ^[a-z0-9][a-z0-9_-]*$
//	description: One line shown by `alliancesim list`.   # required
//	start_year: 2027            # required whole number, 1800..2200
//	horizon_years: 10           # required whole number, 1..200
//	initial_state: entente      # required: rivalry, normalization, strategic_partnership,
//	                            #   treaty_partnership or entente (not defence_alliance,
//	                            #   the event whose probability the run estimates)
//	                            #   or nowcast: the state the observed record implies
//	                            #   for the year before start_year (model.Scenario.FromNowcast)
//	rival: {id: us, name: United States}   # required; id ^[a-z][a-z0-9_]*$
//	actors:                     # required, exactly two
//	  - id: russia              # ^[a-z][a-z0-9_]*$; not dyad, events, latent or weights
//	    name: Russia            # required display name
//	    drivers:                # optional; keys from model.DriverKeys(true)
//	      threat: {beta: [8, 3], sources: ["Walt 1987"]}
//	      pressure: 0.7         # a plain number is a fixed value
//	      growth: {normal: {mean: -0.005, sd: 0.01}}
//	  - id: china
//	    name: China
//	    drivers: {...}
//	dyad:                       # optional; keys from model.DriverKeys(false)
//	  interdependence: {uniform: [0.3, 0.6]}
//	  regime_similarity: 0.9
//	  treaty: 1
//	  decision_years: [2027]    # optional list of years (treaty decision points)
//	events:                     # optional list
//	  - name: taiwan_crisis     # required, ^[a-z][a-z0-9_]*$, unique
//	    description: A military crisis over Taiwan that draws in the US.
//	    probability: {beta: [2, 40]}   # required annual probability, a value in [0, 1]
//	    window: [2027, 2036]    # optional [from, to], years, from <= to (default: any year)
//	    decay: 0.5              # optional share of the effect left a year later, [0, 1], default 0.5
//	    once: false             # optional, default false: at most one occurrence per run
//	    effects:                # optional target: shift pairs
//	      china.pressure: 0.3   # <actor>.<threat|pressure|disorder_appetite|autonomy_value|
//	      latent: 0.4           #   self_sufficiency|doctrine|consent>, dyad.<driver>, latent
//	    sources: ["..."]        # optional; attached to the probability input
//	weights:                    # optional overrides of model.WeightSpecs: numbers in range,
//	  junior_partner: 1.2       #   or distributions (uncertain weights; not threshold_*)
//	  disorder_gap: {pert: [1, 1.5, 2.2], sources: ["..."]}
//	correlations:               # optional rank correlations between uncertain inputs
//	  - [russia.threat, russia.pressure, 0.6]
//	  - {between: [china.threat, weights.disorder_gap], rank: -0.3, sources: ["..."]}
//	sources: ["..."]            # optional list of references
//
// Every driver omitted from drivers: or dyad: takes its DriverSpec.Default
// as a fixed value (an input with no sources and Line 0).
//
// # Values and distributions
//
// A value (a driver or an event's probability) is either a plain number,
// which is fixed, or a mapping with exactly one distribution key plus
// optional sources (a list of references, or a single text) and note (a
// text the loader ignores):
//
//	fixed: 0.4                          the same as writing 0.4
//	uniform: [lo, hi]                   lo < hi
//	normal: {mean: 0.3, sd: 0.1}        sd > 0; optional min: and max: truncate it
//	triangular: [lo, mode, hi]          lo <= mode <= hi, lo < hi
//	pert: [lo, mode, hi]                beta-PERT: a beta scaled to [lo, hi] with mean (lo+4·mode+hi)/6
//	beta: [alpha, beta]                 both > 0, on [0, 1]
//	lognormal: {mu: -2, sigma: 0.5}     mean and sd of the logarithm, sigma > 0
//	bernoulli: 0.3                      1 with probability p, else 0
//	choice: {values: [...], weights: [...]}   weights >= 0, optional (equal when absent)
//	ci90: [lo, hi]                      a normal with 5th and 95th percentiles lo and hi
//	ci90: {lo: 0.2, hi: 0.6, min: 0, max: 1}  the same, truncated
//
// Each value becomes a model.Input with Path "<actor>.<driver>",
// "dyad.<driver>" or "events.<name>.probability", its distribution (built
// by sim.NewDist), Fixed (true for plain numbers and fixed:), Sources and
// the Line of its key.
//
// Every value is checked against its target's range (DriverSpec Min and
// Max; [0, 1] for probabilities). A fixed value must lie inside it. An
// uncertain value is an error only when its 1%–99% quantile range lies
// entirely outside; a distribution that merely spills over the range is
// accepted, because the engine clamps every draw to its target's range
// (a normal around 0.9 on a 0..1 driver puts the draws above 1 at 1).
// Use truncation (normal's or ci90's min and max) or a bounded
// distribution to avoid a pile of draws at the bound.
//
// # Uncertain weights
//
// A weight under weights: is a plain number (or fixed:), stored in
// model.Scenario.Weights, or a distribution, which becomes an uncertain
// model.Input with Path "weights.<key>", placed after the event
// probabilities and range-checked like a driver against the WeightSpec's
// Min and Max. The ladder's thresholds (threshold_*) cannot be uncertain:
// they must increase in every draw. The error suggests making bias
// uncertain instead.
//
// # Correlations
//
// correlations: is a list of pairs, each [a, b, rank] or {between: [a,
// b], rank: r, sources: [...], note: ...}, stored in
// model.Scenario.Correlations with the Line of the entry. a and b must be
// paths of uncertain inputs (an unknown path gets a "did you mean", a
// fixed or defaulted one is refused), distinct, and no pair may be given
// twice in either order; rank is a Spearman correlation strictly between
// -1 and 1. The pairs must hold together: for each group of linked inputs,
// the matrix of the copula's normal correlations (sim.NormalCorrelation)
// must be positive definite (sim.CheckCorrelations); if not, the error
// points at the correlations: key and lists the pairs involved. Package
// sim samples them with a Gaussian copula.
package scenarios // import "github.com/alliancesim/alliancesim/scenarios"
