// Package slurmtest holds the end-to-end test of the cluster scripts in
// deploy/slurm: a job array of shards and a merge job on a real Slurm
// cluster, checked against a single run. It has no code of its own.
package slurmtest
