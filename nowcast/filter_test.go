package nowcast

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

func hindcast(t testing.TB) (*model.Scenario, *model.Weights) {
	t.Helper()
	return withWeights(t, DefaultScenario)
}

// withWeights is the bundled scenario name with the weights a nowcast of it
// runs with (DefaultWeights).
func withWeights(t testing.TB, name string) (*model.Scenario, *model.Weights) {
	t.Helper()
	l, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	w, err := DefaultWeights(l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return l.Scenario, w
}

func fixture(t testing.TB) (*Record, *ObsModel) {
	t.Helper()
	rec, err := ReadFile("testdata/observations.csv")
	if err != nil {
		t.Fatal(err)
	}
	om, err := Estimate(rec, ChinaRussia)
	if err != nil {
		t.Fatal(err)
	}
	return rec, om
}

// TestWorkersDoNotChangeResults: the filter and the forecast are the same
// for a seed on one goroutine or three.
func TestWorkersDoNotChangeResults(t *testing.T) {
	t.Parallel()
	sc, w := hindcast(t)
	rec, om := fixture(t)
	posts := filteredOnWorkers(t, sc, w, rec, om)
	var fcs []*Forecast
	for i, nw := range workerCounts {
		f, err := posts[i].State.Forecast(context.Background(), 2035, 5000, 9, nw)
		if err != nil {
			t.Fatal(err)
		}
		fcs = append(fcs, f)
	}
	if !reflect.DeepEqual(fcs[0], fcs[1]) {
		t.Error("the forecast depends on the number of workers")
	}
}

// workerCounts are the numbers of goroutines the workers tests compare.
var workerCounts = []int{1, 3}

// filteredOnWorkers filters rec on each of workerCounts (5,000
// particles, seed 3), fails the test unless the posteriors are the same
// (every year, the state's weights and carries) and returns them.
func filteredOnWorkers(t *testing.T, sc *model.Scenario, w *model.Weights, rec *Record, om *ObsModel) []*Posterior {
	t.Helper()
	var posts []*Posterior
	for _, nw := range workerCounts {
		p, err := Filter(context.Background(), sc, w, rec, om, FilterOptions{Particles: 5000, Seed: 3, Workers: nw})
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, p)
	}
	if !reflect.DeepEqual(posts[0].Years, posts[1].Years) || !reflect.DeepEqual(posts[0].State.Weights, posts[1].State.Weights) ||
		!reflect.DeepEqual(posts[0].State.Carry, posts[1].State.Carry) {
		t.Error("the posterior depends on the number of workers")
	}
	return posts
}

// latentFixture is a latent emission with both slopes set, so that every
// particle is weighed at its own pressure: the latent filter's workers
// test and benchmark use it.
func latentFixture() *LatentEmission {
	return &LatentEmission{Centre: [NumStates]float64{0.06, 0.06, 0.2, 0.33, 0.5, 0.46}, Scale: 0.13, CountSlope: 0.35, NormalSlope: 0.2}
}

// TestNoDataIsSim: with no observations the filter never reweights nor
// resamples, and its particles are package sim's draws of the same index
// (same input streams, same noise and event streams), so its predicted
// rung distribution is sim.Run's state distribution. The two sum 1/n in a
// different order, hence the 1e-9.
func TestNoDataIsSim(t *testing.T) {
	t.Parallel()
	sc, w := hindcast(t)
	_, om := fixture(t)
	last := sc.StartYear + sc.HorizonYears - 1
	rec := NewRecord("empty", sc.StartYear, last)
	const n = 4000
	post, err := Filter(context.Background(), sc, w, rec, om, FilterOptions{Particles: n, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, w, sim.Plan{Draws: n, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	for ti, yp := range post.Years {
		if yp.Resampled || yp.Observed != 0 {
			t.Fatalf("%d: resampled or weighted without data", yp.Year)
		}
		for s := range NumStates {
			if d := math.Abs(yp.Predicted[s] - res.StateProb[ti][s]); d > 1e-9 {
				t.Errorf("%d %v: filter %v, sim %v", yp.Year, model.State(s), yp.Predicted[s], res.StateProb[ti][s])
			}
		}
	}
	if got, want := post.Years[len(post.Years)-1].PFormed, res.ByHorizon.P; math.Abs(got-want) > 1e-9 {
		t.Errorf("P(formed by %d): filter %v, sim %v", last, got, want)
	}
}

// trueModel is a known observation model for the synthetic tests: two
// counts whose rates rise with the rung, and a share that is the same on
// every rung (it says nothing).
func trueModel() *ObsModel {
	lg := math.Log(0.8 / 0.2)
	return &ObsModel{Coding: ChinaRussia, Emissions: []Emission{
		NewPoisson("joint_exercises", [NumStates]float64{0.05, 0.2, 0.5, 1.2, 2.5, 3.5}),
		NewPoisson("unsc_joint_veto", [NumStates]float64{0.05, 0.1, 0.2, 0.5, 1.2, 1.5}),
		NewNormal("unga_agreement", [NumStates]float64{lg, lg, lg, lg, lg, lg}, [NumStates]float64{0.2, 0.2, 0.2, 0.2, 0.2, 0.2}),
	}}
}

// synthPath simulates a path of sc from the model (the scenario's prior,
// a particle of its own seed) and its observations under om.
func synthPath(t testing.TB, sc *model.Scenario, w *model.Weights, om *ObsModel, seed uint64) ([]model.State, *Record) {
	t.Helper()
	return synthRecord(t, sc, w, om, seed, func(yr model.Year, e *Emission, obs *rand.Rand) float64 {
		return e.Sample(yr.Rung, obs)
	})
}

// synthRecord simulates a path of sc from the model (the scenario's
// prior, a particle of its own seed) and records each year the value
// sample gives of each emission of om; it returns the path's rungs and
// the record.
func synthRecord(t testing.TB, sc *model.Scenario, w *model.Weights, om *ObsModel, seed uint64, sample func(yr model.Year, e *Emission, obs *rand.Rand) float64) ([]model.State, *Record) {
	t.Helper()
	pr, err := newPrior(sc, w)
	if err != nil {
		t.Fatal(err)
	}
	var pt particle
	pr.draw(&pt, seed, 0, pr.sp.NewDrawer())
	st := newSteppers(1)[0]
	obs := rand.New(rand.NewPCG(seed, 99))
	last := sc.StartYear + sc.HorizonYears - 1
	rec := NewRecord("synthetic", sc.StartYear, last)
	var path []model.State
	for y := sc.StartYear; y <= last; y++ {
		yr := st.step(sc, &pt)
		path = append(path, yr.Rung)
		for i := range om.Emissions {
			e := &om.Emissions[i]
			if err := rec.Set(y, e.Indicator, sample(yr, e, obs)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return path, rec
}

// credible returns the smallest set of rungs holding at least level of p
// (rungs by falling probability) and its mass.
func credible(p [NumStates]float64, level float64) ([]model.State, float64) {
	idx := []model.State{0, 1, 2, 3, 4, 5}
	sort.SliceStable(idx, func(i, j int) bool { return p[idx[i]] > p[idx[j]] })
	m := 0.0
	for k, s := range idx {
		m += p[s]
		if m >= level-1e-12 {
			return idx[:k+1], m
		}
	}
	return idx, m
}

// TestSyntheticCoverage simulates paths of hindcast-1992 and their
// observations from a known observation model, filters each with that
// model and checks that the filtered 90% credible sets hold the true
// rung as often as their mass says. A discrete credible set holds at
// least 90% (the smallest set reaching it), so the stated rate is the
// mean mass of the sets, not 0.9 exactly. Years of one path are
// correlated, so the unit is the replicate: the test compares the mean of
// (covered − mass) over R replicates with 4 of its standard errors, the
// sd across replicates over √R (a 4-sigma band, false alarm about 6e-5
// for a correct filter).
//
// At this test's 2,000 particles the sets are conservative: measured, they
// cover 1.4 pp (the weights before the calibrated defaults) to 2.1 pp more
// often than their mass says, and about half that at 8,000 particles
// (0.7 and 1.1 pp over 200 replicates), so the excess shrinks as
// 1/√particles and is a finite-particle effect (extrapolated, about 0.3 pp at the
// 100,000 particles of a real nowcast). The test therefore bounds
// overconfidence (sets that miss the truth more often than they say) at 4
// standard errors, and conservativeness at 4 standard errors plus 3 pp.
func TestSyntheticCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("synthetic replicates")
	}
	t.Parallel()
	sc, w := hindcast(t)
	om := trueModel()
	const reps, parts = 60, 2000
	var diffs []float64
	covered, cells, mass := 0, 0, 0.0
	for r := range reps {
		truth, rec := synthPath(t, sc, w, om, uint64(1000+r))
		post, err := Filter(context.Background(), sc, w, rec, om, FilterOptions{Particles: parts, Seed: uint64(r)})
		if err != nil {
			t.Fatal(err)
		}
		c, m := 0.0, 0.0
		for ti, yp := range post.Years {
			set, sm := credible(yp.Filtered, 0.9)
			m += sm
			for _, s := range set {
				if s == truth[ti] {
					c++
					break
				}
			}
		}
		n := float64(len(post.Years))
		covered += int(c)
		cells += len(post.Years)
		mass += m
		diffs = append(diffs, (c-m)/n)
	}
	mean, sd := meanSD(diffs)
	se := sd / math.Sqrt(reps)
	t.Logf("coverage %d/%d = %.3f, mean set mass %.3f, difference %.4f ± %.4f (SE)", covered, cells, float64(covered)/float64(cells), mass/float64(cells), mean, se)
	const conservative = 0.03 // the finite-particle excess allowed (above)
	if tol := 4 * math.Max(se, 0.002); mean < -tol || mean > tol+conservative {
		t.Errorf("90%% credible sets cover %.3f of true rungs, their mass says %.3f (difference %.4f, SE %.4f)",
			float64(covered)/float64(cells), mass/float64(cells), mean, se)
	}
}

func meanSD(x []float64) (float64, float64) {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return m, math.Sqrt(s / float64(len(x)-1))
}

// TestEstimateRecoversDiscrimination draws records of the coded
// China–Russia path (1958–2025) from the known model and estimates the
// observation model on them. The share that is the same on every rung
// must come out with near-zero weight and the counts with real weight.
// Tolerances: under the null the rung means of unga_agreement differ by
// noise of sd 0.2/√n_s (n_s 5 to 31 years), which the marginal likelihood
// shrinks to the pooled mean in most records; 0.01 bits is a twentieth of
// the weakest real indicator's information and far above what the shrunk
// estimate leaves. The median and upper quartile are tested, not the
// mean: in a few records the noise alone looks like a rung effect.
func TestEstimateRecoversDiscrimination(t *testing.T) {
	t.Parallel()
	om := trueModel()
	truth := map[string]float64{}
	var exact []float64
	for _, e := range om.Emissions {
		d := discrimination(&e, [NumStates]float64{31. / 68, 7. / 68, 5. / 68, 13. / 68, 12. / 68, 0})
		truth[e.Indicator] = d.MutualInformation
		exact = append(exact, d.MutualInformation)
	}
	if exact[2] > 1e-12 {
		t.Fatalf("the non-discriminating share has true information %v", exact[2])
	}
	const reps = 20
	got := map[string][]float64{}
	for r := range reps {
		src := rand.New(rand.NewPCG(uint64(r), 5))
		rec := NewRecord("synthetic", 1958, 2025)
		for y := 1958; y <= 2025; y++ {
			s, _ := ChinaRussia.Rung(y)
			for i := range om.Emissions {
				e := &om.Emissions[i]
				if err := rec.Set(y, e.Indicator, e.Sample(s, src)); err != nil {
					t.Fatal(err)
				}
			}
		}
		est, err := Estimate(rec, ChinaRussia)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range est.Emissions {
			got[e.Indicator] = append(got[e.Indicator], e.Discrimination.MutualInformation)
		}
	}
	for k, v := range got {
		m, sd := meanSD(v)
		sort.Float64s(v)
		t.Logf("%s: true %.3f bits, estimated mean %.3f (sd %.3f, median %.3f, max %.3f)", k, truth[k], m, sd, v[len(v)/2], v[len(v)-1])
	}
	if v := got["unga_agreement"]; v[len(v)/2] > 0.01 || v[len(v)*3/4] > 0.02 {
		t.Errorf("the non-discriminating share gets median %.3f bits (upper quartile %.3f), want near 0", v[len(v)/2], v[len(v)*3/4])
	}
	for _, k := range []string{"joint_exercises", "unsc_joint_veto"} {
		if m, _ := meanSD(got[k]); m < 0.5*truth[k] {
			t.Errorf("%s gets %.3f bits, true %.3f", k, m, truth[k])
		}
	}
}

// holdFrom returns rec with every year from year on a copy of the row of
// like: a record that says the pair stayed where it stood in like.
func holdFrom(rec *Record, year, like int) *Record {
	c := rec.Clone()
	for y := year; y <= c.Last; y++ {
		copy(c.At(y), rec.At(like))
	}
	return c
}

// TestUpdate2026 appends a 2026 row with many joint vetoes, exercises and
// patrols to a record whose years from 2014 repeat 2010's row (a treaty
// partnership that did not move on), and checks that the
// filtered P(entente or above) in 2026 and the forecast P(alliance by
// 2035) both rise against the same record with 2026 unknown. The forecast
// difference must exceed four standard errors of the difference of two
// independent proportions.
func TestUpdate2026(t *testing.T) {
	t.Parallel()
	sc, w := hindcast(t)
	full, om := fixture(t)
	base := holdFrom(full, 2014, 2010)
	quiet := base.Clone()
	if err := quiet.Set(2026, "joint_exercises", math.NaN()); err != nil {
		t.Fatal(err)
	}
	loud := quiet.Clone()
	for k, v := range map[string]float64{"unsc_joint_veto": 4, "joint_exercises": 8, "joint_patrols": 3} {
		if err := loud.Set(2026, k, v); err != nil {
			t.Fatal(err)
		}
	}
	const n, draws = 20000, 40000
	var pEnt, pAll [2]float64
	for i, rec := range []*Record{quiet, loud} {
		post, err := Filter(context.Background(), sc, w, rec, om, FilterOptions{Particles: n, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		yp := post.Years[len(post.Years)-1]
		if yp.Year != 2026 {
			t.Fatalf("last year %d", yp.Year)
		}
		pEnt[i] = yp.Filtered[model.Entente] + yp.Filtered[model.DefenceAlliance]
		f, err := post.State.Forecast(context.Background(), 2035, draws, 8, 0)
		if err != nil {
			t.Fatal(err)
		}
		pAll[i] = f.PFormed[len(f.PFormed)-1]
	}
	t.Logf("P(entente or above in 2026): %.3f without the 2026 row, %.3f with it", pEnt[0], pEnt[1])
	t.Logf("P(alliance by 2035): %.4f without, %.4f with", pAll[0], pAll[1])
	if pEnt[1] < pEnt[0]+0.05 {
		t.Errorf("P(entente or above) rose from %.3f only to %.3f", pEnt[0], pEnt[1])
	}
	se := math.Sqrt((pAll[0]*(1-pAll[0]) + pAll[1]*(1-pAll[1])) / draws)
	if pAll[1]-pAll[0] < 4*se {
		t.Errorf("P(alliance by 2035) went from %.4f to %.4f (4 SE = %.4f)", pAll[0], pAll[1], 4*se)
	}
}

// TestDoctrineDeclared: China's declared non-alignment (china_nonalignment,
// an emission of the doctrine, not of the rung) weighs out the particles
// whose doctrine the model has dropped. On an empty record the hindcast
// keeps its own share of dropped doctrines by 2025 (its hazard, 0–2% a
// year); with the mark in 2023–2025 the share in force is at least
// 1 − (0.01/0.5)³ × odds of the dropped ones, so above 0.99 for any
// realistic prior share (the bound below allows Monte Carlo error of the
// 4,000 particles); the rungs are untouched in expectation, and a record
// coded 0 in those years (no declaration) moves the share down, not up.
func TestDoctrineDeclared(t *testing.T) {
	t.Parallel()
	sc, w := hindcast(t)
	_, om := fixture(t)
	inForce := func(rec *Record) float64 {
		post, err := Filter(context.Background(), sc, w, rec, om, FilterOptions{Particles: 4000, Seed: 5, To: 2025})
		if err != nil {
			t.Fatal(err)
		}
		a := slices.IndexFunc(sc.Actors[:], func(x model.ActorInfo) bool { return x.ID == "china" })
		s := 0.0
		for i, c := range post.State.Carry {
			if c.DocInForce[a] {
				s += post.State.Weights[i]
			}
		}
		return s / floats.Sum(post.State.Weights)
	}
	mark := func(v float64) *Record {
		rec := NewRecord("mark", sc.StartYear, 2025)
		for y := 2023; y <= 2025; y++ {
			if err := rec.Set(y, "china_nonalignment", v); err != nil {
				t.Fatal(err)
			}
		}
		return rec
	}
	none, declared, silent := inForce(NewRecord("empty", sc.StartYear, 2025)), inForce(mark(1)), inForce(mark(0))
	t.Logf("China's doctrine in force at the end of 2025: %.3f without the mark, %.3f declared, %.3f coded 0", none, declared, silent)
	if none > 0.95 {
		t.Errorf("without the mark %.3f of the particles keep the doctrine: the test needs some dropped ones", none)
	}
	if declared < 0.99 {
		t.Errorf("declared in 2023–2025: %.3f in force, want at least 0.99", declared)
	}
	if silent > none {
		t.Errorf("coded 0 (no declaration): %.3f in force, above the %.3f of the empty record", silent, none)
	}
}
