package era

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/scenarios"
)

// Header is the first line of a bilateral-onsets file
// (data/world/bilateral-onsets.csv; data/README.md has the format).
var Header = []string{"year", "at_risk", "bilateral", "multilateral", "pairs", "source", "verified", "note"}

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
	Verified     string
	Line         int
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

// Present is the driver's estimate for a run that starts in start: the
// ten years before it, against the two eras.
func (r *Record) Present(start int) (Estimate, error) {
	b, err := r.Period(BipolarYears[0], BipolarYears[1])
	if err != nil {
		return Estimate{}, err
	}
	u, err := r.Period(UnipolarYears[0], UnipolarYears[1])
	if err != nil {
		return Estimate{}, err
	}
	w, err := r.Period(start-Window, start-1)
	if err != nil {
		return Estimate{}, err
	}
	return Unipolarity(b, u, w)
}

// Window is the years an estimate reads: ten, about 1.5 onsets at the
// 1992–2016 rate and 16 at the 1946–1991 one, enough to tell the eras
// apart, and short enough that the estimate follows a change within a
// decade.
const Window = 10

var pairRE = regexp.MustCompile(`^[0-9]{1,4}-[0-9]{1,4}$`)

// Read reads a bilateral-onsets file from r; file names it in messages.
// It is strict: the header must be Header; every row a year (consecutive,
// once each), at-risk dyad-years above 0, a bilateral count that matches
// its named pairs, a multilateral count or empty, and verified yes,
// approx or no. Invalid content gives a scenarios.ErrorList naming every
// problem's line and column.
func Read(file string, r io.Reader) (*Record, error) {
	src, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if len(src) > MaxFileSize {
		return nil, scenarios.ErrorList{{File: file, Msg: fmt.Sprintf("the file is larger than %d bytes", MaxFileSize),
			Hint: "a bilateral-onsets file has one short row a year; is this the right file?"}}
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff"))))
	cr.FieldsPerRecord = len(Header)
	var errs scenarios.ErrorList
	add := func(line int, field, msg, hint string) {
		if len(errs) < 50 {
			errs = append(errs, &scenarios.Error{File: file, Line: line, Path: field, Msg: msg, Hint: hint})
		}
	}
	head, err := cr.Read()
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
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				add(pe.Line, "", pe.Err.Error(), "every row has "+strings.Join(Header, ",")+"; quote a field that holds a comma")
				continue
			}
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		y := Year{Line: line, Multilateral: -1}
		ok := true
		bad := func(field, msg, hint string) { add(line, field, msg, hint); ok = false }
		if y.Year, err = strconv.Atoi(row[0]); err != nil || y.Year < 1816 || y.Year > 2100 {
			bad("year", fmt.Sprintf("%q is not a year from 1816 to 2100", row[0]), "")
		}
		if y.AtRisk, err = strconv.ParseFloat(row[1], 64); err != nil || !(y.AtRisk > 0) || math.IsInf(y.AtRisk, 0) {
			bad("at_risk", fmt.Sprintf("%q is not a number of dyad-years above 0", row[1]), "")
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
		for _, p := range y.Pairs {
			if !pairRE.MatchString(p) {
				bad("pairs", fmt.Sprintf("%q is not a pair of COW codes", p), `write each pair as "365-731", pairs separated by spaces`)
			}
		}
		if ok && len(y.Pairs) != y.Bilateral {
			bad("pairs", fmt.Sprintf("%d pairs named for a count of %d", len(y.Pairs), y.Bilateral), "name every bilateral onset counted, and no other")
		}
		switch row[6] {
		case "yes", "approx", "no":
			y.Verified = row[6]
		default:
			bad("verified", fmt.Sprintf("%q is not yes, approx or no", row[6]), "")
		}
		if last != 0 && y.Year != last+1 {
			bad("year", fmt.Sprintf("%d follows %d", y.Year, last), "one row a year, in order, none left out")
		}
		if y.Year != 0 {
			last = y.Year
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
