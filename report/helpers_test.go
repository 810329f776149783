package report

import (
	"bytes"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// Hostile text from a user's scenario file: markup and a pipe that must
// come out as text in both formats.
const (
	hostileDesc    = "A harder US line. <script>alert('x')</script> Costs | benefits are *unclear*."
	hostileSource  = "Smith | Jones 2020 <img src=x onerror=alert(1)>"
	hostileCaption = "Read the band as <b>Monte Carlo error</b> | not forecast spread."
)

// synthResult makes a small, internally consistent result: P(alliance by
// year) rising linearly to final, the pair mostly in the entente.
func synthResult(name string, draws int64, final float64) *sim.Result {
	r := &sim.Result{
		Scenario: name, Actors: [2]string{"Russia", "China"}, ActorIDs: [2]string{"russia", "china"}, Rival: "United States",
		StartYear: 2027, HorizonYears: 4, Draws: draws, Seed: 7, Sampler: design.MonteCarlo, Workers: 2, Stopped: sim.StopDraws, ElapsedSeconds: 0.25,
		StateNames: model.StateNames(), StateKeys: model.StateKeys(),
	}
	for t := range r.HorizonYears {
		r.Years = append(r.Years, r.StartYear+t)
		c := int64(float64(draws) * final * float64(t+1) / float64(r.HorizonYears))
		r.Alliance = append(r.Alliance, sim.Wilson(c, draws))
		a := float64(c) / float64(draws)
		r.StateProb = append(r.StateProb, []float64{0, 0.002, 0.02, 0.05, 0.928 - a, a})
		r.Onset = append(r.Onset, c)
	}
	r.ByHorizon = r.Alliance[len(r.Alliance)-1]
	r.Blocking = sim.Blocking{Occasions: 5000, OnlyFirst: 600, OnlySecond: 800, Both: 3600, RunsBlocked: 900}
	r.Events = []sim.EventStat{
		{Name: "taiwan_crisis", Occurred: sim.Wilson(draws*36/100, draws), AllianceIf: sim.Wilson(draws*5/100, draws*36/100), AllianceIfNot: sim.Wilson(draws*6/100, draws*64/100)},
		{Name: "us_china_detente", Occurred: sim.Wilson(draws*30/100, draws), AllianceIf: sim.Wilson(draws*2/100, draws*30/100), AllianceIfNot: sim.Wilson(draws*9/100, draws*70/100)},
	}
	return r
}

// writePNG writes a small chart-like PNG (a frame and a rising line).
func writePNG(t testing.TB, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 255, 255, 255}
			if x == 0 || y == 0 || x == w-1 || y == h-1 || abs(y-(h-1-x*h/w)) < 2 {
				c = color.RGBA{213, 94, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.Bytes())
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

const testSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 320 200"><rect x="1" y="1" width="318" height="198" fill="#fff" stroke="#0072B2"/><path d="M10 190 L310 20" stroke="#D55E00" stroke-width="3"/></svg>`

// rendered renders testInput, its charts in a fresh folder, as the
// report's two files: index.html and report.md.
func rendered(t *testing.T) (in *Input, h, md []byte) {
	t.Helper()
	dir := t.TempDir()
	in = testInput(t, dir)
	h, err := HTML(in, dir)
	if err != nil {
		t.Fatal(err)
	}
	if md, err = Markdown(in); err != nil {
		t.Fatal(err)
	}
	return in, h, md
}

// testInput builds a two-scenario report input. With dir set, it also
// writes every chart file it names into dir.
func testInput(t testing.TB, dir string) *Input {
	t.Helper()
	const draws = 20000
	base := synthResult("baseline", draws, 0.105)
	hard := synthResult("us-hardline", draws, 0.142)
	set := &sim.Set{Results: []*sim.Result{base, hard}, Diffs: []sim.PairedDiff{{}, {
		Scenario: "us-hardline", Base: "baseline", Delta: 0.037, SE: 0.0009, Lo: 0.037 - 1.96*0.0009, Hi: 0.037 + 1.96*0.0009,
		N: draws, Both: 2000, OnlyBase: 100, OnlyOther: 840,
	}}}
	in := &Input{
		Title:     "Defence alliance between Russia and China: baseline, us-hardline",
		Version:   "v0.9.0-test",
		CreatedAt: "2025-01-02T03:04:05Z",
		Rerun:     "alliancesim report baseline us-hardline --draws 20000 --seed 7 --sampler mc",
		Run:       RunInfo{Draws: draws, Seed: 7, Sampler: design.MonteCarlo, Workers: 2, ElapsedSeconds: 0.5},
		Scenarios: []Scenario{
			{
				Name: "baseline", Description: "The world as of 2025: an entente without a defence pledge.\n\nSee https://example.org/atop_v5 for the codings.",
				File: "bundled:baseline", SHA256: "0f3c9a1e5b7d2c4a6e8f0b1d3c5e7a9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c",
				Actors: [2]string{"Russia", "China"}, Rival: "United States", Result: base,
				Inputs: []InputRow{
					{Path: "russia.threat", Distribution: "pert(0.6, 0.8, 0.95)", Sources: []string{"Russian National Security Strategy 2021"}},
					{Path: "china.capability", Distribution: "0.24", Fixed: true, Sources: []string{"COW NMC v6 (CINC 2016–2022)", "SIPRI 2024"}},
					{Path: "china.pressure", Distribution: "pert(0.5, 0.7, 0.9)", Sources: []string{"US tariffs and export controls since 2018"}},
					{Path: "china.doctrine", Distribution: "pert(0.7, 0.9, 1)"},
					{Path: "events.taiwan_crisis.probability", Distribution: "beta(2, 18)"},
					{Path: "events.us_china_detente.probability", Distribution: "uniform(0.02, 0.08)"},
				},
				Events: []EventRow{
					{Name: "taiwan_crisis", Description: "A military crisis over Taiwan.", Probability: "beta(2, 18)", Window: "2027–2030", Decay: 0.5, Effects: "china.pressure +0.2, latent +0.3"},
					{Name: "us_china_detente", Description: "A US–China détente.", Probability: "uniform(0.02, 0.08)", Window: "any year", Decay: 0.7, Once: true, Effects: "china.pressure -0.3"},
				},
				Sources: []string{"Fordham & Poast 2016, doi:10.1177/0022002714553108", "Trenin 2021, Will China and Russia ally against the US?"},
				Explanation: &model.Explanation{Scenario: "baseline", Actors: [2]string{"Russia", "China"}, Years: []model.YearExplanation{
					centralYear(2027, 0.2), centralYear(2028, 0.25), centralYear(2029, 0.3), centralYear(2030, 0.35),
				}},
				Charts: []Chart{
					{Kind: "alliance", Title: "P(defence alliance by year), baseline", Caption: "The cumulative probability that a defence alliance has formed, with its 95% interval as a band.",
						Files: map[string]string{"png": "baseline/alliance.png", "svg": "baseline/alliance.svg", "pdf": "baseline/alliance.pdf"}},
					{Kind: "states", Title: "Relationship state by year, baseline", Caption: "The share of runs on each rung of the ladder at the end of each year.",
						Files: map[string]string{"png": "baseline/states.png"}},
				},
			},
			{
				Name: "us-hardline", Description: hostileDesc,
				File: "scenarios/us hardline.yaml", SHA256: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
				Actors: [2]string{"Russia", "China"}, Rival: "United States", Result: hard,
				Inputs: []InputRow{
					{Path: "russia.threat", Distribution: "pert(0.6, 0.8, 0.95)", Sources: []string{"Russian National Security Strategy 2021"}},
					{Path: "china.capability", Distribution: "0.24", Fixed: true, Sources: []string{"COW NMC v6 (CINC 2016–2022)", "SIPRI 2024"}},
					{Path: "china.pressure", Distribution: "pert(0.7, 0.9, 1)", Sources: []string{hostileSource}},
					{Path: "russia.pressure", Distribution: "pert(0.7, 0.85, 1)"},
					{Path: "events.taiwan_crisis.probability", Distribution: "beta(2, 18)"},
					{Path: "events.sanctions_2028.probability", Distribution: "0.9", Fixed: true},
				},
				Events: []EventRow{
					{Name: "taiwan_crisis", Description: "A military crisis over Taiwan.", Probability: "beta(2, 18)", Window: "2027–2030", Decay: 0.6, Effects: "china.pressure +0.2, latent +0.3"},
					{Name: "sanctions_2028", Description: "A new round of sanctions in 2028.", Probability: "0.9", Window: "2028", Decay: 0.8, Once: true, Effects: "russia.pressure +0.1, china.pressure +0.1"},
				},
				Sources: []string{hostileSource},
				Explanation: &model.Explanation{Scenario: "us-hardline", Actors: [2]string{"Russia", "China"}, Years: []model.YearExplanation{
					centralYear(2027, 0.3), centralYear(2028, 0.35), centralYear(2029, 0.4), centralYear(2030, 0.45),
				}},
				Charts: []Chart{
					{Kind: "alliance", Title: "P(defence alliance by year), us-hardline", Caption: hostileCaption,
						Files: map[string]string{"png": "us-hardline/alliance.png"}},
					{Kind: "latent", Title: "Latent alignment pressure, us-hardline", Caption: "Median, middle 50% and middle 90% of runs.",
						Files: map[string]string{"svg": "us-hardline/latent.svg"}},
				},
			},
		},
		Comparison: &Comparison{Set: set, Charts: []Chart{
			{Kind: "comparison", Title: "P(defence alliance by 2030), by scenario", Caption: "Each scenario's probability with its 95% interval; differences are paired.",
				Files: map[string]string{"png": "comparison.png"}},
		}},
		Weights: []Weight{
			{Key: "shared_opposition", Value: 2.6, Direction: "+", Doc: "weight of shared opposition to the rival", Source: "default"},
			{Key: "junior_partner", Value: 1.4, Direction: "-", Doc: "weight of the junior-partner cost", Source: "config alliancesim.yaml"},
			{Key: "consent_threshold", Value: -0.15, Direction: "-", Doc: "utility each side must clear to consent", Source: "scenario us-hardline"},
			{Key: "noise_sd", Value: 0.35, Direction: "", Doc: "standard deviation of the persistent noise", Source: "env ALLIANCESIM_WEIGHTS_NOISE_SD"},
			{Key: "bias", Value: 0.1, Direction: "+", Doc: "intercept of the latent pressure", Source: "flag --set"},
			{Key: "shared_opposition", Scenario: "us-hardline", Value: 3.1, Direction: "+", Doc: "weight of shared opposition to the rival", Source: "scenario us-hardline"},
			// The form older commands wrote: the scenario in the key.
			{Key: "junior_partner (us-hardline)", Value: 1.2, Direction: "-", Doc: "weight of the junior-partner cost", Source: "scenario us-hardline"},
		},
		Sensitivity: []SensitivityResult{{Scenario: "baseline", Result: testSensitivity(), Charts: []Chart{
			{Kind: "tornado", Title: "What moves P(alliance by 2030) most: baseline", Caption: "Each input moved alone from its 10th to its 90th percentile.",
				Files: map[string]string{"png": "sensitivity/tornado.png", "svg": "sensitivity/tornado.svg"}},
			{Kind: "sobol", Title: "Sobol indices: baseline", Caption: "First-order and total effects with 95% bootstrap intervals.",
				Files: map[string]string{"svg": "sensitivity/sobol.svg"}},
		}}},
		Discover: []DiscoverResult{{Scenario: "baseline", Result: testDiscovery(), Charts: []Chart{
			{Kind: "prim", Title: "PRIM trade-off: baseline", Caption: "Coverage against density along the peeling trajectory; the chosen box ringed.",
				Files: map[string]string{"png": "discover/prim.png"}},
		}}},
		Sweep:   testSweeps(),
		Nowcast: testNowcast(),
	}
	if dir != "" {
		for _, c := range allCharts(in) {
			for format, p := range c.Files {
				path := filepath.Join(dir, filepath.FromSlash(p))
				switch format {
				case "png":
					writePNG(t, path, 480, 300)
				case "svg":
					writeFile(t, path, []byte(testSVG))
				default:
					writeFile(t, path, []byte("%PDF-1.4\n%%EOF\n"))
				}
			}
		}
	}
	return in
}

func centralYear(year int, x float64) model.YearExplanation {
	parts := []model.Contribution{
		{Key: "shared_opposition", Label: "Shared opposition to the rival", Value: 1.2 + x},
		{Key: "junior_partner", Label: "Junior-partner cost", Value: -0.4},
		{Key: "disorder_gap", Label: "Disorder-appetite gap", Value: -0.3},
	}
	return model.YearExplanation{Year: year, State: model.Entente, Latent: 0.5 + x, LatentParts: parts,
		Utility: [2]float64{-0.2 + x, -0.6}, Hurdle: 1.5, ConsentThreshold: -0.15, Consent: [2]bool{x > 0.05, false}}
}

func allCharts(in *Input) []Chart {
	var cs []Chart
	if in.Comparison != nil {
		cs = append(cs, in.Comparison.Charts...)
	}
	for _, s := range in.Scenarios {
		cs = append(cs, s.Charts...)
	}
	for _, s := range in.Sensitivity {
		cs = append(cs, s.Charts...)
	}
	for _, d := range in.Discover {
		cs = append(cs, d.Charts...)
	}
	for _, sw := range in.Sweep {
		cs = append(cs, sw.Charts...)
	}
	if in.Nowcast != nil {
		cs = append(cs, in.Nowcast.Charts...)
	}
	return cs
}

func fp(x float64) *float64 { return &x }

// testSensitivity is a small sensitivity.json of the baseline.
func testSensitivity() *results.Sensitivity {
	return &results.Sensitivity{Schema: results.SensitivitySchemaVersion, Scenario: results.ScenarioRef{Name: "baseline"},
		Output: "P(alliance by the horizon)", Seed: 7, Version: "v0.9.0-test", Base: 0.098,
		Samples: map[string]int{"reps": 64, "tornado_reps": 256, "sobol_n": 512},
		Inputs: []results.SensitivityInput{
			{Name: "russia.threat", Label: "Russia: threat from the US", Kind: results.KindInput, Distribution: "pert(0.6, 0.8, 0.95)",
				Low: 0.071, High: 0.129, LowX: 0.68, HighX: 0.9, Ranking: 2, ST: fp(0.21), STLo: fp(0.17), STHi: fp(0.25)},
			{Name: "china.doctrine", Label: "China: non-alignment doctrine", Kind: results.KindInput, Distribution: "pert(0.7, 0.9, 1)",
				Low: 0.161, High: 0.052, LowX: 0.78, HighX: 0.97, Ranking: 1, ST: fp(0.44), STLo: fp(0.39), STHi: fp(0.5)},
			{Name: "weights.shared_opposition", Label: "weight: shared opposition", Kind: results.KindWeight, Distribution: "uniform(1.8, 3.4)",
				Low: 0.083, High: 0.114, LowX: 1.96, HighX: 3.24, Ranking: 3, ST: fp(0.08), STLo: fp(0.05), STHi: fp(0.11)},
			{Name: "china.pressure", Label: "China: US pressure", Kind: results.KindInput, Distribution: "pert(0.5, 0.7, 0.9)",
				Low: 0.094, High: 0.102, LowX: 0.58, HighX: 0.82, Ranking: 4, ST: fp(0.01), STLo: fp(0), STHi: fp(0.03)},
		},
		FixedWeights: []results.FixedWeight{{Name: "weights.noise_sd", Value: 0.35, Source: "env ALLIANCESIM_WEIGHTS_NOISE_SD"}},
		Convergence:  &results.ConvergenceSummary{Settled: true, Ns: []int{128, 256, 512}}}
}

// testDiscovery is a small discover.json of the baseline.
func testDiscovery() *results.Discovery {
	return &results.Discovery{Schema: results.DiscoverSchemaVersion, Scenario: results.ScenarioRef{Name: "baseline"},
		Outcome: "a defence alliance by 2030", Draws: 20000, Seed: 7, Version: "v0.9.0-test", Cases: 2100,
		Box: results.DiscoverBox{Coverage: 0.62, Density: 0.41, Mass: 0.16, Limits: []results.DiscoverLimit{
			{Input: "china.doctrine", Label: "China: non-alignment doctrine", Hi: fp(0.82)},
			{Input: "russia.threat", Label: "Russia: threat from the US", Lo: fp(0.81)},
			{Input: "china.pressure", Label: "China: US pressure", Lo: fp(0.6), Hi: fp(0.88)},
		}},
		Sentences: "A defence alliance by 2030 is most likely when China's non-alignment doctrine weakens (at most 0.82) and Russia feels the US threat strongly (at least 0.81).",
		Signposts: []results.DiscoverLimit{
			{Input: "china.doctrine", Label: "China: non-alignment doctrine", Hi: fp(0.82), DensityDrop: fp(0.22)},
			{Input: "russia.threat", Label: "Russia: threat from the US", Lo: fp(0.81), DensityDrop: fp(0.09)},
		}}
}

// testSweeps are a curve and a small grid of the baseline, as sweep.csv
// holds them.
func testSweeps() []SweepResult {
	curve := SweepResult{Scenario: "baseline", Axes: []string{"weights.doctrine"}, Labels: []string{"the doctrine weight"},
		Charts: []Chart{{Kind: "sweep", Title: "P(alliance) across the doctrine weight", Files: map[string]string{"png": "baseline/sweep-weights.doctrine/sweep.png"}}}}
	for i, p := range []float64{0.325, 0.201, 0.1145, 0.0655, 0.0445} {
		h := 1.96 * math.Sqrt(p*(1-p)/2000)
		curve.Points = append(curve.Points, SweepPoint{X: []float64{1 + 0.5*float64(i)}, P: p, Lo: p - h, Hi: p + h, Draws: 2000})
	}
	grid := SweepResult{Scenario: "baseline", Axes: []string{"china.pressure", "weights.junior_partner"},
		Charts: []Chart{{Kind: "sweep", Title: "P(alliance) across China's pressure and the junior-partner weight", Files: map[string]string{"svg": "baseline/sweep-china.pressure-weights.junior_partner/sweep.svg"}}}}
	for _, x := range []float64{0.3, 0.6, 0.9} {
		for _, y := range []float64{0.4, 1, 1.6} {
			p := 0.05 + 0.3*x - 0.05*y
			h := 1.96 * math.Sqrt(p*(1-p)/2000)
			grid.Points = append(grid.Points, SweepPoint{X: []float64{x, y}, P: p, Lo: p - h, Hi: p + h, Draws: 2000})
		}
	}
	return []SweepResult{curve, grid}
}

// testNowcast is a small nowcast.json and signposts.json of the record.
func testNowcast() *NowcastResult {
	keys := model.StateKeys()
	shares := func(top int, p float64) []results.Num {
		r := make([]results.Num, len(keys))
		r[top], r[top-1] = results.Num(p), results.Num(1-p)
		return r
	}
	entente, strategic := "entente", "strategic_partnership"
	f := &nowcast.File{Schema: nowcast.SchemaVersion, Source: nowcast.Source{Data: "bundled:china-russia", Scenario: "baseline"}, StateKeys: keys,
		Run:   nowcast.RunJSON{Particles: 100000, Seed: 1, LogLik: -61.234},
		Notes: []string{"The observation model is estimated on the record."}}
	for y := 2018; y <= 2025; y++ {
		c, top := &strategic, 2
		if y >= 2022 {
			c, top = &entente, 4
		}
		f.Years = append(f.Years, nowcast.YearJSON{Year: y, Coded: c, Filtered: shares(top, 0.92), Predicted: shares(top, 0.8), PEntenteOrAbove: results.Num(map[bool]float64{true: 0.92}[top == 4])})
	}
	f.Years = append(f.Years, nowcast.YearJSON{Year: 2026, Filtered: shares(4, 0.9), Predicted: shares(4, 0.9), PEntenteOrAbove: 0.9, BeyondRecord: true})
	f.State = nowcast.StateJSON{Year: 2026, Rungs: shares(4, 0.9)}
	f.Forecast = nowcast.ForecastJSON{From: 2027, To: 2035, Draws: 100000, Years: []nowcast.ForecastYearJSON{{Year: 2035, PFormed: 0.132, Rungs: shares(4, 0.8)}}}
	f.Scores = nowcast.ScoresJSON{Years: 34, LogScore: -0.247, RPS: 0.064}
	f.Emissions = []nowcast.EmissionJSON{
		{Indicator: "joint_exercises", Unit: "exercises/yr", Discrimination: nowcast.DiscrJSON{MutualInformation: 0.43, ShareOfEntropy: 0.195}},
		{Indicator: "statement_code", Unit: "code", Discrimination: nowcast.DiscrJSON{MutualInformation: 1.761, ShareOfEntropy: 0.8}},
		{Indicator: "energy_trade", Unit: "USD bn", Discrimination: nowcast.DiscrJSON{MutualInformation: 0, ShareOfEntropy: 0}},
	}
	lo, hi := results.Num(6), results.Num(0)
	sp := &nowcast.SignpostsJSON{Year: 2026, WatchFrom: 2027, WatchTo: 2029, Horizon: 2035, Runs: 100000,
		Features: []nowcast.SignpostFeature{{Name: "joint_exercises.total", Indicator: "joint_exercises", Summary: "total", Label: "joint exercises in 2027–2029"}},
		Base:     nowcast.ProportionJSON{P: 0.074}, Box: &nowcast.SignpostBoxJSON{P: nowcast.ProportionJSON{P: 0.21}, Significant: true},
		Conditions: []nowcast.SignpostConditionJSON{
			{Feature: "unsc_china_abstain_on_russia_veto.years", Indicator: "unsc_china_abstain_on_russia_veto", Hi: &hi, Clause: "China abstains on no Russian veto", DensityWithout: 0.15, DensityDrop: 0.06},
			{Feature: "joint_exercises.total", Indicator: "joint_exercises", Lo: &lo, Clause: "at least 6 joint exercises are held", DensityWithout: 0.09, DensityDrop: 0.12},
		},
		Text:  "From the filtered state at the end of 2026, an alliance forms by 2035 in 13.2% of 100,000 runs. If, in 2027–2029, at least 6 joint exercises are held and China abstains on no Russian veto, an alliance forms in 2030–2035 in 21.0% of runs without one by 2029, against 7.4% of all runs without one by 2029.",
		Notes: []string{"4.9% of runs have an alliance by the end of 2029; they are left out of the design"}}
	return &NowcastResult{File: f, Signposts: sp, Charts: []Chart{{Kind: "nowcast", Title: "Where the relationship stood each year, read off the record",
		Files: map[string]string{"png": "nowcast/nowcast.png"}}}}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// htmlText is what a reader sees of an HTML page: tags removed, entities
// decoded, white space collapsed.
func htmlText(b []byte) string {
	return oneLine(html.UnescapeString(tagRE.ReplaceAllString(string(b), " ")))
}

var mdEscRE = regexp.MustCompile(`\\([!-/:-@\[-` + "`" + `{-~])`)

// mdText is (roughly) what a reader sees of Markdown: backslash escapes
// and entities decoded, white space collapsed.
func mdPlain(b []byte) string {
	s := strings.NewReplacer("**", "", "`", "").Replace(string(b))
	return oneLine(html.UnescapeString(mdEscRE.ReplaceAllString(s, "$1")))
}
