package scenarios

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// kindExample is each distribution's form in a scenario file, for hints.
var kindExample = map[string]string{
	"fixed":      "fixed: 0.4",
	"uniform":    "uniform: [0.3, 0.6]",
	"normal":     "normal: {mean: 0.3, sd: 0.1}",
	"triangular": "triangular: [0.2, 0.5, 0.7]",
	"pert":       "pert: [0.5, 0.7, 0.9]",
	"beta":       "beta: [8, 3]",
	"lognormal":  "lognormal: {mu: -2, sigma: 0.5}",
	"bernoulli":  "bernoulli: 0.3",
	"choice":     "choice: {values: [0.2, 0.5, 0.8], weights: [1, 2, 1]}",
	"ci90":       "ci90: [0.2, 0.6]",
}

// kindForm explains each distribution's parameters, for hints.
var kindForm = map[string]string{
	"fixed":      "fixed: value, e.g. fixed: 0.4 (the same as writing 0.4)",
	"uniform":    "uniform: [lo, hi] with lo < hi, e.g. uniform: [0.3, 0.6]",
	"normal":     "normal: {mean: 0.3, sd: 0.1} with sd > 0; add min: and max: to truncate, e.g. {mean: 0.3, sd: 0.1, min: 0, max: 1}",
	"triangular": "triangular: [lo, mode, hi] with lo <= mode <= hi and lo < hi, e.g. triangular: [0.2, 0.5, 0.7]",
	"pert":       "pert: [lo, mode, hi] with lo <= mode <= hi and lo < hi, e.g. pert: [0.5, 0.7, 0.9]",
	"beta":       "beta: [alpha, beta] with both greater than 0, e.g. beta: [8, 3] (mean 8/11 = 0.73)",
	"lognormal":  "lognormal: {mu: -2, sigma: 0.5}: mean and sd of the logarithm (median exp(mu)), sigma > 0",
	"bernoulli":  "bernoulli: p with p in [0, 1]: the value is 1 with probability p, else 0",
	"choice":     "choice: {values: [0.2, 0.5, 0.8], weights: [1, 2, 1]}: one weight (>= 0) per value; no weights means equal weights",
	"ci90":       "ci90: [lo, hi], an expert's 90% interval (5th and 95th percentiles) with lo < hi; or ci90: {lo: 0.2, hi: 0.6, min: 0, max: 1} to truncate",
}

const valueHint = "write a number such as 0.7, or a mapping with one distribution such as {beta: [8, 3]}, {uniform: [0.3, 0.6]}, {normal: {mean: 0.3, sd: 0.1}} or {ci90: [0.2, 0.6]}"

// valueKeys are the keys of a value mapping: one distribution plus
// optional sources and note.
var valueKeys = append(sim.Kinds(), "sources", "note")

// paramLoc says where a distribution parameter was written, so that a
// sim.ParamError can point at it.
type paramLoc struct {
	node   ast.Node
	suffix string // appended to the distribution's path: "[0]", ".sd", ""
}

// value reads a value node: a plain number (fixed) or a mapping with one
// distribution key and optional sources and note. It builds the
// distribution with sim.NewDist and reports its parameter errors at the
// parameter's own line.
func (l *loader) value(n ast.Node, path string) (model.Distribution, bool, []string, bool) {
	r, ok := l.resolve(n, path)
	if !ok {
		return nil, false, nil, false
	}
	switch r.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
	case *ast.SequenceNode:
		l.typeError(r, path, "a number or a distribution", valueHint+"; a list alone does not say which distribution it is")
		return nil, false, nil, false
	default:
		v, ok := l.number(r, path, valueHint)
		if !ok {
			return nil, false, nil, false
		}
		d, ok := l.build(sim.DistSpec{Kind: "fixed", Value: v}, path, r, map[string]paramLoc{"value": {r, ""}})
		return d, true, nil, ok
	}
	f, ok := l.mapping(r, path, "a number or a distribution", valueHint, valueKeys, nil)
	if !ok {
		return nil, false, nil, false
	}
	var kinds []*field
	for _, x := range f.list {
		if slices.Contains(sim.Kinds(), x.key) {
			kinds = append(kinds, x)
		}
	}
	var srcs []string
	if x, ok := f.get("sources"); ok {
		srcs = l.sources(x.value, join(path, "sources"))
	}
	if x, ok := f.get("note"); ok {
		l.text(x.value, join(path, "note"), "write the note as text")
	}
	switch len(kinds) {
	case 0:
		l.errorf(f.node, path, valueHint, "no distribution given: use one of %s", strings.Join(sim.Kinds(), ", "))
		return nil, false, nil, false
	case 1:
	default:
		l.errorf(kinds[1].keyN, join(path, kinds[1].key), "keep one distribution per value",
			"two distributions given (%s and %s)", kinds[0].key, kinds[1].key)
		return nil, false, nil, false
	}
	kind := kinds[0].key
	dpath := join(path, kind)
	spec, params, ok := l.distSpec(kind, kinds[0].value, dpath)
	if !ok {
		return nil, false, nil, false
	}
	d, ok := l.build(spec, dpath, kinds[0].value, params)
	return d, kind == "fixed", srcs, ok
}

// build calls sim.NewDist and reports a parameter error where the
// parameter was written.
func (l *loader) build(spec sim.DistSpec, dpath string, at ast.Node, params map[string]paramLoc) (model.Distribution, bool) {
	d, err := sim.NewDist(spec)
	if err == nil {
		return d, true
	}
	var pe *sim.ParamError
	if !errors.As(err, &pe) {
		l.errorf(at, dpath, kindForm[spec.Kind], "%v", err)
		return nil, false
	}
	loc, ok := params[pe.Param]
	if !ok {
		loc = paramLoc{at, ""}
	}
	msg := pe.Error()
	if loc.suffix == "" || strings.HasSuffix(loc.suffix, "."+pe.Param) {
		msg = pe.Msg
	}
	l.errorf(loc.node, dpath+loc.suffix, kindForm[spec.Kind], "%s", msg)
	return nil, false
}

// distSpec reads the parameters of one distribution kind.
func (l *loader) distSpec(kind string, n ast.Node, dpath string) (sim.DistSpec, map[string]paramLoc, bool) {
	s := sim.DistSpec{Kind: kind}
	params := map[string]paramLoc{}
	hint := kindForm[kind]
	var ok bool
	switch kind {
	case "fixed", "bernoulli":
		var v float64
		v, ok = l.number(n, dpath, hint)
		s.Value, s.P = v, v
		params["value"], params["p"] = paramLoc{n, ""}, paramLoc{n, ""}
	case "uniform":
		var xs []float64
		if xs, ok = l.numberList(n, dpath, hint, []string{"lo", "hi"}, params); ok {
			s.Min, s.Max = xs[0], xs[1]
		}
	case "triangular", "pert":
		var xs []float64
		if xs, ok = l.numberList(n, dpath, hint, []string{"lo", "mode", "hi"}, params); ok {
			s.Min, s.Mode, s.Max = xs[0], xs[1], xs[2]
		}
	case "beta":
		var xs []float64
		if xs, ok = l.numberList(n, dpath, hint, []string{"alpha", "beta"}, params); ok {
			s.Alpha, s.Beta = xs[0], xs[1]
		}
	case "normal":
		var m map[string]float64
		if m, ok = l.numberMap(n, dpath, hint, []string{"mean", "sd"}, []string{"min", "max"}, params); ok {
			s.Mean, s.SD = m["mean"], m["sd"]
			bounds(&s, m)
		}
	case "lognormal":
		var m map[string]float64
		if m, ok = l.numberMap(n, dpath, hint, []string{"mu", "sigma"}, nil, params); ok {
			s.Mu, s.Sigma = m["mu"], m["sigma"]
		}
	case "ci90":
		r, rok := l.resolve(n, dpath)
		if !rok {
			return s, nil, false
		}
		if _, isSeq := r.(*ast.SequenceNode); isSeq {
			var xs []float64
			if xs, ok = l.numberList(r, dpath, hint, []string{"lo", "hi"}, params); ok {
				s.Lo, s.Hi = xs[0], xs[1]
			}
			break
		}
		var m map[string]float64
		if m, ok = l.numberMap(r, dpath, hint, []string{"lo", "hi"}, []string{"min", "max"}, params); ok {
			s.Lo, s.Hi = m["lo"], m["hi"]
			bounds(&s, m)
		}
	case "choice":
		f, fok := l.mapping(n, dpath, "a mapping with values and optional weights", hint, []string{"values", "weights"}, nil)
		if !fok {
			return s, nil, false
		}
		l.require(f, "values")
		ok = true
		for _, key := range []string{"values", "weights"} {
			x, present := f.get(key)
			if !present {
				continue
			}
			p := join(dpath, key)
			items, sok := l.sequence(x.value, p, hint)
			if !sok {
				ok = false
				continue
			}
			params[key] = paramLoc{x.value, "." + key}
			xs := make([]float64, 0, len(items))
			for i, it := range items {
				v, nok := l.number(it, index(p, i), hint)
				ok = ok && nok
				xs = append(xs, v)
				params[fmt.Sprintf("%s[%d]", key, i)] = paramLoc{it, fmt.Sprintf(".%s[%d]", key, i)}
			}
			if key == "values" {
				s.Values = xs
			} else {
				s.Weights = xs
			}
		}
		ok = ok && len(f.m) > 0 && hasField(f, "values")
	}
	return s, params, ok
}

func hasKey(m map[string]float64, k string) bool { _, ok := m[k]; return ok }

// bounds sets s's optional truncation, min and max, from the parameters m
// of a distribution that takes them (normal, ci90): a bound is set only
// when m has it.
func bounds(s *sim.DistSpec, m map[string]float64) {
	s.Min, s.HasMin = m["min"], hasKey(m, "min")
	s.Max, s.HasMax = m["max"], hasKey(m, "max")
}

func hasField(f *fieldSet, k string) bool { _, ok := f.m[k]; return ok }

// numberList reads a list of exactly len(names) numbers, recording where
// each parameter was written.
func (l *loader) numberList(n ast.Node, dpath, hint string, names []string, params map[string]paramLoc) ([]float64, bool) {
	items, ok := l.sequence(n, dpath, hint)
	if !ok {
		return nil, false
	}
	if len(items) != len(names) {
		l.errorf(n, dpath, hint, "expected %d numbers [%s], got %d", len(names), strings.Join(names, ", "), len(items))
		return nil, false
	}
	xs := make([]float64, len(items))
	good := true
	for i, it := range items {
		v, ok := l.number(it, index(dpath, i), hint)
		good = good && ok
		xs[i] = v
		params[names[i]] = paramLoc{it, fmt.Sprintf("[%d]", i)}
	}
	return xs, good
}

// numberMap reads a mapping of named numbers.
func (l *loader) numberMap(n ast.Node, dpath, hint string, required, optional []string, params map[string]paramLoc) (map[string]float64, bool) {
	f, ok := l.mapping(n, dpath, "a mapping of "+strings.Join(append(append([]string(nil), required...), optional...), ", "), hint,
		append(append([]string(nil), required...), optional...), nil)
	if !ok {
		return nil, false
	}
	missing := false
	for _, k := range required {
		if !hasField(f, k) {
			missing = true
		}
	}
	l.require(f, required...)
	m := map[string]float64{}
	good := !missing
	for _, x := range f.list {
		v, ok := l.number(x.value, join(dpath, x.key), hint)
		if !ok {
			good = false
			continue
		}
		m[x.key] = v
		params[x.key] = paramLoc{x.value, "." + x.key}
	}
	return m, good
}

var decimalRe = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)

// parseFloat reads a plain decimal number (no "nan", "inf" or hex). A
// number too large for float64 reads as ±Inf.
func parseFloat(s string) (float64, error) {
	if !decimalRe.MatchString(s) {
		return 0, strconv.ErrSyntax
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, err
	}
	if math.IsNaN(x) {
		return 0, strconv.ErrSyntax
	}
	return x, nil
}
