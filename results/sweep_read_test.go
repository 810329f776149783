package results

import (
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// TestReadSweepCSV reads back what SweepCSV writes, for a curve and a grid.
func TestReadSweepCSV(t *testing.T) {
	t.Parallel()
	for _, axes := range [][]study.Axis{
		{{Key: "weights.doctrine", From: 1, To: 3, Steps: 3}},
		{{Key: "china.pressure", From: 0.3, To: 0.9, Steps: 2}, {Key: "weights.junior_partner", From: 0.4, To: 1.6, Steps: 3}},
	} {
		res := &study.SweepResult{Scenario: "baseline", Horizon: 2036, Axes: axes, Draws: 2000, Seed: 1}
		var grid [][]float64
		for i := range axes[0].Steps {
			x0 := axes[0].From + float64(i)*(axes[0].To-axes[0].From)/float64(axes[0].Steps-1)
			if len(axes) == 1 {
				grid = append(grid, []float64{x0})
				continue
			}
			for j := range axes[1].Steps {
				grid = append(grid, []float64{x0, axes[1].From + float64(j)*(axes[1].To-axes[1].From)/float64(axes[1].Steps-1)})
			}
		}
		for k, x := range grid {
			res.Points = append(res.Points, study.SweepPoint{X: x, P: sim.Wilson(int64(100+37*k), 2000)})
		}
		data, err := SweepCSV(res)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadSweepCSV(data)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if len(got.Axes) != len(axes) || len(got.Points) != len(res.Points) {
			t.Fatalf("read %d axes and %d points, want %d and %d", len(got.Axes), len(got.Points), len(axes), len(res.Points))
		}
		for i, a := range axes {
			if got.Axes[i] != a.Key {
				t.Errorf("axis %d = %q, want %q", i, got.Axes[i], a.Key)
			}
		}
		for k, p := range got.Points {
			want := res.Points[k]
			for i := range want.X {
				if d := p.X[i] - want.X[i]; d > 1e-9 || d < -1e-9 {
					t.Errorf("point %d: x[%d] = %g, want %g", k, i, p.X[i], want.X[i])
				}
			}
			if d := p.P - want.P.P; d > 1e-7 || d < -1e-7 || p.Draws != want.P.N || p.Lo > p.P || p.Hi < p.P {
				t.Errorf("point %d: %+v, want %+v", k, p, want.P)
			}
		}
	}
}

// TestReadSweepCSVErrors checks that a file that is not sweep.csv is
// refused with the reason and the line.
func TestReadSweepCSVErrors(t *testing.T) {
	t.Parallel()
	const hdr = "weights.doctrine,p_alliance,lo,hi,se,draws\n"
	for _, c := range []struct{ data, want string }{
		{"", "empty"},
		{"year,p_alliance,lo,hi\n2030,0.1,0.09,0.11\n", "header"},
		{"a,b,c,p_alliance,lo,hi,se,draws\n", "header"},
		{"x,x,p_alliance,lo,hi,se,draws\n", "swept twice"},
		{hdr, "no points"},
		{hdr + "1,0.3,0.28,0.32,0.01,2000\n2,high,0.1,0.2,0.01,2000\n", "line 3: p_alliance \"high\" is not a number"},
		{hdr + "1,1.3,0.28,0.32,0.01,2000\n", "not a probability"},
		{hdr + "1,0.5,0.28,0.32,0.01,2000\n", "not within its interval"},
		{hdr + "1,0.3,0.28,0.32,0.01,-5\n", "draws"},
		{hdr + "1,0.3,0.28\n", "line 2: 3 fields, want 6"},
		{hdr + "1,NaN,0.28,0.32,0.01,2000\n", "not a number"},
		{"\"unclosed,p\n", "not a sweep file"},
	} {
		_, err := ReadSweepCSV([]byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadSweepCSV(%q) = %v, want an error containing %q", c.data, err, c.want)
		}
	}
}
