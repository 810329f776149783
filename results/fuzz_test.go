package results

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReaders feeds arbitrary bytes to every results reader: each must
// return a value or an error, never panic, and never a nil value without
// an error. make test runs it briefly; the seeds are the shapes of the
// files (schema and kind fields, an empty object, a CSV header).
func FuzzReaders(f *testing.F) {
	seeds := []string{`{}`, `[]`, `null`, "weights.doctrine,p_alliance,lo,hi,se,draws\n1,0.3,0.2,0.4,0.01,100\n",
		fmt.Sprintf(`{"schema":%d,"kind":"shard","command":"run"}`, ShardSchema),
		fmt.Sprintf(`{"schema":%d,"kind":"shard","command":"sensitivity","partial":{}}`, ShardSchema),
		fmt.Sprintf(`{"schema":%d,"scenarios":[{}]}`, CompareSchemaVersion)}
	// Each reader's own version, so that the fuzzer starts past the check.
	for _, v := range []int{CompareSchemaVersion, DiscoverSchemaVersion, SensitivitySchemaVersion, SchemaVersion, SweepSchemaVersion, EraSchemaVersion} {
		seeds = append(seeds, fmt.Sprintf(`{"schema":%d}`, v))
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(name string, ok bool, err error) {
			if err == nil && !ok {
				t.Errorf("%s: no value and no error", name)
			}
		}
		c, err := ReadComparison(data)
		check("ReadComparison", c != nil, err)
		d, err := ReadDiscovery(data)
		check("ReadDiscovery", d != nil, err)
		s, err := ReadSensitivity(data)
		check("ReadSensitivity", s != nil, err)
		w, err := ReadSweepCSV(data)
		check("ReadSweepCSV", w != nil, err)
		sw, err := ReadSweep(data)
		check("ReadSweep", sw != nil, err)
		e, err := ReadEra(data)
		check("ReadEra", e != nil, err)
		path := filepath.Join(dir, "shard.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sh, err := ReadShardFile(path)
		check("ReadShardFile", sh != nil, err)
		ss, err := ReadSensitivityShard(path)
		check("ReadSensitivityShard", ss != nil, err)
	})
}
