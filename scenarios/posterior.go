package scenarios

import _ "embed"

// PosteriorFile names the bundled posterior sample in messages and results.
const PosteriorFile = "bundled:priors/posterior.yaml"

//go:embed priors/posterior.yaml
var bundledPosterior []byte

// BundledPosterior returns the bundled posterior sample of the weights:
// `alliancesim calibrate` at its defaults (seed 1) on the bundled priors
// and history, 1,000 resampled weight vectors (effective sample size
// about 1,700 of 8,000), in the format of calibrate.ReadPosterior.
func BundledPosterior() []byte { return append([]byte(nil), bundledPosterior...) }
