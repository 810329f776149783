// Command alliancesim estimates how likely two powers, first of all China
// and Russia, are to form a mutual-defence alliance, by Monte Carlo
// simulation of a parameterized model, and turns the results into tables,
// files and charts. See README.md and docs/cli.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value // the first signal received
	go func() {
		s := <-sigs
		got.Store(s)
		cancel()
		signal.Stop(sigs) // a second Ctrl-C (or SIGTERM) stops the process at once
	}()
	code := mainRun(ctx, systemFactory(), os.Args[1:])
	signal.Stop(sigs)
	if s, _ := got.Load().(os.Signal); code == exitInterrupted && s == syscall.SIGTERM {
		code = exitTerminated
	}
	os.Exit(code)
}
