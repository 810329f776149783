package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SweepTable is sweep.csv read back: the swept values' paths and every
// grid point.
type SweepTable struct {
	// Axes are the swept values' paths, from the header: one for a curve,
	// two for a grid.
	Axes []string
	// Points are the rows in the file's order (for a grid, the last axis
	// varies fastest).
	Points []SweepRow
}

// SweepRow is one grid point: the swept values (one per axis) and
// P(alliance by the horizon) with its 95% interval, standard error and
// number of draws.
type SweepRow struct {
	X             []float64
	P, Lo, Hi, SE float64
	Draws         int64
}

// sweepColumns are the columns after the axes, as SweepCSV writes them.
var sweepColumns = []string{"p_alliance", "lo", "hi", "se", "draws"}

// ReadSweepCSV reads sweep.csv as SweepCSV writes it: a column per swept
// value (named by its path), then p_alliance, lo, hi, se and draws. It
// refuses a file with another header, no rows, or a value that is not a
// number (a probability outside 0 to 1 included), naming the line.
func ReadSweepCSV(data []byte) (*SweepTable, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("not a sweep file: %v", err)
	}
	if len(rows) == 0 {
		return nil, errors.New("not a sweep file: it is empty")
	}
	hdr := rows[0]
	if len(hdr) > 0 {
		hdr[0] = strings.TrimPrefix(hdr[0], "\ufeff")
	}
	nAxes := len(hdr) - len(sweepColumns)
	if nAxes < 1 || nAxes > 2 || strings.Join(hdr[nAxes:], ",") != strings.Join(sweepColumns, ",") {
		return nil, fmt.Errorf("not a sweep file: header %q, want one or two swept values' paths, then %s", strings.Join(hdr, ","), strings.Join(sweepColumns, ","))
	}
	t := &SweepTable{}
	for _, a := range hdr[:nAxes] {
		a = strings.TrimSpace(a)
		if a == "" {
			return nil, errors.New("not a sweep file: a swept value's column has no name")
		}
		t.Axes = append(t.Axes, a)
	}
	if nAxes == 2 && t.Axes[0] == t.Axes[1] {
		return nil, fmt.Errorf("not a sweep file: %s is swept twice", t.Axes[0])
	}
	for i, row := range rows[1:] {
		line := i + 2
		if len(row) != len(hdr) {
			return nil, fmt.Errorf("sweep file, line %d: %d fields, want %d", line, len(row), len(hdr))
		}
		var p SweepRow
		num := func(k int) (float64, error) {
			x, err := strconv.ParseFloat(strings.TrimSpace(row[k]), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("sweep file, line %d: %s %q is not a number", line, hdr[k], row[k])
			}
			return x, nil
		}
		for k := range nAxes {
			x, err := num(k)
			if err != nil {
				return nil, err
			}
			p.X = append(p.X, x)
		}
		for k, dst := range []*float64{&p.P, &p.Lo, &p.Hi, &p.SE} {
			x, err := num(nAxes + k)
			if err != nil {
				return nil, err
			}
			if x < 0 || x > 1 {
				return nil, fmt.Errorf("sweep file, line %d: %s %s is not a probability", line, hdr[nAxes+k], row[nAxes+k])
			}
			*dst = x
		}
		if !(p.Lo <= p.P && p.P <= p.Hi) {
			return nil, fmt.Errorf("sweep file, line %d: p_alliance %g is not within its interval %g to %g", line, p.P, p.Lo, p.Hi)
		}
		n, err := strconv.ParseInt(strings.TrimSpace(row[len(row)-1]), 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("sweep file, line %d: draws %q is not a count", line, row[len(row)-1])
		}
		p.Draws = n
		t.Points = append(t.Points, p)
	}
	if len(t.Points) == 0 {
		return nil, errors.New("sweep file: no points")
	}
	return t, nil
}
