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
	"sync"
	"testing"
	"time"
)

// findBrowser looks for a Chromium-family browser in PATH.
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

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
});
</script>
</body>`

// TestHTMLRendersInChromium loads the report in headless Chromium and
// checks that it renders with every image decoded and nothing fetched from
// outside the page. Without a browser it is skipped, except under CI
// (CI set), where .ci/run installs one and its absence is a failure.
//
// With ALLIANCESIM_REVIEW_DIR set, it also leaves a screenshot and a PDF
// print of the report there, for a person to look at.
func TestHTMLRendersInChromium(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but no chromium, chromium-browser or google-chrome is in PATH (.ci/run should install Debian's chromium)")
		}
		t.Skip("no chromium, chromium-browser or google-chrome in PATH: install one (apt-get install chromium) to run this test")
	}
	start := time.Now()
	dir := t.TempDir()
	in := testInput(t, dir)
	if _, err := Write(dir, in); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(page, []byte("</body>")) != 1 {
		t.Fatal("index.html has no single </body>")
	}
	check := filepath.Join(dir, "check.html")
	writeFile(t, check, bytes.Replace(page, []byte("</body>"), []byte(probe), 1))

	review := os.Getenv("ALLIANCESIM_REVIEW_DIR")
	shotDir := t.TempDir()
	if review != "" {
		if err := os.MkdirAll(review, 0o755); err != nil {
			t.Fatal(err)
		}
		shotDir = review
	}
	shot := filepath.Join(shotDir, "report-screenshot.png")

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	run := func(args ...string) ([]byte, error) {
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
		cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Logf("%s stderr:\n%s", filepath.Base(browser), tail(stderr.String(), 2000))
		}
		return out, err
	}
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(check)}).String()
	jobs := []func() error{
		func() error {
			dom, err := run("--virtual-time-budget=5000", "--window-size=1200,900", "--dump-dom", pageURL)
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
				t.Errorf("images decoded/total = %q, want %q (every chart loaded)", images, want)
			}
			if ext := attr("external"); ext != "0" {
				t.Errorf("%s resources fetched from outside the page, want 0", ext)
			}
			if ov := attr("overflow"); ov != "false" {
				t.Errorf("page wider than a 1200 px window (overflow=%q)", ov)
			}
			if !bytes.Contains(dom, []byte("Headline results")) {
				t.Error("rendered page lacks the headline table")
			}
			return nil
		},
		func() error {
			if _, err := run("--window-size=1200,3000", "--screenshot="+shot, pageURL); err != nil {
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
			if cfg.Width != 1200 || cfg.Height != 3000 {
				t.Errorf("screenshot is %d×%d, want 1200×3000", cfg.Width, cfg.Height)
			}
			return nil
		},
	}
	if review != "" {
		jobs = append(jobs, func() error {
			_, err := run("--no-pdf-header-footer", "--print-to-pdf="+filepath.Join(review, "report.pdf"), pageURL)
			return err
		})
	}
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
	if review != "" {
		t.Logf("screenshot and PDF in %s", review)
	}
	t.Logf("Chromium checks took %.1f s", time.Since(start).Seconds())
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
