package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically: to a temporary file in the
// same directory, synced, then renamed over path. A reader never sees a
// half-written file, and on error nothing is left behind.
func WriteFile(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// Stage is a staging folder beside an output folder: files are written
// there first and published together by Commit (see publish.go), so that
// a command that fails or is killed halfway leaves the output folder as
// it was.
type Stage struct {
	Dir    string // the staging folder
	out    string
	files  []string
	prev   set
	unlock func()
	// update and kept: see StageOptions.Update; kept are the set's files
	// carried unchanged.
	update bool
	kept   []string
}

// Path returns where to stage a file named name, and records it.
func (s *Stage) Path(name string) string {
	s.files = append(s.files, name)
	return filepath.Join(s.Dir, name)
}

// Write stages data under name.
func (s *Stage) Write(name string, data []byte) error {
	return WriteFile(s.Path(name), data)
}

// Add records a file that a caller wrote into Dir itself.
func (s *Stage) Add(name string) { s.files = append(s.files, name) }

// JSON renders v as the results files are written: indented with two
// spaces, with a final newline.
func JSON(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// CSV renders rows, the header first, as the results' CSV files are
// written: encoding/csv's quoting, a comma between cells and a newline
// after each row.
func CSV(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	if err := csv.NewWriter(&buf).WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// JSONLine renders v compact, on one line with a final newline: for a
// file whose long columns would make indented JSON many times larger.
func JSONLine(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
