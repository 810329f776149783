package results

import (
	"math"
	"strconv"

	"github.com/alliancesim/alliancesim/internal/format"
)

// ByYearCSV renders by_year.csv: tidy, one row per year and quantity, with
// columns year, quantity, value, lo, hi (lo and hi empty where there is no
// interval). Quantities: p_alliance (cumulative, with its 95% interval),
// state_<key> (share of runs in each state), onset_share, blocked_<actor id>
// and blocked_both (refusals that year, as counts), and latent_p05 …
// latent_p95.
func ByYearCSV(s *Summary) ([]byte, error) {
	// An undefined value (NaN) is an empty cell.
	f := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return format.Exact(x)
	}
	rows := [][]string{{"year", "quantity", "value", "lo", "hi"}}
	for t, a := range s.Alliance.ByYear {
		y := strconv.Itoa(a.Year)
		rows = append(rows, []string{y, "p_alliance", f(a.P), f(a.Lo), f(a.Hi)})
		for k, key := range s.States.Keys {
			rows = append(rows, []string{y, "state_" + key, f(s.States.ByYear[t].P[k]), "", ""})
		}
		rows = append(rows, []string{y, "onset_share", f(s.Onset.ByYear[t].Share), "", ""})
		b := s.Blocking.ByYear[t]
		rows = append(rows,
			[]string{y, "blocked_" + s.Actors[0].ID, strconv.FormatInt(b.OnlyFirst, 10), "", ""},
			[]string{y, "blocked_" + s.Actors[1].ID, strconv.FormatInt(b.OnlySecond, 10), "", ""},
			[]string{y, "blocked_both", strconv.FormatInt(b.Both, 10), "", ""})
		l := s.Latent[t]
		for _, q := range []struct {
			n string
			v float64
		}{{"latent_p05", float64(l.P05)}, {"latent_p25", float64(l.P25)}, {"latent_p50", float64(l.P50)}, {"latent_p75", float64(l.P75)}, {"latent_p95", float64(l.P95)}} {
			rows = append(rows, []string{y, q.n, f(q.v), "", ""})
		}
	}
	return CSV(rows)
}
