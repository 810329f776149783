package scenarios

import (
	"embed"
	"io/fs"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// bundled holds the scenario files shipped in the binary.
//
//go:embed *.yaml
var bundled embed.FS

// Info describes a bundled scenario: Name is what Open and `alliancesim
// run` accept (the file name without .yaml), Description the file's
// description.
type Info struct {
	Name        string
	Description string
}

// List returns the bundled scenarios sorted by name.
func List() []Info {
	entries, err := fs.ReadDir(bundled, ".")
	if err != nil {
		return nil
	}
	var out []Info
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok || e.IsDir() {
			continue
		}
		src, _ := bundled.ReadFile(e.Name())
		out = append(out, Info{Name: name, Description: description(src)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Source returns the raw bundled file of a scenario name, for `init
// --from`.
func Source(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, false
	}
	src, err := bundled.ReadFile(name + ".yaml")
	if err != nil {
		return nil, false
	}
	return src, true
}

// description reads the top-level description of a file without checking
// the rest, so that List works even for a file under repair.
func description(src []byte) (desc string) {
	defer func() {
		if recover() != nil {
			desc = ""
		}
	}()
	f, err := parser.ParseBytes(src, 0)
	if err != nil || len(f.Docs) == 0 || f.Docs[0] == nil {
		return ""
	}
	m, ok := f.Docs[0].Body.(*ast.MappingNode)
	if !ok {
		return ""
	}
	for _, kv := range m.Values {
		if k, ok := kv.Key.(*ast.StringNode); ok && k.Value == "description" {
			switch v := kv.Value.(type) {
			case *ast.StringNode:
				return strings.TrimSpace(v.Value)
			case *ast.LiteralNode:
				if v.Value != nil {
					return strings.TrimSpace(v.Value.Value)
				}
			}
		}
	}
	return ""
}
