package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/results/schemas"
)

// TestEraErrors checks the era command's bad input: a missing file, a bad
// row (its line and field), a start year outside the record, a file that
// does not cover the eras (a FIFO: TestEraFIFO).
func TestEraErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.csv", "year,at_risk,bilateral,multilateral,pairs,judgement,source,verified,note\n1946,100,2,0,2-200,,s,yes,\n")
	var rows strings.Builder
	rows.WriteString("year,at_risk,bilateral,multilateral,pairs,judgement,source,verified,note\n")
	for y := 2000; y <= 2020; y++ {
		fmt.Fprintf(&rows, "%d,1300,0,,,,s,yes,\n", y)
	}
	short := writeFile(t, dir, "short.csv", rows.String())
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"era", "--onsets", filepath.Join(dir, "none.csv")}, exitInvalid, "none.csv"},
		{[]string{"era", "--onsets", bad}, exitInvalid, "bad.csv:2: pairs: 1 pairs named for a count of 2"},
		{[]string{"era", "--start", "1900"}, exitUsage, "--start 1900: use a year from 2017 to 2027 (before 2017 the driver is by date"},
		{[]string{"era", "--start", "2028"}, exitUsage, "--start 2028: use a year from 2017 to 2027"},
		{[]string{"era", "--onsets", short}, exitInvalid, "short.csv holds the years 2000–2020, not 1946–1991\n  hint: the file must cover the two eras"},
		{[]string{"era", "extra"}, exitUsage, "extra"},
		{[]string{"era", "--start", "0"}, exitUsage, "--start 0: give a year"},
		{[]string{"era", "--onsets", ""}, exitUsage, "--onsets is empty"},
	} {
		r := cli(t, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s", c.args, r.code, c.code, c.want, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("era wrote a folder")
	}
}

// TestEraJSON checks era --json: its schema (the version and the
// published JSON Schema), the window of the bundled
// record for 2027, and the scenario line the table prints too.
func TestEraJSON(t *testing.T) {
	t.Parallel()
	r := mustCLI(t, "era", "--json")
	if err := schemas.NewValidator(filepath.Join("..", "..")).Validate("era.json", []byte(r.stdout)); err != nil {
		t.Error(err)
	}
	j, err := results.ReadEra([]byte(r.stdout))
	if err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if j.Start != 2027 || j.Window.From != 2017 || j.Window.To != 2026 || j.Window.Onsets != 2 ||
		!(j.Window.P > 0.999) || j.Window.Even != 7 || j.OtherReading == nil || j.OtherReading.Extra != 4 || len(j.EraWindows) != 4 {
		t.Errorf("era --json: %+v", j)
	}
	if table := mustCLI(t, "era").stdout; !strings.Contains(table, j.Line) {
		t.Errorf("the JSON's line %q is not the table's", j.Line)
	}
}
