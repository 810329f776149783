package format

import (
	"fmt"
	"math"
	"testing"
)

func TestThousands(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{-7, "-7"},
		{99, "99"},
		{-123, "-123"},
		{999, "999"},
		{-999, "-999"},
		{1000, "1,000"},
		{-1000, "-1,000"},
		{1234, "1,234"},
		{-1234, "-1,234"},
		{100000, "100,000"},
		{-100000, "-100,000"},
		{999999, "999,999"},
		{1000000, "1,000,000"},
		{1234567, "1,234,567"},
		{-1234567, "-1,234,567"},
		{1234567890123, "1,234,567,890,123"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	} {
		if got := Thousands(tc.n); got != tc.want {
			t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func ExampleThousands() {
	fmt.Println(Thousands(100000))
	fmt.Println(Thousands(-1234))
	// Output:
	// 100,000
	// -1,234
}

// TestPercentInterval checks the rule every table, chart and report
// prints a probability and its 95% interval by.
func TestPercentInterval(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Percent(0), "0%"},
		{Percent(1), "100.0%"},
		{Percent(0.105), "10.5%"},
		{Percent(0.1049), "10.5%"},
		{Percent(0.01), "1.0%"},
		{Percent(0.00999), "1.00%"},
		{Percent(0.0052), "0.52%"},
		{Percent(0.0001), "0.01%"},
		{Percent(0.00009), "<0.01%"},
		{Percent(1e-12), "<0.01%"},
		{Percent(-0.25), "-25.0%"},
		{Percent(math.NaN()), "–"},
		{Percent(math.Inf(1)), "–"},
		{Percent(math.Inf(-1)), "–"},
		{Interval(0.103, 0.107), "10.3–10.7%"},
		{Interval(0.0052, 0.0124), "0.52–1.2%"},
		{Interval(0, 0.00005), "0–<0.01%"},
		{Interval(0.999, 1), "99.9–100.0%"},
		{Interval(math.NaN(), 0.5), "–"},
		{Interval(0.5, math.Inf(1)), "–"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	// Above 0.01%, the rule the tables and charts printed by with fmt
	// before it lived here: %.1f, or %.2f below 1%.
	for _, p := range []float64{0.00015, 0.00449, 0.005, 0.00995, 0.0125, 0.33912, 0.34549, 0.34551, 0.9995, 1} {
		want := fmt.Sprintf("%.1f%%", 100*p)
		if p < 0.01 {
			want = fmt.Sprintf("%.2f%%", 100*p)
		}
		if got := Percent(p); got != want {
			t.Errorf("Percent(%v) = %q, want %q", p, got, want)
		}
	}
}

func ExampleInterval() {
	fmt.Println(Percent(0.105), Interval(0.103, 0.107))
	fmt.Println(Percent(0.0052), Interval(0.0041, 0.0063))
	// Output:
	// 10.5% 10.3–10.7%
	// 0.52% 0.41–0.63%
}

// TestJoinAnd: the prose list of none, one, two and three items.
func TestJoinAnd(t *testing.T) {
	for _, c := range []struct {
		items []string
		want  string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a and b"}, {[]string{"a", "b", "c"}, "a, b and c"}} {
		if got := JoinAnd(c.items); got != c.want {
			t.Errorf("JoinAnd(%q) = %q, want %q", c.items, got, c.want)
		}
	}
}

func TestPluralCapitalise(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "cases"}, {1, "case"}, {2, "cases"}, {-1, "cases"}} {
		if got := Plural(c.n, "case", "cases"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"": "", "the model": "The model", "The model": "The model", "état": "État",
		"–2 pp": "–2 pp", "1 case": "1 case", "\xffx": "\xffx", "φ": "Φ",
	} {
		if got := Capitalise(in); got != want {
			t.Errorf("Capitalise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExact: Exact writes the shortest text that reads back as the same
// float64.
func TestExact(t *testing.T) {
	t.Parallel()
	for x, want := range map[float64]string{0.3: "0.3", 1e-06: "1e-06", 2: "2", -1.25: "-1.25", math.Inf(1): "+Inf"} {
		if got := Exact(x); got != want {
			t.Errorf("Exact(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestGrid(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0.49999999999999994, "0.5"}, {0.3, "0.3"}, {0, "0"}, {1, "1"}, {6.5, "6.5"},
		{0.33333333333, "0.3333"}, {0.00325, "0.0033"}, {-0.25, "-0.25"},
		{1e-05, "1e-05"}, {4.0000000000000003e-05, "4e-05"}, {7e-05, "7e-05"}, {0.0001, "0.0001"},
		{0.00012345678, "0.0001235"}, {-2e-06, "-2e-06"}, {12.34567, "12.3457"},
	} {
		if got := Grid(c.x); got != c.want {
			t.Errorf("Grid(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}
