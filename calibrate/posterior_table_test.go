package calibrate_test

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/internal/docsection"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the posterior table of ../docs/model.md")

// TestPosteriorTable keeps the table of docs/model.md §7 (each weight's
// prior centre, the midpoint of its cited range; that range; the bundled
// posterior's median, which is the default, and 90% interval; the median's shift in prior
// standard deviations) identical to the code and the bundled posterior.
// Run with -update-docs to rewrite it.
func TestPosteriorTable(t *testing.T) {
	p, err := calibrate.ReadPosterior(scenarios.PosteriorFile, scenarios.BundledPosterior())
	if err != nil {
		t.Fatal(err)
	}
	post := map[string]calibrate.PosteriorEntry{}
	for _, e := range p.Summary {
		post[e.Key] = e
	}
	var b strings.Builder
	b.WriteString("| weight | prior centre | prior 90% range | posterior median = default | posterior 90% interval | shift, prior sd |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|\n")
	for _, s := range model.WeightSpecs {
		e, ok := post[s.Key]
		if !ok {
			t.Fatalf("%s: not in the bundled posterior", s.Key)
		}
		sd := (s.PriorHi - s.PriorLo) / 3.29 // a cited range is a central 90% interval
		mid := (s.PriorLo + s.PriorHi) / 2
		fmt.Fprintf(&b, "| `%s` | %s | %s to %s | **%s** | %s to %s | %s |\n", s.Key, g(mid), g(s.PriorLo), g(s.PriorHi),
			g(e.Q50), g(e.Q05), g(e.Q95), minus(fmt.Sprintf("%+.2f", (e.Q50-mid)/sd)))
	}
	if len(post) != len(model.WeightSpecs) {
		t.Errorf("the bundled posterior has %d weights, the model %d", len(post), len(model.WeightSpecs))
	}
	for _, err := range docsection.Check("../docs/model.md", map[string]string{"posterior": b.String()}, *updateDocs, "go test ./calibrate -run TestPosteriorTable -update-docs") {
		t.Error(err)
	}
}

// g is x to three significant digits, with a true minus sign: the
// posterior median's own Monte Carlo error (about 1.25·sd/√ESS, ESS ≈
// 1,700) is 3% of the weight's posterior sd, so a fourth digit would be
// noise.
func g(x float64) string { return minus(strconv.FormatFloat(x, 'g', 3, 64)) }

func minus(s string) string { return strings.Replace(s, "-", "−", 1) }
