package nowcast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/alliancesim/alliancesim/model"
)

// latentModel is a known observation model for the latent-emission tests:
// three counts whose rates rise with the rung and a share whose mean does.
func latentModel() *ObsModel {
	var mu, sd [NumStates]float64
	for s := range NumStates {
		mu[s], sd[s] = -1+0.4*float64(s), 0.3
	}
	return &ObsModel{Coding: ChinaRussia, Emissions: []Emission{
		NewPoisson("joint_exercises", [NumStates]float64{0.3, 1, 2, 4, 6, 8}),
		NewPoisson("unsc_joint_veto", [NumStates]float64{0.2, 0.5, 1, 2, 3, 4}),
		NewPoisson("joint_patrols", [NumStates]float64{0.1, 0.3, 0.5, 1, 2, 3}),
		NewNormal("unga_agreement", mu, sd),
	}}
}

// synthLatentPath is synthPath with the emissions shifted by the path's
// own latent pressure under lt.
func synthLatentPath(t testing.TB, sc *model.Scenario, w *model.Weights, om *ObsModel, lt *LatentEmission, seed uint64) *Record {
	t.Helper()
	_, rec := synthRecord(t, sc, w, om, seed, func(yr model.Year, e *Emission, obs *rand.Rand) float64 {
		return e.SampleShift(yr.Rung, lt.shift(e.Family, yr.Rung, yr.Latent), obs)
	})
	return rec
}

// TestLatentRecovery draws records of hindcast-1992 (34 years) from a
// known observation model whose emissions shift with the path's latent
// pressure, and estimates the slopes with EstimateLatent. With true
// slopes 0 at most one of the three records may give a slope, and only
// one that barely clears the penalty: a slope must clear the penalty
// ½·log 34 = 1.76, a likelihood-ratio statistic of 3.5 (p about 0.06 for
// one parameter, so about 0.12 that a record shows a false slope in
// either family); two false slopes in three records would happen with
// probability about 0.04 under a correct estimator, and no false slope
// may exceed the penalty by 2 (a statistic of 7.5, p about 0.006). The records are fixed seeds, not a rate (measured:
// with the calibrated defaults record 0 shows a share slope of 0.5 at a
// gain of 1.86). With true
// slopes 0.5 the count slope must come out within one grid step of the
// truth (0.35 or 0.5) in at least two of the three records, and never
// anywhere else: when three counts of up to 8 a year show it, the
// likelihood rises by 7 to 90 over the rung-only model, but in some
// records the path's latent pressure barely moves within its rungs and
// the slope stays 0 (measured: 3 of the 10 records of seeds 500–509,
// record 502 among them). The share's slope, one indicator of sd 0.3, is
// weakly identified: it may stay 0, but when it does not it must be near
// the truth too.
func TestLatentRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("estimates on synthetic records")
	}
	t.Parallel()
	sc, w := hindcast(t)
	om := latentModel()
	centre, scale, err := CentreLatent(context.Background(), sc, w, sc.StartYear+sc.HorizonYears-1, 10000, 7, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, truth := range [][2]float64{{0.5, 0.5}, {0, 0}} {
		found, falses := 0, 0
		for r := range 3 {
			lt := &LatentEmission{Centre: centre, Scale: scale, CountSlope: truth[0], NormalSlope: truth[1]}
			rec := synthLatentPath(t, sc, w, om, lt, uint64(500+r))
			est, err := EstimateLatent(context.Background(), sc, w, rec, om, LatentOptions{Particles: 10000, Seed: uint64(r)})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("truth %v, record %d: slopes %v %v, gain %.2f (penalty %.2f)", truth, r, est.CountSlope, est.NormalSlope, est.Fit.Gain, est.Fit.Penalty)
			if truth[0] == 0 {
				if est.CountSlope != 0 || est.NormalSlope != 0 {
					falses++
					if falses > 1 || est.Fit.Gain > est.Fit.Penalty+2 {
						t.Errorf("zero slopes, record %d: estimated %v, %v at a gain of %.2f (penalty %.2f; records with a false slope so far: %d)",
							r, est.CountSlope, est.NormalSlope, est.Fit.Gain, est.Fit.Penalty, falses)
					}
				}
				continue
			}
			if est.CountSlope != 0 && (est.CountSlope < 0.35 || est.CountSlope > 0.5) {
				t.Errorf("count slope 0.5, record %d: estimated %v", r, est.CountSlope)
			}
			if est.NormalSlope != 0 && (est.NormalSlope < 0.35 || est.NormalSlope > 0.5) {
				t.Errorf("share slope 0.5, record %d: estimated %v", r, est.NormalSlope)
			}
			if est.CountSlope != 0 {
				found++
				if !(est.Fit.Gain > est.Fit.Penalty) {
					t.Errorf("record %d: gain %v below the penalty %v with slopes kept", r, est.Fit.Gain, est.Fit.Penalty)
				}
			}
		}
		if truth[0] != 0 && found < 2 {
			t.Errorf("count slope 0.5: recovered in %d of 3 records, want at least 2", found)
		}
	}
}

// TestLatentLikelihood checks the filter's per-particle likelihood
// (yearLik.at) against the emissions' own shifted densities.
func TestLatentLikelihood(t *testing.T) {
	om := latentModel()
	arms := NewNormal("arms_import_share", [NumStates]float64{-2, -1, 0, 0.5, 1, 1}, [NumStates]float64{0.5, 0.5, 0.4, 0.4, 0.3, 0.3})
	arms.Temper = 0.2
	nb := om.Emissions[0]
	nb.Indicator, nb.col = "unsc_russia_veto", IndicatorIndex("unsc_russia_veto")
	for s := range NumStates {
		nb.Size[s] = 1.5 + float64(s)
	}
	om.Emissions = append(om.Emissions, arms, nb)
	om.Latent = &LatentEmission{Centre: [NumStates]float64{0, 0.1, 0.2, 0.3, 0.5, 0.5}, Scale: 0.13, CountSlope: 0.35, NormalSlope: 0.2}
	rec := NewRecord("one", 2000, 2000)
	for k, v := range map[string]float64{"joint_exercises": 3, "unsc_joint_veto": 0, "joint_patrols": 2, "unga_agreement": 0.6, "arms_import_share": 0.7, "unsc_russia_veto": 4} {
		if err := rec.Set(2000, k, v); err != nil {
			t.Fatal(err)
		}
	}
	var yl yearLik
	om.prepare(rec.At(2000), &yl)
	for s := range NumStates {
		for _, z := range []float64{-0.3, 0.1, 0.45, 0.9} {
			want := 0.0
			for i := range om.Emissions {
				e := &om.Emissions[i]
				want += e.Temper * e.LogPDFShift(model.State(s), om.Latent.shift(e.Family, model.State(s), z), rec.At(2000)[e.col])
			}
			if got := yl.at(om.Latent, model.State(s), z); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("rung %d, z %v: %v, want %v", s, z, got, want)
			}
		}
	}
	// With no shift, SampleShift is Sample draw for draw (the signposts'
	// runs under the rung-only model are unchanged).
	a, b := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
	for _, e := range om.Emissions {
		for s := range NumStates {
			if x, y := e.Sample(model.State(s), a), e.SampleShift(model.State(s), 0, b); x != y {
				t.Errorf("%s rung %d: %v, %v", e.Indicator, s, x, y)
			}
		}
	}
}

// TestLatentWorkersDoNotChangeResults: weighing particles at their own
// pressure keeps the filter independent of the number of workers.
func TestLatentWorkersDoNotChangeResults(t *testing.T) {
	t.Parallel()
	sc, w := hindcast(t)
	rec, om := fixture(t)
	om.Latent = latentFixture()
	filteredOnWorkers(t, sc, w, rec, om)
}
