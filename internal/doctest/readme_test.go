package doctest

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReadmeReading checks that the README's "How to read it" paragraph
// quotes the headline figures of the `make run` output printed above it:
// TestDocs keeps that output current, but prose is not run, and a paragraph
// that still said "one run in seven" after the model had moved to 1.6% once
// told readers the opposite of what the tool printed.
func TestReadmeReading(t *testing.T) {
	t.Parallel()
	d, err := loadDocument(repoRoot(t), "README.md")
	if err != nil {
		t.Fatal(err)
	}
	out, err := d.blockAfter("`make run` prints", 0)
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(d.lines, "\n")
	j := strings.Index(readme, "How to read it:")
	if j < 0 {
		t.Fatal("README.md: no \"How to read it:\" paragraph")
	}
	para := readme[j:]
	if k := strings.Index(para, "\n\n"); k >= 0 {
		para = para[:k]
	}
	para = strings.Join(strings.Fields(para), " ")
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`P\(defence alliance [^)]*\): ([0-9.]+%)`),
		regexp.MustCompile(`Formed and still in force at end [0-9]+: ([0-9.]+%)`),
	} {
		m := re.FindStringSubmatch(out)
		if m == nil {
			t.Errorf("README.md: the make run output has no line matching %s", re)
			continue
		}
		if !strings.Contains(para, " "+m[1]) {
			t.Errorf("README.md: \"How to read it\" does not quote %s, the output's figure for %q:\n%s", m[1], re, para)
		}
	}
	// Each "one in N" says the percentage before it in words: N within a
	// quarter of 100/percent (one in sixty for 1.6%, where 1/0.016 = 62.5).
	oneIn := regexp.MustCompile(`([0-9.]+)%[^%]*?one (?:run )?in ([a-z -]+?)\s*[(),.;]`)
	found := oneIn.FindAllStringSubmatch(para, -1)
	if len(found) != 2 {
		t.Errorf("README.md: \"How to read it\" gives %d \"one in N\" after a percentage, want one for each of the two figures", len(found))
	}
	for _, m := range found {
		pct, err := strconv.ParseFloat(m[1], 64)
		n, ok := numberWords(m[2])
		if err != nil || !ok || pct <= 0 {
			t.Errorf("README.md: cannot read %q as a percentage and a number", m[0])
			continue
		}
		if want := 100 / pct; math.Abs(float64(n)-want) > 0.25*want {
			t.Errorf("README.md: %s%% is one in %.0f, not one in %d (%q)", m[1], want, n, m[2])
		}
	}
}

// numberWords reads an English number in words ("sixty", "three hundred",
// "twenty-five", "a thousand"), as the README writes them.
func numberWords(s string) (int, bool) {
	small := map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
		"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
		"eighty": 80, "ninety": 90}
	total, cur := 0, 0
	words := strings.Fields(strings.ReplaceAll(s, "-", " "))
	for _, w := range words {
		switch w {
		case "hundred":
			cur = max(cur, 1) * 100
		case "thousand":
			total += max(cur, 1) * 1000
			cur = 0
		default:
			v, ok := small[w]
			if !ok {
				return 0, false
			}
			cur += v
		}
	}
	return total + cur, len(words) > 0
}
