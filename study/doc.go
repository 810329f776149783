// Package study wires the model-agnostic methods of package analysis to
// the alliance model: a sensitivity analysis of a scenario (tornado,
// Morris, Sobol with a convergence view, or a correlation-aware ranking
// when the scenario's inputs are correlated), a sweep of one or two inputs
// or weights over a grid on common random numbers, and the model's weights
// as uncertain inputs drawn over their prior ranges.
//
// The function under study is an output of a scenario (P(alliance by the
// horizon) by default) at given values of its uncertain inputs, averaged
// over inner replications on common random numbers (see sim.Evaluator), so
// that analysis's methods see a deterministic function of the inputs.
//
// Keeping this wiring here, and not in analysis, is what lets analysis
// stay a package that works on any function and is tested on published
// test functions (Ishigami, Sobol's G-function).
package study // import "github.com/alliancesim/alliancesim/study"
