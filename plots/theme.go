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

// MaxPixels bounds a PNG chart's pixel count (about 200 MB of memory).
const MaxPixels = 50e6

// CheckDPI reports whether dpi is a PNG resolution that the charts accept:
// from MinDPI to MaxDPI. A command calls it while it checks its settings,
// before any work.
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
	// DPI is the PNG resolution, from MinDPI to MaxDPI; zero means
	// DefaultDPI. SVG and PDF ignore it.
	DPI int
	// Version is the tool version for the caption, such as "v0.1.0".
	Version string
	// ExplainYear is the year of the waterfall charts that RenderScenario
	// draws; zero means the first simulated year.
	ExplainYear int
}

// Validate checks the options (size, resolution, pixel count) before any
// chart is built, so that a command can report a bad size as a usage error.
func (o Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

// withDefaults fills the zero fields of o and checks the others.
func (o Options) withDefaults() (Options, error) {
	o.Width, o.Height = cmp0(o.Width, DefaultWidth), cmp0(o.Height, DefaultHeight)
	if o.DPI == 0 {
		o.DPI = DefaultDPI
	}
	cm := func(l vg.Length) float64 { return float64(l / vg.Centimeter) }
	switch {
	case !(o.Width >= 6*vg.Centimeter && o.Height >= 4*vg.Centimeter): // also NaN
		return o, fmt.Errorf("plots: chart size %.1f × %.1f cm is too small (at least 6 × 4 cm)", cm(o.Width), cm(o.Height))
	case o.Width > 200*vg.Centimeter || o.Height > 200*vg.Centimeter:
		return o, fmt.Errorf("plots: chart size %.1f × %.1f cm is too large (at most 200 × 200 cm)", cm(o.Width), cm(o.Height))
	}
	if err := CheckDPI(o.DPI); err != nil {
		return o, err
	}
	// A PNG is held in memory as 4 bytes a pixel: cap it, so that a large
	// size at a high resolution is an error, not gigabytes of memory.
	if px := float64(o.Width.Dots(float64(o.DPI))) * float64(o.Height.Dots(float64(o.DPI))); px > MaxPixels {
		return o, fmt.Errorf("plots: a %.1f × %.1f cm chart at %d dpi would be %.0f megapixels; the most is %.0f (an A4 page at 600 dpi is 35): lower the resolution or the size",
			cm(o.Width), cm(o.Height), o.DPI, px/1e6, MaxPixels/1e6)
	}
	return o, nil
}

func cmp0(v, def vg.Length) vg.Length {
	if v == 0 {
		return def
	}
	return v
}

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
	tickColor    = color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}
	axisColor    = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff} // axis lines and ticks
	captionColor = color.RGBA{R: 0x4d, G: 0x4d, B: 0x4d, A: 0xff} // light but legible
	gridColor    = color.RGBA{R: 0xe3, G: 0xe3, B: 0xe3, A: 0xff}
	noteColor    = color.RGBA{R: 0x7a, G: 0x3e, B: 0x00, A: 0xff} // data warnings: dark amber
	neutralFill  = color.RGBA{R: 0xCF, G: 0xCF, B: 0xCF, A: 0xff} // a category of no series
	totalColor   = color.RGBA{R: 0x26, G: 0x26, B: 0x26, A: 0xff} // a waterfall's total
	white        = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
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
func Categorical(i int) color.RGBA { return cycle(OkabeIto[:], i) }

// AccentColor is the colour of the headline event, the defence alliance
// (Okabe–Ito vermillion).
var AccentColor = OkabeIto[1]

// Blue and orange mark what raises and lowers a total (about 87 and 162 in
// greyscale, so they differ in print too).
var raiseColor, lowerColor = OkabeIto[0], OkabeIto[3]

// seriesPalette colours scenarios and inputs: Okabe–Ito without yellow, too
// faint for a line on white, and black, kept for totals. termPalette colours
// the terms of a central run: also without vermillion, kept for the
// reference line.
var (
	seriesPalette = OkabeIto[:6]
	termPalette   = []color.RGBA{OkabeIto[0], OkabeIto[2], OkabeIto[3], OkabeIto[4], OkabeIto[5]}
)

// cycle is the i-th colour of pal, cycling.
func cycle(pal []color.RGBA, i int) color.RGBA {
	if i < 0 {
		i = -i
	}
	return pal[i%len(pal)]
}

// stateRamp is a blue-grey ramp from light (rivalry) to dark (entente). Its
// greyscale luminance falls monotonically, so the ladder order survives a
// black-and-white print.
var stateRamp = [model.NumStates - 1]color.RGBA{
	{R: 0xE4, G: 0xEA, B: 0xF0, A: 0xff},
	{R: 0xBB, G: 0xCA, B: 0xD9, A: 0xff},
	{R: 0x8C, G: 0xA4, B: 0xBC, A: 0xff},
	{R: 0x5A, G: 0x7A, B: 0x99, A: 0xff},
	{R: 0x27, G: 0x43, B: 0x60, A: 0xff},
}

// StateColor is the colour of a rung of the ladder: the sequential ramp for
// rivalry to entente and the accent colour for the defence alliance.
func StateColor(s model.State) color.RGBA {
	if s == model.DefenceAlliance {
		return AccentColor
	}
	return stateRamp[max(0, min(int(s), len(stateRamp)-1))]
}

// viridisAnchors are nine evenly spaced colours of matplotlib's viridis:
// perceptually uniform, colour-blind safe and monotone in lightness.
var viridisAnchors = [...]color.RGBA{
	{R: 0x44, G: 0x01, B: 0x54, A: 0xff}, {R: 0x47, G: 0x2c, B: 0x7a, A: 0xff}, {R: 0x3b, G: 0x51, B: 0x8b, A: 0xff},
	{R: 0x2c, G: 0x71, B: 0x8e, A: 0xff}, {R: 0x21, G: 0x90, B: 0x8d, A: 0xff}, {R: 0x27, G: 0xad, B: 0x81, A: 0xff},
	{R: 0x5c, G: 0xc8, B: 0x63, A: 0xff}, {R: 0xaa, G: 0xdc, B: 0x32, A: 0xff}, {R: 0xfd, G: 0xe7, B: 0x25, A: 0xff},
}

// sequentialColor is t in [0, 1] on viridis reversed, 0 light yellow and 1
// dark purple, so that more reads as darker, as on the state ramp.
func sequentialColor(t float64) color.RGBA {
	if math.IsNaN(t) {
		t = 0
	}
	f := (1 - math.Max(0, math.Min(1, t))) * float64(len(viridisAnchors)-1)
	i := min(int(f), len(viridisAnchors)-2)
	u := f - float64(i)
	a, b := viridisAnchors[i], viridisAnchors[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + u*(float64(y)-float64(x)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// withAlpha returns c at opacity a (0–1).
func withAlpha(c color.RGBA, a float64) color.Color {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: uint8(math.Round(255 * a))}
}

// luminance is the greyscale value of c on a 0–1 scale (Rec. 709).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// textOn is the colour of text on a fill: white on dark fills, ink on light.
func textOn(fill color.Color) color.Color {
	if luminance(fill) < 0.45 {
		return color.White
	}
	return inkColor
}

// Dash patterns and glyph shapes that tell series apart in greyscale, in the
// order to use them.
var (
	dashPatterns = [][]vg.Length{nil, {vg.Points(5), vg.Points(2.5)}, {vg.Points(1.2), vg.Points(1.8)},
		{vg.Points(6), vg.Points(2), vg.Points(1.2), vg.Points(2)}}
	glyphShapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{},
		draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}
	dashed = []vg.Length{vg.Points(4), vg.Points(2.5)}
)

// lineStyle is a solid or dashed line; glyph a glyph style.
func lineStyle(c color.Color, widthPt float64, dashes ...vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(widthPt), Dashes: dashes}
}

func glyph(c color.Color, radiusPt float64, shape draw.GlyphDrawer) draw.GlyphStyle {
	return draw.GlyphStyle{Color: c, Radius: vg.Points(radiusPt), Shape: shape}
}

// textStyle is a theme text style in the Liberation Sans of fnt.
func textStyle(fnt font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(fnt, size), Handler: plot.DefaultTextHandler}
}

// label is a text style for a label in the plot, aligned as given.
func labelStyle(size vg.Length, c color.Color, x text.XAlignment, y text.YAlignment) text.Style {
	s := textStyle(sansFont, size, c)
	s.XAlign, s.YAlign = x, y
	return s
}

// newPlot returns a plot in the theme: labels 10 pt, ticks 9 pt, thin grey
// axes with short outward ticks and no title (the Chart draws the title,
// left-aligned over the whole width).
func newPlot(xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the Chart paints the page
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, labelSize)
		a.Label.TextStyle.Color = inkColor
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = font.From(sansFont, tickSize)
		a.Tick.Label.Color = tickColor
		a.LineStyle = lineStyle(axisColor, 0.6)
		a.Tick.LineStyle = lineStyle(axisColor, 0.6)
		a.Tick.Length = vg.Points(3)
		a.Padding = 0
	}
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	p.X.Tick.Marker = yearTicks{}
	return p
}

// Caption is the provenance line printed under every chart of a run, such
// as "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0",
// so that a pasted chart can be traced back to its run.
func Caption(r *sim.Result, version string) string {
	if r == nil {
		return ""
	}
	parts := []string{"Scenario: " + orDefault(r.Scenario, "(unnamed)"),
		format.Thousands(r.Draws) + " " + plural(int(min(r.Draws, 2)), "draw", "draws"), "seed " + strconv.FormatUint(r.Seed, 10)}
	if r.Stopped == sim.StopMaxDraws {
		parts = append(parts, "precision target not reached")
	}
	return strings.Join(append(parts, "alliancesim "+versionString(version)), " · ")
}

// versionString normalises a version for display: "0.1.0" becomes "v0.1.0",
// and an empty version "(development build)".
func versionString(v string) string {
	switch v = strings.TrimSpace(v); {
	case v == "":
		return "(development build)"
	case v[0] >= '0' && v[0] <= '9':
		return "v" + v
	}
	return v
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// minus is the typographic minus sign (PDF output prints it as "-").
const minus = "−"

// number formats v with dec decimals and a typographic minus sign.
func number(v float64, dec int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	if v < 0 && strings.Trim(s, "0.") != "" {
		return minus + s
	}
	return s
}

// signed is number with an explicit sign: "+1.46", "−0.27", "0.00".
func signed(v float64, dec int) string {
	if s := number(v, dec); v <= 0 || strings.Trim(s, "0.") == "" {
		return s
	}
	return "+" + number(v, dec)
}

// percent formats a probability as a percentage with dec decimals.
func percent(p float64, dec int) string { return strconv.FormatFloat(100*p, 'f', dec, 64) + "%" }

// roundOut rounds 100·p to dec decimals outward (down for a lower bound, up
// for an upper one), so that a printed interval contains the computed one.
func roundOut(p float64, dec int, upper bool) float64 {
	k := math.Pow(10, float64(dec))
	if upper {
		return math.Ceil(100*p*k-1e-7) / k
	}
	return math.Floor(100*p*k+1e-7) / k
}

// percentOut formats an interval bound as a percentage rounded outward.
func percentOut(p float64, dec int, upper bool) string {
	return strconv.FormatFloat(roundOut(p, dec, upper), 'f', dec, 64) + "%"
}

// shareLabel formats a share of runs with dec decimals, adding decimals (up
// to 3) so that a share strictly between 0 and 1 never prints as "0%" or
// "100%"; beyond that it prints "<0.001%" or ">99.999%".
func shareLabel(p float64, dec int) string {
	if p <= 0 || p >= 1 {
		return percent(p, 0)
	}
	for d := dec; d <= 3; d++ {
		if s := percent(p, d); s != percent(0, d) && s != percent(1, d) {
			return s
		}
	}
	if p < 0.5 {
		return "<" + percent(0.00001, 3)
	}
	return ">" + percent(0.99999, 3)
}

// intervalDecimals is the number of decimals, in percent, that gives an
// interval from lo to hi visible width.
func intervalDecimals(lo, hi float64) int {
	switch w := hi - lo; {
	case w < 0.0002:
		return 3
	case w < 0.002:
		return 2
	}
	return 1
}

// proportionLabel formats an estimate with its interval, "33.9% (33.5–34.3%)",
// the interval rounded outward.
func proportionLabel(a sim.Proportion) string {
	dec := intervalDecimals(a.Lo, a.Hi)
	return fmt.Sprintf("%s (%s–%s)", percent(a.P, dec), strings.TrimSuffix(percentOut(a.Lo, dec, false), "%"), percentOut(a.Hi, dec, true))
}

// sigFigs formats v with n significant digits, no exponent and no trailing
// zeros: 2.5, 0.0123, 1230.
func sigFigs(v float64, n int) string {
	if v == 0 || !finite(v) {
		return number(v, 0)
	}
	s := number(v, max(0, n-1-int(math.Floor(math.Log10(math.Abs(v))))))
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// joinNotes joins chart notes into one line.
func joinNotes(notes []string) string { return strings.Join(notes, "; ") }

// finite reports whether all vs are neither NaN nor infinite.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
