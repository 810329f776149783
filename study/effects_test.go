package study_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/study"
)

// TestEffectSizesTable: every row names known weights and inputs of the
// baseline, has a range with lo < hi on the OR scale, and the rows'
// settings are each computed once (the baseline as it is and threat and
// pressure at 0.5 are shared).
func TestEffectSizesTable(t *testing.T) {
	sc, _ := baseline(t)
	for _, row := range study.EffectSizes {
		if len(row.Weights()) == 0 {
			t.Errorf("%s: no weights", row.Factor)
		}
		for _, k := range row.Weights() {
			if _, ok := model.LookupWeight(k); !ok {
				t.Errorf("%s: unknown weight %q", row.Factor, k)
			}
		}
		if !(row.Lo > 0 && row.Lo < row.Hi) {
			t.Errorf("%s: cited range %g–%g", row.Factor, row.Lo, row.Hi)
		}
		mu, s := row.LogNormal()
		if lo, hi := math.Exp(mu-1.6448536269514722*s), math.Exp(mu+1.6448536269514722*s); math.Abs(lo-row.Lo) > 1e-9 || math.Abs(hi-row.Hi) > 1e-9 {
			t.Errorf("%s: the log-normal's 90%% interval %g–%g is not the cited %g–%g", row.Factor, lo, hi, row.Lo, row.Hi)
		}
		for _, eds := range [][]study.Edit{row.EdOn, row.EdOff} {
			if _, err := study.ApplyEdits(sc, eds); err != nil {
				t.Errorf("%s: %v", row.Factor, err)
			}
		}
	}
	settings, on, off := study.Settings(study.EffectSizes)
	if len(settings) != 15 {
		t.Errorf("%d distinct settings for %d rows, want 15", len(settings), len(study.EffectSizes))
	}
	if on[0] != off[1] { // threat and pressure 0.5: row 0's on, row 1's off
		t.Errorf("the shared setting is not shared: on %v, off %v", on, off)
	}
	if study.EditsKey([]study.Edit{study.Pin("a", 1), study.Pin("b", 2)}) != study.EditsKey([]study.Edit{study.Pin("b", 2), study.Pin("a", 1)}) {
		t.Error("EditsKey depends on the edits' order")
	}
	if _, err := study.ApplyEdits(sc, []study.Edit{study.Pin("china.nonsense", 1)}); err == nil {
		t.Error("an edit of an unknown input is no error")
	}
}

// TestImpliedORs: the odds ratios are deterministic for a seed, and the
// edits do not change the scenario they were applied to.
func TestImpliedORs(t *testing.T) {
	sc, w := baseline(t)
	before := append([]model.Input(nil), sc.Inputs...)
	a, err := study.ImpliedORs(context.Background(), sc, &w, 2000, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, err := study.ImpliedORs(context.Background(), sc, &w, 2000, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with one seed differ")
	}
	if !reflect.DeepEqual(before, sc.Inputs) {
		t.Error("ImpliedORs changed the scenario's inputs")
	}
	for i, e := range a {
		if !(e.OR > 0) || !(e.SELog > 0) {
			t.Errorf("%s: OR %g, SE %g", study.EffectSizes[i].Factor, e.OR, e.SELog)
		}
	}
}
