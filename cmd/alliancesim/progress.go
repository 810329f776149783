package main

import (
	"context"
	"io"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// startProgress shows a progress bar on w while a run goes on, fed from
// the engine's counters by one ticker goroutine (workers never touch the
// bar). It returns a function that stops the bar; ok says whether the run
// completed. Nothing is drawn unless show is true (stderr is a terminal and
// neither --quiet nor --no-progress was given).
func startProgress(ctx context.Context, w io.Writer, show bool, name string, first int64, done, total *atomic.Int64) func(ok bool) {
	if !show {
		return func(bool) {}
	}
	p := mpb.NewWithContext(ctx, mpb.WithOutput(w), mpb.WithWidth(40), mpb.WithRefreshRate(100*time.Millisecond))
	bar := p.AddBar(max(first, 1),
		mpb.PrependDecorators(decor.Name(name+" ", decor.WCSyncSpaceR), decor.CountersNoUnit("%d / %d draws", decor.WCSyncSpace)),
		mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Name(" "), decor.EwmaETA(decor.ET_STYLE_GO, 30)),
		mpb.BarRemoveOnComplete(),
	)
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		last := time.Now()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				bar.SetTotal(max(total.Load(), first), false)
				now := time.Now()
				bar.EwmaSetCurrent(done.Load(), now.Sub(last))
				last = now
			}
		}
	}()
	return func(ok bool) {
		close(stop)
		<-finished
		if ok {
			bar.SetTotal(done.Load(), true)
		} else {
			bar.Abort(true)
		}
		p.Wait()
	}
}
