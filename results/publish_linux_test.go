//go:build linux

package results

import (
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/fifotest"
)

// TestMountPoint checks the mount-point test on folders whose answer is
// known on any Linux system, and mountinfo's escapes.
func TestMountPoint(t *testing.T) {
	if !mountPoint("/proc") {
		t.Error("/proc is not seen as a mount point")
	}
	if dir := t.TempDir(); mountPoint(dir) {
		t.Errorf("%s, a new folder, is seen as a mount point", dir)
	}
	if got := unescapeMount(`/mnt/my\040results\011x`); got != "/mnt/my results\tx" {
		t.Errorf("unescape: %q", got)
	}
	if err := replaceable("/proc"); err == nil || !strings.Contains(err.Error(), "mount point") {
		t.Errorf("replaceable(/proc): %v", err)
	}
}

// TestReadJSONRefusesFIFO: a FIFO given as a results file is refused at
// once, whatever the spec's limit, instead of blocking the command.
func TestReadJSONRefusesFIFO(t *testing.T) {
	fifo := fifotest.Make(t, t.TempDir(), "state.json")
	for _, limit := range []int64{0, 1 << 20} {
		_, err := ReadJSON[struct{}](fifo, FileSpec{Kind: "test file", Limit: limit}, nil)
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("limit %d: %v", limit, err)
		}
	}
}
