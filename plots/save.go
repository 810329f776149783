package plots

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// Formats lists the file formats Save and WriteTo support.
var Formats = []string{"png", "svg", "pdf"}

// normFormat turns ".PNG" or "png" into "png" and checks it is supported.
func normFormat(f string) (string, error) {
	f = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(f), "."))
	for _, ok := range Formats {
		if f == ok {
			return f, nil
		}
	}
	if f == "" {
		return "", fmt.Errorf("plots: no file format given (use %s)", strings.Join(Formats, ", "))
	}
	return "", fmt.Errorf("plots: unsupported chart format %q (use %s)", f, strings.Join(Formats, ", "))
}

// normFormats normalises and de-duplicates formats; empty means PNG.
func normFormats(formats []string) ([]string, error) {
	if len(formats) == 0 {
		return []string{"png"}, nil
	}
	var out []string
	for _, f := range formats {
		n, err := normFormat(f)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// WriteTo renders the chart in format ("png", "svg" or "pdf") at the size
// and resolution of o and writes it to w.
func (ch *Chart) WriteTo(w io.Writer, format string, o Options) (int64, error) {
	b, err := ch.render(format, o)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// render returns the chart encoded in format.
func (ch *Chart) render(format string, o Options) (out []byte, err error) {
	if ch == nil || ch.Plot == nil {
		return nil, errors.New("plots: empty chart")
	}
	if format, err = normFormat(format); err != nil {
		return nil, err
	}
	if o, err = o.withDefaults(); err != nil {
		return nil, err
	}
	defer func() {
		// gonum/plot panics on some impossible geometry; report it as an
		// error rather than crash the run that asked for a chart.
		if e := recover(); e != nil {
			out, err = nil, fmt.Errorf("plots: rendering %q as %s: %v", ch.Title, format, e)
		}
	}()
	var cw vg.CanvasWriterTo
	switch format {
	case "png":
		cw = pngCanvas{vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(o.DPI), vgimg.UseBackgroundColor(color.White))}
	case "svg":
		cw = vgsvg.New(o.Width, o.Height)
	case "pdf":
		cw = newPDFCanvas(o.Width, o.Height)
	}
	ch.Draw(draw.New(cw))
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding %s: %w", format, err)
	}
	if format == "svg" {
		// Text is positioned with Liberation Sans metrics; Arial and
		// Helvetica have the same, so a viewer without Liberation Sans
		// still lays it out right instead of falling back to a serif.
		return bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
			[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")), nil
	}
	return buf.Bytes(), nil
}

// pngCanvas is vgimg.PngCanvas encoding at png.BestSpeed rather than
// image/png's default level: a chart's flat colours compress almost as
// well (files about 3% larger), and the encoding, which was three fifths
// of the time a chart takes (BenchmarkRenderScenario), takes a third less.
type pngCanvas struct{ *vgimg.Canvas }

func (c pngCanvas) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(cw, c.Image())
	return cw.n, err
}

// countingWriter counts the bytes written through it, for WriteTo.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// pdfCanvas draws text in the Liberation fonts embedded as UTF-8 TrueType
// (subsets), regular and bold alike: vgpdf (gonum/plot v0.17.0) embeds its
// fonts in Windows-1252, which has no Δ, − or σ, and registers a bold face
// under a style it then cannot find. It reaches vgpdf's document, which
// vgpdf does not export, to add the fonts; the rest is vgpdf's.
type pdfCanvas struct {
	*vgpdf.Canvas
	doc   *fpdf.Fpdf
	fonts map[string]bool
}

func newPDFCanvas(w, h vg.Length) pdfCanvas {
	c := vgpdf.New(w, h)
	f := reflect.ValueOf(c).Elem().FieldByName("doc")
	doc := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(*fpdf.Fpdf)
	return pdfCanvas{Canvas: c, doc: doc, fonts: map[string]bool{}}
}

// FillString draws s as vgpdf does, in the face's own font.
func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	name := f.Name()
	if !c.fonts[name] {
		var b bytes.Buffer
		if _, err := f.Face.WriteSourceTo(nil, &b); err != nil {
			panic(err)
		}
		c.doc.AddUTF8FontFromBytes(name, "", b.Bytes())
		c.fonts[name] = true
	}
	c.doc.SetFont(name, "", f.Font.Size.Points())
	c.Push()
	defer c.Pop()
	c.Translate(pt)
	c.Scale(1, -1) // fpdf's origin is the top left corner
	_, h := c.doc.GetFontSize()
	ext := f.Extents()
	top := -float64(ext.Ascent) * h / float64(ext.Ascent+ext.Descent)
	c.doc.MoveTo(-c.doc.GetCellMargin(), top)
	c.doc.CellFormat(c.doc.GetStringWidth(s), h, s, "", 0, "BL", false, 0, "")
}

// Save writes the chart to path in the format named by its extension (.png,
// .svg or .pdf), at the size of o and, for PNG, at o.DPI. The file is
// written atomically, through a temporary file in the same directory
// renamed over path when complete: a failed write leaves path as it was.
func (ch *Chart) Save(path string, o Options) error {
	b, err := ch.render(filepath.Ext(path), o)
	if err != nil {
		return fmt.Errorf("%w (writing %s)", err, path)
	}
	// The results package's atomic write: a temporary file in the same
	// directory, synced, renamed over path.
	if err := results.WriteFile(path, b); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// SaveAll writes the chart to dir/base.<format> for each format and returns
// the paths written. Formats may be given as "png" or ".png"; an empty list
// means PNG only. All formats are checked before anything is written. On an
// error it returns the paths already written and the error.
func SaveAll(ch *Chart, dir, base string, formats []string, o Options) ([]string, error) {
	fs, err := normFormats(formats)
	if err != nil {
		return nil, err
	}
	if base == "" || strings.ContainsRune(base, filepath.Separator) {
		return nil, fmt.Errorf("plots: bad chart file name %q", base)
	}
	if o.Warn != nil && ch != nil {
		for _, w := range ch.Warnings {
			o.Warn(base, w)
		}
	}
	var paths []string
	for _, f := range fs {
		p := filepath.Join(dir, base+"."+f)
		if err := ch.Save(p, o); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Kinds of chart, which are also the base names of their files.
// RenderScenario writes an actor's waterfall as "explain-" + the actor's
// name in lower case.
const (
	KindStates        = "states"
	KindAlliance      = "alliance"
	KindLatent        = "latent"
	KindOnset         = "onset"
	KindBlocking      = "blocking"
	KindEvents        = "events"
	KindExplainLatent = "explain-latent"
	KindExplainLines  = "explain-lines"
	KindCompareCurves = "compare-curves"
	KindCompareDots   = "compare-dots"
	// The backtest's (RenderBacktest).
	KindReliability   = "backtest-reliability"
	KindBacktestCases = "backtest-cases"
	// The analyses'.
	KindTornado          = "tornado"
	KindMorris           = "morris"
	KindSobol            = "sobol"
	KindSobolConvergence = "sobol-convergence"
	KindSweep            = "sweep"
	KindPrimTradeoff     = "prim-tradeoff"
	// The observed record's.
	KindNowcast             = "nowcast"
	KindPriorPosterior      = "calibration-weights"
	KindPosteriorPredictive = "calibration-cases"
	KindCalibrationPath     = "calibration-path"
)

// Errors of a builder given nothing to plot.
var (
	errNilResult      = errors.New("plots: no result to plot (nil *sim.Result)")
	errNilExplanation = errors.New("plots: no explanation to plot (nil *model.Explanation)")
	errNilSet         = errors.New("plots: no scenarios to compare (nil or empty *sim.Set)")
	errNilBacktest    = errors.New("plots: no backtest to plot (nil *backtest.Report)")
	errNilSobol       = errors.New("plots: no Sobol result to plot (nil *analysis.SobolResult)")
	errNilConvergence = errors.New("plots: no convergence result to plot (nil *analysis.ConvergenceResult)")
	errNilSweep       = errors.New("plots: no sweep to plot (nil *analysis.SweepResult)")
	errNilPrim        = errors.New("plots: no PRIM result to plot (nil *analysis.PrimResult)")
	errNilNowcast     = errors.New("plots: no nowcast to plot (nil *nowcast.File)")
	errNilCalibration = errors.New("plots: no calibration to plot (nil *calibrate.File)")
)

// RenderedChart is a chart written by RenderScenario, RenderComparison,
// RenderExplanation or RenderBacktest.
type RenderedChart struct {
	// Kind names the chart, such as "alliance" or "explain-russia"; it is
	// also the base name of its files.
	Kind string
	// Title is the chart's title as drawn.
	Title string
	// Caption is a sentence or two in plain English on what the chart
	// shows and how to read it, for the text under the chart in a report.
	Caption string
	// Files maps each format ("png", "svg", "pdf") to the file's base name
	// in the output directory, such as "alliance.png".
	Files map[string]string
}

// Builder builds a chart of a kind, at a size of its own when Options is
// set: one entry of the charts RenderCharts (and each Render function)
// builds and writes.
type Builder struct {
	// Kind is the base name of the chart's files, such as "tornado".
	Kind string
	// Build builds the chart.
	Build func() (*Chart, error)
	// Options, when not nil, replaces the options the chart is saved with
	// (a size of its own).
	Options *Options
}

// RenderCharts builds every chart of bs, then writes each to
// dir/<kind>.<format> for every format, the charts on all CPUs. It returns
// the paths written, in the order of bs and formats; on an error, those
// written before it and the error, which names the chart.
func RenderCharts(bs []Builder, dir string, formats []string, o Options) ([]string, error) {
	_, paths, err := renderAll(bs, dir, formats, o)
	return paths, err
}

// renderAll checks the formats and options, builds every chart (so that
// bad input writes nothing) and writes each to dir/<kind>.<format>. It
// returns what it wrote, as RenderedCharts and as paths in write order; on
// a write error, what was written before it.
func renderAll(bs []Builder, dir string, formats []string, o Options) ([]RenderedChart, []string, error) {
	if _, err := normFormats(formats); err != nil {
		return nil, nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, nil, err
	}
	charts := make([]*Chart, len(bs))
	for i, b := range bs {
		var err error
		if charts[i], err = b.Build(); err != nil {
			return nil, nil, fmt.Errorf("%s chart: %w", b.Kind, err)
		}
	}
	// Rendering (rasterising, encoding PNG and PDF) is most of the time,
	// and each chart is independent: save them on all CPUs, then collect
	// in order, so the files and the returned lists are as one at a time.
	// The charts' warnings are given in chart order afterwards, as SaveAll
	// would give them, so that the terminal reads the same whichever chart
	// finishes first.
	type saved struct {
		paths []string
		err   error
	}
	res := make([]saved, len(bs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, b := range bs {
		oc := *cmp.Or(b.Options, &o)
		oc.Warn = nil
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			res[i].paths, res[i].err = SaveAll(charts[i], dir, b.Kind, formats, oc)
			if res[i].err != nil {
				res[i].err = fmt.Errorf("%s chart: %w", b.Kind, res[i].err)
			}
		})
	}
	wg.Wait()
	for i, b := range bs {
		if warn := cmp.Or(b.Options, &o).Warn; warn != nil {
			for _, w := range charts[i].Warnings {
				warn(b.Kind, w)
			}
		}
	}
	var out []RenderedChart
	var paths []string
	for i, b := range bs {
		ps, err := res[i].paths, res[i].err
		paths = append(paths, ps...)
		if len(ps) > 0 {
			rc := RenderedChart{Kind: b.Kind, Title: charts[i].Title, Caption: charts[i].Description, Files: map[string]string{}}
			for _, p := range ps {
				f, _ := normFormat(filepath.Ext(p))
				rc.Files[f] = filepath.Base(p)
			}
			out = append(out, rc)
		}
		if err != nil {
			return out, paths, err
		}
	}
	return out, paths, nil
}

// Render draws the three charts of a run and writes them to dir as
// states.<ext>, alliance.<ext> and latent.<ext> for each format, building
// every chart before writing any file. dir must exist. It returns the paths
// written. RenderScenario draws the full set of charts of a scenario.
func Render(r *sim.Result, dir string, formats []string, o Options) ([]string, error) {
	_, paths, err := renderAll(resultCharts(r, o)[:3], dir, formats, o)
	return paths, err
}

// resultCharts are the builders of the charts of a run.
func resultCharts(r *sim.Result, o Options) []Builder {
	b := func(kind string, f func(*sim.Result, Options) (*Chart, error)) Builder {
		return Builder{Kind: kind, Build: func() (*Chart, error) { return f(r, o) }}
	}
	bs := []Builder{b(KindStates, StateArea), b(KindAlliance, AllianceCurve), b(KindLatent, LatentFan),
		b(KindOnset, OnsetHistogram), b(KindBlocking, BlockingBars)}
	if r != nil && len(r.Events) > 0 {
		bs = append(bs, b(KindEvents, EventImpact))
	}
	return bs
}

// RenderScenario draws the full set of charts of one scenario and writes
// each to dir as <kind>.<format> for every format (PNG when formats is
// empty). The kinds, in order: states, alliance, latent (StateArea,
// AllianceCurve, LatentFan); onset (OnsetHistogram); blocking
// (BlockingBars); events (EventImpact, left out when the scenario has no
// events); and, when ex is not nil (the central run of the same scenario),
// the charts of RenderExplanation for o.ExplainYear. Every chart is built
// before any file is written; dir must exist. It returns the charts
// written; on a write error, those written before it and the error.
func RenderScenario(r *sim.Result, ex *model.Explanation, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if r == nil {
		return nil, errNilResult
	}
	if ex != nil && ex.Scenario != r.Scenario {
		return nil, fmt.Errorf("plots: the explanation is of scenario %q but the result of %q", ex.Scenario, r.Scenario)
	}
	bs := resultCharts(r, o)
	if ex != nil {
		bs = append(bs, explanationCharts(ex, o.ExplainYear, o)...)
	}
	out, _, err := renderAll(bs, dir, formats, o)
	return out, err
}

// RenderExplanation draws the charts of a central run alone and writes them
// to dir: explain-latent (Waterfall of the latent pressure), explain-<actor>
// for each actor (Waterfall of its utility, named after the actor in lower
// case with hyphens, or explain-first and explain-second when the names are
// missing, equal, or "latent" or "lines"), the waterfalls for year (the
// first year when 0), and explain-lines (ContributionLines). Every chart is
// built before any file is written; dir must exist.
func RenderExplanation(ex *model.Explanation, year int, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if ex == nil {
		return nil, errNilExplanation
	}
	out, _, err := renderAll(explanationCharts(ex, year, o), dir, formats, o)
	return out, err
}

// explanationCharts are the builders of the charts of a central run.
func explanationCharts(ex *model.Explanation, year int, o Options) []Builder {
	ak := actorKinds(ex.Actors)
	w := func(kind, target string) Builder {
		return Builder{Kind: kind, Build: func() (*Chart, error) { return Waterfall(ex, year, target, o) }}
	}
	return []Builder{w(KindExplainLatent, TargetLatent), w(ak[0], TargetFirst), w(ak[1], TargetSecond),
		{Kind: KindExplainLines, Build: func() (*Chart, error) { return ContributionLines(ex, TargetLatent, o) }}}
}

// actorKinds are the kinds of the two actors' waterfalls.
func actorKinds(names [2]string) [2]string {
	a, b := actorSlug(names[0]), actorSlug(names[1])
	for _, s := range []string{a, b} {
		if s == "" || s == "latent" || s == "lines" || a == b {
			return [2]string{"explain-first", "explain-second"}
		}
	}
	return [2]string{"explain-" + a, "explain-" + b}
}

// actorSlug is a name as a file name part: lower case, runs of anything but
// ASCII letters and digits turned into one hyphen ("United States" →
// "united-states").
func actorSlug(name string) string {
	f := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	return strings.Join(f, "-")
}

// RenderComparison draws the charts comparing the scenarios of a set and
// writes them to dir as compare-curves.<format> (CompareCurves) and
// compare-dots.<format> (CompareDots). Both are built before any file is
// written; dir must exist.
func RenderComparison(set *sim.Set, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if set == nil || len(set.Results) == 0 {
		return nil, errNilSet
	}
	out, _, err := renderAll([]Builder{
		{Kind: KindCompareCurves, Build: func() (*Chart, error) { return CompareCurves(set.Results, o) }},
		{Kind: KindCompareDots, Build: func() (*Chart, error) { return CompareDots(set, o) }},
	}, dir, formats, o)
	return out, err
}
