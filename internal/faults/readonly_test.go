package faults

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bigDraws is a run that simulates for over a second of CPU time, much
// more than a command needs to check its output folder and stop.
const bigDraws = "1000000"

// maxCheckCPU is the CPU time a command may use before refusing its output
// folder: far less than simulating bigDraws.
const maxCheckCPU = 500 * time.Millisecond

func cpu(p *proc) time.Duration {
	return p.cmd.ProcessState.UserTime() + p.cmd.ProcessState.SystemTime()
}

// expectRefusal checks that p, a run of bigDraws into out, was refused
// before it simulated anything: exit code 1 (docs/cli.md: the output folder
// cannot be written), a message naming out, and almost no CPU time.
func expectRefusal(t *testing.T, p *proc, out string) {
	t.Helper()
	p.Wait(t, time.Minute)
	msg := p.stderr.String()
	switch {
	case p.code == exitOK:
		t.Errorf("%s: %s, after %.2f s of CPU time: the folder was written, not refused (want exit code %d before simulating)\nstdout:\n%s",
			p, p.outcome(), cpu(p).Seconds(), exitFailure, p.stdout.String())
	case p.code != exitFailure:
		t.Errorf("%s: %s; want exit code %d (docs/cli.md)\nstderr:\n%s", p, p.outcome(), exitFailure, msg)
	}
	if c := cpu(p); c > maxCheckCPU && p.code != exitOK {
		t.Errorf("%s: refused only after %.2f s of CPU time (%s), that is after simulating; the output folder should be checked before any work (docs/cli.md, Checked before any work)\nstderr:\n%s",
			p, c.Seconds(), p.outcome(), msg)
	}
	if p.code != exitOK && !strings.Contains(msg, out) {
		t.Errorf("%s: the message does not name the folder %s:\n%s", p, out, msg)
	}
}

// otherUser returns the user a root test runs the command as, so that
// permission bits apply to it, after checking it can run the binary from
// dir.
func otherUser(t *testing.T, dir string) (uid, gid uint32) {
	t.Helper()
	uid, gid = 65534, 65534 // nobody
	p := command(dir, "version").as(uid, gid)
	p.cmd.Stdout, p.cmd.Stderr = nil, nil
	out, err := p.cmd.CombinedOutput()
	if err != nil {
		needRoot(t, "as root, permission bits apply only to another user, but alliancesim cannot run as uid %d from %s: %v: %s", uid, dir, err, out)
	}
	return uid, gid
}

// TestReadOnlyOutput gives a run an output folder it cannot write, holding
// an earlier set: on a read-only file system, behind a read-only bind
// mount, with mode 0555, and in a parent folder of mode 0555. Each must be
// refused before simulating, with exit code 1 and a message naming the
// folder, and leave the earlier set as it was.
func TestReadOnlyOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts file systems and runs processes; skipped with -short")
	}
	t.Parallel()
	t.Run("read-only file system", func(t *testing.T) {
		t.Parallel()
		tmp := mountTmpfs(t, "4m")
		out := filepath.Join(tmp, "out")
		mustRun(t, tmp, runArgs("20000", 1, out)...)
		prev := snap(t, out)
		mount(t, "-o", "remount,ro", tmp)
		expectRefusal(t, command(tmp, runArgs(bigDraws, 2, out)...).Start(t), out)
		if got := snap(t, out); !got.equal(prev) {
			t.Errorf("the earlier set in %s changed: %s", out, prev.diff(got))
		}
	})

	t.Run("read-only bind mount of the folder", func(t *testing.T) {
		t.Parallel()
		if os.Geteuid() != 0 {
			needRoot(t, "needs root to bind-mount a folder read-only (running as uid %d)", os.Geteuid())
		}
		work := t.TempDir()
		out := filepath.Join(work, "out")
		mustRun(t, work, runArgs("20000", 1, out)...)
		prev := snap(t, out)
		if b, err := exec.Command("mount", "--bind", out, out).CombinedOutput(); err != nil {
			needRoot(t, "cannot bind-mount %s here: %v: %s", out, err, b)
		}
		t.Cleanup(func() { unmount(t, out) })
		mount(t, "-o", "remount,bind,ro", out)
		expectRefusal(t, command(work, runArgs(bigDraws, 2, out)...).Start(t), out)
		if got := snap(t, out); !got.equal(prev) {
			t.Errorf("the earlier set in %s changed: %s", out, prev.diff(got))
		}
		if s := stagingDirs(t, out); len(s) > 0 {
			t.Errorf("the run left staging folders %v", s)
		}
	})

	for _, tc := range []struct {
		name   string
		parent bool // make the parent folder read-only, not the folder
	}{{"folder of mode 0555", false}, {"parent folder of mode 0555", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			parent := filepath.Join(work, "p")
			out := filepath.Join(parent, "out")
			if err := os.Mkdir(parent, 0o755); err != nil {
				t.Fatal(err)
			}
			as := func(p *proc) *proc { return p }
			if os.Geteuid() == 0 {
				// root ignores permission bits: run as another user, in a
				// folder it may enter and a parent it owns
				for _, d := range []string{filepath.Dir(work), work} {
					if err := os.Chmod(d, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				uid, gid := otherUser(t, work)
				if err := os.Chown(parent, int(uid), int(gid)); err != nil {
					t.Fatal(err)
				}
				as = func(p *proc) *proc { return p.as(uid, gid) }
			}
			if p := as(command(work, runArgs("20000", 1, out)...)).Start(t).Wait(t, time.Minute); p.code != exitOK {
				t.Fatalf("%s: %s\nstderr:\n%s", p, p.outcome(), p.stderr.String())
			}
			prev := snap(t, out)
			ro := out
			if tc.parent {
				ro = parent
			}
			if err := os.Chmod(ro, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { writable(work) })

			expectRefusal(t, as(command(work, runArgs(bigDraws, 2, out)...)).Start(t), out)
			if got := snap(t, out); !got.equal(prev) {
				t.Errorf("the earlier set in %s changed: %s; now %s", out, prev.diff(got), got.describe())
			}
			if info, err := os.Stat(out); err != nil {
				t.Error(err)
			} else if !tc.parent && info.Mode().Perm() != 0o555 {
				t.Errorf("%s is no longer the read-only folder it was: mode %v", out, info.Mode())
			}
			if s := stagingDirs(t, out); len(s) > 0 {
				t.Errorf("the run left staging folders %v", s)
			}
		})
	}
}

// writable makes every folder under dir writable again, so that the
// test's clean-up can remove them.
func writable(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
}

// TestOutputFolderIsMountPoint writes into a folder that is a mount point,
// as a container's volume is (docker run -v results:/out ... -o /out): the
// run must either publish its set there or refuse the folder before
// simulating, never simulate and then fail.
func TestOutputFolderIsMountPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs and runs processes; skipped with -short")
	}
	t.Parallel()
	out := mountTmpfs(t, "4m")
	p := run(t, filepath.Dir(out), runArgs(bigDraws, 1, out)...)
	if p.code == exitOK {
		if pr := checkSet(t, out); len(pr) > 0 {
			t.Errorf("%s into the mount point %s wrote a bad set: %s", p, out, strings.Join(pr, "; "))
		}
		return
	}
	if c := cpu(p); c > maxCheckCPU {
		t.Errorf("%s, into the mount point %s, simulated (%.2f s of CPU time) and only then failed (%s): want the set published there, or the folder refused before any work\nstderr:\n%s",
			p, out, c.Seconds(), p.outcome(), p.stderr.String())
	}
	if !strings.Contains(p.stderr.String(), out) {
		t.Errorf("%s: the message does not name the folder %s:\n%s", p, out, p.stderr.String())
	}
	if s := stagingDirs(t, out); len(s) > 0 {
		t.Errorf("%s left staging folders %v", p, s)
	}
}
