package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// Exit codes, documented in docs/cli.md.
const (
	exitOK          = 0
	exitFailure     = 1   // a runtime failure: an unwritable output, an I/O error
	exitUsage       = 2   // a usage error: a bad flag or argument
	exitInvalid     = 3   // an invalid scenario, config or setting
	exitInterrupted = 130 // stopped by Ctrl-C (SIGINT)
	exitTerminated  = 143 // stopped by SIGTERM (a scheduler, kill, docker stop)
)

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// invalidError marks errors in the user's scenario, config or settings.
type invalidError struct{ err error }

func (e *invalidError) Error() string { return e.err.Error() }
func (e *invalidError) Unwrap() error { return e.err }

func invalidf(format string, a ...any) error {
	return &invalidError{fmt.Errorf(format, a...)}
}

// exitCode maps an error to the documented exit code.
func exitCode(err error) int {
	var ue *usageError
	var ie *invalidError
	var se *scenarios.Error
	var sl scenarios.ErrorList
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, sim.ErrInterrupted), errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ie), errors.As(err, &se), errors.As(err, &sl):
		return exitInvalid
	}
	return exitFailure
}
