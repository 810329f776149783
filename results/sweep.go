package results

import (
	"strconv"

	"github.com/alliancesim/alliancesim/study"
)

// SweepCSV renders sweep.csv: one row per grid point, a column per swept
// value (named by its path), then p_alliance, lo, hi, se and draws.
func SweepCSV(res *study.SweepResult) ([]byte, error) {
	hdr := []string{}
	for _, a := range res.Axes {
		hdr = append(hdr, a.Key)
	}
	hdr = append(hdr, "p_alliance", "lo", "hi", "se", "draws")
	rows := [][]string{hdr}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	for _, p := range res.Points {
		row := []string{}
		for _, x := range p.X {
			row = append(row, f(x))
		}
		row = append(row, f(p.P.P), f(p.P.Lo), f(p.P.Hi), f(p.P.SE), strconv.FormatInt(p.P.N, 10))
		rows = append(rows, row)
	}
	return CSV(rows)
}
