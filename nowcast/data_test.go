package nowcast

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

const head = "year,indicator,value,unit,source,verified,note\n"

func TestReadFixture(t *testing.T) {
	t.Parallel()
	rec, err := ReadFile("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if rec.First != 1972 || rec.Last != 2025 {
		t.Errorf("years %d-%d, want 1972-2025", rec.First, rec.Last)
	}
	// The seed article: four joint vetoes between February 2019 and July
	// 2020 (the fixture puts three in 2019 and two in 2020).
	if got := rec.At(2019)[IndicatorIndex("unsc_joint_veto")]; got != 3 {
		t.Errorf("2019 joint vetoes %v, want 3", got)
	}
	if got := rec.At(1975)[IndicatorIndex("statement_code")]; !math.IsNaN(got) {
		t.Errorf("an empty value reads as %v, want NaN", got)
	}
	if got := rec.Verified[0][0]; got != "approx" {
		t.Errorf("verified %q", got)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the error
	}{
		{"missing column", "year,indicator,value,unit,source,note\n2019,joint_exercises,4,,,\n", []string{"f.csv:1:", "missing column(s): verified"}},
		{"unknown indicator", head + "2019,joint_excercises,4,count,x,yes,\n", []string{"f.csv:2: indicator:", `unknown indicator "joint_excercises"`, "hint: known indicators: unsc_joint_veto"}},
		{"bad number", head + "2019,joint_exercises,four,count,x,yes,\n", []string{"f.csv:2: value:", `"four" is not a number`}},
		{"fractional count", head + "2019,joint_exercises,2.5,count,x,yes,\n", []string{"f.csv:2: value:", "not a whole number"}},
		{"share above 1", head + "2019,unga_agreement,1.2,share,x,yes,\n", []string{"outside 0 to 1"}},
		{"code out of range", head + "2019,statement_code,5,code,x,yes,\n", []string{"from 0 to 4"}},
		{"duplicate", head + "2019,joint_exercises,4,count,x,yes,\n2018,joint_exercises,3,count,x,yes,\n2019,joint_exercises,5,count,x,no,\n", []string{"f.csv:4: indicator:", "appears twice (first on line 2)"}},
		{"bad verified", head + "2019,joint_exercises,4,count,x,maybe,\n", []string{"f.csv:2: verified:", `"maybe" is not yes, approx or no`}},
		{"bad year", head + "20x9,joint_exercises,4,count,x,yes,\n", []string{"f.csv:2: year:"}},
		{"field count", head + "2019,joint_exercises,4\n", []string{"f.csv:2:", "3 fields, want 7"}},
		{"not UTF-8", head + "2019,joint_exercises,4,count,\xff\xfe,yes,\n", []string{"f.csv:2:", "not valid UTF-8"}},
		{"empty", "", []string{"the file is empty"}},
		{"no rows", head, []string{"no rows"}},
	} {
		_, err := Read("f.csv", strings.NewReader(tc.src))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", tc.name, err, w)
			}
		}
	}
	big := bytes.Repeat([]byte("x"), MaxFileSize+1)
	if _, err := Read("big.csv", bytes.NewReader(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversized file: %v", err)
	}
}

func TestReadEmptyValueAndBOM(t *testing.T) {
	t.Parallel()
	rec, err := Read("f.csv", strings.NewReader("\ufeff"+head+"2019,joint_exercises,,count,x,no,unknown\n2021,joint_patrols,2,count,x,yes,\"a, b\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rec.First != 2019 || rec.Last != 2021 || !math.IsNaN(rec.At(2019)[IndicatorIndex("joint_exercises")]) || rec.At(2021)[IndicatorIndex("joint_patrols")] != 2 {
		t.Errorf("record %+v", rec)
	}
	if rec.At(2020) == nil || !math.IsNaN(rec.At(2020)[0]) {
		t.Errorf("a year without rows is not all unknown")
	}
}
