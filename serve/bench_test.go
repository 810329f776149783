package serve

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"
)

// BenchmarkRerun measures a slider move end to end through the handler:
// parse the JSON request, check it, simulate 20,000 draws on the starting
// point's random numbers (the starting point itself cached, as after the
// page's first load), pair the outcomes and encode the JSON response. It
// reports the median milliseconds per re-run besides the mean (ns/op),
// since other work on the machine inflates the mean.
func BenchmarkRerun(b *testing.B) {
	s := testServer(b, DefaultDraws)
	body := []byte(`{"scenario":0,"draws":20000,"changes":{"weights.doctrine":1.2,"russia.threat":0.9}}`)
	postRun(b, s, body) // the starting point, cached from here on
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		postRun(b, s, body)
		times = append(times, time.Since(t0))
	}
	reportMedian(b, times)
}

// BenchmarkFirstRun is the page's first request at 20,000 draws: the
// starting point, simulated once and cached.
func BenchmarkFirstRun(b *testing.B) {
	body := []byte(`{"scenario":0,"draws":20000,"changes":{}}`)
	var times []time.Duration
	for b.Loop() {
		b.StopTimer()
		s := testServer(b, DefaultDraws)
		b.StartTimer()
		t0 := time.Now()
		postRun(b, s, body)
		times = append(times, time.Since(t0))
	}
	reportMedian(b, times)
}

// postRun sends body to /api/run as the page does, and fails unless the
// answer is 200.
func postRun(b *testing.B, s *server, body []byte) {
	r := httptest.NewRequest(http.MethodPost, "http://"+testHost+"/api/run", bytes.NewReader(body))
	r.Host = testHost
	r.Header.Set("Origin", "http://"+testHost)
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("%d %s", w.Code, w.Body)
	}
}

// reportMedian reports the median of times in milliseconds.
func reportMedian(b *testing.B, times []time.Duration) {
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}
