package report

import (
	"bytes"
	"encoding/base64"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/sim"
)

func TestFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		got, want string
	}{
		{format.Percent(0.105), "10.5%"},
		{format.Percent(0.00873), "0.87%"},
		{format.Percent(0), "0%"},
		{format.Percent(0.00004), "<0.01%"},
		{format.Percent(1), "100.0%"},
		{format.Percent(math.NaN()), "–"},
		{format.Interval(0.103, 0.107), "10.3–10.7%"},
		{format.Interval(0.0087, 0.014), "0.87–1.4%"},
		// Round to nearest, as the tables on the terminal and the charts'
		// labels print it.
		{format.Interval(0.33912, 0.34551), "33.9–34.6%"},
		{format.Interval(0.33912, 0.34549), "33.9–34.5%"},
		{estimate(sim.Proportion{P: 0.1378, Lo: 0.1371, Hi: 0.13854}), "13.8%"},
		{diffEstimate(0.0237, 0.0229, 0.0245), "+2.4 pp"},
		{diffEstimate(-0.0052, -0.0062, -0.0042), "−0.52 pp"},
		{ppInterval(-0.0551, -0.0489), "−5.5 to −4.9 pp"},
		{pp(0.00097), "0.10 pp"},
		{signedPP(0.037), "+3.7 pp"},
		{signedPP(-0.0052), "−0.52 pp"},
		{signedPP(0), "0 pp"},
		{ppInterval(0.035, 0.039), "+3.5 to +3.9 pp"},
		{ppInterval(-0.001, 0.003), "−0.10 to +0.30 pp"},
		{term(-1.3), "−1.30"},
		{term(-0.001), "+0.00"},
		{value(-0.15), "−0.15"},
		{direction("-"), "− lowers"},
		{direction(""), "scale"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestContent checks that what a reader needs is in both files, as the
// reader sees it (tags and escapes removed).
func TestContent(t *testing.T) {
	t.Parallel()
	in, h, md := rendered(t)
	docs := map[string]string{"index.html": htmlText(h), "report.md": mdPlain(md)}

	base := in.Scenarios[0].Result.ByHorizon
	hard := in.Scenarios[1].Result.ByHorizon
	want := []struct{ name, text string }{
		{"summary sentence", "In the baseline scenario, a defence alliance between Russia and China forms by end 2030 in " + estimate(base) + " of simulated futures (95% interval " + format.Interval(base.Lo, base.Hi) + "; Monte Carlo error ±" + pp(base.HalfWidth()) + ")."},
		{"summary difference", "3.7 percentage points more than in the baseline scenario (paired 95% interval +3.5 to +3.9 pp)"},
		{"headline p", estimate(hard)},
		{"headline interval", format.Interval(hard.Lo, hard.Hi)},
		{"headline se", pp(base.SE)},
		{"modal first", "Entente (90.2%)"},
		{"modal last", "Entente (82.3%)"},
		{"blocking", "12.0%"},
		{"blocking both", "72.0%"},
		{"draws", "20,000"},
		{"delta", "+3.7 pp"},
		{"paired interval", "+3.5 to +3.9 pp"},
		{"paired explained", "Paired, common random numbers:"},
		{"sampling error caveat", "They measure sampling error only"},
		{"file", "bundled:baseline"},
		{"sha", in.Scenarios[0].SHA256},
		{"event window", "2027–2030"},
		{"event effects", "china.pressure +0.2, latent +0.3"},
		{"event stats", "P(alliance | event)"},
		{"central run", "Shared opposition to the rival"},
		{"weights source config", "config alliancesim.yaml"},
		{"weights source env", "env ALLIANCESIM_WEIGHTS_NOISE_SD"},
		{"weights source flag", "flag --set"},
		{"weights direction", "− lowers"},
		{"methods model", "six-rung ladder"},
		{"methods docs", "docs/model.md"},
		{"methods wilson", "Wilson score interval"},
		{"version", "v0.9.0-test"},
		{"created", "2025-01-02T03:04:05Z"},
		{"rerun", in.Rerun},
		{"seed", "Seed: 7"},
		{"hostile description as text", "<script>alert('x')</script> Costs | benefits are *unclear*."},
		{"hostile source as text", "Smith | Jones 2020 <img src=x onerror=alert(1)>"},
	}
	for _, c := range allCharts(in) {
		want = append(want, struct{ name, text string }{"chart title " + c.Kind, c.Title}, struct{ name, text string }{"caption " + c.Kind, c.Caption})
	}
	for _, s := range in.Scenarios {
		for _, i := range s.Inputs {
			want = append(want, struct{ name, text string }{"input " + i.Path, i.Path}, struct{ name, text string }{"distribution " + i.Path, i.Distribution})
			for _, src := range i.Sources {
				want = append(want, struct{ name, text string }{"input source", src})
			}
		}
		for _, src := range s.Sources {
			want = append(want, struct{ name, text string }{"scenario source", src})
		}
		for _, e := range s.Events {
			want = append(want, struct{ name, text string }{"event " + e.Name, e.Description})
		}
	}
	for _, w := range in.Weights {
		want = append(want, struct{ name, text string }{"weight " + w.Key, w.Key}, struct{ name, text string }{"weight doc " + w.Key, w.Doc})
	}
	for file, text := range docs {
		for _, w := range want {
			if !strings.Contains(text, oneLine(w.text)) {
				t.Errorf("%s: %s: %q missing", file, w.name, w.text)
			}
		}
		for i := 1; i <= 5; i++ {
			if !strings.Contains(text, "Figure "+string(rune('0'+i))+".") {
				t.Errorf("%s: Figure %d missing", file, i)
			}
		}
	}
}

// TestOrder checks that the sections come in the order the brief gives.
func TestOrder(t *testing.T) {
	t.Parallel()
	_, h, md := rendered(t)
	order := []string{"Headline", "Headline results", "The scenarios compared", "What each scenario changes",
		"What the result depends on", "Sweeps (one or two values", "Signposts", "Where the relationship stands on the record", "What to watch in 2027–2029:",
		"Appendix.", "A. Comparison in detail", "B. Scenario: baseline", "Assumptions", "C. Scenario: us-hardline",
		"D. Sensitivity in detail", "E. Scenario discovery in detail", "F. Sweeps in detail", "G. The nowcast in detail", "H. Weights", "I. Methods", "Reproducing this report"}
	for name, text := range map[string]string{"html": htmlText(h), "md": mdPlain(md)} {
		at := 0
		for _, o := range order {
			i := strings.Index(text[at:], o)
			if i < 0 {
				t.Errorf("%s: %q missing or out of order", name, o)
				continue
			}
			at += i
		}
	}
}

// TestEscaping checks that markup and pipes in user text stay text.
func TestEscaping(t *testing.T) {
	t.Parallel()
	_, h, md := rendered(t)
	for _, bad := range []string{"<script", "<img src=x", "<b>"} {
		if bytes.Contains(bytes.ToLower(h), []byte(bad)) {
			t.Errorf("index.html contains raw %q", bad)
		}
		if bytes.Contains(md, []byte(bad)) {
			t.Errorf("report.md contains raw %q", bad)
		}
	}
	if !bytes.Contains(h, []byte("&lt;script&gt;")) {
		t.Error("index.html: the <script> of the description is not shown escaped")
	}
	// Every row of a Markdown table has as many unescaped pipes as its header.
	pipes := regexp.MustCompile(`(^|[^\\])\|`)
	count := func(line string) int { return len(pipes.FindAllString(strings.ReplaceAll(line, "||", "| |"), -1)) }
	lines := strings.Split(string(md), "\n")
	tables := 0
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			continue
		}
		tables++
		n := count(lines[i])
		for ; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			if c := count(lines[i]); c != n {
				t.Errorf("report.md: table row has %d cell separators, header %d:\n%s", c, n, lines[i])
			}
		}
	}
	if tables < 8 {
		t.Errorf("report.md: %d tables, want at least 8", tables)
	}
}

// TestSelfContained checks that the page needs nothing but itself: no
// external style sheet, script, font or image, and every chart embedded.
func TestSelfContained(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := testInput(t, dir)
	h, err := HTML(in, dir)
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	for _, bad := range []string{"<script", "<link", "@import", "url(", "<iframe", "<object", "<embed"} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("index.html contains %q", bad)
		}
	}
	srcs := regexp.MustCompile(`\ssrc="([^"]*)"`).FindAllStringSubmatch(s, -1)
	if len(srcs) != len(allCharts(in)) {
		t.Errorf("%d images, want one per chart (%d)", len(srcs), len(allCharts(in)))
	}
	for _, m := range srcs {
		if !strings.HasPrefix(m[1], "data:image/png;base64,") && !strings.HasPrefix(m[1], "data:image/svg+xml;base64,") {
			t.Errorf("image source %.60q is not an embedded image", m[1])
		}
	}
	// Each chart's own file is embedded, byte for byte: the SVG, or the
	// PNG when there is no SVG.
	for _, c := range allCharts(in) {
		p, mime := c.Files["svg"], "image/svg+xml"
		if p == "" {
			p, mime = c.Files["png"], "image/png"
		}
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s, `src="data:`+mime+`;base64,`+base64.StdEncoding.EncodeToString(data)+`"`) {
			t.Errorf("chart %s: %s not embedded", c.Kind, p)
		}
	}
	// Links: in-page anchors, the chart files next to the page, or, in the
	// text, links to sources; never a resource.
	for _, m := range regexp.MustCompile(`<(\w+)[^>]*\shref="([^"]*)"`).FindAllStringSubmatch(s, -1) {
		tag, href := m[1], m[2]
		switch {
		case tag != "a":
			t.Errorf("<%s href=%q>: only links are allowed", tag, href)
		case strings.HasPrefix(href, "#"), strings.HasPrefix(href, "./"):
		case strings.HasPrefix(href, "https://"), strings.HasPrefix(href, "http://"):
		default:
			t.Errorf("link %q is neither in the page, next to it, nor to a source", href)
		}
	}
	for _, c := range allCharts(in) {
		for _, p := range c.Files {
			if !strings.Contains(s, `href="./`+strings.ReplaceAll(p, " ", "%20")+`"`) {
				t.Errorf("no link to %s", p)
			}
		}
	}
	if !strings.Contains(s, "@media print") || !strings.Contains(s, "break-before: page") {
		t.Error("no print style")
	}
}

func TestWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := testInput(t, dir)
	paths, err := Write(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "index.html"), filepath.Join(dir, "report.md")}
	if strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Errorf("paths %v, want %v", paths, want)
	}
	for _, p := range paths {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(in *Input, dir string)
		want   string
	}{
		{"nil input", nil, "no input"},
		{"no scenario", func(in *Input, _ string) { in.Scenarios = nil }, "no scenario"},
		{"no result", func(in *Input, _ string) { in.Scenarios[1].Result = nil }, `("us-hardline") has no result`},
		{"missing png", func(in *Input, dir string) { os.Remove(filepath.Join(dir, "baseline", "states.png")) }, "cannot embed"},
		{"missing pdf", func(in *Input, dir string) { os.Remove(filepath.Join(dir, "baseline", "alliance.pdf")) }, "pdf file"},
		{"not a png", func(in *Input, dir string) {
			os.WriteFile(filepath.Join(dir, "comparison.png"), []byte("GIF89a"), 0o644)
		}, "not a PNG"},
		{"no image", func(in *Input, _ string) {
			in.Scenarios[0].Charts[1].Files = map[string]string{"pdf": "baseline/alliance.pdf"}
		}, "neither a PNG nor an SVG"},
		{"outside", func(in *Input, _ string) { in.Scenarios[0].Charts[1].Files["png"] = "../x.png" }, "inside the report directory"},
		{"absolute", func(in *Input, _ string) { in.Scenarios[0].Charts[1].Files["png"] = "/tmp/x.png" }, "inside the report directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := testInput(t, dir)
			if tt.change == nil {
				in = nil
			} else {
				tt.change(in, dir)
			}
			_, err := Write(dir, in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			for _, f := range []string{"index.html", "report.md"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s written despite the error", f)
				}
			}
		})
	}
}

// TestSingleScenario checks a report without a comparison.
func TestSingleScenario(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := testInput(t, dir)
	in.Scenarios = in.Scenarios[:1]
	in.Comparison = nil
	in.Sensitivity, in.Discover, in.Sweep, in.Nowcast = nil, nil, nil, nil
	in.Scenarios[0].Explanation = nil
	h, err := HTML(in, dir)
	if err != nil {
		t.Fatal(err)
	}
	text := htmlText(h)
	for _, bad := range []string{"Comparison", "paired 95% interval", "common random numbers"} {
		if strings.Contains(text, bad) {
			t.Errorf("single-scenario report mentions %q", bad)
		}
	}
	if !strings.Contains(text, "Figure 2.") || strings.Contains(text, "Figure 3.") {
		t.Error("figures not numbered 1 and 2")
	}
}

// TestSummaryDifference checks the summary's wording of a difference: more,
// fewer, or not distinguishable when the paired interval spans zero.
func TestSummaryDifference(t *testing.T) {
	t.Parallel()
	tests := []struct {
		delta, lo, hi float64
		want          string
	}{
		{0.037, 0.035, 0.039, "3.7 percentage points more than in the baseline scenario (paired 95% interval +3.5 to +3.9 pp)."},
		{-0.052, -0.055, -0.049, "5.2 percentage points fewer than in the baseline scenario (paired 95% interval −5.5 to −4.9 pp)."},
		{0.001, -0.001, 0.003, "not distinguishable from the baseline scenario with this number of draws (difference +0.10 pp, paired 95% interval −0.10 to +0.30 pp)."},
	}
	for _, tt := range tests {
		in := testInput(t, "")
		d := &in.Comparison.Set.Diffs[1]
		d.Delta, d.Lo, d.Hi = tt.delta, tt.lo, tt.hi
		md, err := Markdown(in)
		if err != nil {
			t.Fatal(err)
		}
		if text := mdPlain(md); !strings.Contains(text, tt.want) {
			t.Errorf("ΔP %v: summary lacks %q", tt.delta, tt.want)
		}
	}
}

// TestSweepAndNowcast checks that the saved sweeps and the nowcast appear
// in both formats: each sweep in a sentence in the briefing and with its
// chart and points in the appendix, the nowcast's rung, scores and
// signposts in the briefing and its indicators in the appendix.
func TestSweepAndNowcast(t *testing.T) {
	t.Parallel()
	_, h, md := rendered(t)
	// What a reader sees, without the space a tag leaves inside brackets
	// or the pipes of a Markdown table.
	norm := func(s string) string {
		return oneLine(strings.NewReplacer("( ", "(", " )", ")", "|", " ", "---", "", "--:", "").Replace(s))
	}
	for name, text := range map[string]string{"index.html": norm(htmlText(h)), "report.md": norm(mdPlain(md))} {
		app := strings.Index(text, "Appendix.")
		if app < 0 {
			t.Fatalf("%s: no appendix", name)
		}
		brief, rest := text[:app], text[app:]
		for _, w := range []string{
			"raising the doctrine weight (weights.doctrine) from 1 to 3 lowers P(alliance by 2030) from 32.5% to 4.5%",
			"P(alliance by 2030) ranges from 6.0% (at china.pressure 0.3, weights.junior_partner 1.6) to 30.0% (at china.pressure 0.9, weights.junior_partner 0.4)",
			"Where the relationship stands on the record",
			"Read off the observed record of 2018–2025",
			"the relationship at the end of 2025 is at entente (92.0%; treaty partnership 8.0%)", "as the coding of events has it",
			"at the end of 2026 it is at entente (90.0%",
			"a defence alliance has formed by end 2035 in 13.2% of runs",
			"a probability of 78.1% on average over 34 years",
			"ranked probability score 0.064",
			"What to watch in 2027–2029:",
			"If, in 2027–2029, at least 6 joint exercises are held",
			"At least 6 joint exercises are held",
			"9.0% (−12.0 pp)",
		} {
			if !strings.Contains(brief, w) {
				t.Errorf("%s: the briefing lacks %q", name, w)
			}
		}
		for _, w := range []string{
			"F. Sweeps in detail", "Sweep of china.pressure × weights.junior_partner in the baseline scenario",
			"P(alliance) across the doctrine weight", "30.4–34.6%", "every 95% interval within ±2.0 pp",
			"G. The nowcast in detail", "Where the relationship stood each year, read off the record",
			"statement_code code 1.761 80.0%", "predicted, no observations",
		} {
			if !strings.Contains(rest, w) {
				t.Errorf("%s: the appendix lacks %q", name, w)
			}
		}
		// The strongest indicator first.
		if i, j := strings.Index(rest, "statement_code code"), strings.Index(rest, "joint_exercises exercises/yr"); i < 0 || j < i {
			t.Errorf("%s: indicators not by mutual information", name)
		}
	}
	if !bytes.Contains(md, []byte("| china.pressure | weights.junior\\_partner: 0.4 |")) {
		t.Error("report.md: no grid table of the 2-D sweep")
	}
	if !bytes.Contains(md, []byte("baseline/sweep-weights.doctrine/sweep.png")) || !bytes.Contains(md, []byte("nowcast/nowcast.png")) {
		t.Error("report.md: the sweep's or the nowcast's chart is missing")
	}
}

// TestSweepAndNowcastErrors checks that a sweep or nowcast that cannot be
// shown is refused with the reason.
func TestSweepAndNowcastErrors(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		edit func(*Input)
		want string
	}{
		"no points":   {func(in *Input) { in.Sweep[0].Points = nil }, "no points"},
		"three axes":  {func(in *Input) { in.Sweep[0].Axes = []string{"a", "b", "c"} }, "3 swept values"},
		"short point": {func(in *Input) { in.Sweep[1].Points[2].X = []float64{0.3} }, "point 3 has 1 values, want 2"},
		"no nowcast":  {func(in *Input) { in.Nowcast.File = nil }, "no nowcast.json"},
		"no years":    {func(in *Input) { in.Nowcast.File.Years = nil }, "no filtered year"},
	} {
		in := testInput(t, "")
		c.edit(in)
		if _, err := Markdown(in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error containing %q", name, err, c.want)
		}
	}
	// Without signposts, the nowcast still shows.
	in := testInput(t, "")
	in.Nowcast.Signposts = nil
	md, err := Markdown(in)
	if err != nil || !bytes.Contains(md, []byte("Where the relationship stands on the record")) || bytes.Contains(md, []byte("What to watch")) {
		t.Errorf("nowcast without signposts: %v", err)
	}
}
