package format

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Exact writes x in the fewest digits that read back as the same float64:
// 0.3 → "0.3", 1e-06 → "1e-06", +Inf → "+Inf".
func Exact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Grid writes a swept value as the sweep's table shows it: to four
// decimals, so that a grid from 0.3 to 0.9 in 7 steps, which holds
// 0.49999999999999994, shows 0.5; and below 0.001 to four significant
// digits, so that a grid of small probabilities (1e-05 to 1e-04) does not
// show 0, 0, 0.0001, 0.0001.
func Grid(x float64) string {
	if x != 0 && math.Abs(x) < 1e-3 {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'g', -1, 64)
}

// Thousands renders n in decimal with a comma between each group of three
// digits: 100000 → "100,000", -1234 → "-1,234". A negative number keeps
// its sign in front of the first group.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	b := make([]byte, 0, len(sign)+len(s)+(len(s)-1)/3)
	b = append(b, sign...)
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}

// Percent renders a probability as a percentage, rounded to nearest, with
// one decimal, or two below 1% so that a small probability does not read
// as zero: 0.105 → "10.5%", 0.0052 → "0.52%". A true zero is "0%",
// anything above zero but below 0.01% is "<0.01%", and a value that is
// not a finite number (a probability from no runs) is "–".
func Percent(p float64) string {
	switch {
	case math.IsNaN(p) || math.IsInf(p, 0):
		return "–"
	case p == 0:
		return "0%"
	case p > 0 && p < 0.0001:
		return "<0.01%"
	case p > 0 && p < 0.01:
		return strconv.FormatFloat(100*p, 'f', 2, 64) + "%"
	}
	return strconv.FormatFloat(100*p, 'f', 1, 64) + "%"
}

// Interval renders a 95% interval of a probability, each bound as Percent
// prints it and the unit once: (0.103, 0.107) → "10.3–10.7%". An interval
// with a bound that is not a finite number is "–".
func Interval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsNaN(hi) || math.IsInf(hi, 0) {
		return "–"
	}
	return strings.TrimSuffix(Percent(lo), "%") + "–" + Percent(hi)
}

// Plural picks the singular form for n = 1 and the plural otherwise:
// Plural(1, "case", "cases") → "case". Every table and note that counts
// something words it this way.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// JoinAnd lists items for prose: "a, b and c", "a and b", "a"; no items
// give "". The signposts' and PRIM's sentences join their conditions so.
func JoinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Capitalise upper-cases the first letter of s, a whole rune, so that a
// label that starts a line or a chart note reads as a sentence: "the
// model" → "The model", "état" → "État". A string that starts with
// anything but a lower-case letter is returned as it is.
func Capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
