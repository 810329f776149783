//go:build !unix

package safefile

import "os"

// openFlags: systems without O_NONBLOCK have no FIFOs to block on.
const openFlags = os.O_RDONLY
