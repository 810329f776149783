package plots

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/study"
)

// testLabels are readable labels for some of the synthetic inputs.
var testLabels = map[string]string{
	"china.pressure":         "US pressure on China",
	"russia.pressure":        "US pressure on Russia",
	"russia.autonomy_value":  "Russia's value of autonomy",
	"china.doctrine":         "China's non-alignment doctrine",
	"weights.junior_partner": "Junior-partner cost weight",
}

// testInfo is the AnalysisInfo of the synthetic analyses.
func testInfo() AnalysisInfo {
	return AnalysisInfo{Scenario: "baseline", Output: "P(alliance by 2036)", Probability: true,
		Reps: 64, Seed: 1, Version: "v0.1.0", Labels: testLabels}
}

// syntheticTornado is a tornado of eight inputs around a base of 7.8%:
// bars on both sides of the base, one with both ends above it, one flat.
func syntheticTornado() (float64, []analysis.TornadoBar) {
	bars := []analysis.TornadoBar{
		{Name: "russia.autonomy_value", Low: 0.156, High: 0.016, LowX: 0.7, HighX: 1.2},
		{Name: "russia.pressure", Low: 0.031, High: 0.125, LowX: 0.7, HighX: 0.88},
		{Name: "china.pressure", Low: 0.047, High: 0.109, LowX: 0.6, HighX: 0.8},
		{Name: "china.doctrine", Low: 0.094, High: 0.062, LowX: 0.78, HighX: 0.95},
		{Name: "russia.growth", Low: 0.081, High: 0.094, LowX: -0.028, HighX: -0.002},
		{Name: "china.self_sufficiency", Low: 0.078, High: 0.062, LowX: 0.6, HighX: 0.78},
		{Name: "events.taiwan_crisis.probability", Low: 0.072, High: 0.086, LowX: 0.02, HighX: 0.07},
		{Name: "dyad.interdependence", Low: 0.078, High: 0.078, LowX: 0.45, HighX: 0.65},
	}
	for i := range bars {
		bars[i].Index = i
		bars[i].Swing = bars[i].High - bars[i].Low
	}
	return 0.078, bars
}

// syntheticMorris is a Morris screening of ten inputs.
func syntheticMorris() []analysis.MorrisResult {
	var res []analysis.MorrisResult
	names := []string{"russia.autonomy_value", "russia.pressure", "china.pressure", "china.doctrine", "russia.growth",
		"china.growth", "dyad.interdependence", "events.taiwan_crisis.probability", "china.self_sufficiency", "dyad.regime_similarity"}
	for i, n := range names {
		mu := 0.19 / float64(i+1)
		sign := 1.0
		if i%3 == 0 {
			sign = -1
		}
		r := analysis.MorrisResult{Name: n, MuStar: mu, Mu: sign * mu * (1 - 0.3*float64(i%2)), Sigma: mu * (0.6 + 0.1*float64(i%4)),
			MuStarConf: 0.25 * mu, Effects: make([]float64, 20)}
		if i == 6 {
			r.Mu = 0.1 * mu // effects of both signs
		}
		res = append(res, r)
	}
	return res
}

// syntheticSobol is a Sobol result of eight inputs with one slightly
// negative first-order index whose interval covers zero.
func syntheticSobol() *analysis.SobolResult {
	idx := []analysis.SobolIndex{
		{Name: "russia.pressure", S1: 0.07, S1Lo: 0.033, S1Hi: 0.106, ST: 0.139, STLo: 0.116, STHi: 0.167},
		{Name: "russia.autonomy_value", S1: 0.34, S1Lo: 0.285, S1Hi: 0.397, ST: 0.447, STLo: 0.383, STHi: 0.517},
		{Name: "china.pressure", S1: 0.082, S1Lo: 0.05, S1Hi: 0.118, ST: 0.142, STLo: 0.118, STHi: 0.169},
		{Name: "china.doctrine", S1: 0.008, S1Lo: -0.014, S1Hi: 0.028, ST: 0.058, STLo: 0.048, STHi: 0.069},
		{Name: "china.doctrine_hazard", S1: -0.002, S1Lo: -0.009, S1Hi: 0.005, ST: 0.005, STLo: 0.004, STHi: 0.006},
		{Name: "dyad.interdependence", S1: 0.002, S1Lo: -0.007, S1Hi: 0.009, ST: 0.007, STLo: 0.006, STHi: 0.008},
		{Name: "china.growth", S1: 0.005, S1Lo: -0.004, S1Hi: 0.014, ST: 0.010, STLo: 0.008, STHi: 0.012},
		{Name: "events.taiwan_crisis.probability", S1: -0.0004, S1Lo: -0.007, S1Hi: 0.006, ST: 0.008, STLo: 0.006, STHi: 0.01},
	}
	r := &analysis.SobolResult{Indices: idx, N: 1024, Evaluations: 1024 * 10, Bootstrap: 500, Mean: 0.08, Variance: 0.004}
	for _, ix := range idx {
		r.SumS1 += ix.S1
	}
	return r
}

// syntheticConvergence follows the Sobol result over three sample sizes,
// the intervals narrowing as 1/√N.
func syntheticConvergence(settled bool) *analysis.ConvergenceResult {
	final := syntheticSobol()
	c := &analysis.ConvergenceResult{Final: final, Settled: settled}
	for k, n := range []int{256, 512, 1024} {
		wide := math.Sqrt(1024 / float64(n))
		pt := analysis.ConvergencePoint{N: n, Evaluations: n * 10}
		for i, ix := range final.Indices {
			drift := 0.02 * float64(2-k) * float64(i%3-1)
			pt.Indices = append(pt.Indices, analysis.SobolIndex{Name: ix.Name,
				S1: ix.S1 + drift, S1Lo: ix.S1 + drift - wide*(ix.S1-ix.S1Lo), S1Hi: ix.S1 + drift + wide*(ix.S1Hi-ix.S1),
				ST: ix.ST + drift, STLo: ix.ST + drift - wide*(ix.ST-ix.STLo), STHi: ix.ST + drift + wide*(ix.STHi-ix.ST)})
		}
		pt.Ranking = rankIndices(pt.Indices)
		c.Points = append(c.Points, pt)
	}
	if !settled {
		c.Reasons = []analysis.Warning{
			{Kind: analysis.OrderChanged, N: 1024, PrevN: 512, Before: []string{"a", "b", "c"}, After: []string{"a", "c", "b"}},
			{Kind: analysis.WideIntervals, N: 1024, Input: "a", Index: "ST", Value: 0.067, Limit: 0.05, Suggested: 2048, Evaluations: 51200},
		}
		for _, w := range c.Reasons {
			c.Warnings = append(c.Warnings, w.String())
		}
	}
	return c
}

// logistic is a smooth probability surface for the synthetic sweeps.
func logistic(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

// syntheticSweep1 sweeps US pressure on China over 8 values.
func syntheticSweep1() *study.SweepResult {
	ax := study.Axis{Key: "china.pressure", From: 0.3, To: 0.95, Steps: 8}
	res := &study.SweepResult{Scenario: "baseline", Horizon: 2036, Axes: []study.Axis{ax}, Draws: 4000, Seed: 1}
	for _, x := range ax.Values() {
		p := logistic(-4 + 3.5*x)
		res.Points = append(res.Points, study.SweepPoint{X: []float64{x}, P: proportion(int64(math.Round(p*4000)), 4000)})
	}
	return res
}

// syntheticSweep2 sweeps US pressure on China (8 values) against the
// junior-partner weight (7 values), row-major, the last axis fastest.
func syntheticSweep2(f func(x, y float64) float64) *study.SweepResult {
	a0 := study.Axis{Key: "china.pressure", From: 0.3, To: 0.95, Steps: 8}
	a1 := study.Axis{Key: "weights.junior_partner", From: 0.4, To: 1.6, Steps: 7}
	res := &study.SweepResult{Scenario: "baseline", Horizon: 2036, Axes: []study.Axis{a0, a1}, Draws: 4000, Seed: 1}
	for _, x := range a0.Values() {
		for _, y := range a1.Values() {
			p := f(x, y)
			res.Points = append(res.Points, study.SweepPoint{X: []float64{x, y}, P: proportion(int64(math.Round(p*4000)), 4000)})
		}
	}
	return res
}

// heatSurface is a plausible P(alliance) over the two swept values.
func heatSurface(x, y float64) float64 { return logistic(-1.5 + 5*(x-0.6) - 3.5*(y-0.5)) }

// syntheticPrim is a peeling trajectory of 20 boxes, coverage falling
// from 1 and density rising from the base rate of 10%.
func syntheticPrim(boxes int) *analysis.PrimResult {
	r := &analysis.PrimResult{N: 20000, Cases: 2000, Names: []string{"russia.pressure", "china.pressure", "russia.autonomy_value"}}
	for i := range boxes {
		t := float64(i) / 20
		cov := 1 - 0.8*t
		dens := 0.1 + 0.3*t*t + 0.05*t
		mass := cov * 0.1 / dens
		b := analysis.PrimBox{Coverage: cov, Density: dens, Mass: mass, N: int(mass * 20000), Cases: int(cov * 2000)}
		for k := range min(3, (i+2)/3) {
			b.Restrictions = append(b.Restrictions, analysis.Restriction{Input: k, Name: r.Names[k], Lo: 0.6 + 0.01*float64(i), HasLo: true})
		}
		r.Trajectory = append(r.Trajectory, b)
	}
	r.Chosen = boxes / 2
	r.Box = r.Trajectory[r.Chosen]
	return r
}

func TestTornadoRows(t *testing.T) {
	base, bars := syntheticTornado()
	d := tornadoRows(base, bars, testInfo(), maxTornadoRows)
	if d.Flat != 1 || len(d.Rows) != 7 || d.Hidden != 0 {
		t.Fatalf("flat %d, rows %d, hidden %d; want 1, 7, 0", d.Flat, len(d.Rows), d.Hidden)
	}
	for i := 1; i < len(d.Rows); i++ {
		if math.Abs(d.Rows[i].Swing) > math.Abs(d.Rows[i-1].Swing)+tol {
			t.Errorf("row %d (%s) swings more than row %d", i, d.Rows[i].Name, i-1)
		}
	}
	if d.Rows[0].Label != "Russia's value of autonomy" || d.Rows[4].Label != "china.self_sufficiency" {
		t.Errorf("labels %q, %q", d.Rows[0].Label, d.Rows[4].Label)
	}
	// Each bar ends at the output with the input at its percentile.
	want := map[string][2]float64{}
	for _, b := range bars {
		want[b.Name] = [2]float64{b.Low, b.High}
	}
	tb := tornadoBars(d)
	if len(tb) != 2*len(d.Rows) {
		t.Fatalf("%d bars for %d rows", len(tb), len(d.Rows))
	}
	for i, r := range d.Rows {
		lo, hi := tb[2*i], tb[2*i+1]
		w := want[r.Name]
		if math.Abs(lo.to-w[0]) > tol || math.Abs(hi.to-w[1]) > tol || lo.from != base || hi.from != base || !lo.low || hi.low {
			t.Errorf("%s: bars %v→%v and %v→%v, want base %v → %v and %v", r.Name, lo.from, lo.to, hi.from, hi.to, base, w[0], w[1])
		}
		// Bars of a row stay inside it; ends on one side share the row.
		y := rowY(i, len(d.Rows))
		for _, b := range []tornadoBar{lo, hi} {
			if b.y0 < y-0.5 || b.y1 > y+0.5 || b.y0 >= b.y1 {
				t.Errorf("%s: bar from %v to %v outside row %v", r.Name, b.y0, b.y1, y)
			}
		}
		sameSide := sign(w[0]-base) == sign(w[1]-base) && sign(w[0]-base) != 0
		if overlap := lo.y0 < hi.y1 && hi.y0 < lo.y1; overlap == sameSide {
			t.Errorf("%s: same side %v but bars overlap %v", r.Name, sameSide, overlap)
		}
		if lo.dir == hi.dir && !sameSide {
			t.Errorf("%s: both labels on side %d", r.Name, lo.dir)
		}
	}
	// At most maxRows rows, the rest counted.
	d = tornadoRows(base, bars, testInfo(), 3)
	if len(d.Rows) != 3 || d.Hidden != 4 || math.Abs(d.HiddenMax-0.032) > tol {
		t.Errorf("cut to 3: rows %d, hidden %d (max %v)", len(d.Rows), d.Hidden, d.HiddenMax)
	}
	// Non-finite values are left out and named.
	bad := slices.Clone(bars)
	bad[1].High = math.NaN()
	d = tornadoRows(base, bad, testInfo(), maxTornadoRows)
	if len(d.Rows) != 6 || len(d.Invalid) != 1 || d.Invalid[0] != "US pressure on Russia" {
		t.Errorf("NaN bar: rows %d, invalid %q", len(d.Rows), d.Invalid)
	}
}

func TestSobolClamp(t *testing.T) {
	for _, tc := range []struct {
		name              string
		est, lo, hi       float64
		wantEst           float64
		clamped, negative bool
		wantLo, wantHi    float64
		hasCI             bool
	}{
		{"positive", 0.2, 0.15, 0.25, 0.2, false, false, 0.15, 0.25, true},
		{"interval below zero cut", 0.01, -0.01, 0.03, 0.01, false, false, 0, 0.03, true},
		{"small negative, covers zero", -0.002, -0.009, 0.005, 0, true, false, 0, 0.005, true},
		{"negative, interval ends at zero", -0.002, -0.009, 0, 0, true, false, 0, 0, true},
		{"negative, interval below zero", -0.05, -0.08, -0.02, -0.05, false, true, -0.08, -0.02, true},
		{"negative, no interval", -0.001, math.NaN(), math.NaN(), 0, true, false, 0, 0, false},
		{"zero", 0, 0, 0, 0, false, false, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := sobolIndexValue(tc.est, tc.lo, tc.hi)
			if v.Est != tc.wantEst || v.Clamped != tc.clamped || v.Negative != tc.negative || v.HasCI != tc.hasCI {
				t.Errorf("got est %v clamped %v negative %v ci %v", v.Est, v.Clamped, v.Negative, v.HasCI)
			}
			if math.Abs(v.Lo-tc.wantLo) > tol || math.Abs(v.Hi-tc.wantHi) > tol {
				t.Errorf("interval %v–%v, want %v–%v", v.Lo, v.Hi, tc.wantLo, tc.wantHi)
			}
			if v.Raw != tc.est {
				t.Errorf("raw %v, want %v", v.Raw, tc.est)
			}
			if !(v.Lo <= v.Est && v.Est <= v.Hi) {
				t.Errorf("estimate %v outside %v–%v", v.Est, v.Lo, v.Hi)
			}
		})
	}
}

func TestSobolRowsAndNote(t *testing.T) {
	res := syntheticSobol()
	d := sobolRows(res.Indices, testInfo(), maxSobolRows)
	if len(d.Rows) != 8 || d.Rows[0].Name != "russia.autonomy_value" {
		t.Fatalf("%d rows, first %s", len(d.Rows), d.Rows[0].Name)
	}
	for i := 1; i < len(d.Rows); i++ {
		if d.Rows[i].ST.Raw > d.Rows[i-1].ST.Raw {
			t.Errorf("rows not ranked by ST at %d", i)
		}
	}
	clamped := 0
	for _, r := range d.Rows {
		if r.S1.Clamped {
			clamped++
			if r.S1.Est != 0 || r.S1.Raw >= 0 {
				t.Errorf("%s: clamped S1 drawn at %v from %v", r.Name, r.S1.Est, r.S1.Raw)
			}
		}
	}
	if clamped != 2 {
		t.Errorf("%d clamped indices, want 2", clamped)
	}
	ch, err := SobolBars(res, testInfo(), Options{Height: 14 * vg.Centimeter})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ch.Note, "† estimate slightly below zero, interval includes zero: shown as 0") {
		t.Errorf("note %q", ch.Note)
	}
	if !strings.Contains(ch.Subtitle, "ΣS1 = 0.50") || !strings.Contains(ch.Subtitle, "50%") {
		t.Errorf("subtitle %q", ch.Subtitle)
	}
	if ch.Plot.X.Min != 0 {
		t.Errorf("x axis from %v, want 0", ch.Plot.X.Min)
	}
	// No negative index: no dagger, no note about it.
	for i := range res.Indices {
		res.Indices[i].S1 = math.Abs(res.Indices[i].S1)
	}
	ch, _ = SobolBars(res, testInfo(), Options{Height: 14 * vg.Centimeter})
	if strings.Contains(ch.Note, dagger) {
		t.Errorf("note %q without a negative index", ch.Note)
	}
	// A negative index whose interval excludes zero is drawn below zero.
	res.Indices[0].S1, res.Indices[0].S1Lo, res.Indices[0].S1Hi = -0.05, -0.08, -0.02
	ch, _ = SobolBars(res, testInfo(), Options{Height: 14 * vg.Centimeter})
	if ch.Plot.X.Min >= -0.05 || !strings.Contains(ch.Note, "too small a sample") {
		t.Errorf("x axis from %v, note %q", ch.Plot.X.Min, ch.Note)
	}
}

func TestSweepGridLayout(t *testing.T) {
	for _, tc := range []struct {
		name       string
		revX, revY bool
	}{{"increasing", false, false}, {"first axis decreasing", true, false}, {"both decreasing", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			res := syntheticSweep2(heatSurface)
			a0, a1 := &res.Axes[0], &res.Axes[1]
			if tc.revX {
				a0.From, a0.To = a0.To, a0.From
			}
			if tc.revY {
				a1.From, a1.To = a1.To, a1.From
			}
			// Row-major points, the last axis fastest; P encodes the index.
			res.Points = nil
			for i, x := range a0.Values() {
				for j, y := range a1.Values() {
					k := i*a1.Steps + j
					res.Points = append(res.Points, study.SweepPoint{X: []float64{x, y}, P: proportion(int64(k+1), 1000)})
				}
			}
			g, bad, err := newSweepGrid(res)
			if err != nil || bad != 0 {
				t.Fatal(err, bad)
			}
			nc, nr := g.Dims()
			if nc != a0.Steps || nr != a1.Steps {
				t.Fatalf("dims %d×%d", nc, nr)
			}
			for c := range nc {
				for r := range nr {
					i, j := c, r
					if tc.revX {
						i = nc - 1 - c
					}
					if tc.revY {
						j = nr - 1 - r
					}
					pt := res.Points[i*a1.Steps+j]
					if math.Abs(g.Z(c, r)-pt.P.P) > tol || math.Abs(g.X(c)-pt.X[0]) > tol || math.Abs(g.Y(r)-pt.X[1]) > tol {
						t.Errorf("cell (%d, %d) = %v at (%v, %v), want point %d: %v at %v", c, r, g.Z(c, r), g.X(c), g.Y(r), i*a1.Steps+j, pt.P.P, pt.X)
					}
				}
			}
			for c := 1; c < nc; c++ {
				if g.X(c) <= g.X(c-1) {
					t.Errorf("x not increasing at %d", c)
				}
			}
			for r := 1; r < nr; r++ {
				if g.Y(r) <= g.Y(r-1) {
					t.Errorf("y not increasing at %d", r)
				}
			}
		})
	}
	// A sweep whose points do not match its axes is an error.
	res := syntheticSweep2(heatSurface)
	res.Points = res.Points[:10]
	if _, _, err := newSweepGrid(res); err == nil {
		t.Error("10 points for an 8 × 7 grid accepted")
	}
	// An invalid point is NaN and counted.
	res = syntheticSweep2(heatSurface)
	res.Points[3].P.P = math.NaN()
	g, bad, _ := newSweepGrid(res)
	if bad != 1 || !math.IsNaN(g.Z(0, 3)) {
		t.Errorf("bad %d, cell %v", bad, g.Z(0, 3))
	}
}

func TestContour(t *testing.T) {
	// On a plane the interpolated contour is exact: every vertex lies on
	// the level line.
	plane := func(x, y float64) float64 { return 0.1 + 0.5*(x-0.3) + 0.2*(y-0.4) }
	res := syntheticSweep2(plane)
	// Use the exact values, not the rounded proportions.
	for i := range res.Points {
		res.Points[i].P.P = plane(res.Points[i].X[0], res.Points[i].X[1])
	}
	g, _, _ := newSweepGrid(res)
	for _, level := range []float64{0.2, 0.25, 0.3} {
		lines := contourLines(g, level)
		if len(lines) != 1 {
			t.Fatalf("level %v: %d lines, want 1", level, len(lines))
		}
		for _, xy := range lines[0] {
			if got := plane(xy.X, xy.Y); math.Abs(got-level) > 1e-9 {
				t.Errorf("level %v: vertex (%v, %v) has value %v", level, xy.X, xy.Y, got)
			}
		}
		if len(lines[0]) < 3 {
			t.Errorf("level %v: %d vertices", level, len(lines[0]))
		}
	}
	if got := contourLines(g, 0.9); len(got) != 0 {
		t.Errorf("level above the data: %d lines", len(got))
	}
	// The chart: a level inside the range draws a contour and says so in
	// the legend; one outside it says so in the note.
	flat := func(x, y float64) float64 { return 0.1 }
	for _, tc := range []struct {
		surface      func(x, y float64) float64
		level        float64
		note, legend string
	}{
		{heatSurface, 0.25, "", "25% contour"},
		{heatSurface, 0.9, "No 90% contour: P(alliance by 2036) stays below it on the whole grid (at most", ""},
		{flat, 0.05, "No 5% contour: P(alliance by 2036) is 10.0% on the whole grid", ""},
		{flat, 0.1, "No 10% contour: P(alliance by 2036) is 10.0% on the whole grid", ""},
		{func(x, y float64) float64 { return 0.1 + 0.2*x }, 0.05, "No 5% contour: P(alliance by 2036) is at least 16.0% on the whole grid", ""},
		{heatSurface, 0, "", ""},
	} {
		ch, err := SweepHeatMap(syntheticSweep2(tc.surface), tc.level, AnalysisInfo{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if tc.note == "" && ch.Note != "" || !strings.Contains(ch.Note, tc.note) {
			t.Errorf("level %v: note %q, want %q", tc.level, ch.Note, tc.note)
		}
		has := slices.ContainsFunc(ch.Legend, func(e LegendEntry) bool { return strings.Contains(e.Name, "contour") })
		if has != (tc.legend != "") {
			t.Errorf("level %v: contour in legend %v", tc.level, has)
		}
	}
	for _, bad := range []float64{-0.1, 1, 1.5, math.NaN()} {
		if _, err := SweepHeatMap(syntheticSweep2(heatSurface), bad, AnalysisInfo{}, Options{}); err == nil {
			t.Errorf("level %v accepted", bad)
		}
	}
}

func TestColourBins(t *testing.T) {
	for _, tc := range []struct {
		hi   float64
		n    int
		want []float64
	}{
		{0.71, 8, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}},
		{0.7, 8, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}},
		{0.71, 3, []float64{0, 0.25, 0.5, 0.75}},
		{1, 4, []float64{0, 0.25, 0.5, 0.75, 1}},
		{0, 8, []float64{0, 0.002, 0.004, 0.006, 0.008, 0.01}},
	} {
		got := colourBins(tc.hi, tc.n)
		if len(got) != len(tc.want) {
			t.Errorf("colourBins(%v, %d) = %v, want %v", tc.hi, tc.n, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-9 {
				t.Errorf("colourBins(%v, %d) = %v, want %v", tc.hi, tc.n, got, tc.want)
				break
			}
		}
		// Every value up to hi falls in a class.
		if k := binOf(tc.hi, got); k < 0 || k >= len(got)-1 {
			t.Errorf("binOf(%v) = %d", tc.hi, k)
		}
	}
	// The classes darken monotonically, so they read in greyscale.
	for n := 2; n <= 9; n++ {
		for k := 1; k < n; k++ {
			if luminance(binColour(k, n)) >= luminance(binColour(k-1, n)) {
				t.Errorf("%d classes: class %d not darker than %d", n, k, k-1)
			}
		}
	}
}

func TestMorrisPoints(t *testing.T) {
	res := syntheticMorris()
	res[2].Sigma = math.NaN()
	pts, invalid := morrisPoints(res, testInfo())
	if len(pts) != 9 || len(invalid) != 1 || invalid[0] != "US pressure on China" {
		t.Fatalf("%d points, invalid %q", len(pts), invalid)
	}
	for i, pt := range pts {
		if i > 0 && pt.MuStar > pts[i-1].MuStar {
			t.Errorf("not sorted by μ* at %d", i)
		}
		if !(pt.Lo <= pt.MuStar && pt.MuStar <= pt.Hi && pt.Lo >= 0) {
			t.Errorf("%s: interval %v–%v around %v", pt.Name, pt.Lo, pt.Hi, pt.MuStar)
		}
	}
	// In percentage points for a probability.
	if math.Abs(pts[0].MuStar-19) > 1e-9 || pts[0].Direction != morrisLowers {
		t.Errorf("first point μ* %v, direction %d", pts[0].MuStar, pts[0].Direction)
	}
	info := testInfo()
	info.Probability = false
	pts, _ = morrisPoints(res, info)
	if math.Abs(pts[0].MuStar-0.19) > 1e-9 {
		t.Errorf("not a probability: μ* %v", pts[0].MuStar)
	}
	ch, err := MorrisPlot(syntheticMorris(), testInfo(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Plot.X.Min != 0 || ch.Plot.Y.Min != 0 {
		t.Errorf("axes from %v and %v, want 0", ch.Plot.X.Min, ch.Plot.Y.Min)
	}
}

func TestPrimClasses(t *testing.T) {
	for _, tc := range []struct {
		maxK  int
		names []string
	}{
		{0, []string{"0 conditions"}},
		{1, []string{"0 conditions", "1 condition"}},
		{5, []string{"0 conditions", "1 condition", "2 conditions", "3 conditions", "4 conditions", "5 conditions"}},
		{14, []string{"0–2 conditions", "3–5 conditions", "6–8 conditions", "9–11 conditions", "12–14 conditions"}},
	} {
		cs := primClasses(tc.maxK)
		var names []string
		for _, c := range cs {
			names = append(names, c.Name())
		}
		if !slices.Equal(names, tc.names) {
			t.Errorf("primClasses(%d) = %q, want %q", tc.maxK, names, tc.names)
		}
		for k := 0; k <= tc.maxK; k++ {
			c := cs[classOf(k, cs)]
			if k < c.Lo || k > c.Hi {
				t.Errorf("maxK %d: %d in class %d–%d", tc.maxK, k, c.Lo, c.Hi)
			}
		}
	}
}

func TestPercentileName(t *testing.T) {
	for q, want := range map[float64]string{0.1: "10th", 0.9: "90th", 0.05: "5th", 0.01: "1st", 0.02: "2nd",
		0.03: "3rd", 0.11: "11th", 0.21: "21st", 0.025: "2.5th", 0.5: "median"} {
		if got := percentileName(q); got != want {
			t.Errorf("percentileName(%v) = %q, want %q", q, got, want)
		}
	}
}

func TestConvergenceNote(t *testing.T) {
	c := syntheticConvergence(false)
	got := convergenceNote(c.Reasons)
	want := "Not settled: the order of the leading inputs changed between N = 512 and N = 1,024; intervals up to ±0.067 (target ±0.05): about N = 2,048 would do"
	if got != want {
		t.Errorf("note\n%q, want\n%q", got, want)
	}
	// A kind without a short form gives the first sentence of its text;
	// one with no text is left out.
	wide := analysis.Warning{Kind: analysis.WideIntervals, Input: "a", Index: "S1", Value: 150, Limit: 0.05, Suggested: 1 << 24}
	if got := convergenceNote([]analysis.Warning{wide, {}}); got != "Not settled: the 95% intervals of the leading indices are wider than ±0.05 (widest: the first-order index of a, ±1.5e+02)" {
		t.Errorf("width in exponent form: %q", got)
	}
	ch, err := SobolConvergencePlot(syntheticConvergence(true), testInfo(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Note != "" || !strings.HasPrefix(ch.Subtitle, "Ranking settled") {
		t.Errorf("settled: note %q, subtitle %q", ch.Note, ch.Subtitle)
	}
	series, ns, _ := convergenceData(c, testInfo(), maxConvergenceInputs)
	if len(series) != 5 || !slices.Equal(ns, []int{256, 512, 1024}) || series[0].Name != "russia.autonomy_value" {
		t.Fatalf("%d series, ns %v", len(series), ns)
	}
	for _, s := range series {
		if len(s.ST) != 3 || len(s.S1) != 3 || len(s.STLo) != 3 {
			t.Errorf("%s: %d points", s.Name, len(s.ST))
		}
		for i := range s.STLo {
			if !(s.STLo[i].Y <= s.ST[i].Y && s.ST[i].Y <= s.STHi[i].Y) {
				t.Errorf("%s: band does not hold the estimate at N = %v", s.Name, s.ST[i].X)
			}
		}
	}
}

// analysisCharts builds every analysis chart of the synthetic analyses.
func analysisCharts(t testing.TB, o Options) map[string]*Chart {
	t.Helper()
	info := testInfo()
	base, bars := syntheticTornado()
	m := map[string]*Chart{}
	var err error
	check := func(kind string, ch *Chart, e error) {
		if e != nil {
			t.Fatalf("%s: %v", kind, e)
		}
		m[kind] = ch
	}
	ch, err := Tornado(base, bars, info, o)
	check(KindTornado, ch, err)
	ch, err = MorrisPlot(syntheticMorris(), info, o)
	check(KindMorris, ch, err)
	ch, err = SobolBars(syntheticSobol(), info, o)
	check(KindSobol, ch, err)
	ch, err = SobolConvergencePlot(syntheticConvergence(false), info, o)
	check(KindSobolConvergence, ch, err)
	ch, err = SweepHeatMap(syntheticSweep2(heatSurface), 0.25, AnalysisInfo{Version: "v0.1.0", Labels: testLabels}, o)
	check(KindSweep, ch, err)
	pi := info
	pi.Output = "an alliance by 2036"
	ch, err = PrimTradeoff(syntheticPrim(20), pi, o)
	check(KindPrimTradeoff, ch, err)
	return m
}

func TestAnalysisChartsRender(t *testing.T) {
	for kind, ch := range analysisCharts(t, Options{}) {
		if ch.Empty || ch.Title == "" || ch.Description == "" || !strings.Contains(ch.Caption, "seed 1") ||
			!strings.Contains(ch.Caption, "alliancesim v0.1.0") || !strings.Contains(ch.Title, "baseline") {
			t.Errorf("%s: empty %v, title %q, caption %q, description %q", kind, ch.Empty, ch.Title, ch.Caption, ch.Description)
		}
		for _, f := range Formats {
			if _, err := ch.WriteTo(io.Discard, f, Options{}); err != nil {
				t.Errorf("%s as %s: %v", kind, f, err)
			}
		}
	}
}

func TestAnalysisCaption(t *testing.T) {
	base, bars := syntheticTornado()
	ch, _ := Tornado(base, bars, testInfo(), Options{})
	if want := "Scenario: baseline · Tornado: 17 evaluations of 64 runs each · seed 1 · alliancesim v0.1.0"; ch.Caption != want {
		t.Errorf("caption %q, want %q", ch.Caption, want)
	}
	ch, _ = SweepCurve(syntheticSweep1(), AnalysisInfo{}, Options{Version: "0.2.0"})
	if want := "Scenario: baseline · Sweep: 4,000 draws at each of 8 points, common random numbers · seed 1 · alliancesim v0.2.0"; ch.Caption != want {
		t.Errorf("caption %q, want %q", ch.Caption, want)
	}
	if ch.Plot.X.Label.Text != "china.pressure" || !strings.HasPrefix(ch.Title, "P(alliance by 2036) as china.pressure varies") {
		t.Errorf("label %q, title %q", ch.Plot.X.Label.Text, ch.Title)
	}
	info := testInfo()
	info.Caption = "My own caption"
	ch, _ = SobolBars(syntheticSobol(), info, Options{})
	if ch.Caption != "My own caption" {
		t.Errorf("caption %q", ch.Caption)
	}
}

func TestAnalysisDegenerate(t *testing.T) {
	info := testInfo()
	_, bars := syntheticTornado()
	one := syntheticSweep1()
	one.Points = one.Points[:1]
	flat := syntheticSweep2(func(x, y float64) float64 { return 0.1 })
	flat1 := syntheticSweep1()
	for i := range flat1.Points {
		flat1.Points[i].P = proportion(400, 4000)
	}
	zero := syntheticSweep2(func(x, y float64) float64 { return 0 })
	nanSweep := syntheticSweep1()
	for i := range nanSweep.Points {
		nanSweep.Points[i].P.P = math.NaN()
	}
	twoByTwo := syntheticSweep2(heatSurface)
	twoByTwo.Axes[0].Steps, twoByTwo.Axes[1].Steps = 2, 2
	twoByTwo.Points = []study.SweepPoint{twoByTwo.Points[0], twoByTwo.Points[1], twoByTwo.Points[7], twoByTwo.Points[8]}
	emptySobol := &analysis.SobolResult{}
	nanSobol := syntheticSobol()
	for i := range nanSobol.Indices {
		nanSobol.Indices[i].ST = math.NaN()
	}
	oneSobol := syntheticSobol()
	oneSobol.Indices = oneSobol.Indices[:1]
	oneConv := syntheticConvergence(false)
	oneConv.Points = oneConv.Points[2:]
	oneConv.Reasons = []analysis.Warning{{Kind: analysis.OneSampleSize, N: 1024}}
	oneConv.Warnings = []string{oneConv.Reasons[0].String()}
	noPrim := &analysis.PrimResult{N: 100, Cases: 10}
	morrisZero := []analysis.MorrisResult{{Name: "a"}, {Name: "b"}}
	for name, build := range map[string]func() (*Chart, error){
		"tornado no bars":   func() (*Chart, error) { return Tornado(0.1, nil, info, Options{}) },
		"tornado one input": func() (*Chart, error) { return Tornado(0.1, bars[:1], info, Options{}) },
		"tornado all flat":  func() (*Chart, error) { return Tornado(0.078, bars[7:], info, Options{}) },
		"tornado NaN base":  func() (*Chart, error) { return Tornado(math.NaN(), bars, info, Options{}) },
		"tornado not prob":  func() (*Chart, error) { return Tornado(2.5, bars, AnalysisInfo{}, Options{}) },
		"tornado tiny": func() (*Chart, error) {
			return Tornado(0.078, bars, info, Options{Width: 6 * vg.Centimeter, Height: 4 * vg.Centimeter})
		},
		"morris none":       func() (*Chart, error) { return MorrisPlot(nil, info, Options{}) },
		"morris one":        func() (*Chart, error) { return MorrisPlot(syntheticMorris()[:1], info, Options{}) },
		"morris zero":       func() (*Chart, error) { return MorrisPlot(morrisZero, info, Options{}) },
		"sobol empty":       func() (*Chart, error) { return SobolBars(emptySobol, info, Options{}) },
		"sobol NaN":         func() (*Chart, error) { return SobolBars(nanSobol, info, Options{}) },
		"sobol one":         func() (*Chart, error) { return SobolBars(oneSobol, info, Options{}) },
		"convergence empty": func() (*Chart, error) { return SobolConvergencePlot(&analysis.ConvergenceResult{}, info, Options{}) },
		"convergence one N": func() (*Chart, error) { return SobolConvergencePlot(oneConv, info, Options{}) },
		"sweep one point":   func() (*Chart, error) { return SweepCurve(one, info, Options{}) },
		"sweep flat":        func() (*Chart, error) { return SweepCurve(flat1, info, Options{}) },
		"sweep NaN":         func() (*Chart, error) { return SweepCurve(nanSweep, info, Options{}) },
		"sweep no points":   func() (*Chart, error) { return SweepCurve(&study.SweepResult{Axes: one.Axes}, info, Options{}) },
		"heat map flat":     func() (*Chart, error) { return SweepHeatMap(flat, 0.25, info, Options{}) },
		"heat map zero":     func() (*Chart, error) { return SweepHeatMap(zero, 0.25, info, Options{}) },
		"heat map 2×2":      func() (*Chart, error) { return SweepHeatMap(twoByTwo, 0.25, info, Options{}) },
		"heat map small": func() (*Chart, error) {
			return SweepHeatMap(syntheticSweep2(heatSurface), 0.25, info, Options{Width: 8 * vg.Centimeter, Height: 6 * vg.Centimeter})
		},
		"prim one box":  func() (*Chart, error) { return PrimTradeoff(syntheticPrim(1), info, Options{}) },
		"prim no boxes": func() (*Chart, error) { return PrimTradeoff(noPrim, info, Options{}) },
		"prim tiny": func() (*Chart, error) {
			return PrimTradeoff(syntheticPrim(20), info, Options{Width: 6 * vg.Centimeter, Height: 4 * vg.Centimeter})
		},
		"long labels":       func() (*Chart, error) { return Tornado(0.078, bars, longLabels(), Options{}) },
		"long labels sobol": func() (*Chart, error) { return SobolBars(syntheticSobol(), longLabels(), Options{}) },
		"long labels conv": func() (*Chart, error) {
			return SobolConvergencePlot(syntheticConvergence(false), longLabels(), Options{})
		},
		"long labels morris": func() (*Chart, error) { return MorrisPlot(syntheticMorris(), longLabels(), Options{}) },
		"long labels heat map": func() (*Chart, error) {
			return SweepHeatMap(syntheticSweep2(heatSurface), 0.25, longLabels(), Options{})
		},
	} {
		t.Run(name, func(t *testing.T) {
			ch, err := build()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"png", "svg", "pdf"} {
				if _, err := ch.WriteTo(io.Discard, f, Options{}); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			if ch.Empty && ch.Note == "" {
				t.Error("empty chart without a note")
			}
			if dir := os.Getenv("PLOTS_REVIEW_DIR"); dir != "" {
				d := filepath.Join(dir, "analysis-degenerate")
				os.MkdirAll(d, 0o755)
				ch.Save(filepath.Join(d, strings.ReplaceAll(name, " ", "-")+".png"), Options{})
			}
		})
	}
	// Nil results and wrong shapes are errors, not panics.
	for name, f := range map[string]func() error{
		"nil sobol":       func() error { _, err := SobolBars(nil, info, Options{}); return err },
		"nil convergence": func() error { _, err := SobolConvergencePlot(nil, info, Options{}); return err },
		"nil sweep":       func() error { _, err := SweepCurve(nil, info, Options{}); return err },
		"nil heat map":    func() error { _, err := SweepHeatMap(nil, 0.25, info, Options{}); return err },
		"nil prim":        func() error { _, err := PrimTradeoff(nil, info, Options{}); return err },
		"2-D curve":       func() error { _, err := SweepCurve(syntheticSweep2(heatSurface), info, Options{}); return err },
		"1-D heat map":    func() error { _, err := SweepHeatMap(syntheticSweep1(), 0.25, info, Options{}); return err },
		"bad percentiles": func() error {
			i := info
			i.Percentiles = [2]float64{0.9, 0.1}
			_, err := Tornado(0.1, bars, i, Options{})
			return err
		},
		"bad options": func() error { _, err := MorrisPlot(syntheticMorris(), info, Options{DPI: 5}); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// longLabels gives every input a long label.
func longLabels() AnalysisInfo {
	info := testInfo()
	info.Labels = map[string]string{}
	for _, n := range []string{"russia.autonomy_value", "russia.pressure", "china.pressure", "china.doctrine", "russia.growth",
		"china.self_sufficiency", "events.taiwan_crisis.probability", "dyad.interdependence", "weights.junior_partner"} {
		info.Labels[n] = "A very long readable label for " + n + " that nobody would want in a chart"
	}
	return info
}

func TestRenderAnalysis(t *testing.T) {
	dir := t.TempDir()
	charts := analysisCharts(t, Options{})
	charts["sweep-curve"], _ = SweepCurve(syntheticSweep1(), testInfo(), Options{})
	out, err := RenderAnalysis(charts, dir, []string{"png", ".SVG"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, rc := range out {
		kinds = append(kinds, rc.Kind)
		if rc.Files["png"] != rc.Kind+".png" || rc.Files["svg"] != rc.Kind+".svg" || rc.Caption == "" || rc.Title == "" {
			t.Errorf("%+v", rc)
		}
		for _, f := range rc.Files {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Error(err)
			}
		}
	}
	want := []string{"tornado", "morris", "sobol", "sobol-convergence", "sweep", "prim-tradeoff", "sweep-curve"}
	if !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	// Bad names, nil charts and bad formats write nothing.
	dir2 := t.TempDir()
	for name, m := range map[string]map[string]*Chart{
		"empty":     {},
		"slash":     {"a/b": charts[KindMorris]},
		"dot dot":   {"..": charts[KindMorris]},
		"nil chart": {KindMorris: charts[KindMorris], KindSobol: nil},
	} {
		if _, err := RenderAnalysis(m, dir2, nil, Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := RenderAnalysis(charts, dir2, []string{"gif"}, Options{}); err == nil {
		t.Error("gif accepted")
	}
	if ents, _ := os.ReadDir(dir2); len(ents) != 0 {
		t.Errorf("files written on error: %v", ents)
	}
}

func TestGoldenSVGAnalysis(t *testing.T) {
	charts := analysisCharts(t, Options{})
	for _, kind := range []string{KindTornado, KindSobol, KindSweep} {
		t.Run(kind, func(t *testing.T) {
			checkGoldenSVG(t, charts[kind], "analysis-"+kind)
		})
	}
}

// TestReviewAnalysis writes the synthetic analysis charts to
// $PLOTS_REVIEW_DIR for a human to look at.
func TestReviewAnalysis(t *testing.T) {
	dir := os.Getenv("PLOTS_REVIEW_DIR")
	if dir == "" {
		t.Skip("PLOTS_REVIEW_DIR not set")
	}
	d := filepath.Join(dir, "analysis")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := RenderAnalysis(analysisCharts(t, Options{Version: "v0.1.0"}), d, []string{"png", "svg", "pdf"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(len(out), "charts")
}

func BenchmarkRenderAnalysis(b *testing.B) {
	o := Options{Version: "v0.1.0"}
	var n int
	for b.Loop() {
		charts := analysisCharts(b, o)
		n = len(charts)
		for _, kind := range analysisKinds {
			if _, err := charts[kind].WriteTo(io.Discard, "png", o); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/set")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(n), "ms/chart")
}

// TestAnalysisPDFSpelling checks that the charts' text encodes for PDF
// output: no character turns into "?".
func TestAnalysisPDFSpelling(t *testing.T) {
	for kind, ch := range analysisCharts(t, Options{}) {
		texts := []string{ch.Title, ch.Subtitle, ch.Note, ch.Caption, ch.Plot.X.Label.Text, ch.Plot.Y.Label.Text, ch.yAbove}
		for _, e := range ch.Legend {
			texts = append(texts, e.Name)
		}
		for _, s := range texts {
			if strings.Count(toCP1252(s), "?") != strings.Count(s, "?") {
				t.Errorf("%s: %q prints as %q in PDF", kind, s, toCP1252(s))
			}
		}
	}
	// Marks drawn in the plots.
	for _, s := range []string{dagger, minus + "0.028", "σ = μ*", "ΣS1", "8 × 7", "±0.067"} {
		if strings.Contains(toCP1252(s), "?") {
			t.Errorf("%q prints as %q in PDF", s, toCP1252(s))
		}
	}
}
