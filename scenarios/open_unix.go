//go:build unix

package scenarios

import (
	"os"
	"syscall"
)

// openFlags open an input without blocking, so that opening a FIFO with
// no writer returns at once and ReadLimited can refuse it.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
