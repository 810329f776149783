//go:build linux

package results

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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

// replaceable checks, before any work, that the existing output folder
// out can be replaced by a new set: that it is not a mount point (a
// container's volume, a tmpfs, a bind mount), which the kernel will not
// move, and that its files can be removed, which a folder of mode 0555 or
// on a read-only file system forbids. Found only at publication, either
// would waste the whole simulation, or leave the old set stranded in a
// staging folder no later run can clean.
func replaceable(out string) error {
	if mountPoint(out) {
		return fmt.Errorf("cannot write to the output directory %s: it is a mount point, and a result set is published by putting a new folder in the old one's place, which a mount point cannot be\n  hint: give a folder inside it, such as %s", out, filepath.Join(out, "results"))
	}
	if err := unix.Access(out, unix.W_OK); err != nil {
		return fmt.Errorf("cannot write to the output directory %s: %w (its files could not be replaced)\n  hint: make it writable, or choose another --out", out, err)
	}
	return nil
}

// mountPoint reports whether dir is the mount point of a file system, by
// /proc/self/mountinfo (a bind mount of a folder onto itself shares its
// device with the parent, so comparing devices is not enough).
func mountPoint(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		// mount ID, parent ID, major:minor, root, mount point, ...
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && unescapeMount(fields[4]) == abs {
			return true
		}
	}
	return false
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			var c byte
			if _, err := fmt.Sscanf(s[i+1:i+4], "%03o", &c); err == nil {
				b.WriteByte(c)
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
