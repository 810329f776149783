package main

import (
	"reflect"
	"testing"
)

// TestNewCommandOptions checks the parsing of serve, nowcast, calibrate,
// merge and --shard, without running anything.
func TestNewCommandOptions(t *testing.T) {
	t.Parallel()
	s, _, code := parse(t, NewCmdServe, "serve", "--no-open", "--draws", "5000")
	if code != 0 || !reflect.DeepEqual(s.Args, []string{"baseline"}) || !s.NoOpen || s.Addr != "127.0.0.1:0" || s.Flags["run.draws"] != "5000" {
		t.Errorf("serve: exit %d, %+v", code, s)
	}
	n, _, code := parse(t, NewCmdNowcast, "nowcast", "my-data", "--particles", "5000")
	if code != 0 || n.Data != "my-data" || n.Particles != 5000 {
		t.Errorf("nowcast: exit %d, %+v", code, n)
	}
	c, _, code := parse(t, NewCmdCalibrate, "calibrate", "--quick", "--cases", "cases/")
	if code != 0 || !c.Quick || c.Cases != "cases/" {
		t.Errorf("calibrate: exit %d, %+v", code, c)
	}
	m, _, code := parse(t, NewCmdMerge, "merge", "a", "b", "-o", "m")
	if code != 0 || !reflect.DeepEqual(m.Dirs, []string{"a", "b"}) || m.Out != "m" {
		t.Errorf("merge: exit %d, %+v", code, m)
	}
	if _, _, code := parse(t, NewCmdMerge, "merge"); code != exitUsage {
		t.Errorf("merge without shards: exit %d", code)
	}
	r, _, code := parse(t, NewCmdRun, "run", "--shard", "2/4")
	if code != 0 || r.Shard.sh == nil || r.Shard.sh.K != 2 || r.Shard.sh.N != 4 {
		t.Errorf("--shard 2/4: exit %d, %+v", code, r.Shard.sh)
	}
	if _, _, code := parse(t, NewCmdRun, "run", "--shard", "4/4"); code != exitUsage {
		t.Errorf("--shard 4/4: exit %d", code)
	}
}
