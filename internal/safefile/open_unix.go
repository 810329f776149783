//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openFlags open a file without blocking, so that opening a FIFO with no
// writer returns at once and Read can refuse it.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
