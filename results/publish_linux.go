//go:build linux

package results

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps the names of the staging folder and the output folder in
// one atomic step (renameat2 with RENAME_EXCHANGE, Linux 3.15 and later)
// and returns where the old set now is. A file system that cannot
// exchange gets the two-rename fallback.
func exchange(staging, out string) (string, error) {
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if err == nil {
		return staging, nil
	}
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return renameTwice(staging, out)
	}
	return "", err
}
