package plots

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"rsc.io/pdf"

	"gonum.org/v1/plot/vg"
)

func TestRenderScenario(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, err := RenderScenario(synthetic(), syntheticExplanation(10), dir, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, rc := range out {
		kinds = append(kinds, rc.Kind)
	}
	if got := strings.Join(kinds, " "); got != "states alliance latent onset blocking events explain-latent explain-russia explain-china explain-lines" {
		t.Errorf("kinds %q", got)
	}
	// Bad input writes nothing.
	bad := t.TempDir()
	if _, err := RenderComparison(syntheticSet(), bad, []string{"gif"}, Options{}); err == nil {
		t.Error("gif accepted")
	}
	if _, err := Render(synthetic(), bad, nil, Options{Width: vg.Centimeter}); err == nil {
		t.Error("a 1 cm chart accepted")
	}
	if fs, _ := os.ReadDir(bad); len(fs) != 0 {
		t.Errorf("bad input wrote %d files", len(fs))
	}
	if got := actorKinds([2]string{"United States", "China"}); got != [2]string{"explain-united-states", "explain-china"} {
		t.Errorf("actor kinds %v", got)
	}
}

func TestSave(t *testing.T) {
	t.Parallel()
	ch, _ := AllianceCurve(synthetic(), Options{})
	dir := t.TempDir()
	if err := ch.Save(filepath.Join(dir, "a.gif"), Options{}); err == nil {
		t.Error("gif saved")
	}
	if err := ch.Save(filepath.Join(dir, "missing", "a.png"), Options{}); err == nil {
		t.Error("saved into a missing directory")
	}
	if fs, _ := os.ReadDir(dir); len(fs) != 0 {
		t.Errorf("failed saves left %d files", len(fs))
	}
	if CheckDPI(MinDPI-1) == nil || CheckDPI(MaxDPI) != nil || (Options{DPI: 1200, Width: 200 * vg.Centimeter, Height: 200 * vg.Centimeter}).Validate() == nil {
		t.Error("resolution checks")
	}
}

// TestPDFFonts renders a PDF and reads its text back: the fonts are
// embedded, bold titles keep their face, and Δ, −, μ and σ survive.
func TestPDFFonts(t *testing.T) {
	t.Parallel()
	ch, err := CompareDots(syntheticSet(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ch.Note = "μ and σ, −1"
	var buf bytes.Buffer
	if _, err := ch.WriteTo(&buf, "pdf", Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("liberationsans-bold")) || !bytes.Contains(buf.Bytes(), []byte("FontFile2")) {
		t.Error("the PDF does not embed Liberation Sans Bold")
	}
	r, err := pdf.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	// The text is in UTF-16 code units (Identity-H), which rsc.io/pdf
	// reads a byte at a time: look for them in the page's content.
	fonts := map[string]bool{}
	for _, s := range r.Page(1).Content().Text {
		fonts[s.Font] = true
	}
	content, err := io.ReadAll(r.Page(1).V.Key("Contents").Reader())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Δ vs", "μ and σ, −1", "P(defence alliance by"} {
		var be []byte
		for _, u := range utf16.Encode([]rune(want)) {
			be = append(be, byte(u>>8), byte(u))
		}
		if !bytes.Contains(content, be) && !bytes.Contains(content, bytes.ReplaceAll(be, []byte("("), []byte("\\("))) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	if len(fonts) < 2 {
		t.Errorf("one font in the PDF: %v", fonts)
	}
}

// TestWarnReachesTheCommand checks that a chart's warnings reach
// Options.Warn when the render functions save it, so that a command can
// print them (the events chart at the README's 8.5 × 6 cm leaves events
// out and says so).
func TestWarnReachesTheCommand(t *testing.T) {
	t.Parallel()
	r := synthetic()
	for len(r.Events) < 8 {
		r.Events = append(r.Events, r.Events[len(r.Events)%3])
	}
	var got []string
	o := Options{Width: 8.5 * vg.Centimeter, Height: 6 * vg.Centimeter, Warn: func(chart, w string) { got = append(got, chart+": "+w) }}
	if _, err := RenderScenario(r, nil, t.TempDir(), []string{"svg"}, o); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range got {
		found = found || strings.HasPrefix(g, "events: ") && strings.Contains(g, "of 8 events shown")
	}
	if !found {
		t.Errorf("warnings passed on: %q; want the events chart's", got)
	}
}
