// Package clibuild builds the alliancesim command from a source tree for
// the tests that run it as a process (the docs test, the fault tests), so
// that they build it the same way and an unchanged tree is not linked
// again by each of them: linking the command costs seconds of CPU, most of
// a short test run's start, and they run side by side in `go test ./...`.
package clibuild

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Build builds ./cmd/alliancesim of the module at root into the file exe
// (go build, with the flags of the test binaries and of make build, so
// that it compiles nothing they have not: with -trimpath, which changes
// every package's build, a cold make test compiled the standard library
// and every module a second time, about 50 s of CPU). It first copies there the binary the last Build of
// the same tree left in the user's cache folder: go build -o leaves a file
// whose build ID says it is up to date as it is, so an unchanged tree is
// not linked again, and a changed one is rebuilt into exe as always. The
// result is then kept for the next Build (through a rename, so that a
// concurrent one never reads half a file). Without a cache folder it just
// builds.
func Build(root, exe string) error {
	if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
		return err
	}
	kept := keptPath(root)
	if kept != "" {
		if b, err := os.ReadFile(kept); err == nil {
			_ = os.WriteFile(exe, b, 0o755)
		}
	}
	build := exec.Command("go", "build", "-o", exe, "./cmd/alliancesim")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/alliancesim: %v\n%s", err, out)
	}
	keep(kept, exe)
	return nil
}

// keptPath is where Build keeps the binary of the tree at root ("" without
// a cache folder): one file per tree, so that two checkouts do not take
// turns relinking.
func keptPath(root string) string {
	cache, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(cache, "alliancesim-clibuild", hex.EncodeToString(sum[:8]), "alliancesim")
}

// keep stores exe as the kept binary unless it is that already. Failing to
// keep it only costs the next Build a link, so errors are dropped.
func keep(kept, exe string) {
	if kept == "" {
		return
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		return
	}
	if old, err := os.ReadFile(kept); err == nil && bytes.Equal(old, b) {
		return
	}
	if err := os.MkdirAll(filepath.Dir(kept), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(kept), "alliancesim-*")
	if err != nil {
		return
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Chmod(f.Name(), 0o755); err != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), kept); err != nil {
		os.Remove(f.Name())
	}
}
