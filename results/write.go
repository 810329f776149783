package results

import (
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

// Stage is a staging directory beside an output directory: files are
// written there first and moved into place together by Commit, so that a
// run that fails halfway leaves the output directory as it was.
type Stage struct {
	Dir   string // the staging directory
	out   string
	files []string
}

// NewStage creates out (and its parents) and a staging directory beside it.
func NewStage(out string) (*Stage, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output directory %s: %w", out, err)
	}
	dir, err := os.MkdirTemp(out, ".staging-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write to the output directory %s: %w", out, err)
	}
	return &Stage{Dir: dir, out: out}, nil
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

// Commit moves every staged file into the output directory (each move is
// atomic) and removes the staging directory. It returns the final paths.
func (s *Stage) Commit() ([]string, error) {
	var paths []string
	for _, name := range s.files {
		src := filepath.Join(s.Dir, name)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		dst := filepath.Join(s.out, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			s.Abort()
			return paths, fmt.Errorf("cannot create %s: %w", filepath.Dir(dst), err)
		}
		if err := os.Rename(src, dst); err != nil {
			s.Abort()
			return paths, fmt.Errorf("cannot move %s into place: %w", dst, err)
		}
		paths = append(paths, dst)
	}
	return paths, os.RemoveAll(s.Dir)
}

// Abort removes the staging directory and everything still in it; after
// Commit it has nothing left to remove, so callers may defer it.
func (s *Stage) Abort() { os.RemoveAll(s.Dir) }

// JSON renders v as the results files are written: indented with two
// spaces, with a final newline.
func JSON(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
