package nowcast

import (
	"context"
	"strings"
	"testing"
)

// TestThroughPredictsPastTheRecord filters the fixture one year past its
// end and checks that the extra year is propagated only (its filtered
// distribution is its predicted one, it is marked Beyond and not scored),
// that the state and the forecast move a year on, and that every year of
// the record is exactly as without the extra year: the prediction adds a
// year and changes nothing before it.
func TestThroughPredictsPastTheRecord(t *testing.T) {
	t.Parallel()
	rec, _ := fixture(t)
	opts := Options{Record: rec, Particles: 2000, Seed: 3, ForecastDraws: 2000}
	at, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Through = rec.Last + 1
	past, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(past.Post.Years), len(at.Post.Years)+1; got != want {
		t.Fatalf("%d years filtered through %d, want %d", got, opts.Through, want)
	}
	for i, yp := range at.Post.Years {
		if q := past.Post.Years[i]; q.Filtered != yp.Filtered || q.LogPred != yp.LogPred || q.Beyond {
			t.Errorf("%d changed by filtering a year further: %v -> %v", yp.Year, yp.Filtered, q.Filtered)
		}
	}
	last := past.Post.Years[len(past.Post.Years)-1]
	if !last.Beyond || last.Year != rec.Last+1 || last.Observed != 0 || last.Filtered != last.Predicted {
		t.Errorf("the predicted year: %+v", last)
	}
	if past.Post.State.Year != rec.Last+1 || past.Forecast.From != rec.Last+2 || past.Forecast.To != rec.Last+11 {
		t.Errorf("state at %d, forecast %d-%d", past.Post.State.Year, past.Forecast.From, past.Forecast.To)
	}
	if past.Scores.Years != at.Scores.Years || past.Scores.RPS != at.Scores.RPS {
		t.Errorf("scores changed by the predicted year: %d years RPS %v, want %d, %v", past.Scores.Years, past.Scores.RPS, at.Scores.Years, at.Scores.RPS)
	}
	for _, through := range []int{rec.Last + MaxBeyond + 1, 1900} {
		opts.Through = through
		if _, err := Run(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "nowcast through") {
			t.Errorf("through %d: %v", through, err)
		}
	}
}
