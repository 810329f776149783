package backtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/score"
	"github.com/alliancesim/alliancesim/sim"
)

// cases loads a case library with each case's default weights.
func cases(t testing.TB, libs []*scenarios.Loaded) []backtest.Case {
	t.Helper()
	cs, err := backtest.DefaultCases(libs)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func testdata(t testing.TB) []backtest.Case {
	t.Helper()
	libs, err := scenarios.LoadCases("testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	return cases(t, libs)
}

func TestRunTestdata(t *testing.T) {
	t.Parallel()
	rep, err := backtest.Run(context.Background(), testdata(t), backtest.Options{Library: "testdata/cases", Plan: sim.Plan{Draws: 2000, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range rep.Cases {
		names = append(names, c.Name)
		t.Logf("%s: model %.4f ± %.4f, base %.4f, logit %.4f, pact %v", c.Name, c.Model.P, c.Model.SE, c.BaseRate, c.Logit, c.Pact)
	}
	if strings.Join(names, " ") != "alpha-1950 beta-1992 gamma-1970" {
		t.Fatalf("cases %v", names)
	}
	a, b, g := rep.Cases[0], rep.Cases[1], rep.Cases[2]
	// Windows: 1950–1951 (2 years), 1992–2001 (10), 1970–1975 (6).
	if a.Years != 2 || b.Years != 10 || g.Years != 6 || !a.Pact || b.Pact || a.Atop != 3250 {
		t.Errorf("windows or outcomes: %+v %+v %+v", a, b, g)
	}
	if a.BaseRate != score.BaseRate(2) || b.BaseRate != score.BaseRate(10) {
		t.Errorf("base rates %v %v", a.BaseRate, b.BaseRate)
	}
	// alpha: capabilities 0.181 and 0.119; beta: 0.05 and e^−2.6 (the
	// lognormal's median).
	if !near(a.CapabilityRatio, 0.181/0.119, 1e-12) || !near(b.CapabilityRatio, math.Exp(-2.6)/0.05, 1e-9) {
		t.Errorf("capability ratios %v %v", a.CapabilityRatio, b.CapabilityRatio)
	}
	wantH := score.DefaultLogit().Hazard(score.Covariates{CommonRival: true, Contiguous: true, BothMajor: true, CapabilityRatio: 0.181 / 0.119, Year: 1950})
	if !near(a.LogitHazard, wantH, 1e-15) || !near(a.Logit, score.Cumulative(wantH, 2), 1e-15) {
		t.Errorf("alpha's logit: h %v p %v, want h %v", a.LogitHazard, a.Logit, wantH)
	}
	if g.HasLogit || !math.IsNaN(g.Logit) {
		t.Errorf("gamma has no structural covariates but a logit forecast %v", g.Logit)
	}
	// The model's p is P(alliance by the end of the outcome year).
	if a.Model.N != 2000 {
		t.Errorf("draws %d", a.Model.N)
	}
	// Scores: the logit rests on two cases and the comparison says so.
	if s := rep.ScoresOf(backtest.Logit); s.Cases != 2 || len(s.Missing) != 1 || s.Missing[0] != "gamma-1970" {
		t.Errorf("logit scores %+v", s)
	}
	cl := rep.ComparisonWith(backtest.Logit)
	if cl == nil || cl.N != 2 || strings.Join(cl.Excluded, ",") != "gamma-1970" {
		t.Fatalf("logit comparison %+v", cl)
	}
	cb := rep.ComparisonWith(backtest.BaseRate)
	m := rep.ScoresOf(backtest.Model)
	if cb.N != 3 || cb.Brier != m.Brier.Value {
		t.Errorf("base-rate comparison %+v, model Brier %v", cb, m.Brier.Value)
	}
	if v := rep.Verdict(); !strings.Contains(v, "on the 2 of them with structural covariates") || !strings.Contains(v, "gamma-1970") {
		t.Errorf("verdict %q", v)
	}
	if m.Split.Onsets != 1 || m.Split.NonOnsets != 2 || m.Split.MeanPOnset != a.Model.P {
		t.Errorf("split %+v", m.Split)
	}
	if rep.LogClip != 0.5/2001 {
		t.Errorf("log clip %v", rep.LogClip)
	}

	// The files: JSON that parses and says the same, one CSV row a case.
	b1, err := rep.File(backtest.Info{Version: "test", WeightsSource: "built-in defaults"}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var f backtest.File
	if err := json.Unmarshal(b1, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) != 3 || f.Cases[2].Name != "gamma-1970" || !math.IsNaN(float64(f.Cases[2].PLogit)) || f.Cases[1].Atop != nil ||
		*f.Cases[0].Atop != 3250 || f.Scores.Logit.Cases != 2 || len(f.Comparison) != 2 || f.Library != "testdata/cases" || f.Verdict == "" {
		t.Errorf("backtest.json read back as %+v", f)
	}
	if !strings.Contains(string(b1), `"p_logit": null`) {
		t.Error("a case without covariates does not have p_logit null")
	}
	csv, err := rep.CSV()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "name,file,start_year,year,years,pact,atop,p_model,se,lo,hi,p_base_rate,p_logit") ||
		!strings.HasPrefix(lines[1], "alpha-1950,testdata/cases/alpha-1950.yaml,1950,1951,2,true,3250,") || !strings.HasSuffix(lines[3], ",,,") {
		t.Errorf("backtest.csv:\n%s", csv)
	}
}

// The report is the same for any number of workers.
func TestRunAnyWorkers(t *testing.T) {
	t.Parallel()
	mask := regexp.MustCompile(`"(workers|elapsed_s)": [0-9.]+`)
	var want []byte
	for _, w := range []int{1, 3} {
		rep, err := backtest.Run(context.Background(), testdata(t), backtest.Options{Plan: sim.Plan{Draws: 3000, Seed: 7, Workers: w}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := rep.File(backtest.Info{}).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		b = mask.ReplaceAll(b, []byte(`"$1": 0`))
		if want == nil {
			want = b
		} else if !bytes.Equal(b, want) {
			t.Errorf("workers %d: backtest.json differs", w)
		}
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	cs := testdata(t)
	if _, err := backtest.Run(context.Background(), nil, backtest.Options{}); err == nil {
		t.Error("no cases accepted")
	}
	if _, err := backtest.Run(context.Background(), cs, backtest.Options{Plan: sim.Plan{Draws: 100, Precision: 0.01}}); err == nil {
		t.Error("a precision target accepted")
	}
	dup := append([]backtest.Case{}, cs...)
	dup[1].Name = dup[0].Name
	if _, err := backtest.Run(context.Background(), dup, backtest.Options{Plan: sim.Plan{Draws: 100}}); err == nil {
		t.Error("two cases of one name accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := backtest.Run(ctx, cs, backtest.Options{Plan: sim.Plan{Draws: 100_000}}); !errors.Is(err, sim.ErrInterrupted) {
		t.Errorf("cancelled: %v", err)
	}
	// A scenario without an outcome is no case.
	l, err := scenarios.Open("baseline")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := backtest.DefaultCaseWeights(l.Scenario)
	var se *scenarios.Error
	if _, err := backtest.NewCase(l, w); !errors.As(err, &se) || se.File != "bundled:baseline" {
		t.Errorf("baseline as a case: %v", err)
	}
}

// Progress is called once per case, in order, with a plan it may change.
func TestRunProgress(t *testing.T) {
	t.Parallel()
	var calls []string
	_, err := backtest.Run(context.Background(), testdata(t), backtest.Options{Plan: sim.Plan{Draws: 500},
		Progress: func(i, n int, c backtest.Case, plan *sim.Plan) func(bool) {
			calls = append(calls, c.Name)
			if n != 3 || plan.Draws != 500 {
				t.Errorf("case %d of %d, plan %+v", i, n, plan)
			}
			return func(ok bool) {
				if !ok {
					t.Errorf("%s failed", c.Name)
				}
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(calls, " ") != "alpha-1950 beta-1992 gamma-1970" {
		t.Errorf("calls %v", calls)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
