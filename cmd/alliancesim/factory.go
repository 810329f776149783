package main

import (
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// IOStreams are a command's input and outputs, with whether each is a
// terminal; tests give buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// InTTY, OutTTY and ErrTTY are true when the stream is a terminal
	// (progress bars go to ErrOut only when it is one).
	InTTY, OutTTY, ErrTTY bool
}

// GlobalOptions are the persistent flags every command shares, filled
// when the command line is parsed.
type GlobalOptions struct {
	ConfigPath string
	Sets       []string
	Quiet      bool
	NoProgress bool
	// Force lets a command write into a non-empty folder that alliancesim
	// did not write (its files are kept).
	Force bool
}

// Factory is what every command gets from the process: its streams, its
// environment, its working directory, the clock, the command line to
// record and the config file, read on first use. main builds the real
// one; tests build their own.
type Factory struct {
	IOStreams *IOStreams
	// Environ is the environment, as os.Environ gives it.
	Environ []string
	// WorkDir is where alliancesim.yaml is looked for ("" for the
	// process's working directory).
	WorkDir string
	// Now is the clock of manifests and reports.
	Now func() time.Time
	// Command is the command line that manifests record (os.Args).
	Command []string
	// Global holds the persistent flags.
	Global *GlobalOptions
	// Config reads the config file (--config, or alliancesim.yaml if
	// present) once, on first use; nil when there is none.
	Config func() (*configFile, error)
}

// newFactory builds a factory on the given streams and environment.
func newFactory(ios *IOStreams, environ []string, workDir string, command []string) *Factory {
	f := &Factory{IOStreams: ios, Environ: environ, WorkDir: workDir, Now: time.Now, Command: command, Global: &GlobalOptions{}}
	f.Config = sync.OnceValues(func() (*configFile, error) {
		return readConfig(f.Global.ConfigPath, f.WorkDir)
	})
	return f
}

// systemFactory is the process's own factory.
func systemFactory() *Factory {
	ios := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd()))}
	wd, _ := os.Getwd()
	return newFactory(ios, os.Environ(), wd, os.Args)
}

// showProgress says whether progress bars are drawn: on a terminal,
// unless --quiet or --no-progress.
func (f *Factory) showProgress() bool {
	return f.IOStreams.ErrTTY && !f.Global.Quiet && !f.Global.NoProgress
}
