package nowcast

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/alliancesim/alliancesim/scenarios"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// MaxFileSize is the largest observations file read (1 MiB). A record of
// ten indicators over a century is about 100 KiB; the limit stops a wrong
// file from being parsed.
const MaxFileSize = 1 << 20

// DataFile is the observations file's name inside a data folder.
const DataFile = "observations.csv"

// Header is the observations file's header, column for column.
var Header = []string{"year", "indicator", "value", "unit", "source", "verified", "note"}

// Year bounds of a record.
const (
	MinYear = 1800
	MaxYear = 2200
)

// Family is how an indicator is distributed given the rung.
type Family string

// The observation families (doc.go gives their equations).
const (
	// Count: a yearly count; negative binomial per rung (the Gamma–Poisson
	// posterior predictive).
	Count Family = "count"
	// Share: a share in [0, 1]; normal on the logit scale per rung.
	Share Family = "share"
	// Positive: a non-negative amount; normal on the log(1 + y) scale.
	Positive Family = "positive"
	// Category: an integer code 0 … Levels−1; categorical per rung.
	Category Family = "category"
)

// IndicatorSpec describes one indicator of the observations file.
type IndicatorSpec struct {
	// Key is the indicator's name in the file's indicator column.
	Key string
	// Family is its observation family.
	Family Family
	// Levels is the number of codes of a Category indicator (0 otherwise).
	Levels int
	// Temper is the power its likelihood is raised to: 1/window for a
	// value averaged over a moving window of years (the arms-import share
	// is a 5-year window, so five consecutive values share most of their
	// information), 1 otherwise.
	Temper float64
	// Unit is the unit the file should give.
	Unit string
	// Doc says what the value is.
	Doc string
	// Alliance, when not nil, is a Category indicator's distribution on
	// the defence-alliance rung fixed by its definition rather than
	// borrowed: no year of the record is an alliance, and a statement
	// that the relationship is not an alliance all but rules one out.
	Alliance []float64
	// Outcome marks an indicator that records the outcome itself (a
	// defence treaty in force): the filter reads it, but it is never
	// watched as a signpost, which would only say that an alliance
	// follows an alliance.
	Outcome bool
	// Doctrine, when set, is the id of the actor whose non-alignment
	// doctrine the indicator reports (a 0/1 Category): not an emission of
	// the rung but of the doctrine's state, which the model drops for good
	// with its hazard (docs/model.md §4.6). The filter weighs each particle
	// by DoctrineDeclared given whether its doctrine is still in force, so
	// that a declared doctrine is not carried into a forecast as dropped.
	Doctrine string
}

// DoctrineDeclared is P(a year's record shows the actor declaring
// non-alignment | its doctrine dropped, in force): a doctrine in force is
// declared in about half the years (in the statements of summit years),
// one dropped for good is
// not declared again but for coding error (0.01, as for the defence
// treaty's mark). A year coded 1 multiplies the odds of the doctrine in
// force by 50, a year coded 0 divides them by about 2; a year with no row
// says nothing.
var DoctrineDeclared = [2]float64{0.01, 0.5}

// Indicators lists every indicator an observations file may hold, in the
// order of a Record's columns.
var Indicators = []IndicatorSpec{
	{Key: "unsc_joint_veto", Family: Count, Temper: 1, Unit: "count/yr", Doc: "UN Security Council drafts vetoed by both China and Russia"},
	{Key: "unsc_china_abstain_on_russia_veto", Family: Count, Temper: 1, Unit: "count/yr", Doc: "drafts Russia vetoed on which China abstained"},
	{Key: "unsc_russia_veto", Family: Count, Temper: 1, Unit: "count/yr", Doc: "drafts vetoed by Russia"},
	{Key: "joint_exercises", Family: Count, Temper: 1, Unit: "count/yr", Doc: "joint military exercises"},
	{Key: "joint_patrols", Family: Count, Temper: 1, Unit: "count/yr", Doc: "joint air or naval patrols"},
	{Key: "arms_import_share", Family: Share, Temper: 0.2, Unit: "share", Doc: "Russia's share of China's arms imports, 5-year window"},
	{Key: "unga_agreement", Family: Share, Temper: 1, Unit: "share", Doc: "share of UN General Assembly votes cast alike"},
	{Key: "statement_code", Family: Category, Levels: 5, Temper: 1, Unit: "code 0-4", Doc: "ordinal code of the year's joint statement"},
	{Key: "statement_not_alliance", Family: Category, Levels: 2, Temper: 1, Unit: "0/1", Doc: "the joint statement says the relationship is not an alliance",
		Alliance: []float64{0.99, 0.01}},
	// A formal alliance is public: a defence treaty in force is the
	// defence-alliance rung's own mark (1 with probability 0.99, the rest
	// coding error), so that the filter does not put mass on an alliance
	// that was never signed because other indicators look like one.
	{Key: "defence_treaty", Family: Category, Levels: 2, Temper: 1, Unit: "0/1", Doc: "a treaty with a mutual defence obligation between the two is in force (ATOP's defense coding)",
		Alliance: []float64{0.01, 0.99}, Outcome: true},
	{Key: "energy_trade", Family: Positive, Temper: 1, Unit: "Mt/yr", Doc: "Russian crude delivered to China"},
	{Key: "china_nonalignment", Family: Category, Levels: 2, Temper: 1, Unit: "0/1", Doc: "China declares a policy of non-alignment (a joint statement, or its head of state)",
		Doctrine: "china"},
}

// NumIndicators is the number of indicators.
var NumIndicators = len(Indicators)

// IndicatorIndex returns the column of indicator key, or -1.
func IndicatorIndex(key string) int {
	for i, s := range Indicators {
		if s.Key == key {
			return i
		}
	}
	return -1
}

func indicatorKeys() string {
	ks := make([]string, len(Indicators))
	for i, s := range Indicators {
		ks[i] = s.Key
	}
	return strings.Join(ks, ", ")
}

// Record is an observations file read into columns: one row per year
// from First to Last, one column per indicator (Indicators order); NaN is
// a value not known (an empty cell, or no row for that year and
// indicator).
type Record struct {
	// File is where the record was read from, for messages and results.
	File string
	// First and Last are the first and last years with any row.
	First, Last int
	// Values[y−First][k] is indicator k's value in year y, or NaN.
	Values [][]float64
	// Verified[y−First][k] is the verified column ("yes", "approx", "no"),
	// empty when there is no row.
	Verified [][]string
}

// NewRecord returns an empty record of years first … last, every value
// unknown: the start of a synthetic record.
func NewRecord(file string, first, last int) *Record {
	r := &Record{File: file, First: first, Last: last}
	for range last - first + 1 {
		r.appendYear()
	}
	return r
}

func (r *Record) appendYear() {
	v := make([]float64, NumIndicators)
	for k := range v {
		v[k] = math.NaN()
	}
	r.Values = append(r.Values, v)
	r.Verified = append(r.Verified, make([]string, NumIndicators))
}

// At returns year's values (NaN where unknown), or nil outside the record.
func (r *Record) At(year int) []float64 {
	if r == nil || year < r.First || year > r.Last {
		return nil
	}
	return r.Values[year-r.First]
}

// Set writes indicator key's value for year, growing the record to cover
// the year (earlier or later) if needed. It is how tests build synthetic
// records and how a caller appends a new year.
func (r *Record) Set(year int, key string, v float64) error {
	k := IndicatorIndex(key)
	if k < 0 {
		return fmt.Errorf("unknown indicator %q (known: %s)", key, indicatorKeys())
	}
	if len(r.Values) == 0 {
		r.First, r.Last = year, year
		r.appendYear()
	}
	for year > r.Last {
		r.Last++
		r.appendYear()
	}
	for year < r.First {
		r.First--
		r.appendYear()
		copy(r.Values[1:], r.Values)
		copy(r.Verified[1:], r.Verified)
		r.Values[0] = make([]float64, NumIndicators)
		for i := range r.Values[0] {
			r.Values[0][i] = math.NaN()
		}
		r.Verified[0] = make([]string, NumIndicators)
	}
	r.Values[year-r.First][k] = v
	return nil
}

// Clone returns a deep copy of the record.
func (r *Record) Clone() *Record {
	c := &Record{File: r.File, First: r.First, Last: r.Last}
	for i := range r.Values {
		c.Values = append(c.Values, append([]float64(nil), r.Values[i]...))
		c.Verified = append(c.Verified, append([]string(nil), r.Verified[i]...))
	}
	return c
}

// Error is one problem in an observations file: the same located problem
// as a scenario file's (its Path the offending column, no Column), so that
// every file a user gives is reported one way.
type Error = scenarios.Error

// ErrorList is every problem found in one file, in line order.
type ErrorList = scenarios.ErrorList

// ReadFile reads an observations file. A path to a folder reads its
// observations.csv.
func ReadFile(path string) (*Record, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, DataFile)
	}
	// Read as a regular file only, without blocking (a FIFO would hang
	// the command); one byte over the limit lets Read say it is too big.
	src, err := scenarios.ReadLimited(path, "observations", MaxFileSize+1)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("read observations: %w", &fs.PathError{Op: "open", Path: pe.Path, Err: pe.Err})
		}
		return nil, fmt.Errorf("read observations: %w", err)
	}
	return Read(path, bytes.NewReader(src))
}

// Read reads an observations file from r; file names it in messages. It
// is strict: the header must be exactly Header; every row needs a year,
// a known indicator, a value that is a number of the indicator's kind or
// empty (unknown), and verified yes, approx or no; a (year, indicator)
// pair may occur once; the file must be UTF-8 and at most MaxFileSize
// bytes. Invalid content gives an ErrorList naming every problem's line.
func Read(file string, r io.Reader) (*Record, error) {
	cr, err := scenarios.TableReader(file, r, MaxFileSize, "read observations", "an observations file is a small table (year, indicator, value, …); is this the right file?")
	if err != nil {
		return nil, err
	}
	cr.FieldsPerRecord = -1
	var errs ErrorList
	add := func(line int, field, msg, hint string) { errs.AddLine(file, line, field, msg, hint) }
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrorList{{File: file, Line: 1, Msg: "the file is empty", Hint: "the first line is the header " + strings.Join(Header, ",")}}
		}
		return nil, ErrorList{{File: file, Line: 1, Msg: err.Error()}}
	}
	if !equalHeader(head) {
		var missing, extra []string
		for _, h := range Header {
			if !contains(head, h) {
				missing = append(missing, h)
			}
		}
		for _, h := range head {
			if !contains(Header, strings.TrimSpace(h)) {
				extra = append(extra, h)
			}
		}
		msg := "the header is not " + strings.Join(Header, ",")
		if len(missing) > 0 {
			msg += "; missing column(s): " + strings.Join(missing, ", ")
		}
		if len(extra) > 0 {
			msg += "; unknown column(s): " + strings.Join(extra, ", ")
		}
		return nil, ErrorList{{File: file, Line: 1, Msg: msg, Hint: "use exactly these seven columns, in this order: " + strings.Join(Header, ",")}}
	}
	type cell struct {
		year int
		k    int
		v    float64
		ver  string
		line int
	}
	var cells []cell
	seen := map[[2]int]int{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				add(pe.Line, "", pe.Err.Error(), "quote a field that holds a comma or a quote")
				if !errors.Is(pe.Err, csv.ErrFieldCount) {
					break
				}
				continue
			}
			add(line, "", err.Error(), "")
			break
		}
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		if len(row) != len(Header) {
			add(line, "", fmt.Sprintf("%d fields, want %d", len(row), len(Header)), "every row has "+strings.Join(Header, ",")+" (empty fields allowed for value, unit, source, note)")
			continue
		}
		c := cell{line: line, k: -1, v: math.NaN()}
		ok := true
		ys := strings.TrimSpace(row[0])
		y, err := strconv.Atoi(ys)
		switch {
		case err != nil:
			add(line, "year", fmt.Sprintf("%q is not a year", row[0]), "a year is an integer such as 2019")
			ok = false
		case y < MinYear || y > MaxYear:
			add(line, "year", fmt.Sprintf("%d is outside %d-%d", y, MinYear, MaxYear), "")
			ok = false
		}
		c.year = y
		key := strings.TrimSpace(row[1])
		c.k = IndicatorIndex(key)
		if c.k < 0 {
			add(line, "indicator", fmt.Sprintf("unknown indicator %q", row[1]), "known indicators: "+indicatorKeys())
			ok = false
		}
		if vs := strings.TrimSpace(row[2]); vs != "" && c.k >= 0 {
			v, msg := parseValue(Indicators[c.k], vs)
			if msg != "" {
				add(line, "value", msg, "leave the value empty if it is not known")
				ok = false
			}
			c.v = v
		}
		switch ver := strings.TrimSpace(row[5]); ver {
		case "yes", "approx", "no":
			c.ver = ver
		default:
			add(line, "verified", fmt.Sprintf("%q is not yes, approx or no", row[5]), "")
			ok = false
		}
		if !ok {
			continue
		}
		if prev, dup := seen[[2]int{c.year, c.k}]; dup {
			add(line, "indicator", fmt.Sprintf("%d %s appears twice (first on line %d)", c.year, key, prev), "keep one row per year and indicator")
			continue
		}
		seen[[2]int{c.year, c.k}] = line
		cells = append(cells, c)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, errs
	}
	if len(cells) == 0 {
		return nil, ErrorList{{File: file, Line: 2, Msg: "the file has a header but no rows", Hint: "add one row per year and indicator"}}
	}
	rec := &Record{File: file, First: cells[0].year, Last: cells[0].year}
	for _, c := range cells {
		rec.First, rec.Last = min(rec.First, c.year), max(rec.Last, c.year)
	}
	for range rec.Last - rec.First + 1 {
		rec.appendYear()
	}
	for _, c := range cells {
		rec.Values[c.year-rec.First][c.k] = c.v
		rec.Verified[c.year-rec.First][c.k] = c.ver
	}
	return rec, nil
}

func equalHeader(h []string) bool {
	if len(h) != len(Header) {
		return false
	}
	for i := range h {
		if strings.TrimSpace(h[i]) != Header[i] {
			return false
		}
	}
	return true
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if strings.TrimSpace(y) == x {
			return true
		}
	}
	return false
}

// parseValue reads a value of indicator s, or says what is wrong with it.
func parseValue(s IndicatorSpec, text string) (float64, string) {
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return math.NaN(), fmt.Sprintf("%q is not a number", text)
	}
	switch s.Family {
	case Count:
		if v < 0 || v != math.Trunc(v) {
			return v, fmt.Sprintf("%s is a count: %q is not a whole number of at least 0", s.Key, text)
		}
	case Share:
		if v < 0 || v > 1 {
			return v, fmt.Sprintf("%s is a share: %q is outside 0 to 1", s.Key, text)
		}
	case Positive:
		if v < 0 {
			return v, fmt.Sprintf("%s is an amount: %q is below 0", s.Key, text)
		}
	case Category:
		if v < 0 || v >= float64(s.Levels) || v != math.Trunc(v) {
			return v, fmt.Sprintf("%s is a code: %q is not a whole number from 0 to %d", s.Key, text, s.Levels-1)
		}
	}
	return v, ""
}
