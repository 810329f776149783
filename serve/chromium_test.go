package serve

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alliancesim/alliancesim/internal/chromiumtest"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// TestPageInChromium drives the real page in headless Chromium over the
// DevTools protocol (the small client in cdp_test.go; no dependency): it
// starts the server with Run as the CLI would, loads the page, moves a
// slider by setting its value and dispatching an input event, then a
// second one with the keyboard, waits until the headline and the chart's
// path change, clicks "Save as alliancesim.yaml", and checks that the
// saved config, read as the CLI reads its weights: block
// (scenarios.ConfigWeights), gives with the same seed and draws the
// headline the page shows. It leaves a screenshot in /tmp/serve.png.
//
// Without a browser it is skipped, except under CI (CI set), where its
// absence is a failure.
func TestPageInChromium(t *testing.T) {
	t.Parallel()
	chromium := chromiumtest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	t.Cleanup(cancel)
	dir := t.TempDir()
	const draws, seed = DefaultDraws, 11
	var out bytes.Buffer
	l, pageURL := serveBaseline(t, ctx, dir, Options{Seed: seed, Out: &out})
	if !strings.HasPrefix(pageURL, "http://127.0.0.1:") {
		t.Fatalf("URL %q", pageURL)
	}

	b, c := openPage(t, ctx, chromium)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%v\nchromium stderr:\n%s", err, chromiumtest.Tail(b.stderr.String(), 1500))
		}
	}
	must(c.call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1440, "height": 1000, "deviceScaleFactor": 1, "mobile": false}, nil))
	must(c.call(ctx, "Page.navigate", map[string]any{"url": pageURL}, nil))
	must(c.waitFor(ctx, `document.body && document.body.dataset.runs === "1"`, 30*time.Second))

	state := func() (headline, path string) {
		t.Helper()
		var v []string
		must(c.eval(ctx, `[document.getElementById("p-now").textContent, document.querySelector('#chart-p path[data-series="current"]').getAttribute("d")]`, &v))
		return v[0], v[1]
	}
	h0, d0 := state()
	var sliders int
	must(c.eval(ctx, `document.querySelectorAll('#groups input[type=range]').length`, &sliders))
	if want := len(model.WeightSpecs) + len(l.Scenario.Inputs); sliders != want {
		t.Errorf("%d sliders, want %d (every weight and input)", sliders, want)
	}

	// Move the doctrine weight's slider as a drag would: set the value and
	// dispatch an input event.
	t0 := time.Now()
	must(c.eval(ctx, `(function () { var r = document.getElementById("r-weights-doctrine"); r.value = "0.6";
		r.dispatchEvent(new Event("input", {bubbles: true})); return r.value; })()`, nil))
	must(c.waitFor(ctx, `document.body.dataset.runs === "2" && document.body.dataset.state === "idle"`, 30*time.Second))
	t.Logf("slider to redrawn figure: %v (page round trip at %d draws)", time.Since(t0).Round(time.Millisecond), draws)
	h1, d1 := state()
	if h1 == h0 || d1 == d0 {
		t.Fatalf("the figure did not change: headline %q → %q, path changed %v", h0, h1, d1 != d0)
	}

	// And one with the keyboard: focus the shared-opposition slider and
	// press the right arrow three times.
	must(c.eval(ctx, `document.getElementById("r-weights-shared-opposition").focus()`, nil))
	for i := 0; i < 3; i++ {
		for _, typ := range []string{"keyDown", "keyUp"} {
			must(c.call(ctx, "Input.dispatchKeyEvent", map[string]any{"type": typ, "key": "ArrowRight", "code": "ArrowRight", "windowsVirtualKeyCode": 39}, nil))
		}
	}
	must(c.waitFor(ctx, `document.getElementById("n-weights-shared-opposition").value !== "1.2" && document.body.dataset.state === "idle" &&
		document.getElementById("run-meta").textContent.indexOf("2 changed") >= 0`, 30*time.Second))
	var so string
	must(c.eval(ctx, `document.getElementById("n-weights-shared-opposition").value`, &so))
	t.Logf("keyboard moved shared_opposition to %s", so)

	// Save as alliancesim.yaml.
	must(c.eval(ctx, `document.getElementById("save-config").click()`, nil))
	must(c.waitFor(ctx, `document.body.dataset.saved`, 30*time.Second))
	var page struct {
		P    float64 `json:"p"`
		Text string  `json:"text"`
	}
	must(c.eval(ctx, `({p: parseFloat(document.getElementById("p-now").dataset.p), text: document.getElementById("p-now").textContent})`, &page))

	// Screenshot, for a person to look at.
	var shot struct{ Data string }
	must(c.call(ctx, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot))
	img, err := base64.StdEncoding.DecodeString(shot.Data)
	must(err)
	if _, err := png.DecodeConfig(bytes.NewReader(img)); err != nil {
		t.Errorf("screenshot: %v", err)
	}
	if err := os.WriteFile("/tmp/serve.png", img, 0o644); err != nil {
		t.Logf("cannot write /tmp/serve.png: %v", err)
	}

	// The saved file, read as the CLI reads it, reproduces the page.
	cfgPath := filepath.Join(dir, "alliancesim.yaml")
	src, err := os.ReadFile(cfgPath)
	must(err)
	fixed, unc, err := scenarios.ConfigWeights(cfgPath, src)
	must(err)
	if len(unc) != 0 || len(fixed) != 2 || fixed["doctrine"] != 0.6 {
		t.Fatalf("saved weights %v, want doctrine 0.6 and shared_opposition:\n%s", fixed, src)
	}
	w := model.DefaultWeights()
	for k, v := range fixed {
		spec, _ := model.LookupWeight(k)
		spec.Set(&w, v)
	}
	res, err := sim.Run(ctx, l.Scenario, &w, sim.Plan{Draws: draws, Seed: seed, Start: startFor(t, l)})
	must(err)
	if got := results.Round(res.ByHorizon.P); got != page.P {
		t.Errorf("config rerun P %v, page %v", got, page.P)
	}
	if want := fmt.Sprintf("%.1f%%", 100*res.ByHorizon.P); page.Text != want {
		t.Errorf("page shows %q, rerun gives %q", page.Text, want)
	}
	t.Logf("headline %s → %s → %s; config:\n%s", h0, h1, page.Text, src)
	if !strings.Contains(out.String(), pageURL) {
		t.Errorf("the URL was not printed: %q", out.String())
	}
}

// serveBaseline runs the server on the baseline scenario with o, saving
// into dir and its OpenBrowser taking the page's URL, until the test
// ends, and returns the scenario and the URL.
func serveBaseline(t *testing.T, ctx context.Context, dir string, o Options) (*scenarios.Loaded, string) {
	t.Helper()
	sc := testScenario(t, dir, "baseline")
	o.Scenarios = []Scenario{sc}
	o.ConfigPath = filepath.Join(dir, "alliancesim.yaml")
	urls := make(chan string, 1)
	o.OpenBrowser = func(u string) error { urls <- u; return nil }
	srvCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- Run(srvCtx, o)
	}()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	var pageURL string
	select {
	case pageURL = <-urls:
	case err := <-done:
		t.Fatalf("Run ended early: %v", err)
	case <-ctx.Done():
		t.Fatal("the server did not start")
	}
	return sc.Loaded, pageURL
}

// openPage starts chromium and connects to its page over the DevTools
// protocol until the test ends.
func openPage(t *testing.T, ctx context.Context, chromium string) (*browser, *cdp) {
	t.Helper()
	b, err := startBrowser(ctx, chromium, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.close)
	ws, err := b.pageSocket()
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialCDP(ws)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	return b, c
}
