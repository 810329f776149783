package scenarios

import (
	"bytes"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/alliancesim/alliancesim/model"
)

// ConfigWeights reads the weights: block of a config file (alliancesim.yaml)
// with the value syntax of scenario files, so that a weight there can be a
// plain number or a distribution. It returns the fixed values by key and the
// uncertain weights as inputs with paths "weights.<key>", or an ErrorList
// naming file, line and column. The file's other keys are not looked at:
// the caller reads them (with viper). A file without a weights: block gives
// no values and no error.
func ConfigWeights(file string, src []byte) (map[string]float64, []model.Input, error) {
	l := &loader{file: file}
	src = bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), []byte("\r\n"), []byte("\n"))
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		l.syntaxError(src, err)
		return nil, nil, l.errs.sorted()
	}
	var weights ast.Node
	for _, d := range f.Docs {
		if d == nil || isNil(d.Body) {
			continue
		}
		l.collectAnchors(d.Body)
		body, ok := l.follow(d.Body, "", false)
		if !ok || !isMapping(body) {
			continue
		}
		pairs, _ := pairsOf(body)
		for _, kv := range pairs {
			if kv.Key.String() == "weights" {
				weights = kv.Value
			}
		}
	}
	if weights == nil || isNil(weights) {
		return map[string]float64{}, nil, nil
	}
	sc := &model.Scenario{}
	l.weights(weights, sc)
	var inputs []model.Input
	for _, p := range l.inputs {
		if l.checkTarget(sc, p) {
			inputs = append(inputs, p.Input)
		}
	}
	if len(l.errs) > 0 {
		return nil, nil, l.errs.sorted()
	}
	return sc.Weights, inputs, nil
}
