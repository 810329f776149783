//go:build !unix

package scenarios

import "os"

// openFlags: systems without O_NONBLOCK have no FIFOs to block on.
const openFlags = os.O_RDONLY
