package plots

import (
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

func TestWrapAndShorten(t *testing.T) {
	t.Parallel()
	sty := legendStyle
	long := strings.Repeat("alliance pressure ", 40)
	for _, w := range []vg.Length{30, 80, 200} {
		lines := wrap(sty, long, " ", vg.Points(float64(w)), 2)
		if len(lines) != 2 || !strings.HasSuffix(lines[1], "…") {
			t.Errorf("width %v: %q", w, lines)
		}
		for _, l := range lines {
			if sty.Width(l) > vg.Points(float64(w)) {
				t.Errorf("width %v: line %q is %v wide", w, l, sty.Width(l))
			}
		}
	}
	if got := fitText(sty, "short", vg.Points(100)); got != "short" {
		t.Errorf("fitText changed a fitting text: %q", got)
	}
	if got := wrap(captionStyle, "Scenario: baseline · 100 draws · seed 1", " · ", vg.Points(60), 0); len(got) < 2 {
		t.Errorf("caption not wrapped at its separators: %q", got)
	}
}

// countingHandler counts the characters a text style measures.
type countingHandler struct {
	text.Handler
	chars *int
}

func (h countingHandler) Box(txt string, fnt font.Font) (w, ht, d vg.Length) {
	*h.chars += len(txt)
	return h.Handler.Box(txt, fnt)
}

// TestFitLinear checks that shortening and wrapping a text measure each
// character a bounded number of times, so that they take time linear in
// its length (shortening a rune at a time and measuring each prefix was
// quadratic). Counting, not timing, keeps the test exact beside parallel
// tests.
func TestFitLinear(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1000, 10000} {
		var chars int
		sty := legendStyle
		sty.Handler = countingHandler{sty.Handler, &chars}
		s := strings.Repeat("ab ", n/3)
		fitText(sty, s, vg.Points(float64(n)))
		wrap(sty, s, " ", vg.Points(float64(n/10)), 2)
		if chars > 6*len(s) {
			t.Errorf("%d characters: measured %d", len(s), chars)
		}
	}
}

func TestFitTooSmall(t *testing.T) {
	t.Parallel()
	o := Options{Width: 6 * vg.Centimeter, Height: 4 * vg.Centimeter}
	ch, err := EventImpact(synthetic(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Empty || !strings.Contains(ch.Note, "Too little room for 1 row:") || len(ch.Warnings) == 0 || ch.Warnings[len(ch.Warnings)-1] != ch.Note {
		t.Errorf("empty %v, note %q, warnings %q", ch.Empty, ch.Note, ch.Warnings)
	}
	// At the README's 8.5 × 6 cm, eight events draw the rows that fit and
	// warn of the others.
	r := synthetic()
	for len(r.Events) < 8 {
		r.Events = append(r.Events, r.Events[len(r.Events)%3])
	}
	ch, err = EventImpact(r, Options{Width: 8.5 * vg.Centimeter, Height: 6 * vg.Centimeter})
	if err != nil || ch.Empty || len(ch.Warnings) != 1 || !strings.Contains(ch.Warnings[0], "of 8 events shown") {
		t.Errorf("%v: empty %v, warnings %q", err, ch.Empty, ch.Warnings)
	}
	if ch, _ := StateArea(degenerateResults()["zero-draws"], Options{}); !ch.Empty || len(ch.Warnings) != 1 {
		t.Errorf("no draws: warnings %q", ch.Warnings)
	}
}
