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
