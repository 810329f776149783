package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
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
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
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
	tf := boldFont
	switch format {
	case "png":
		cw = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(o.DPI), vgimg.UseBackgroundColor(color.White))}
	case "svg":
		cw = vgsvg.New(o.Width, o.Height)
	case "pdf":
		// vgpdf (gonum/plot v0.17.0) cannot mix faces in one PDF: a bold
		// face fails with "undefined font", and every face is embedded
		// under the same file name so only one survives. Titles are regular.
		cw, tf = pdfCanvas{vgpdf.New(o.Width, o.Height)}, sansFont
	}
	ch.draw(draw.New(cw), tf)
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

// pdfCanvas fixes the text encoding of vgpdf, which hands UTF-8 strings to
// a font encoded in Windows-1252, so that "·" would print as "Â·".
type pdfCanvas struct{ *vgpdf.Canvas }

func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.Canvas.FillString(f, pt, toCP1252(s))
}

// toCP1252 encodes s in Windows-1252, spelling out the few characters the
// charts use that it lacks and replacing anything else it cannot encode by
// "?".
func toCP1252(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if t, ok := pdfSpelling[r]; ok {
			b = append(b, t...)
		} else if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b = append(b, c)
		} else {
			b = append(b, '?')
		}
	}
	return string(b)
}

// pdfSpelling spells characters outside Windows-1252 for PDF output: μ as
// the micro sign, which looks the same, the others in words.
var pdfSpelling = map[rune]string{'−': "-", 'Δ': "Delta", 'μ': "\xb5", 'σ': "sigma", 'Σ': "sum of "}

// Save writes the chart to path in the format named by its extension (.png,
// .svg or .pdf), at the size of o and, for PNG, at o.DPI. The file is
// written atomically, through a temporary file in the same directory
// renamed over path when complete: a failed write leaves path as it was.
func (ch *Chart) Save(path string, o Options) error {
	b, err := ch.render(filepath.Ext(path), o)
	if err != nil {
		return fmt.Errorf("%w (writing %s)", err, path)
	}
	return writeAtomic(path, b)
}

// writeAtomic writes b to path through a temporary file and a rename.
func writeAtomic(path string, b []byte) (err error) {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(orDefault(dir, "."), "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("plots: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("plots: writing %s: %w", path, err)
		}
	}()
	for _, step := range []func() error{
		func() error { _, err := f.Write(b); return err }, f.Sync, func() error { return f.Chmod(0o644) }, f.Close,
	} {
		if err = step(); err != nil {
			return err
		}
	}
	return os.Rename(f.Name(), path)
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
