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
	f := sweepFloat
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

// SweepSchemaVersion is bumped whenever sweep.json changes incompatibly.
const SweepSchemaVersion = 1

// Sweep is sweep.json, what sweep --json prints too: the axes, and at each
// grid point the swept values and P(alliance by the horizon) with its
// interval. sweep.csv holds the same points as a table.
type Sweep struct {
	// Schema is the file's schema version, 1; a reader refuses any other.
	Schema int `json:"schema"`
	// Scenario is the name of the scenario swept.
	Scenario string `json:"scenario"`
	// Horizon is the last simulated year (a calendar year), by whose end
	// every point's probability is taken.
	Horizon int `json:"horizon"`
	// Draws is the number of draws at each point; every point runs on the
	// same draws (common random numbers), so the differences between
	// points are the values', not the noise's.
	Draws int64 `json:"draws"`
	// Seed is the run's seed.
	Seed uint64 `json:"seed"`
	// Axes are the swept values, in the order given: one for a curve, two
	// for a heat map.
	Axes []SweepAxis `json:"axes"`
	// Points are the grid's points, the first axis's value varying
	// slowest.
	Points []SweepPoint `json:"points"`
}

// SweepPoint is one grid point of a sweep.
type SweepPoint struct {
	// Values are the point's swept values by path (china.pressure,
	// weights.junior_partner), to sweep.csv's eight significant digits: a
	// grid from 0.3 to 0.9 in 7 steps holds 0.49999999999999994, written
	// 0.5, and a small value such as 1e-05 keeps its digits.
	Values map[string]float64 `json:"values"`
	// P is P(a defence alliance has formed by the end of the horizon) at
	// the point.
	P float64 `json:"p_alliance"`
	// Lo and Hi are P's 95% Wilson interval.
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
	// SE is P's Monte Carlo standard error.
	SE float64 `json:"se"`
	// Draws is the number of draws at the point.
	Draws int64 `json:"draws"`
}

// FromSweep builds sweep.json from a sweep's result.
func FromSweep(res *study.SweepResult) *Sweep {
	out := &Sweep{Schema: SweepSchemaVersion, Scenario: res.Scenario, Horizon: res.Horizon, Draws: res.Draws, Seed: res.Seed,
		Axes: SweepAxes(res.Axes), Points: []SweepPoint{}}
	for _, pt := range res.Points {
		v := map[string]float64{}
		for i, a := range res.Axes {
			v[a.Key] = sweepValue(pt.X[i])
		}
		out.Points = append(out.Points, SweepPoint{v, pt.P.P, pt.P.Lo, pt.P.Hi, pt.P.SE, pt.P.N})
	}
	return out
}

// sweepValue is x as sweep.csv writes it, to eight significant digits.
func sweepValue(x float64) float64 {
	v, _ := strconv.ParseFloat(sweepFloat(x), 64)
	return v
}

// sweepFloat is how sweep.csv writes a number.
func sweepFloat(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }

// Marshal renders the file.
func (s *Sweep) Marshal() ([]byte, error) { return JSON(s) }

// ReadSweep reads sweep.json and checks its schema version.
func ReadSweep(data []byte) (*Sweep, error) {
	return readFile(data, "sweep", SweepSchemaVersion, func(f *Sweep) int { return f.Schema })
}
