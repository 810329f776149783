package scenarios

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/internal/safefile"
	"github.com/alliancesim/alliancesim/model"
)

// PriorsFile names the bundled priors in messages and results.
const PriorsFile = "bundled:priors/priors.yaml"

// priorsFS holds the bundled priors. The file lives in its own folder
// because every *.yaml file directly under scenarios/ is a bundled
// scenario (embed.go).
//
//go:embed priors/priors.yaml
var priorsFS embed.FS

// Prior is one weight's prior distribution, for the calibration of the
// weights against the case library (package calibrate).
type Prior struct {
	// Spec is the weight's specification (key, default, allowed range,
	// cited prior range).
	Spec model.WeightSpec
	// Dist is the prior distribution, in the value syntax of scenario
	// files: ci90 (a normal with the cited range as its central 90%
	// interval, truncated to the allowed range) or beta for shares. Its
	// support, Dist.Quantile(0) to Dist.Quantile(1), lies inside the
	// weight's allowed range.
	Dist model.Distribution
	// Fixed is true when the file gives a plain number (or fixed:): the
	// weight is then held at Dist's value and not calibrated.
	Fixed bool
	// Sources are the references the file gives for the prior.
	Sources []string
	// Line is the line of the weight's key in the file.
	Line int
}

// Key is the weight's key.
func (p *Prior) Key() string { return p.Spec.Key }

// Centre is the prior's median, Dist.Quantile(0.5).
func (p *Prior) Centre() float64 { return p.Dist.Quantile(0.5) }

// Priors is a priors file: one prior per weight of model.WeightSpecs, in
// that order.
type Priors struct {
	// File is where the priors were read from (PriorsFile for the bundled
	// ones); SHA256 is the file's hex digest.
	File, SHA256 string
	// Priors holds one prior per weight, in model.WeightSpecs order.
	Priors []Prior
}

// Lookup returns the prior of the weight key, or nil.
func (ps *Priors) Lookup(key string) *Prior {
	for i := range ps.Priors {
		if ps.Priors[i].Spec.Key == key {
			return &ps.Priors[i]
		}
	}
	return nil
}

// Free returns the priors of the weights to calibrate (those not fixed),
// in model.WeightSpecs order.
func (ps *Priors) Free() []*Prior {
	var out []*Prior
	for i := range ps.Priors {
		if !ps.Priors[i].Fixed {
			out = append(out, &ps.Priors[i])
		}
	}
	return out
}

// Weights returns the weights at the priors' centres (medians). With the
// bundled priors these are the midpoints of the cited ranges (the values
// set by hand from the literature before the calibration; the defaults are
// the posterior's medians), up to the small shift that truncation at an
// allowed bound causes.
func (ps *Priors) Weights() model.Weights {
	w := model.DefaultWeights()
	for i := range ps.Priors {
		p := &ps.Priors[i]
		p.Spec.Set(&w, p.Centre())
	}
	return w
}

// BundledPriors loads the bundled priors file, scenarios/priors/priors.yaml.
func BundledPriors() (*Priors, error) {
	src, err := priorsFS.ReadFile("priors/priors.yaml")
	if err != nil {
		return nil, fmt.Errorf("the bundled priors: %w", err)
	}
	return LoadPriorsBytes(PriorsFile, src)
}

// LoadPriors reads and checks the priors file at path. A file that cannot
// be read gives an *fs.PathError; invalid content an ErrorList.
func LoadPriors(path string) (*Priors, error) {
	src, err := safefile.Read(path, MaxFileSize)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &fs.PathError{Op: "read priors", Path: path, Err: pe.Err}
		}
		return nil, fmt.Errorf("read priors %s: %w", path, err)
	}
	return LoadPriorsBytes(path, src)
}

// priorsTopKeys are the keys of a priors file.
var priorsTopKeys = []string{"priors", "description", "sources"}

const priorsHint = "a priors file is a mapping `priors:` of weight key to a value, e.g. `shared_opposition: {ci90: {lo: 0.6, hi: 1.8, min: 0, max: 10}}` (docs/calibration.md)"

// LoadPriorsBytes checks the priors in src; file names it in messages. The
// file is one YAML mapping with the key priors (and optionally description
// and sources), which maps every weight key of model.WeightSpecs to a value
// in the syntax of scenario files (a number, or a mapping with one
// distribution and optional sources). Every problem is reported, as an
// ErrorList naming file, line and field: an unknown weight key (with a
// suggestion), a weight without a prior, a distribution whose support
// reaches outside the weight's allowed range (a normal or ci90 needs min
// and max), and thresholds whose supports overlap, since the ladder must
// increase in every draw.
func LoadPriorsBytes(file string, src []byte) (ps *Priors, err error) {
	defer func() {
		if r := recover(); r != nil {
			ps, err = nil, internalError(file, "the priors", r)
		}
	}()
	l := &loader{file: file}
	ps = l.priors(src)
	if len(l.errs) > 0 {
		return nil, l.errs.sorted()
	}
	sum := sha256.Sum256(src)
	ps.File, ps.SHA256 = file, hex.EncodeToString(sum[:])
	return ps, nil
}

func (l *loader) priors(src []byte) *Priors {
	if len(src) > MaxFileSize {
		l.add(&Error{File: l.file, Line: 1, Column: 1, Msg: fmt.Sprintf("the file is %d bytes; a priors file is at most %d", len(src), MaxFileSize)})
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	body := l.document(src, oneDocument{kind: "a priors file", none: "the file holds no priors", emptyHint: priorsHint})
	if body == nil {
		return nil
	}
	top, ok := l.mapping(body, "", "a mapping with the key priors", priorsHint, priorsTopKeys, nil)
	if !ok {
		return nil
	}
	if x, ok := top.get("description"); ok {
		l.text(x.value, "description", "write the description as text")
	}
	if x, ok := top.get("sources"); ok {
		l.sources(x.value, "sources")
	}
	x, ok := top.get("priors")
	if !ok {
		l.require(top, "priors")
		return nil
	}
	fsp, ok := l.mapping(x.value, "priors", "a mapping of weight key: prior", priorsHint, model.WeightKeys(), nil)
	if !ok {
		return nil
	}
	ps := &Priors{}
	for _, spec := range model.WeightSpecs {
		fl, ok := fsp.get(spec.Key)
		if !ok {
			l.errorf(fsp.node, "priors", fmt.Sprintf("add e.g. `%s: {ci90: {lo: %s, hi: %s, min: %s, max: %s}}` (its cited prior range and allowed range)",
				spec.Key, format.Exact(spec.PriorLo), format.Exact(spec.PriorHi), format.Exact(spec.Min), format.Exact(spec.Max)),
				"no prior for the weight %s: every weight needs one (a plain number keeps it out of the calibration)", spec.Key)
			continue
		}
		p := join("priors", spec.Key)
		d, fixed, srcs, ok := l.value(fl.value, p)
		if !ok {
			continue
		}
		lo, hi := d.Quantile(0), d.Quantile(1)
		if fixed {
			lo, hi = d.Quantile(0.5), d.Quantile(0.5)
		}
		if !(lo >= spec.Min && hi <= spec.Max) {
			l.errorf(fl.value, p, fmt.Sprintf("truncate the distribution to the allowed range: for ci90 or normal add min: %s and max: %s", format.Exact(spec.Min), format.Exact(spec.Max)),
				"the prior reaches %s to %s, outside the weight's allowed range [%s, %s]", format.Exact(lo), format.Exact(hi), format.Exact(spec.Min), format.Exact(spec.Max))
			continue
		}
		ps.Priors = append(ps.Priors, Prior{Spec: spec, Dist: d, Fixed: fixed, Sources: srcs, Line: fl.line})
	}
	if len(l.errs) > 0 {
		return nil
	}
	l.checkPriorLadder(ps, fsp)
	return ps
}

// checkPriorLadder reports thresholds whose supports overlap: drawn
// independently, they must increase in every draw.
func (l *loader) checkPriorLadder(ps *Priors, fsp *fieldSet) {
	var prev *Prior
	for i := range ps.Priors {
		p := &ps.Priors[i]
		if !p.Spec.IsThreshold() {
			continue
		}
		if prev != nil {
			aHi, bLo := prev.Dist.Quantile(1), p.Dist.Quantile(0)
			if prev.Fixed {
				aHi = prev.Dist.Quantile(0.5)
			}
			if p.Fixed {
				bLo = p.Dist.Quantile(0.5)
			}
			if !(bLo >= aHi) || math.IsNaN(aHi) || math.IsNaN(bLo) {
				fl, _ := fsp.get(p.Spec.Key)
				l.errorf(fl.value, join("priors", p.Spec.Key), "truncate the neighbouring thresholds at a common point (e.g. the midpoint between their ranges) with min and max",
					"the prior can fall to %s, below what %s can reach (%s): the ladder's thresholds must increase in every draw",
					format.Exact(bLo), prev.Spec.Key, format.Exact(aHi))
			}
		}
		prev = p
	}
}
