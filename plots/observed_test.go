package plots

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
)

// rungShares are shares of the rungs peaked at rung c (ladder order).
func rungShares(c float64) []results.Num {
	w, sum := make([]float64, model.NumStates), 0.0
	for s := range w {
		w[s] = math.Exp(-1.3 * (float64(s) - c) * (float64(s) - c))
		sum += w[s]
	}
	out := make([]results.Num, len(w))
	for s := range w {
		out[s] = results.Num(math.Round(1e6*w[s]/sum) / 1e6)
	}
	out[int(math.Round(c))] += 1 - sumNums(out)
	return out
}

func sumNums(vs []results.Num) (s results.Num) {
	for _, v := range vs {
		s += v
	}
	return s
}

// syntheticNowcast is a record of 2001–2024 that climbs from partnership
// to the entente, with vetoes, exercises and patrols that rise with it.
func syntheticNowcast() *nowcast.File {
	f := &nowcast.File{Schema: nowcast.SchemaVersion, Source: nowcast.Source{Data: "bundled:nowcast/observations.csv", Scenario: "baseline"}, StateKeys: model.StateKeys(),
		Run: nowcast.RunJSON{Particles: 2000, Seed: 7}}
	for t := range 24 {
		y := nowcast.YearJSON{Year: 2001 + t, Filtered: rungShares(2 + 2.2*float64(t)/23), Observations: map[string]results.Num{}}
		k := []string{"strategic_partnership", "treaty_partnership", "entente"}[min(2, t/9)]
		if t != 5 {
			y.Coded = &k
		}
		y.Observations["unsc_joint_veto"] = results.Num(float64(t % 3))
		y.Observations["joint_exercises"] = results.Num(math.Round(1 + 0.4*float64(t)))
		if t >= 12 {
			y.Observations["joint_patrols"] = results.Num(float64(t-11) / 2)
		}
		f.Years = append(f.Years, y)
	}
	return f
}

// syntheticCalibration is a calibration of eight weights on twelve cases
// and a path over 2001–2024.
func syntheticCalibration() *calibrate.File {
	f := &calibrate.File{Schema: calibrate.SchemaVersion, ESS: 412.3, Version: "v0.1.0",
		Settings: calibrate.SettingsJSON{Library: "bundled:history", Points: 500, Rounds: 4, Draws: 2000, Seed: 1}}
	for i, s := range model.WeightSpecs[:9] {
		span := s.PriorHi - s.PriorLo
		mid := (s.PriorHi + s.PriorLo) / 2
		shift, shrink := 0.3*math.Sin(float64(3*i)), 0.35+0.07*float64(i)
		f.Weights = append(f.Weights, calibrate.WeightJSON{Key: s.Key, Fixed: i == 8, Default: results.Num(s.Default),
			Prior:     calibrate.SummaryJSON{Mean: results.Num(mid), Q05: results.Num(s.PriorLo), Q95: results.Num(s.PriorHi)},
			Posterior: calibrate.SummaryJSON{Mean: results.Num(mid + shift*span), Q05: results.Num(mid + (shift-shrink/2)*span), Q95: results.Num(mid + (shift+shrink/2)*span)}})
	}
	for i := range 12 {
		p := 0.08 + 0.07*float64(i)
		f.Cases = append(f.Cases, calibrate.CaseJSON{Name: fmt.Sprintf("case-%02d", i+1), StartYear: 1900 + 7*i, Year: 1910 + 7*i, Pact: i%3 == 0 || i > 9,
			PPosterior: results.Num(p), PPosteriorQ05: results.Num(p * 0.6), PPosteriorQ95: results.Num(math.Min(1, p*1.5))})
	}
	f.Path = &calibrate.PathJSON{Name: "China–Russia", PMatchPrior: 0.012, PMatchPosterior: 0.047}
	for t := range 24 {
		y := calibrate.YearJSON{Year: 2001 + t, Posterior: map[string]results.Num{}}
		for s, v := range rungShares(2 + 1.8*float64(t)/23) {
			y.Posterior[model.StateKeys()[s]] = v
		}
		y.Observed = []string{"strategic_partnership", "treaty_partnership", "entente"}[min(2, t/9)]
		f.Path.ByYear = append(f.Path.ByYear, y)
	}
	return f
}

func ExampleNowcast() {
	saveExample("nowcast")(Nowcast(syntheticNowcast(), exampleOptions))
}

func ExamplePriorPosterior() {
	saveExample("calibration-weights")(PriorPosterior(syntheticCalibration(), exampleOptions))
}

func ExamplePosteriorPredictive() {
	saveExample("calibration-cases")(PosteriorPredictive(syntheticCalibration(), Options{Version: "v0.1.0", DPI: 72, Height: 13 * 28.35}))
}

func ExampleCalibrationPath() {
	saveExample("calibration-path")(CalibrationPath(syntheticCalibration(), exampleOptions))
}

func TestRecordCharts(t *testing.T) {
	t.Parallel()
	for name, ex := range map[string]func(){"nowcast": ExampleNowcast, "calibration-weights": ExamplePriorPosterior,
		"calibration-cases": ExamplePosteriorPredictive, "calibration-path": ExampleCalibrationPath} {
		t.Run(name, func(t *testing.T) { t.Parallel(); checkGolden(t, name, ex) })
	}
}

func TestRecordDegenerate(t *testing.T) {
	t.Parallel()
	if _, err := Nowcast(nil, Options{}); err == nil {
		t.Error("Nowcast(nil): no error")
	}
	for _, f := range []func(*calibrate.File, Options) (*Chart, error){PriorPosterior, PosteriorPredictive, CalibrationPath} {
		if _, err := f(nil, Options{}); err == nil {
			t.Error("nil calibration: no error")
		}
	}
	check := func(what string, ch *Chart, err error, empty bool, note string) {
		t.Helper()
		if err != nil || ch.Empty != empty || !strings.Contains(ch.Note, note) {
			t.Errorf("%s: err %v, empty %v, note %q (want %q)", what, err, ch.Empty, ch.Note, note)
			return
		}
		if _, err := ch.render("png", Options{DPI: 36}); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	ch, err := Nowcast(&nowcast.File{}, Options{})
	check("no years", ch, err, true, "No filtered years")
	f := syntheticNowcast()
	for i := range f.Years {
		f.Years[i].Observations = nil
	}
	f.Years[3].Filtered[0] = results.Num(math.NaN())
	ch, err = Nowcast(f, Options{})
	check("no observations", ch, err, false, "1 of 24 years left out")
	if ch.strip != nil || !strings.Contains(ch.Note, "No joint vetoes") {
		t.Errorf("no observations: strip %v, note %q", ch.strip != nil, ch.Note)
	}
	c := syntheticCalibration()
	c.Path, c.Cases, c.Weights = nil, nil, nil
	ch, err = CalibrationPath(c, Options{})
	check("no path", ch, err, true, "No years in the calibration's path")
	if len(ch.Warnings) != 1 || ch.Warnings[0] != ch.Note {
		t.Errorf("no path: warnings %q", ch.Warnings)
	}
	ch, err = PosteriorPredictive(c, Options{})
	check("no cases", ch, err, true, "No cases")
	ch, err = PriorPosterior(c, Options{})
	check("no weights", ch, err, true, "No free weights")
	ch, err = PriorPosterior(syntheticCalibration(), Options{Height: 8 * 28.35})
	check("small", ch, err, false, "not shown")
	ch, err = PriorPosterior(syntheticCalibration(), Options{})
	check("full", ch, err, false, "1 fixed weight left out")
}
