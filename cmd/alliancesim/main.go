// Command alliancesim estimates how likely two powers, first of all China
// and Russia, are to form a mutual-defence alliance, by Monte Carlo
// simulation of a parameterized model, and turns the results into tables,
// files and charts. See README.md and docs/cli.md.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C stops the process at once
	}()
	code := mainRun(ctx, systemFactory(), os.Args[1:])
	stop()
	os.Exit(code)
}
