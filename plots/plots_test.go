package plots

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	_ "image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const tol = 1e-9

func TestStateStack(t *testing.T) {
	r := synthetic()
	layers, notes, err := stateStack(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 0 {
		t.Errorf("notes = %q, want none", notes)
	}
	if len(layers) != model.NumStates {
		t.Fatalf("%d layers, want %d", len(layers), model.NumStates)
	}
	// Bottom to top: defence alliance first, rivalry last.
	if layers[0].State != model.DefenceAlliance || layers[len(layers)-1].State != model.Rivalry {
		t.Errorf("stack order: bottom %v, top %v", layers[0].State, layers[len(layers)-1].State)
	}
	for ti, row := range r.StateProb {
		for i, l := range layers {
			lo, hi := l.Lower[ti], l.Upper[ti]
			if lo.X != float64(r.Years[ti]) || hi.X != lo.X {
				t.Errorf("year %d layer %s: x = %v, %v", r.Years[ti], l.Name, lo.X, hi.X)
			}
			if got, want := hi.Y-lo.Y, row[l.State]; math.Abs(got-want) > tol {
				t.Errorf("year %d %s: band height %v, want share %v", r.Years[ti], l.Name, got, want)
			}
			if i == 0 && lo.Y != 0 {
				t.Errorf("year %d: stack starts at %v, want 0", r.Years[ti], lo.Y)
			}
			if i > 0 && lo.Y != layers[i-1].Upper[ti].Y {
				t.Errorf("year %d %s: gap in the stack", r.Years[ti], l.Name)
			}
		}
		if top := layers[len(layers)-1].Upper[ti].Y; math.Abs(top-1) > tol {
			t.Errorf("year %d: stack sums to %v, want 1", r.Years[ti], top)
		}
	}
}

func TestStateStackNotes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*sim.Result)
		note   string
		rows   int
	}{
		{"NaN share", func(r *sim.Result) { r.StateProb[2][1] = math.NaN() }, "1 of 10 years left out", 9},
		{"negative share", func(r *sim.Result) { r.StateProb[0][0] = -0.1 }, "1 of 10 years left out", 9},
		{"infinite share", func(r *sim.Result) { r.StateProb[9][5] = math.Inf(1) }, "1 of 10 years left out", 9},
		{"off sum", func(r *sim.Result) { r.StateProb[4][4] -= 0.01 }, "do not sum to 1 in 1 years", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := synthetic()
			tc.modify(r)
			layers, notes, err := stateStack(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(notes, "; "); !strings.Contains(got, tc.note) {
				t.Errorf("notes = %q, want %q", got, tc.note)
			}
			if len(layers[0].Upper) != tc.rows {
				t.Errorf("%d rows drawn, want %d", len(layers[0].Upper), tc.rows)
			}
		})
	}
}

func TestAllianceSeries(t *testing.T) {
	r := synthetic()
	d, err := allianceSeries(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Est) != len(r.Alliance) || len(d.Lo) != len(r.Alliance) || len(d.Hi) != len(r.Alliance) {
		t.Fatalf("lengths %d/%d/%d, want %d", len(d.Est), len(d.Lo), len(d.Hi), len(r.Alliance))
	}
	for i, a := range r.Alliance {
		x := float64(r.Years[i])
		for _, c := range []struct {
			name string
			got  plotter.XY
			want float64
		}{{"P", d.Est[i], a.P}, {"Lo", d.Lo[i], a.Lo}, {"Hi", d.Hi[i], a.Hi}} {
			if c.got.X != x || math.Abs(c.got.Y-c.want) > tol {
				t.Errorf("%d %s = (%v, %v), want (%v, %v)", r.Years[i], c.name, c.got.X, c.got.Y, x, c.want)
			}
		}
		if !(d.Lo[i].Y <= d.Est[i].Y && d.Est[i].Y <= d.Hi[i].Y) {
			t.Errorf("%d: band does not contain the estimate", r.Years[i])
		}
	}
	if d.LastYear != 2036 || d.Last != r.Alliance[len(r.Alliance)-1] || d.NoneFormed {
		t.Errorf("last = %d %+v, none formed %v", d.LastYear, d.Last, d.NoneFormed)
	}
}

func TestIntervalLabel(t *testing.T) {
	for _, tc := range []struct {
		p    sim.Proportion
		want string
	}{
		{sim.Proportion{P: 0.061, Lo: 0.0595, Hi: 0.0625}, "By 2036 (10 yr): 6.1% (5.9–6.3%)"},
		{sim.Proportion{P: 0.0612, Lo: 0.0607, Hi: 0.0617}, "By 2036 (10 yr): 6.12% (6.07–6.17%)"},
		{sim.Proportion{P: 0, Lo: 0, Hi: 0.000038}, "By 2036 (10 yr): 0.000% (0.000–0.004%)"},
		{sim.Proportion{P: 0.5, Lo: 0.4, Hi: 0.6}, "By 2036 (10 yr): 50.0% (40.0–60.0%)"},
	} {
		got := intervalLabel(allianceData{Last: tc.p, LastYear: 2036}, 10)
		if got != tc.want {
			t.Errorf("intervalLabel(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestLatentFan(t *testing.T) {
	r := synthetic()
	d, err := latentFan(r)
	if err != nil {
		t.Fatal(err)
	}
	curves := []plotter.XYs{d.P05, d.P25, d.P50, d.P75, d.P95}
	for i, q := range r.Latent {
		want := []float64{q.P05, q.P25, q.P50, q.P75, q.P95}
		for k, c := range curves {
			if c[i].X != float64(q.Year) || math.Abs(c[i].Y-want[k]) > tol {
				t.Errorf("%d quantile %d = %v, want %v", q.Year, k, c[i], want[k])
			}
			if k > 0 && c[i].Y < curves[k-1][i].Y {
				t.Errorf("%d: quantile %d below quantile %d", q.Year, k, k-1)
			}
		}
	}

	bad := synthetic()
	bad.Latent[3].P25, bad.Latent[3].P75 = bad.Latent[3].P75, bad.Latent[3].P25
	if _, err := latentFan(bad); err == nil || !strings.Contains(err.Error(), "out of order in 2030") {
		t.Errorf("out-of-order quantiles: err = %v", err)
	}
	if _, err := LatentFan(bad, Options{}); err == nil {
		t.Error("LatentFan accepted out-of-order quantiles")
	}
}

// recorder is a vg.Canvas that keeps the paths it is asked to fill.
type recorder struct{ fills []vg.Path }

func (*recorder) SetLineWidth(vg.Length)                 {}
func (*recorder) SetLineDash([]vg.Length, vg.Length)     {}
func (*recorder) SetColor(color.Color)                   {}
func (*recorder) Rotate(float64)                         {}
func (*recorder) Translate(vg.Point)                     {}
func (*recorder) Scale(float64, float64)                 {}
func (*recorder) Push()                                  {}
func (*recorder) Pop()                                   {}
func (*recorder) Stroke(vg.Path)                         {}
func (r *recorder) Fill(p vg.Path)                       { r.fills = append(r.fills, p) }
func (*recorder) FillString(font.Face, vg.Point, string) {}
func (*recorder) DrawImage(vg.Rectangle, image.Image)    {}

func TestBandPolygon(t *testing.T) {
	top := plotter.XYs{{X: 1, Y: 0.6}, {X: 2, Y: 0.7}, {X: 3, Y: 0.9}}
	bottom := plotter.XYs{{X: 1, Y: 0.2}, {X: 2, Y: 0.3}, {X: 3, Y: 0.1}}
	b, err := NewBand(color.Black, top, bottom)
	if err != nil {
		t.Fatal(err)
	}
	if x0, x1, y0, y1 := b.DataRange(); x0 != 1 || x1 != 3 || y0 != 0.1 || y1 != 0.9 {
		t.Errorf("DataRange = %v %v %v %v", x0, x1, y0, y1)
	}
	p := plot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 4, 0, 1
	rec := &recorder{}
	c := draw.NewCanvas(rec, 400, 100) // 100 units per x, 100 per y
	b.Plot(c, p)
	if len(rec.fills) != 1 {
		t.Fatalf("%d fills, want 1", len(rec.fills))
	}
	// top left to right, then bottom right to left, in page units.
	want := []vg.Point{{X: 100, Y: 60}, {X: 200, Y: 70}, {X: 300, Y: 90}, {X: 300, Y: 10}, {X: 200, Y: 30}, {X: 100, Y: 20}}
	var got []vg.Point
	for _, pc := range rec.fills[0] {
		if pc.Type == vg.MoveComp || pc.Type == vg.LineComp {
			got = append(got, pc.Pos)
		}
	}
	if !sameCycle(got, want, 1e-9) {
		t.Errorf("band polygon = %v, want %v", got, want)
	}

	if _, err := NewBand(color.Black, plotter.XYs{{X: 1, Y: math.NaN()}}, bottom); !errors.Is(err, plotter.ErrNaN) {
		t.Errorf("NaN edge: err = %v, want ErrNaN", err)
	}
	if _, err := NewBand(color.Black, plotter.XYs{}, bottom); err == nil {
		t.Error("empty edge accepted")
	}
}

// sameCycle reports whether got is want up to rotation (clipping may start
// the polygon at another vertex) and a repeated closing vertex.
func sameCycle(got, want []vg.Point, eps float64) bool {
	if len(got) == len(want)+1 && near(got[0], got[len(got)-1], eps) {
		got = got[:len(got)-1]
	}
	if len(got) != len(want) {
		return false
	}
	for s := range got {
		ok := true
		for i := range want {
			if !near(got[(s+i)%len(got)], want[i], eps) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func near(a, b vg.Point, eps float64) bool {
	return math.Abs(float64(a.X-b.X)) < eps && math.Abs(float64(a.Y-b.Y)) < eps
}

func TestCaption(t *testing.T) {
	r := synthetic()
	for _, tc := range []struct {
		modify  func(*sim.Result)
		version string
		want    string
	}{
		{nil, "v0.1.0", "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0"},
		{nil, "0.1.0", "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0"},
		{nil, "", "Scenario: baseline · 100,000 draws · seed 42 · alliancesim (development build)"},
		{func(r *sim.Result) { r.Draws, r.Seed = 1, 0 }, "v1", "Scenario: baseline · 1 draw · seed 0 · alliancesim v1"},
		{func(r *sim.Result) { r.Stopped = sim.StopMaxDraws; r.Draws = 1234567 }, "v1",
			"Scenario: baseline · 1,234,567 draws · seed 42 · precision target not reached · alliancesim v1"},
		{func(r *sim.Result) { r.Stopped = sim.StopPrecision }, "v1", "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v1"},
		{func(r *sim.Result) { r.Scenario = "" }, "v1", "Scenario: (unnamed) · 100,000 draws · seed 42 · alliancesim v1"},
	} {
		rr := *r
		if tc.modify != nil {
			tc.modify(&rr)
		}
		if got := Caption(&rr, tc.version); got != tc.want {
			t.Errorf("Caption = %q, want %q", got, tc.want)
		}
	}
}

func TestProbabilityAxis(t *testing.T) {
	for _, tc := range []struct {
		max, top float64
		labels   string
	}{
		{1, 1, "0% 20% 40% 60% 80% 100%"},
		{0.092, 0.1, "0% 2% 4% 6% 8% 10%"},
		{0.01, 0.01, "0.0% 0.2% 0.4% 0.6% 0.8% 1.0%"},
		{0.0125, 0.0125, "0.00% 0.25% 0.50% 0.75% 1.00% 1.25%"},
		{0.57, 0.6, "0% 10% 20% 30% 40% 50% 60%"},
		{3, 1, "0% 20% 40% 60% 80% 100%"},
		{math.NaN(), 1, "0% 20% 40% 60% 80% 100%"},
	} {
		var a plot.Axis
		probabilityAxis(&a, tc.max, 6)
		if a.Min != 0 || math.Abs(a.Max-tc.top) > tol {
			t.Errorf("max %v: axis %v–%v, want 0–%v", tc.max, a.Min, a.Max, tc.top)
		}
		var ls []string
		for _, tk := range a.Tick.Marker.Ticks(a.Min, a.Max) {
			ls = append(ls, tk.Label)
		}
		if got := strings.Join(ls, " "); got != tc.labels {
			t.Errorf("max %v: ticks %q, want %q", tc.max, got, tc.labels)
		}
	}
}

func TestYearTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{2027, 2036, "2027 2028 2029 2030 2031 2032 2033 2034 2035 2036"},
		{2026.5, 2027.5, "2027"},
		{2027, 2046, "2028 2030 2032 2034 2036 2038 2040 2042 2044 2046"},
		{2027, 2076, "2030 2035 2040 2045 2050 2055 2060 2065 2070 2075"},
	} {
		var ls []string
		for _, tk := range (yearTicks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				ls = append(ls, tk.Label)
			}
		}
		if got := strings.Join(ls, " "); got != tc.want {
			t.Errorf("yearTicks(%v, %v) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

// builders are the three chart kinds.
var builders = []struct {
	name  string
	build func(*sim.Result, Options) (*Chart, error)
}{
	{"states", StateArea},
	{"alliance", AllianceCurve},
	{"latent", LatentFan},
}

func TestChartsOnSynthetic(t *testing.T) {
	r := synthetic()
	for _, b := range builders {
		ch, err := b.build(r, Options{Version: "v0.1.0"})
		if err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		if ch.Empty || ch.Note != "" {
			t.Errorf("%s: empty %v, note %q on good data", b.name, ch.Empty, ch.Note)
		}
		if !strings.HasSuffix(ch.Title, ": baseline") {
			t.Errorf("%s: title %q", b.name, ch.Title)
		}
		if ch.Caption != "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0" {
			t.Errorf("%s: caption %q", b.name, ch.Caption)
		}
		if ch.Plot.Y.Min > 0 && b.name != "latent" {
			t.Errorf("%s: probability axis starts at %v, want 0", b.name, ch.Plot.Y.Min)
		}
	}
	ch, _ := AllianceCurve(r, Options{})
	if hi := r.Alliance[len(r.Alliance)-1].Hi; ch.Plot.Y.Max < 1.15*hi || ch.Plot.Y.Max > 0.5 {
		t.Errorf("alliance axis top %v for highest bound %v", ch.Plot.Y.Max, hi)
	}
}

func TestDegenerateInputs(t *testing.T) {
	cases := degenerateResults()
	empty := map[string]bool{"zero-draws": true, "all-nan": true, "no-years": true}
	for name, r := range cases {
		for _, b := range builders {
			t.Run(name+"/"+b.name, func(t *testing.T) {
				ch, err := b.build(r, Options{})
				if err != nil {
					t.Fatalf("error %v, want a chart with a note", err)
				}
				if empty[name] && (!ch.Empty || ch.Note == "") {
					t.Errorf("empty %v, note %q: want an empty chart with a note", ch.Empty, ch.Note)
				}
				for _, f := range Formats {
					var buf bytes.Buffer
					if _, err := ch.WriteTo(&buf, f, Options{}); err != nil {
						t.Errorf("%s: %v", f, err)
					}
					if buf.Len() < 1000 {
						t.Errorf("%s: %d bytes", f, buf.Len())
					}
				}
			})
		}
	}
	if _, err := (&Chart{}).WriteTo(io.Discard, "png", Options{}); err == nil {
		t.Error("chart without a plot rendered")
	}
}

func TestBadInputs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*sim.Result)
		want   string // "" means every builder must fail with errNilResult
	}{
		{"years mismatch", func(r *sim.Result) { r.Years = r.Years[:5] }, "has 5 years"},
		{"short state row", func(r *sim.Result) { r.StateProb[1] = r.StateProb[1][:3] }, "3 state shares"},
	} {
		r := synthetic()
		tc.modify(r)
		failed := false
		for _, b := range builders {
			if _, err := b.build(r, Options{}); err != nil {
				failed = true
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s/%s: err %v, want %q", tc.name, b.name, err, tc.want)
				}
			}
		}
		if !failed {
			t.Errorf("%s: no builder failed", tc.name)
		}
	}
	for _, b := range builders {
		if _, err := b.build(nil, Options{}); !errors.Is(err, errNilResult) {
			t.Errorf("%s(nil): err = %v", b.name, err)
		}
		if _, err := b.build(synthetic(), Options{DPI: 5}); err == nil {
			t.Errorf("%s: DPI 5 accepted", b.name)
		}
	}
}

func TestOptions(t *testing.T) {
	o, err := Options{}.withDefaults()
	if err != nil || o.Width != 16*vg.Centimeter || o.Height != 10*vg.Centimeter || o.DPI != 150 {
		t.Errorf("defaults = %+v, %v", o, err)
	}
	for _, bad := range []Options{{Width: vg.Centimeter}, {Height: -1}, {DPI: 10000}, {Width: 300 * vg.Centimeter}} {
		if _, err := bad.withDefaults(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestPNGSize(t *testing.T) {
	ch, err := StateArea(synthetic(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		o    Options
		w, h int
	}{
		{Options{}, 945, 591},
		{Options{DPI: 300}, 1890, 1181},
		{Options{Width: 8 * vg.Centimeter, Height: 6 * vg.Centimeter, DPI: 100}, 315, 236},
	} {
		var buf bytes.Buffer
		if _, err := ch.WriteTo(&buf, "png", tc.o); err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != tc.w || cfg.Height != tc.h {
			t.Errorf("%+v: %d×%d px, want %d×%d", tc.o, cfg.Width, cfg.Height, tc.w, tc.h)
		}
	}
}

func TestSVGDeterministic(t *testing.T) {
	for _, b := range builders {
		var out [2][]byte
		for i := range out {
			ch, err := b.build(synthetic(), Options{Version: "v0.1.0"})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := ch.WriteTo(&buf, "svg", Options{}); err != nil {
				t.Fatal(err)
			}
			out[i] = buf.Bytes()
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("%s: SVG differs between two renders", b.name)
		}
		if !bytes.Contains(out[0], []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")) {
			t.Errorf("%s: SVG lacks the font fallback", b.name)
		}
	}
}

func TestGoldenSVG(t *testing.T) {
	for _, b := range builders {
		t.Run(b.name, func(t *testing.T) {
			ch, err := b.build(synthetic(), Options{Version: "v0.1.0"})
			if err != nil {
				t.Fatal(err)
			}
			checkGoldenSVG(t, ch, b.name)
		})
	}
}

func TestPDFText(t *testing.T) {
	ch, err := StateArea(synthetic(), Options{Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := ch.WriteTo(&buf, "pdf", Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:10])
	}
	if got := toCP1252("a · b – c … ✓"); got != "a \xb7 b \x96 c \x85 ?" {
		t.Errorf("toCP1252 = %q", got)
	}
}

// tempFiles lists leftover temporary files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSaveAtomic(t *testing.T) {
	ch, err := AllianceCurve(synthetic(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	t.Run("ok", func(t *testing.T) {
		for _, f := range []string{"a.png", "a.svg", "a.pdf", "b.PNG"} {
			path := filepath.Join(dir, f)
			if err := ch.Save(path, Options{}); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil || fi.Size() == 0 || fi.Mode().Perm() != 0o644 {
				t.Errorf("%s: %v, %v", f, fi, err)
			}
		}
		if left := tempFiles(t, dir); len(left) > 0 {
			t.Errorf("temp files left: %v", left)
		}
	})

	t.Run("missing directory", func(t *testing.T) {
		path := filepath.Join(dir, "no", "such", "dir", "a.png")
		if err := ch.Save(path, Options{}); err == nil {
			t.Error("no error")
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("file exists: %v", err)
		}
	})

	t.Run("parent is a file", func(t *testing.T) {
		f := filepath.Join(dir, "plain")
		os.WriteFile(f, []byte("x"), 0o644)
		if err := ch.Save(filepath.Join(f, "a.png"), Options{}); err == nil {
			t.Error("no error")
		}
	})

	t.Run("unsupported format", func(t *testing.T) {
		for _, f := range []string{"a.gif", "a", "a.eps"} {
			path := filepath.Join(dir, f)
			err := ch.Save(path, Options{})
			if err == nil || !strings.Contains(err.Error(), "format") {
				t.Errorf("%s: err = %v", f, err)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("%s written", f)
			}
		}
		if left := tempFiles(t, dir); len(left) > 0 {
			t.Errorf("temp files left: %v", left)
		}
	})

	t.Run("rename fails", func(t *testing.T) {
		// A directory in the way: the rename fails after the temp file is
		// complete; the temp file must go and the directory stay.
		path := filepath.Join(dir, "busy.png")
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(path, "keep"), []byte("x"), 0o644)
		if err := ch.Save(path, Options{}); err == nil {
			t.Error("no error")
		}
		if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
			t.Errorf("directory damaged: %v", err)
		}
		if left := tempFiles(t, dir); len(left) > 0 {
			t.Errorf("temp files left: %v", left)
		}
	})

	t.Run("read-only directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root can write to read-only directories")
		}
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		defer os.Chmod(ro, 0o755)
		if err := ch.Save(filepath.Join(ro, "a.png"), Options{}); err == nil {
			t.Error("no error")
		}
		if ents, _ := os.ReadDir(ro); len(ents) != 0 {
			t.Errorf("files left: %v", ents)
		}
	})

	t.Run("overwrite", func(t *testing.T) {
		path := filepath.Join(dir, "over.svg")
		os.WriteFile(path, []byte("old"), 0o644)
		if err := ch.Save(path, Options{}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if !bytes.HasPrefix(b, []byte("<?xml")) {
			t.Errorf("not replaced: %q", b[:min(len(b), 20)])
		}
	})
}

func TestRender(t *testing.T) {
	dir := t.TempDir()
	paths, err := Render(synthetic(), dir, []string{"png", ".svg", "SVG"}, Options{Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, n := range []string{"states", "alliance", "latent"} {
		for _, f := range []string{"png", "svg"} {
			want = append(want, filepath.Join(dir, n+"."+f))
		}
	}
	if fmt.Sprint(paths) != fmt.Sprint(want) {
		t.Errorf("paths = %v, want %v", paths, want)
	}
	for _, p := range paths {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}

	// Bad input writes nothing.
	dir2 := t.TempDir()
	bad := synthetic()
	bad.Latent[0].P05 = 99
	if _, err := Render(bad, dir2, nil, Options{}); err == nil {
		t.Error("no error")
	}
	if _, err := Render(synthetic(), dir2, []string{"gif"}, Options{}); err == nil {
		t.Error("gif accepted")
	}
	if ents, _ := os.ReadDir(dir2); len(ents) != 0 {
		t.Errorf("files written on error: %v", ents)
	}
	if _, err := Render(synthetic(), filepath.Join(dir2, "missing"), nil, Options{}); err == nil {
		t.Error("missing directory accepted")
	}
}

func BenchmarkRenderAll(b *testing.B) {
	r := synthetic()
	o := Options{Version: "v0.1.0"}
	for b.Loop() {
		for _, bl := range builders {
			ch, err := bl.build(r, o)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ch.WriteTo(io.Discard, "png", o); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/3, "ms/chart")
}

func TestAllianceLabelPlacement(t *testing.T) {
	for _, tc := range []struct {
		name     string
		scale    float64 // multiplies the synthetic 1%→8% curve
		subtitle bool
	}{
		{"low", 1, false},
		{"moderate", 5, false},
		{"near certain", 12, true},
	} {
		r := synthetic()
		for i := range r.Alliance {
			a := &r.Alliance[i]
			k := int64(math.Min(float64(a.N), math.Round(float64(a.Count)*tc.scale)))
			a.Count, a.P = k, float64(k)/float64(a.N)
			a.Lo, a.Hi = wilson(k, a.N)
		}
		ch, err := AllianceCurve(r, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := ch.Subtitle != ""; got != tc.subtitle {
			t.Errorf("%s: subtitle %q, want one: %v", tc.name, ch.Subtitle, tc.subtitle)
		}
		if ch.Plot.Y.Min != 0 || ch.Plot.Y.Max > 1 || ch.Plot.Y.Max < r.Alliance[9].Hi {
			t.Errorf("%s: y axis %v–%v", tc.name, ch.Plot.Y.Min, ch.Plot.Y.Max)
		}
	}
}

func TestConcurrentRender(t *testing.T) {
	r := synthetic()
	errs := make(chan error, 6)
	for i := range 6 {
		go func() {
			ch, err := builders[i%3].build(r, Options{})
			if err == nil {
				_, err = ch.WriteTo(io.Discard, Formats[i%3], Options{})
			}
			errs <- err
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// checkGoldenSVG renders ch as SVG and compares it with
// testdata/<name>.golden.svg; with -update it rewrites the file instead.
func checkGoldenSVG(t *testing.T, ch *Chart, name string) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := ch.WriteTo(&buf, "svg", Options{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden.svg")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		got := filepath.Join(t.TempDir(), filepath.Base(name)+".svg")
		os.WriteFile(got, buf.Bytes(), 0o644)
		t.Errorf("SVG differs from %s (got: %s); if the change is intended, run go test -update", path, got)
	}
}
