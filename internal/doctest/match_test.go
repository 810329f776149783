package doctest

import (
	"fmt"
	"regexp"
	"strings"
)

// A documented output line that is "..." (after trimming) stands for any
// number of output lines, none included: the docs use it to shorten long
// outputs.
func isElision(l string) bool { return strings.TrimSpace(l) == "..." }

// A "..." inside a documented line stands for any text: "(valid keys here:
// shared_opposition, security, ...)".
var inlineCache = map[string]*regexp.Regexp{}

// same reports whether the actual line a matches the documented line w,
// both masked.
func same(w, a string) bool {
	if w == a {
		return true
	}
	if !strings.Contains(w, "...") {
		return false
	}
	re, ok := inlineCache[w]
	if !ok {
		parts := strings.Split(w, "...")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		re = regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
		inlineCache[w] = re
	}
	return re.MatchString(a)
}

type rule struct {
	re   *regexp.Regexp
	repl string
}

// rules mask what legitimately differs between the run the docs show and
// the run the test makes. Both sides are masked, so a documented line that
// says "0.16 s" matches a run that took 0.31 s.
var rules = []rule{
	// elapsed times: "· 0.16 s" in the table headers, elapsed_s in the JSON
	{regexp.MustCompile(`· (?:\d+(?:\.\d+)?|X) s\b`), "· <t> s"},
	{regexp.MustCompile(`"elapsed_s": ?[0-9.eE+-]+`), `"elapsed_s": <t>`},
	// versions: of alliancesim and Go (alliancesim version, manifests), and
	// of the libraries that alliancesim version lists
	{regexp.MustCompile(`alliancesim \S+ \(go[\w.-]*\)`), "alliancesim <version> (<go>)"},
	{regexp.MustCompile(`^(\s+\S+) v\d+\.\d+\.\d+\S*$`), "$1 <version>"},
	{regexp.MustCompile(`"(version|go_version|go)": ?"[^"]*"`), `"$1": "<version>"`},
	{regexp.MustCompile(`\bgo1\.\d+(\.\d+)?\b`), "<go>"},
}

// workerRules mask the number of workers when the command leaves it to the
// default, one per CPU of the machine.
var workerRules = []rule{
	{regexp.MustCompile(`"workers": ?\d+`), `"workers": <n>`},
	{regexp.MustCompile(`^\[\d+,`), "[<n>,"},
}

// normalizer returns the masking function for the output of cmd.
func normalizer(cmd string) func(string) string {
	rs := rules
	if !strings.Contains(cmd, "--workers") && !strings.Contains(cmd, "_WORKERS=") {
		rs = append(append([]rule{}, rules...), workerRules...)
	}
	return func(l string) string {
		l = strings.TrimRight(l, " \t")
		for _, r := range rs {
			l = r.re.ReplaceAllString(l, r.repl)
		}
		return l
	}
}

// matches reports whether the actual output matches the documented one,
// line by line after norm, with "..." lines matching any run of lines.
func matches(want, got []string, norm func(string) string) bool {
	w := mapLines(want, norm)
	g := mapLines(got, norm)
	// m[i][j]: want[i:] matches got[j:]
	m := make([][]bool, len(w)+1)
	for i := range m {
		m[i] = make([]bool, len(g)+1)
	}
	m[len(w)][len(g)] = true
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g); j >= 0; j-- {
			if isElision(want[i]) {
				m[i][j] = m[i+1][j] || (j < len(g) && m[i][j+1])
			} else {
				m[i][j] = j < len(g) && same(w[i], g[j]) && m[i+1][j+1]
			}
		}
	}
	return m[0][0]
}

func mapLines(ls []string, f func(string) string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = f(l)
	}
	return out
}

// step is one step of an alignment of documented against actual output.
type step struct {
	op   byte // '=' same, '~' changed, '-' only documented, '+' only actual, '*' elision
	w, g int  // index in want (for '=', '~', '-', '*'); in got (for '=', '~', '+')
	n    int  // for '*': how many actual lines the elision stands for
}

// align finds the cheapest alignment of want against got: a line that is
// the same after norm costs nothing, a changed line less than a removed
// plus an added one (the more alike, the less), and an elision stands for
// any actual lines at a tiny cost per line, so that it keeps standing for
// the lines it stood for rather than swallowing changed ones.
func align(want, got []string, norm func(string) string) []step {
	w := mapLines(want, norm)
	g := mapLines(got, norm)
	const eps = 1e-3
	nw, ng := len(w), len(g)
	cheapSim := nw*ng > 40000 // keep large outputs fast
	sub := func(i, j int) float64 {
		if same(w[i], g[j]) {
			return 0
		}
		if cheapSim {
			return 1
		}
		return 0.2 + 0.8*dissimilarity(w[i], g[j])
	}
	// c[i][j]: the cost of aligning want[i:] with got[j:]
	c := make([][]float64, nw+1)
	for i := range c {
		c[i] = make([]float64, ng+1)
	}
	for j := ng - 1; j >= 0; j-- {
		c[nw][j] = c[nw][j+1] + 1
	}
	for i := nw - 1; i >= 0; i-- {
		el := isElision(want[i])
		if el {
			c[i][ng] = c[i+1][ng]
		} else {
			c[i][ng] = c[i+1][ng] + 1
		}
		for j := ng - 1; j >= 0; j-- {
			if el {
				c[i][j] = min(c[i+1][j], c[i][j+1]+eps)
				continue
			}
			c[i][j] = min(c[i+1][j+1]+sub(i, j), c[i+1][j]+1, c[i][j+1]+1)
		}
	}
	var steps []step
	i, j := 0, 0
	for i < nw || j < ng {
		switch {
		case i < nw && isElision(want[i]):
			n := 0
			for j < ng && c[i][j] == c[i][j+1]+eps {
				j++
				n++
			}
			steps = append(steps, step{op: '*', w: i, n: n})
			i++
		case i == nw:
			steps = append(steps, step{op: '+', g: j})
			j++
		case j == ng:
			steps = append(steps, step{op: '-', w: i})
			i++
		case c[i][j] == c[i+1][j+1]+sub(i, j):
			op := byte('=')
			if !same(w[i], g[j]) {
				op = '~'
			}
			steps = append(steps, step{op: op, w: i, g: j})
			i++
			j++
		case c[i][j] == c[i+1][j]+1:
			steps = append(steps, step{op: '-', w: i})
			i++
		default:
			steps = append(steps, step{op: '+', g: j})
			j++
		}
	}
	return steps
}

// dissimilarity is 1 − 2·LCS/(len a + len b), over runes.
func dissimilarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra)+len(rb) == 0 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := range ra {
		for j := range rb {
			switch {
			case ra[i] == rb[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return 1 - 2*float64(prev[len(rb)])/float64(len(ra)+len(rb))
}

// updated is the documented output rewritten to match got: lines that match
// keep their documented text (a documented time stays as it was), changed
// and new lines take the actual text, and elisions stay where they stand.
func updated(want, got []string, norm func(string) string) []string {
	var out []string
	for _, s := range align(want, got, norm) {
		switch s.op {
		case '=', '*':
			out = append(out, want[s.w])
		case '~', '+':
			out = append(out, strings.TrimRight(got[s.g], " \t"))
		}
	}
	return out
}

// diff shows the alignment: "-" documented only, "+" actual only.
func diff(want, got []string, norm func(string) string) string {
	var b strings.Builder
	for _, s := range align(want, got, norm) {
		switch s.op {
		case '=':
			fmt.Fprintf(&b, "   %s\n", want[s.w])
		case '*':
			fmt.Fprintf(&b, "   %s   (%d lines)\n", want[s.w], s.n)
		case '~':
			fmt.Fprintf(&b, " - %s\n + %s\n", want[s.w], got[s.g])
		case '-':
			fmt.Fprintf(&b, " - %s\n", want[s.w])
		case '+':
			fmt.Fprintf(&b, " + %s\n", got[s.g])
		}
	}
	return b.String()
}
