package report

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/sim"
)

var svgTextRE = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)

// svgTexts renders the charts with plots and returns every text drawn on
// each, by chart kind.
func svgTexts(t *testing.T, charts []plots.RenderedChart, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, c := range charts {
		data, err := os.ReadFile(filepath.Join(dir, c.Files["svg"]))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range svgTextRE.FindAllSubmatch(data, -1) {
			out[c.Kind] = append(out[c.Kind], html.UnescapeString(string(m[1])))
		}
	}
	return out
}

// findTable returns the document's table of the given class (the nth).
func findTable(d *document, class string, nth int) *table {
	for _, s := range append(append([]section(nil), d.Sections...), d.Appendix...) {
		for _, bl := range s.Blocks {
			if bl.Kind == kTable && bl.Table.Class == class {
				if nth == 0 {
					return bl.Table
				}
				nth--
			}
		}
	}
	return nil
}

func plain(p para) string {
	var b strings.Builder
	for _, s := range p {
		b.WriteString(s.Text)
	}
	return b.String()
}

func containsText(texts []string, want string) bool {
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// TestIntervalsMatchCharts renders the real charts of two scenarios with
// plots and checks that every interval the report's tables print for them
// is the one the matching chart draws: the headline's and the comparison
// table's against the comparison chart's labels, the paired difference
// against its Δ label, and the last year of each by-year table against
// the alliance chart's end label. It runs at several numbers of draws, so
// that both one and two decimals are exercised.
func TestIntervalsMatchCharts(t *testing.T) {
	t.Parallel()
	for _, draws := range []int64{2000, 20000, 1000000, 4000000} {
		in := testInput(t, "")
		base := synthResult("baseline", draws, 0.339)
		hard := synthResult("us-hardline", draws, 0.362)
		set := &sim.Set{Results: []*sim.Result{base, hard}, Diffs: []sim.PairedDiff{{}, {
			Scenario: "us-hardline", Base: "baseline", Delta: 0.0231, SE: 0.031 / float64(draws/1000), N: draws}}}
		d := &set.Diffs[1]
		d.Lo, d.Hi = d.Delta-1.96*d.SE, d.Delta+1.96*d.SE
		in.Scenarios[0].Result, in.Scenarios[1].Result = base, hard
		in.Comparison.Set = set
		dir := t.TempDir()
		var texts = map[string][]string{}
		cmp, err := plots.RenderComparison(set, dir, []string{"svg"}, plots.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range svgTexts(t, cmp, dir) {
			texts[k] = v
		}
		for _, r := range set.Results {
			ch, err := plots.AllianceCurve(r, plots.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sub := filepath.Join(dir, r.Scenario)
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			if _, err := plots.SaveAll(ch, sub, plots.KindAlliance, []string{"svg"}, plots.Options{}); err != nil {
				t.Fatal(err)
			}
			rc := []plots.RenderedChart{{Kind: plots.KindAlliance, Files: map[string]string{"svg": plots.KindAlliance + ".svg"}}}
			for k, v := range svgTexts(t, rc, sub) {
				texts[r.Scenario+"/"+k] = v
			}
		}
		doc, err := build(in, "", false)
		if err != nil {
			t.Fatal(err)
		}
		dots := texts[plots.KindCompareDots]
		if len(dots) == 0 {
			t.Fatal("no text in the comparison chart")
		}
		head, comp := findTable(doc, "headline", 0), findTable(doc, "comparison", 0)
		for k, sc := range in.Scenarios {
			// Headline table: columns Scenario, P, interval.
			p, iv := plain(head.Rows[k][1]), plain(head.Rows[k][2])
			if want := p + " (" + iv + ")"; !containsText(dots, want) {
				t.Errorf("%d draws, %s: headline table prints %q, the comparison chart none such (its labels: %q)", draws, sc.Name, want, dots)
			}
			if cp, civ := plain(comp.Rows[k][1]), plain(comp.Rows[k][2]); cp != p || civ != iv {
				t.Errorf("%d draws, %s: comparison table %s (%s), headline table %s (%s)", draws, sc.Name, cp, civ, p, iv)
			}
			// By-year table, last row: Year, P, interval.
			by := findTable(doc, "by-year", k)
			last := by.Rows[len(by.Rows)-1]
			label := plain(last[1]) + " (" + plain(last[2]) + ")"
			if al := texts[sc.Name+"/"+plots.KindAlliance]; !containsText(al, label) {
				t.Errorf("%d draws, %s: by-year table ends with %q, the alliance chart does not (its labels: %q)", draws, sc.Name, label, al)
			}
			if k == 0 {
				continue
			}
			// The paired difference: "+2.3 pp", "+2.1 to +2.5 pp" in the
			// table; "Δ vs baseline: +2.3 pp (+2.1 to +2.5 pp)" on the chart.
			delta, div := plain(comp.Rows[k][3]), plain(comp.Rows[k][4])
			want := "Δ vs baseline: " + delta + " (" + div + ")"
			if !containsText(dots, want) {
				t.Errorf("%d draws: comparison table prints %s (%s), the chart no %q (its labels: %q)", draws, delta, div, want, dots)
			}
			// The headline sentence uses the same strings.
			sentence := plain(b2(doc).Blocks[k].Para)
			for _, s := range []string{p + " of simulated futures (95% interval " + iv, "paired 95% interval " + div + ")"} {
				if !strings.Contains(sentence, s) {
					t.Errorf("%d draws: headline sentence %q lacks %q", draws, sentence, s)
				}
			}
		}
	}
}

// b2 is the briefing's first section (the headline).
func b2(d *document) section { return d.Sections[0] }
