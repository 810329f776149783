//go:build !unix

package results

import (
	"errors"
	"io/fs"
	"os"
)

// lockFolder creates path exclusively and removes it when released; a
// killed command leaves it behind, and the message says to remove it.
func lockFolder(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, err
	}
	f.Close()
	return func() { os.Remove(path) }, nil
}
