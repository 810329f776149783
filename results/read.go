package results

import (
	"encoding/json"
	"fmt"
)

// schemaError is nil when a results file's schema version got is the one
// this version reads, want; otherwise it names the file kind ("compare",
// "summary") and both versions.
func schemaError(kind string, got, want int) error {
	if got == want {
		return nil
	}
	return fmt.Errorf("%s schema %d: this version reads schema %d", kind, got, want)
}

// readFile reads a results file of kind (see schemaError) whose schema
// version, schema of it, must be want.
func readFile[T any](data []byte, kind string, want int, schema func(*T) int) (*T, error) {
	var f T
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not a results file of this tool: %v", err)
	}
	if err := schemaError(kind, schema(&f), want); err != nil {
		return nil, err
	}
	return &f, nil
}
