// Package faults checks, from outside, what alliancesim promises when its
// process is disturbed as a user, a scheduler or an attacker would disturb
// it: SIGTERM, SIGINT and SIGKILL in the middle of a run, a full disk, a
// read-only output folder, an output folder that is a mount point, and
// several processes writing the same folder at once. It has no code of its
// own; its tests build cmd/alliancesim once and run it as a process.
//
// The promises checked are those of docs/results.md ("How a result set is
// written": a folder holds the old complete set or the new complete set,
// never a mix; the lock; the staging folder a killed command leaves is
// cleaned by the next one) and the exit codes of docs/cli.md.
//
// The tests that need root (to mount a small tmpfs, to remount it
// read-only, to bind-mount a folder read-only, or to run the command as
// another user so that permission bits apply) are skipped with the reason
// elsewhere; with FAULT_TESTS_STRICT set (.ci/run sets it when it
// can mount a tmpfs) they fail instead.
//
//	go test ./internal/faults
//	go test ./internal/faults -v -run TestSIGKILL
package faults
