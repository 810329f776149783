package report

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/alliancesim/alliancesim/internal/chromiumtest"
)

// probe is added to a copy of the report (never to the shipped file). On
// load it records on <body> how many images decoded, how many resources
// came from anywhere but the page itself, and whether the page is wider
// than the window.
const probe = `<script>
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  var ext = performance.getEntriesByType("resource").filter(function (e) { return !/^(data|file):/.test(e.name); }).length;
  document.body.dataset.images = ok + "/" + imgs.length;
  document.body.dataset.external = String(ext);
  document.body.dataset.overflow = String(document.documentElement.scrollWidth > window.innerWidth);
  document.body.dataset.scrollwidth = String(document.documentElement.scrollWidth);
  document.body.dataset.innerwidth = String(window.innerWidth);
  if (window.parent !== window) {
    parent.postMessage(JSON.stringify(document.body.dataset), "*");
  }
});
</script>
</body>`

// frame shows the page at a width narrower than headless Chromium's
// smallest window (500 px) and copies the probe's measurements, posted by
// the page inside, onto its own <body>.
const frame = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>body { margin: 0; } iframe { border: 0; display: block; }</style></head>
<body><iframe src="%s" style="width: %dpx; height: 900px"></iframe>
<script>
window.addEventListener("message", function (e) {
  var d = JSON.parse(e.data);
  for (var k in d) { document.body.dataset[k] = d[k]; }
});
</script></body></html>`

// TestHTMLRendersInChromium loads the report in headless Chromium at a
// desktop width (1280 px) and a phone width (400 px) and checks that it
// renders with every image decoded, nothing fetched from outside the page
// and nothing wider than the window at either width (the tables scroll in
// their own boxes); it takes a screenshot at each width, prints the report
// and its briefing alone to A4 PDFs, and checks that the briefing takes 2
// to 4 pages. Without a browser it is skipped, except under CI (CI set),
// where .ci/run installs one and its absence is a failure.
//
// With ALLIANCESIM_REVIEW_DIR set, the screenshots and PDFs are left
// there, for a person to look at.
func TestHTMLRendersInChromium(t *testing.T) {
	t.Parallel()
	browser := chromiumtest.Require(t)
	start := time.Now()
	dir := t.TempDir()
	in := testInput(t, dir)
	page := writtenPage(t, dir, in)
	if bytes.Count(page, []byte("</body>")) != 1 {
		t.Fatal("index.html has no single </body>")
	}
	check := filepath.Join(dir, "check.html")
	writeFile(t, check, bytes.Replace(page, []byte("</body>"), []byte(probe), 1))
	briefPath := writeBriefing(t, dir, page)

	review := os.Getenv("ALLIANCESIM_REVIEW_DIR")
	outDir := t.TempDir()
	if review != "" {
		if err := os.MkdirAll(review, 0o755); err != nil {
			t.Fatal(err)
		}
		outDir = review
	}
	r := chromium{t: t, browser: browser}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	pageURL, briefURL := fileURL(check), fileURL(briefPath)
	narrow := filepath.Join(dir, "narrow.html")
	writeFile(t, narrow, fmt.Appendf(nil, frame, "check.html", 400))
	var briefPages, allPages int
	var jobs []func() error
	for _, width := range []int{1280, 400} {
		jobs = append(jobs, func() error {
			u := pageURL
			if width < 500 {
				u = fileURL(narrow) // in a frame 400 px wide
			}
			dom, err := r.run(ctx, "--virtual-time-budget=5000", fmt.Sprintf("--window-size=%d,900", max(width, 500)), "--dump-dom", u)
			if err != nil {
				return err
			}
			attr := func(name string) string {
				m := regexp.MustCompile(`<body[^>]*\sdata-` + name + `="([^"]*)"`).FindSubmatch(dom)
				if m == nil {
					return ""
				}
				return string(m[1])
			}
			images := attr("images")
			n := len(allCharts(in))
			if want := fmt.Sprintf("%d/%d", n, n); images != want {
				t.Errorf("%d px: images decoded/total = %q, want %q (every chart loaded)", width, images, want)
			}
			if ext := attr("external"); ext != "0" {
				t.Errorf("%d px: %s resources fetched from outside the page, want 0", width, ext)
			}
			sw, _ := strconv.Atoi(attr("scrollwidth"))
			if ov := attr("overflow"); ov != "false" || sw == 0 || sw > width {
				t.Errorf("%d px: the page scrolls sideways: scrollWidth %s px in a window %s px wide (overflow=%q)", width, attr("scrollwidth"), attr("innerwidth"), ov)
			} else {
				t.Logf("%d px: scrollWidth %d px, window %s px: no horizontal scroll", width, sw, attr("innerwidth"))
			}
			if u == pageURL && !bytes.Contains(dom, []byte("Headline results")) {
				t.Errorf("%d px: rendered page lacks the headline table", width)
			}
			return nil
		}, func() error {
			shot := filepath.Join(outDir, fmt.Sprintf("report-%dpx.png", width))
			if _, err := r.run(ctx, fmt.Sprintf("--window-size=%d,3000", width), "--screenshot="+shot, pageURL); err != nil {
				return err
			}
			f, err := os.Open(shot)
			if err != nil {
				return err
			}
			defer f.Close()
			cfg, err := png.DecodeConfig(f)
			if err != nil {
				return err
			}
			if cfg.Width != width || cfg.Height != 3000 {
				t.Errorf("screenshot is %d×%d, want %d×3000", cfg.Width, cfg.Height, width)
			}
			return nil
		})
	}
	jobs = append(jobs, func() (err error) {
		briefPages, err = r.printedPages(ctx, briefURL, filepath.Join(outDir, "briefing.pdf"))
		return err
	}, func() (err error) {
		allPages, err = r.printedPages(ctx, pageURL, filepath.Join(outDir, "report.pdf"))
		return err
	})
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	for i, job := range jobs {
		wg.Go(func() { errs[i] = job() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if briefPages < 2 || briefPages > 4 {
		t.Errorf("the briefing prints on %d A4 pages, want 2 to 4", briefPages)
	}
	t.Logf("printed on A4: the briefing %d pages, the whole report %d pages (index.html %d bytes)", briefPages, allPages, len(page))
	if review != "" {
		t.Logf("screenshots and PDFs in %s", review)
	}
	t.Logf("Chromium checks took %.1f s", time.Since(start).Seconds())
}

// chromium runs a headless browser.
type chromium struct {
	t       *testing.T
	browser string
}

func (c chromium) run(ctx context.Context, args ...string) ([]byte, error) {
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + c.t.TempDir()}
	cmd := exec.CommandContext(ctx, c.browser, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Logf("%s stderr:\n%s", filepath.Base(c.browser), chromiumtest.Tail(stderr.String(), 2000))
	}
	return out, err
}

// printedPages prints the page at pageURL to the PDF pdf and returns its
// number of pages.
func (c chromium) printedPages(ctx context.Context, pageURL, pdf string) (int, error) {
	if _, err := c.run(ctx, "--no-pdf-header-footer", "--print-to-pdf="+pdf, pageURL); err != nil {
		return 0, err
	}
	return pdfPages(pdf)
}

func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// writeBriefing writes dir/briefing.html, the page with the appendix cut
// out, to print the briefing alone (the appendix starts on a new page, so
// the briefing's pages are the same), and returns its path.
func writeBriefing(t *testing.T, dir string, page []byte) string {
	t.Helper()
	i := bytes.Index(page, []byte(`<div class="appendix" id="appendix">`))
	j := bytes.LastIndex(page, []byte("</main>"))
	if i < 0 || j < i {
		t.Fatal("index.html has no appendix before </main>")
	}
	p := filepath.Join(dir, "briefing.html")
	writeFile(t, p, append(append(append([]byte(nil), page[:i]...), page[j:]...), nil...))
	return p
}

var pdfPageRE = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// pdfPages counts the page objects of a PDF file.
func pdfPages(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	n := len(pdfPageRE.FindAll(data, -1))
	if n == 0 {
		return 0, fmt.Errorf("%s: no /Type /Page object (compressed object streams?)", path)
	}
	return n, nil
}

// TestBriefingOnTwoPages prints the briefing of a one-scenario report
// with every saved analysis included (sensitivity, discovery, sweeps and
// the nowcast) to A4 in headless Chromium, and checks that it takes at
// most two pages. Without a browser it is skipped, as above.
func TestBriefingOnTwoPages(t *testing.T) {
	t.Parallel()
	browser := chromiumtest.Require(t)
	dir := t.TempDir()
	in := testInput(t, dir)
	in.Scenarios, in.Comparison = in.Scenarios[:1], nil
	page := writtenPage(t, dir, in)
	briefPath := writeBriefing(t, dir, page)
	outDir := t.TempDir()
	if review := os.Getenv("ALLIANCESIM_REVIEW_DIR"); review != "" {
		if err := os.MkdirAll(review, 0o755); err != nil {
			t.Fatal(err)
		}
		outDir = review
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pdf := filepath.Join(outDir, "briefing-one-scenario.pdf")
	n, err := (chromium{t: t, browser: browser}).printedPages(ctx, fileURL(briefPath), pdf)
	if err != nil {
		t.Fatal(err)
	}
	if n > 2 {
		t.Errorf("the briefing of one scenario with every analysis prints on %d A4 pages, want at most 2", n)
	}
	t.Logf("the briefing of one scenario with every analysis: %d A4 pages", n)
}

// writtenPage writes the report of in into dir and returns its index.html.
func writtenPage(t *testing.T, dir string, in *Input) []byte {
	t.Helper()
	if _, err := Write(dir, in); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return page
}
