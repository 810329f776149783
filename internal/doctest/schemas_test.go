package doctest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/alliancesim/alliancesim/results/schemas"
)

// contract validates results files against docs/schemas, compiled once for
// every document's run.
var (
	contractOnce sync.Once
	contract     *schemas.Validator
)

// checkSchemas validates every file of the results contract (by its name:
// summary.json, shard.json, …) that the examples have written or rewritten
// under the document's folder since the last check, so that every JSON file
// a documented command writes is checked against its published schema.
// seen holds each file's size and modification time at its last check.
func (r *docRun) checkSchemas(e *example) {
	contractOnce.Do(func() { contract = schemas.NewValidator(r.c.root) })
	if r.schemaSeen == nil {
		r.schemaSeen = map[string]string{}
	}
	_ = filepath.WalkDir(r.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if _, ok := schemas.ByName(d.Name()); !ok {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		stamp := fmt.Sprint(info.Size(), info.ModTime().UnixNano())
		if r.schemaSeen[path] == stamp {
			return nil
		}
		r.schemaSeen[path] = stamp
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(r.dir, path)
		if err := contract.Validate(d.Name(), b); err != nil {
			r.t.Errorf("%s: after `$ %s`, %s: %v", r.d.path, e.cmd, rel, err)
		}
		r.schemaChecked++
		return nil
	})
}
