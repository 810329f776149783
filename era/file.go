package era

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/scenarios"
)

// Header is the first line of a bilateral-onsets file
// (data/world/bilateral-onsets.csv; data/README.md has the format).
var Header = []string{"year", "at_risk", "bilateral", "multilateral", "pairs", "judgement", "source", "verified", "note"}

// MaxFileSize bounds a bilateral-onsets file: a row a year is a few
// hundred bytes.
const MaxFileSize = 1 << 20

// The eras the driver's two ends stand for (docs/model.md §8).
var (
	BipolarYears  = [2]int{1946, 1991}
	UnipolarYears = [2]int{1992, 2016}
)

// Record is a bilateral-onsets file: one Year a year, consecutive.
type Record struct {
	File  string
	Years []Year
}

// Year is one row of the record.
type Year struct {
	Year   int
	AtRisk float64
	// Bilateral is the count; Pairs names them (COW codes, "365-731").
	Bilateral    int
	Multilateral int // -1 when not counted
	Pairs        []string
	// Judgement is the onsets that the year's judgement calls, read the
	// other way, would add (0 when there are none).
	Judgement int
	Verified  string
	Line      int
}

// Period sums the record's years from through to.
func (r *Record) Period(from, to int) (Period, error) {
	if len(r.Years) == 0 || from < r.Years[0].Year || to > r.Years[len(r.Years)-1].Year || from > to {
		first, last := 0, 0
		if len(r.Years) > 0 {
			first, last = r.Years[0].Year, r.Years[len(r.Years)-1].Year
		}
		return Period{}, fmt.Errorf("%s holds the years %d–%d, not %d–%d", r.File, first, last, from, to)
	}
	p := Period{From: from, To: to}
	for _, y := range r.Years[from-r.Years[0].Year : to-r.Years[0].Year+1] {
		p.AtRisk += y.AtRisk
		p.Onsets += y.Bilateral
	}
	return p, nil
}

// Judgement is the onsets the judgement calls of the years from through to
// would add, read the other way.
func (r *Record) Judgement(from, to int) int {
	n := 0
	for _, y := range r.Years {
		if y.Year >= from && y.Year <= to {
			n += y.Judgement
		}
	}
	return n
}

// Eras are the record's two reference periods, BipolarYears and
// UnipolarYears; the error, for a record that does not cover them, says so
// with a hint.
func (r *Record) Eras() (bipolar, unipolar Period, err error) {
	for _, e := range []struct {
		p     *Period
		years [2]int
	}{{&bipolar, BipolarYears}, {&unipolar, UnipolarYears}} {
		if *e.p, err = r.Period(e.years[0], e.years[1]); err != nil {
			return Period{}, Period{}, fmt.Errorf("%w\n  hint: the file must cover the two eras, %d–%d and %d–%d (docs/model.md §8)", err, BipolarYears[0], BipolarYears[1], UnipolarYears[0], UnipolarYears[1])
		}
	}
	return bipolar, unipolar, nil
}

// EraWindows are the estimates of the later era's own ten-year windows,
// every five years from its first (1992–2001) to its last (2007–2016),
// each against the era's other years: the yardstick a present window is
// read against. The window of a run starting in skip is left out.
func (r *Record) EraWindows(skip int) ([]Estimate, error) {
	var out []Estimate
	for s := UnipolarYears[0] + Window; s <= UnipolarYears[1]+1; s += 5 {
		if s == skip {
			continue
		}
		e, err := r.Present(s)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Present is the estimate for a run that starts in start: the Window
// years before it, against the two eras with the window's own years left
// out of them, so that a window inside an era is not compared with
// itself.
func (r *Record) Present(start int) (Estimate, error) {
	return r.present(start, 0)
}

// OtherReading is Present with the window's judgement calls read the other
// way (Record.Judgement), and the onsets they add.
func (r *Record) OtherReading(start int) (Estimate, int, error) {
	j := r.Judgement(start-Window, start-1)
	e, err := r.present(start, j)
	return e, j, err
}

func (r *Record) present(start, extra int) (Estimate, error) {
	w, err := r.Period(start-Window, start-1)
	if err != nil {
		return Estimate{}, err
	}
	w.Onsets += extra
	var ref [2]Period
	if ref[0], ref[1], err = r.Eras(); err != nil {
		return Estimate{}, err
	}
	for i, y := range [][2]int{BipolarYears, UnipolarYears} {
		if lo, hi := max(y[0], w.From), min(y[1], w.To); lo <= hi {
			o, _ := r.Period(lo, hi)
			ref[i].AtRisk -= o.AtRisk
			ref[i].Onsets -= o.Onsets
		}
	}
	return Unipolarity(ref[0], ref[1], w)
}

// Window is the years an estimate reads: ten, about 1.5 onsets at the
// 1992–2016 rate and 16 at the 1946–1991 one, enough to tell the eras
// apart, and short enough that the estimate follows a change within a
// decade.
const Window = 10

// Value is the driver's value for a scenario under docs/coding.md rule
// 157: 0 up to 1991 and 1 in 1992–2016 by date; from 2017 the estimate's
// probability of the later era, as a bernoulli input (each run in one era
// or the other), fixed at 1 or 0 when it rounds there at three decimals.
// It is the YAML value without sources, as in "{fixed: 1}".
func Value(start int, e Estimate) string {
	switch {
	case start <= BipolarYears[1]:
		return "{fixed: 0}"
	case start <= UnipolarYears[1]:
		return "{fixed: 1}"
	}
	p := math.Round(1000*e.P) / 1000
	switch p {
	case 1:
		return "{fixed: 1}"
	case 0:
		return "{fixed: 0}"
	}
	return fmt.Sprintf("{bernoulli: %g}", p)
}

// Line is the scenario file's line for a run that starts in start, with
// the estimate e of its window (Record.Present): the value of Value and,
// from 2017, the two sources docs/coding.md rule 157 asks for. Before 2017
// the value is by date and Line gives the rule as its source.
func Line(start int, e Estimate) string {
	v := strings.TrimSuffix(Value(start, e), "}")
	if start <= UnipolarYears[1] {
		return fmt.Sprintf(`unipolarity: %s, sources: ["docs/coding.md 7: 0 up to 1991, 1 in 1992-2016 (start year %d)"]}`, v, start)
	}
	w := e.Window
	return fmt.Sprintf(`unipolarity: %s, sources: ["docs/coding.md 7, rule 157: from 2017 measured by the bilateral onsets of the ten years before the start", "alliancesim era --start %d: %d bilateral defence-pledge onsets in %s at-risk dyad-years in %d-%d (data/world/bilateral-onsets.csv): P(the 1992-2016 era's rate) %s"]}`,
		v, start, w.Onsets, format.Thousands(int64(w.AtRisk+0.5)), w.From, w.To, Prob(e.P))
}

// Prob writes a probability near 0 or 1 with the digits that tell it from
// them: 0.9999 rather than 1.
func Prob(p float64) string {
	switch {
	case p > 0.9999:
		return ">0.9999"
	case p < 0.0001:
		return "<0.0001"
	case p > 0.99 || p < 0.01:
		return fmt.Sprintf("%.4f", p)
	}
	return fmt.Sprintf("%.2f", p)
}

var pairRE = regexp.MustCompile(`^[0-9]{1,4}-[0-9]{1,4}$`)

// Read reads a bilateral-onsets file from r; file names it in messages.
// It is strict: the header must be Header; every row a year (consecutive,
// once each), at-risk dyad-years a whole number no smaller than the
// onsets, a bilateral count that matches its named pairs, a multilateral
// count or empty, a judgement count or empty, and verified yes, approx or
// no. Invalid content gives a scenarios.ErrorList naming every problem's
// line and field.
func Read(file string, r io.Reader) (*Record, error) {
	cr, err := scenarios.TableReader(file, r, MaxFileSize, "read", "a bilateral-onsets file has one short row a year; is this the right file?")
	if err != nil {
		return nil, err
	}
	cr.FieldsPerRecord = len(Header)
	var errs scenarios.ErrorList
	add := func(line int, field, msg, hint string) { errs.AddLine(file, line, field, msg, hint) }
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, scenarios.ErrorList{{File: file, Line: 1, Msg: "the file is empty", Hint: "the first line is the header " + strings.Join(Header, ",")}}
	}
	if err != nil || strings.Join(head, ",") != strings.Join(Header, ",") {
		return nil, scenarios.ErrorList{{File: file, Line: 1, Msg: "the header is not " + strings.Join(Header, ","),
			Hint: "use exactly these columns, in this order"}}
	}
	rec := &Record{File: file}
	last := 0 // the year of the row before
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				add(pe.StartLine, "", pe.Err.Error(), "every row has "+strings.Join(Header, ",")+"; quote a field that holds a comma")
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					continue
				}
				break // after a quoting error the rest of the file is not rows
			}
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		line, _ := cr.FieldPos(0) // only for a row read without error
		y := Year{Line: line, Multilateral: -1}
		ok := true
		bad := func(field, msg, hint string) { add(line, field, msg, hint); ok = false }
		if y.Year, err = strconv.Atoi(row[0]); err != nil || y.Year < 1816 || y.Year > 2100 {
			bad("year", fmt.Sprintf("%q is not a year from 1816 to 2100", row[0]), "")
		}
		if y.AtRisk, err = strconv.ParseFloat(row[1], 64); err != nil || !(y.AtRisk >= 1) || math.IsInf(y.AtRisk, 0) || y.AtRisk != math.Trunc(y.AtRisk) {
			bad("at_risk", fmt.Sprintf("%q is not a whole number of dyad-years, 1 or more", row[1]), "")
		}
		if y.Bilateral, err = strconv.Atoi(row[2]); err != nil || y.Bilateral < 0 {
			bad("bilateral", fmt.Sprintf("%q is not a count", row[2]), "a count is a whole number, 0 or more")
		}
		if row[3] != "" {
			if y.Multilateral, err = strconv.Atoi(row[3]); err != nil || y.Multilateral < 0 {
				bad("multilateral", fmt.Sprintf("%q is not a count", row[3]), "leave it empty when it was not counted")
			}
		}
		if row[4] != "" {
			y.Pairs = strings.Fields(row[4])
		}
		if row[5] != "" {
			if y.Judgement, err = strconv.Atoi(row[5]); err != nil || y.Judgement < 0 {
				bad("judgement", fmt.Sprintf("%q is not a count", row[5]), "the onsets the year's judgement calls would add, read the other way; empty for none")
			}
		}
		for _, p := range y.Pairs {
			if !pairRE.MatchString(p) {
				bad("pairs", fmt.Sprintf("%q is not a pair of COW codes", p), `write each pair as "365-731", pairs separated by spaces`)
			}
		}
		if ok && len(y.Pairs) != y.Bilateral {
			bad("pairs", fmt.Sprintf("%d pairs named for a count of %d", len(y.Pairs), y.Bilateral), "name every bilateral onset counted, and no other")
		}
		switch row[7] {
		case "yes", "approx", "no":
			y.Verified = row[7]
		default:
			bad("verified", fmt.Sprintf("%q is not yes, approx or no", row[7]), "")
		}
		yearOK := y.Year >= 1816 && y.Year <= 2100
		switch {
		case !yearOK || last == 0:
		case y.Year == last:
			bad("year", fmt.Sprintf("%d twice", y.Year), "one row a year")
		case y.Year != last+1:
			bad("year", fmt.Sprintf("%d follows %d", y.Year, last), "one row a year, in order, none left out")
		}
		if yearOK {
			last = y.Year
		}
		if ok && float64(y.Bilateral+max(y.Multilateral, 0)) > y.AtRisk {
			bad("bilateral", fmt.Sprintf("%d onsets in %.0f at-risk dyad-years", y.Bilateral+max(y.Multilateral, 0), y.AtRisk), "each onset is one of the year's at-risk dyads")
		}
		if ok {
			rec.Years = append(rec.Years, y)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(rec.Years) == 0 {
		return nil, scenarios.ErrorList{{File: file, Line: 1, Msg: "the file has no rows", Hint: "one row a year follows the header"}}
	}
	return rec, nil
}
