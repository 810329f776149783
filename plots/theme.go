package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Default chart size and resolution: a column of an A4 page at screen-and-print
// quality. Use DPI 300 for print.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
	DefaultDPI    = 150
)

// The PNG resolutions that Options accept, in dots per inch, inclusive.
const (
	MinDPI = 36
	MaxDPI = 1200
)

// CheckDPI reports whether dpi is a PNG resolution that the charts accept:
// from MinDPI to MaxDPI. A command can call it while it checks its
// settings, before any work; Options.Validate calls it too (after putting
// DefaultDPI for a zero DPI).
func CheckDPI(dpi int) error {
	if dpi < MinDPI || dpi > MaxDPI {
		return fmt.Errorf("plots: PNG resolution %d dpi is out of range (%d to %d)", dpi, MinDPI, MaxDPI)
	}
	return nil
}

// Options sets the page size, the PNG resolution and the tool version
// printed in the caption. The zero value gives the defaults.
type Options struct {
	// Width and Height are the size of the whole chart, caption included.
	// Zero means DefaultWidth × DefaultHeight.
	Width, Height vg.Length
	// DPI is the PNG resolution in dots per inch, from MinDPI to MaxDPI;
	// zero means DefaultDPI.
	// SVG and PDF are vector formats and ignore it.
	DPI int
	// Version is the tool version for the caption, such as "v0.1.0".
	Version string
	// ExplainYear is the year of the waterfall charts that RenderScenario
	// draws; zero means the first simulated year.
	ExplainYear int
}

// withDefaults fills the zero fields of o and checks the others.
func (o Options) withDefaults() (Options, error) {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	if o.Height == 0 {
		o.Height = DefaultHeight
	}
	if o.DPI == 0 {
		o.DPI = DefaultDPI
	}
	switch {
	case !(o.Width >= 6*vg.Centimeter && o.Height >= 4*vg.Centimeter): // also NaN
		return o, fmt.Errorf("plots: chart size %.1f × %.1f cm is too small (at least 6 × 4 cm)",
			o.Width/vg.Centimeter, o.Height/vg.Centimeter)
	case o.Width > 200*vg.Centimeter || o.Height > 200*vg.Centimeter:
		return o, fmt.Errorf("plots: chart size %.1f × %.1f cm is too large (at most 200 × 200 cm)",
			o.Width/vg.Centimeter, o.Height/vg.Centimeter)
	}
	if err := CheckDPI(o.DPI); err != nil {
		return o, err
	}
	// A PNG is held in memory as 4 bytes a pixel: cap it, so that a large
	// size at a high resolution is an error, not gigabytes of memory.
	if px := float64(o.Width.Dots(float64(o.DPI))) * float64(o.Height.Dots(float64(o.DPI))); px > MaxPixels {
		return o, fmt.Errorf("plots: a %.1f × %.1f cm chart at %d dpi would be %.0f megapixels; the most is %.0f (an A4 page at 600 dpi is 35): lower the resolution or the size",
			o.Width/vg.Centimeter, o.Height/vg.Centimeter, o.DPI, px/1e6, MaxPixels/1e6)
	}
	return o, nil
}

// MaxPixels bounds a PNG chart's pixel count (about 200 MB of memory).
const MaxPixels = 50e6

// Font sizes of the theme, in points.
const (
	titleSize   = 11
	labelSize   = 10
	tickSize    = 9
	legendSize  = 9
	noteSize    = 10
	captionSize = 7.5
)

// The theme's typeface: Liberation Sans, embedded in gonum/plot, metrically
// compatible with Arial and Helvetica.
var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// Neutral colours of the theme.
var (
	inkColor     = color.RGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff} // titles, labels
	tickColor    = color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff} // tick labels
	axisColor    = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff} // axis lines and ticks
	captionColor = color.RGBA{R: 0x4d, G: 0x4d, B: 0x4d, A: 0xff} // caption: light but legible
	gridColor    = color.RGBA{R: 0xe3, G: 0xe3, B: 0xe3, A: 0xff}
	noteColor    = color.RGBA{R: 0x7a, G: 0x3e, B: 0x00, A: 0xff} // data warnings: dark amber
)

// OkabeIto is the Okabe–Ito colour-blind-safe palette for categorical series
// (scenarios, actors), in the order to use them: blue, vermillion, green,
// orange, sky blue, purple, yellow, black.
var OkabeIto = [8]color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xff},
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xff},
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xff},
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xff},
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xff},
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xff},
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xff},
	{R: 0x00, G: 0x00, B: 0x00, A: 0xff},
}

// Categorical returns the i-th colour of the Okabe–Ito palette, cycling.
func Categorical(i int) color.RGBA {
	if i < 0 {
		i = -i
	}
	return OkabeIto[i%len(OkabeIto)]
}

// AccentColor is the colour of the headline event, the defence alliance
// (Okabe–Ito vermillion).
var AccentColor = OkabeIto[1]

// stateRamp is a blue-grey sequential ramp from light (rivalry) to dark
// (entente). Its greyscale luminance falls monotonically (about 232, 200,
// 160, 117, 62 on a 0–255 scale), so the ladder order survives a
// black-and-white print.
var stateRamp = [model.NumStates - 1]color.RGBA{
	{R: 0xE4, G: 0xEA, B: 0xF0, A: 0xff}, // rivalry
	{R: 0xBB, G: 0xCA, B: 0xD9, A: 0xff}, // normalization
	{R: 0x8C, G: 0xA4, B: 0xBC, A: 0xff}, // strategic partnership
	{R: 0x5A, G: 0x7A, B: 0x99, A: 0xff}, // treaty partnership
	{R: 0x27, G: 0x43, B: 0x60, A: 0xff}, // entente
}

// StateColor is the colour of a rung of the ladder: the sequential ramp for
// rivalry to entente and the accent colour for the defence alliance.
func StateColor(s model.State) color.RGBA {
	switch {
	case s == model.DefenceAlliance:
		return AccentColor
	case s < 0:
		return stateRamp[0]
	case int(s) >= len(stateRamp):
		return stateRamp[len(stateRamp)-1]
	}
	return stateRamp[s]
}

// withAlpha returns c at opacity a (0–1).
func withAlpha(c color.RGBA, a float64) color.Color {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: uint8(math.Round(255 * a))}
}

// textStyle is a theme text style.
func textStyle(fnt font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(fnt, size),
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot in the theme: axis labels 10 pt, ticks 9 pt, thin
// grey axes with short outward ticks, and no title (the Chart draws the
// title left-aligned over the whole width).
func newPlot(xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the Chart paints the page
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, labelSize)
		a.Label.TextStyle.Color = inkColor
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = font.From(sansFont, tickSize)
		a.Tick.Label.Color = tickColor
		a.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.6)}
		a.Tick.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.6)}
		a.Tick.Length = vg.Points(3)
		a.Padding = 0
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Tick.Marker = yearTicks{}
	return p
}

// horizontalGrid returns light horizontal grid lines at the major y ticks.
func horizontalGrid() plot.Plotter {
	return gridLines{style: draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}}
}

type gridLines struct{ style draw.LineStyle }

func (g gridLines) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := trY(t.Value)
		c.StrokeLine2(g.style, c.Min.X, y, c.Max.X, y)
	}
}

// Caption is the provenance line printed under every chart, for example
// "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0".
// A run stopped at the draw cap says so.
func Caption(r *sim.Result, version string) string {
	if r == nil {
		return ""
	}
	name := r.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	draws := "draws"
	if r.Draws == 1 {
		draws = "draw"
	}
	parts := []string{
		"Scenario: " + name,
		format.Thousands(r.Draws) + " " + draws,
		"seed " + strconv.FormatUint(r.Seed, 10),
	}
	if r.Stopped == sim.StopMaxDraws {
		parts = append(parts, "precision target not reached")
	}
	parts = append(parts, "alliancesim "+versionString(version))
	return strings.Join(parts, " · ")
}

// versionString normalises a version for display: "0.1.0" becomes "v0.1.0",
// and an empty version "(development build)".
func versionString(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "(development build)"
	case v[0] >= '0' && v[0] <= '9':
		return "v" + v
	}
	return v
}

// percent formats a probability as a percentage with dec decimals.
func percent(p float64, dec int) string {
	return strconv.FormatFloat(100*p, 'f', dec, 64) + "%"
}

// percentOut formats the bound of an interval as a percentage with dec
// decimals, rounded outward (down for a lower bound, up for an upper bound)
// so that the printed interval contains the computed one.
func percentOut(p float64, dec int, upper bool) string {
	k := math.Pow(10, float64(dec))
	v := 100 * p * k
	if upper {
		v = math.Ceil(v - 1e-7)
	} else {
		v = math.Floor(v + 1e-7)
	}
	return strconv.FormatFloat(v/k, 'f', dec, 64) + "%"
}

// fitText shortens s with an ellipsis until it fits in width.
func fitText(sty text.Style, s string, width vg.Length) string {
	if width <= 0 || sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		t := strings.TrimRight(string(r), " ·:") + "…"
		if sty.Width(t) <= width {
			return t
		}
	}
	return "…"
}

// yearTicks marks whole years, labelled at a step of 1, 2, 5, 10, … years
// so that there are at most MaxLabels labels (12 when zero), with a minor
// tick on every year.
type yearTicks struct{ MaxLabels int }

func (yt yearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi >= lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	n := yt.MaxLabels
	if n <= 0 {
		n = 12
	}
	first, last := math.Ceil(lo-1e-9), math.Floor(hi+1e-9)
	if last-first > 1000 {
		return nil
	}
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 25, 50, 100, 200, 500} {
		step = s
		if math.Floor(last/s)-math.Ceil(first/s)+1 <= float64(n) {
			break
		}
	}
	var ticks []plot.Tick
	for y := first; y <= last; y++ {
		if math.Mod(y, step) == 0 || step == 1 {
			ticks = append(ticks, plot.Tick{Value: y, Label: strconv.FormatFloat(y, 'f', 0, 64)})
		} else {
			ticks = append(ticks, plot.Tick{Value: y}) // minor tick on every year
		}
	}
	return ticks
}

// niceStep returns a round step (1, 2, 2.5 or 5 × 10^k) that cuts span into
// about n intervals.
func niceStep(span float64, n int) float64 {
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*mag*(1+1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// decimals returns the number of decimals needed to print multiples of step.
func decimals(step float64) int {
	for d := 0; d < 8; d++ {
		s := step * math.Pow(10, float64(d))
		if math.Abs(s-math.Round(s)) < 1e-6*s {
			return d
		}
	}
	return 8
}

// yIntervals is how many intervals a y axis of the given length takes:
// about one per 28 pt, from 2 to 6.
func yIntervals(length vg.Length) int {
	return min(6, max(2, int(length/vg.Points(28))))
}

// linearTicks marks multiples of Step; labels are formatted by Format
// (plain numbers when nil).
type linearTicks struct {
	Step   float64
	Format func(v float64) string
}

func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(t.Step > 0) || !(hi >= lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || (hi-lo)/t.Step > 1000 {
		return nil
	}
	dec := decimals(t.Step)
	var ticks []plot.Tick
	for i := math.Ceil(lo/t.Step - 1e-9); i*t.Step <= hi+1e-9*t.Step; i++ {
		v := i * t.Step
		if math.Abs(v) < 1e-12*t.Step {
			v = 0 // no "-0"
		}
		label := strconv.FormatFloat(v, 'f', dec, 64)
		if t.Format != nil {
			label = t.Format(v)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

// probabilityAxis sets a from 0 to max (rounded up to a round step, at most
// 1) in about n intervals with percentage labels.
func probabilityAxis(a *plot.Axis, max float64, n int) {
	if !(max > 0) || math.IsNaN(max) {
		max = 1
	}
	max = math.Min(max, 1)
	step := niceStep(max, n)
	top := math.Min(1, math.Ceil(max/step-1e-9)*step)
	dec := decimals(100 * step)
	a.Min, a.Max = 0, top
	a.Tick.Marker = linearTicks{Step: step, Format: func(v float64) string { return percent(v, dec) }}
}

// Validate checks the options (size, resolution, pixel count) before any
// chart is built, so that a command can report a bad size as a usage error.
func (o Options) Validate() error {
	_, err := o.withDefaults()
	return err
}
