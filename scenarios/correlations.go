package scenarios

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// pendingCorr is a correlation parsed but not yet checked against the
// scenario's inputs.
type pendingCorr struct {
	model.Correlation
	item            ast.Node // the whole entry
	path            string   // its path for messages: correlations[i]
	aN, bN, rankN   ast.Node // where each part was written
	aPath, bPath    string   // their paths for messages
	rankPath        string
	pathsOK, rankOK bool
}

const corrHint = "write each pair as `- [russia.threat, russia.pressure, 0.6]`: two uncertain inputs and their rank correlation, strictly between -1 and 1; or as `- {between: [russia.threat, russia.pressure], rank: 0.6}`"

var corrKeys = []string{"between", "rank", "sources", "note"}

// correlations reads the correlations: list. Each entry is either a list
// [a, b, rank] or a mapping {between: [a, b], rank: r, sources: [...]}.
func (l *loader) correlations(x *field) {
	l.corrKey = x.keyN
	items, ok := l.sequence(x.value, "correlations", corrHint)
	if !ok {
		return
	}
	for i, it := range items {
		path := index("correlations", i)
		r, ok := l.resolve(it, path)
		if !ok {
			continue
		}
		line, _ := pos(r)
		pc := &pendingCorr{item: r, path: path}
		pc.Line = line
		var ab []ast.Node
		abPath := path
		switch v := r.(type) {
		case *ast.SequenceNode:
			if len(v.Values) != 3 {
				l.errorf(r, path, corrHint, "expected [input, input, rank], got %d values", len(v.Values))
				continue
			}
			ab = v.Values[:2]
			pc.rankN, pc.rankPath = v.Values[2], index(path, 2)
		case *ast.MappingNode, *ast.MappingValueNode:
			f, ok := l.mapping(r, path, "a mapping with between and rank", corrHint, corrKeys, nil)
			if !ok {
				continue
			}
			l.require(f, "between", "rank")
			if y, ok := f.get("sources"); ok {
				pc.Sources = l.sources(y.value, join(path, "sources"))
			}
			if y, ok := f.get("note"); ok {
				l.text(y.value, join(path, "note"), "write the note as text")
			}
			if y, ok := f.get("rank"); ok {
				pc.rankN, pc.rankPath = y.value, join(path, "rank")
			}
			if y, ok := f.get("between"); ok {
				abPath = join(path, "between")
				between, ok := l.sequence(y.value, abPath, corrHint)
				if !ok {
					continue
				}
				if len(between) != 2 {
					l.errorf(y.value, abPath, corrHint, "expected two inputs [a, b], got %d", len(between))
					continue
				}
				ab = between
			}
			if ab == nil || pc.rankN == nil {
				continue
			}
		default:
			l.typeError(r, path, "a pair with a rank correlation", corrHint)
			continue
		}
		pc.aN, pc.bN = ab[0], ab[1]
		pc.aPath, pc.bPath = index(abPath, 0), index(abPath, 1)
		a, okA := l.text(pc.aN, pc.aPath, corrHint)
		b, okB := l.text(pc.bN, pc.bPath, corrHint)
		pc.A, pc.B = strings.TrimSpace(a), strings.TrimSpace(b)
		pc.pathsOK = okA && okB
		pc.Rank, pc.rankOK = l.number(pc.rankN, pc.rankPath, corrHint)
		if pc.rankOK && (pc.Rank <= -1 || pc.Rank >= 1) {
			l.errorf(pc.rankN, pc.rankPath, "a rank correlation of ±1 would make one input a fixed function of the other; use a value such as 0.9, or model the two as one input",
				"rank correlation %s must lie strictly between -1 and 1", format.Exact(pc.Rank))
			pc.rankOK = false
		}
		l.corrs = append(l.corrs, pc)
	}
}

// checkCorrelations checks each pair against the scenario's inputs, then
// that the pairs can hold together, and stores the valid ones in sc.
func (l *loader) checkCorrelations(sc *model.Scenario) {
	if len(l.corrs) == 0 {
		return
	}
	byPath := map[string]model.Input{}
	var uncertain []string
	for _, in := range sc.Inputs {
		byPath[in.Path] = in
		if !in.Fixed {
			uncertain = append(uncertain, in.Path)
		}
	}
	what := "uncertain inputs in this file"
	if len(uncertain) == 0 {
		uncertain = []string{"none: give a driver a distribution first, e.g. threat: {pert: [0.5, 0.7, 0.9]}"}
	}
	seen := map[[2]string]int{}
	var valid []model.Correlation
	for _, pc := range l.corrs {
		if !pc.pathsOK {
			continue
		}
		good := true
		for _, side := range []struct {
			path, errPath string
			node          ast.Node
		}{{pc.A, pc.aPath, pc.aN}, {pc.B, pc.bPath, pc.bN}} {
			in, ok := byPath[side.path]
			switch {
			case !ok:
				l.errorf(side.node, side.errPath, suggest(side.path, uncertain, what), "unknown input %q", clip(side.path))
				good = false
			case in.Fixed:
				v, _ := sim.IsFixed(in.Dist)
				where := fmt.Sprintf("is a fixed value (%s, line %d)", format.Exact(v), in.Line)
				if in.Line == 0 {
					where = fmt.Sprintf("is not given in this file, so it is fixed at its default (%s)", format.Exact(v))
				}
				l.errorf(side.node, side.errPath, fmt.Sprintf("give %s a distribution, e.g. {pert: [lo, mode, hi]}, or remove this pair", side.path),
					"%s %s: correlating a constant means nothing", side.path, where)
				good = false
			}
		}
		if good && pc.A == pc.B {
			l.errorf(pc.bN, pc.bPath, "name two different inputs", "%s is paired with itself", pc.A)
			good = false
		}
		if !good {
			continue
		}
		key := [2]string{min(pc.A, pc.B), max(pc.A, pc.B)}
		if first, dup := seen[key]; dup {
			l.errorf(pc.item, pc.path, "keep one of the two",
				"the pair %s, %s is given twice (first at line %d)", pc.A, pc.B, first)
			continue
		}
		seen[key] = pc.Line
		if pc.rankOK {
			valid = append(valid, pc.Correlation)
		}
	}
	for _, group := range sim.CheckCorrelations(valid) {
		var pairs []string
		for _, k := range group {
			c := valid[k]
			pairs = append(pairs, fmt.Sprintf("[%s, %s, %s] (line %d)", c.A, c.B, format.Exact(c.Rank), c.Line))
		}
		line, col := pos(l.corrKey)
		l.add(&Error{File: l.file, Line: line, Column: col, Path: "correlations",
			Msg:  "these correlations cannot hold together: the matrix is not positive definite; weaken some of them (pairs involved: " + strings.Join(pairs, ", ") + ")",
			Hint: "correlations constrain one another: if a and b both go strongly with c, a and b must go together too; lower the strongest ones, or drop a pair that contradicts the others"})
	}
	if len(l.errs) == 0 {
		sc.Correlations = valid
	}
}
