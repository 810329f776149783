package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// bundledPosterior is the value of --posterior that selects the bundled
// sample (scenarios.BundledPosterior).
const bundledPosterior = "bundled"

// loadedPosterior is a posterior sample read for run.posterior.
type loadedPosterior struct {
	File   string // as given, or scenarios.PosteriorFile
	SHA256 string // of the file's bytes
	Sample *sim.WeightSample
}

// maxPosteriorFile bounds a posterior.yaml: the bundled sample of 1,000
// weight vectors takes about 600 KB.
const maxPosteriorFile = 256 << 20

// readPosterior parses a posterior file (calibrate.ReadPosterior). It is a
// variable for the tests alone: they run hundreds of commands in one
// process, dozens of them on the bundled sample, and parse it once (a
// command parses each file once anyway, posteriorFor).
var readPosterior = calibrate.ReadPosterior

// loadPosterior reads run.posterior: a posterior.yaml written by
// `alliancesim calibrate`, or "bundled".
func loadPosterior(name string) (*loadedPosterior, error) {
	var data []byte
	file := name
	if name == bundledPosterior {
		data, file = scenarios.BundledPosterior(), scenarios.PosteriorFile
	} else {
		// A regular file only, read without blocking and bounded: a FIFO
		// or a device must not hang the command before it starts.
		b, err := scenarios.ReadLimited(name, "posterior", maxPosteriorFile)
		if err != nil {
			return nil, invalidf("run.posterior: %v\n  hint: give a posterior.yaml written by `alliancesim calibrate`, or \"bundled\"", err)
		}
		data = b
	}
	p, err := readPosterior(file, data)
	if err != nil {
		return nil, invalidf("%v", err)
	}
	s, err := p.WeightSample(file)
	if err != nil {
		return nil, invalidf("%s: %v", file, err)
	}
	if err := s.Validate(); err != nil {
		return nil, invalidf("%v", err)
	}
	sum := sha256.Sum256(data)
	return &loadedPosterior{File: file, SHA256: hex.EncodeToString(sum[:]), Sample: s}, nil
}

// posteriorFor attaches run.posterior to the settings, reading each file
// once per command (cache).
func posteriorFor(st *Settings, cache map[string]*loadedPosterior) error {
	name := strings.TrimSpace(st.Run.Posterior)
	if name == "" {
		return nil
	}
	if lp, ok := cache[name]; ok {
		st.Posterior = lp
		return nil
	}
	lp, err := loadPosterior(name)
	if err != nil {
		return err
	}
	cache[name] = lp
	st.Posterior = lp
	return nil
}

// pinnedWeights lists the weights that win over the posterior's rows: the
// scenario's own fixed weights and those the environment or a flag sets.
// (An uncertain weight is a scenario input and wins anyway.)
func pinnedWeights(st *Settings) []string {
	var keys []string
	for _, s := range model.WeightSpecs {
		src := st.Source["weights."+s.Key]
		if strings.HasPrefix(src, "scenario ") || strings.HasPrefix(src, "env ") || strings.HasPrefix(src, "flag ") {
			keys = append(keys, s.Key)
		}
	}
	return keys
}

// withPosterior sets the plan's posterior for the jobs' scenarios, each
// with its own pinned weights.
func withPosterior(plan *sim.Plan, sts ...*Settings) {
	if len(sts) == 0 || sts[0].Posterior == nil {
		return
	}
	s := *sts[0].Posterior.Sample
	s.Pinned = nil
	for _, st := range sts {
		s.Pinned = append(s.Pinned, pinnedWeights(st))
	}
	plan.Posterior = &s
}

// posteriorRef is the manifest's record of the posterior, nil without one.
func posteriorRef(st *Settings) *results.PosteriorRef {
	if st.Posterior == nil {
		return nil
	}
	return &results.PosteriorRef{File: st.Posterior.File, SHA256: st.Posterior.SHA256, Vectors: len(st.Posterior.Sample.Rows), Source: st.Source["run.posterior"]}
}

// posteriorMean is the posterior's mean weight vector with the pinned
// weights (pinnedWeights) kept at their settings.
func posteriorMean(st *Settings) model.Weights {
	w := st.Posterior.Sample.Mean()
	for _, k := range pinnedWeights(st) {
		s, _ := model.LookupWeight(k)
		s.Set(&w, s.Get(&st.Weights))
	}
	return w
}

// shardPosterior reads again the posterior the shards of manifest m ran
// with, checked against its digest, with the weights the manifest's
// sources pin.
func shardPosterior(m *results.Manifest) (*sim.WeightSample, error) {
	name := m.Posterior.File
	if name == scenarios.PosteriorFile {
		name = bundledPosterior
	}
	lp, err := loadPosterior(name)
	if err != nil {
		return nil, err
	}
	if lp.SHA256 != m.Posterior.SHA256 {
		return nil, invalidf("the shards ran with the posterior %s of digest %s, but it now has digest %s: merge with the file they ran with", m.Posterior.File, m.Posterior.SHA256, lp.SHA256)
	}
	s := *lp.Sample
	s.Pinned = [][]string{manifestPinned(m)}
	return &s, nil
}

// manifestPinned lists the weights that manifest m's sources pin against
// a posterior.
func manifestPinned(m *results.Manifest) []string {
	st := &Settings{Source: map[string]string{}}
	for _, v := range m.Weights {
		st.Source[v.Key] = v.Source
	}
	return pinnedWeights(st)
}
