//go:build unix

package results

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockFolder takes an exclusive advisory lock on path (created if need
// be), without waiting. The lock goes with the process: a killed command
// never leaves a folder locked.
func lockFolder(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, err
	}
	return func() { unix.Flock(int(f.Fd()), unix.LOCK_UN); f.Close() }, nil
}
